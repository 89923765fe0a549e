package listen

import (
	"errors"
	"fmt"
	"os"
	"syscall"
	"time"
)

// Process is one process, named by its PID and its start time: a signal
// sent through it reaches the process the user chose, or nothing, never a
// later process given the same PID. The kill dialog captures it when it
// opens and signals through it.
type Process struct {
	PID int32
	// start is when the process started, as the OS tells it: clock ticks
	// after boot on Linux (/proc/PID/stat), milliseconds after 1970
	// elsewhere (gopsutil).
	start uint64
}

// Why a process is not signalled; errors.Is matches them in a
// *ProcessError.
var (
	// ErrProtectedProcess: PID 1 (init, whose end is the system's),
	// Portolan itself, or not a single process (0 and below name process
	// groups on Unix).
	ErrProtectedProcess = errors.New("protected process")
	// ErrProcessReplaced: the process ended and its PID now belongs to
	// another.
	ErrProcessReplaced = errors.New("the PID belongs to another process now")
)

// ProcessError says in words why a process was not signalled; it wraps
// ErrProtectedProcess, ErrProcessReplaced or os.ErrProcessDone (ended).
type ProcessError struct {
	PID int32
	Err error
	Why string
}

func (e *ProcessError) Error() string { return e.Why }
func (e *ProcessError) Unwrap() error { return e.Err }

// CaptureProcess names the process that runs as pid now. It refuses PID 1,
// Portolan's own PID, and PIDs of 0 and below.
func CaptureProcess(pid int32) (*Process, error) {
	if err := protectedPID(pid); err != nil {
		return nil, err
	}
	start, err := processStart(pid)
	if err != nil {
		return nil, err
	}
	return &Process{PID: pid, start: start}, nil
}

func protectedPID(pid int32) error {
	switch {
	case pid <= 0:
		return &ProcessError{pid, ErrProtectedProcess, fmt.Sprintf("no single process has PID %d", pid)}
	case pid == 1:
		return &ProcessError{pid, ErrProtectedProcess, "PID 1 is the system's first process (init): ending it ends the system"}
	case int(pid) == os.Getpid():
		return &ProcessError{pid, ErrProtectedProcess, fmt.Sprintf("PID %d is Portolan itself", pid)}
	}
	return nil
}

// Check tells whether the captured process still runs: nil, or a
// *ProcessError saying that it ended (a zombie, ended but not yet reaped,
// has ended) or that its PID now names another process.
func (p *Process) Check() error {
	start, err := processStart(p.PID)
	switch {
	case err != nil:
		return err
	case start != p.start:
		return &ProcessError{p.PID, ErrProcessReplaced, fmt.Sprintf("process %d has ended, and its PID now belongs to another process", p.PID)}
	}
	return nil
}

// Signal sends sig to the captured process if it still runs, else says why
// not (nothing is sent). The process is opened before it is checked, and
// signalled through that handle (a pidfd on Linux, a process handle on
// Windows), so its PID cannot pass to another process in between.
func (p *Process) Signal(sig syscall.Signal) error {
	if err := protectedPID(p.PID); err != nil {
		return err
	}
	proc, err := os.FindProcess(int(p.PID))
	if err != nil {
		if cerr := p.Check(); cerr != nil {
			return cerr
		}
		return err
	}
	defer proc.Release()
	if err := p.Check(); err != nil {
		return err
	}
	if err := proc.Signal(sig); err != nil {
		if errors.Is(err, os.ErrProcessDone) || errors.Is(err, syscall.ESRCH) {
			return processEnded(p.PID, err)
		}
		return err
	}
	return nil
}

// WaitEnded waits up to d for the process to end, and tells whether it
// did (a process that cannot be checked counts as running).
func (p *Process) WaitEnded(d time.Duration) bool {
	deadline := time.Now().Add(d)
	for {
		if err := p.Check(); errors.Is(err, os.ErrProcessDone) || errors.Is(err, ErrProcessReplaced) {
			return true
		}
		if !time.Now().Before(deadline) {
			return false
		}
		time.Sleep(min(20*time.Millisecond, time.Until(deadline)+time.Millisecond))
	}
}

// processEnded is the error for a process that has ended; cause is kept
// only when it adds to the news.
func processEnded(pid int32, cause error) error {
	err := os.ErrProcessDone
	if cause != nil && !errors.Is(cause, os.ErrProcessDone) && !processGone(cause) {
		err = fmt.Errorf("%w (%v)", os.ErrProcessDone, cause)
	}
	return &ProcessError{pid, err, fmt.Sprintf("process %d has ended", pid)}
}
