package listeners

import (
	"errors"
	"fmt"
	"os"
	"syscall"
	"time"

	"github.com/portolan/portolan/model/listen"
)

// Target is the process a kill dialog ends: captured when the dialog
// opens, checked again before each signal (a listen.Process).
type Target interface {
	Signal(sig syscall.Signal) error
	WaitEnded(d time.Duration) bool
}

// Killer captures the process with a PID when the kill dialog opens. The
// default, defaultKiller, is listen.CaptureProcess; tests pass a fake. On
// Windows only SIGKILL is sent (the process is terminated at once): there
// is no SIGTERM to ask first.
type Killer func(pid int32) (Target, error)

// defaultKiller captures the process through the OS. It refuses PID 1,
// Portolan itself and PIDs of 0 and below (process groups on Unix).
func defaultKiller(pid int32) (Target, error) {
	p, err := listen.CaptureProcess(pid)
	if err != nil {
		return nil, err
	}
	return p, nil
}

// termGrace is how long the dialog waits for a process to end after
// SIGTERM before it offers SIGKILL: long enough for a program that stops
// at once, short enough not to be felt.
const termGrace = 300 * time.Millisecond

func signalName(sig syscall.Signal) string {
	switch sig {
	case syscall.SIGTERM:
		return "SIGTERM"
	case syscall.SIGKILL:
		return "SIGKILL"
	}
	return fmt.Sprintf("signal %d", int(sig))
}

// processName is how dialogs name a listener's process.
func processName(l *listen.Listener) string {
	if l.Process != "" {
		return l.Process
	}
	return "the process"
}

// killErrorText says in words why a process could not be signalled.
func killErrorText(l *listen.Listener, sig syscall.Signal, err error) string {
	who := fmt.Sprintf("%s (PID %d)", processName(l), l.PID)
	switch {
	case errors.Is(err, listen.ErrProtectedProcess):
		return fmt.Sprintf("Portolan does not end %s: %v.", who, err)
	case errors.Is(err, listen.ErrProcessReplaced):
		return fmt.Sprintf("%s has already ended; its PID now belongs to another process, which was left alone.", who)
	case errors.Is(err, os.ErrPermission):
		return fmt.Sprintf("Portolan is not allowed to end %s: it belongs to another user or to the system. "+
			"Run Portolan elevated (sudo, or as administrator) to end it.", who)
	case errors.Is(err, os.ErrProcessDone), errors.Is(err, syscall.ESRCH):
		return fmt.Sprintf("%s has already ended.", who)
	}
	return fmt.Sprintf("Could not send %s to %s: %v.", signalName(sig), who, err)
}
