//go:build !windows

package listen

import (
	"errors"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// startSleep starts a real child process that would run for a minute.
func startSleep(t *testing.T) *exec.Cmd {
	t.Helper()
	cmd := exec.Command("sleep", "60")
	if err := cmd.Start(); err != nil {
		t.Skipf("cannot start sleep: %v", err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	return cmd
}

// Issue 12, item 9: the kill dialog's process is captured with its start
// time, so a signal reaches it or nothing: not a process that got its PID
// later, not one that has ended.
func TestProcessSignalsOnlyTheCapturedProcess(t *testing.T) {
	t.Parallel()
	first := startSleep(t)
	p, err := CaptureProcess(int32(first.Process.Pid))
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Check(); err != nil {
		t.Fatalf("a running process: %v", err)
	}
	if p.WaitEnded(30 * time.Millisecond) {
		t.Fatal("a running process counted as ended")
	}
	if err := p.Signal(syscall.SIGTERM); err != nil {
		t.Fatalf("SIGTERM: %v", err)
	}
	if !p.WaitEnded(10 * time.Second) {
		t.Fatal("sleep did not end after SIGTERM")
	}
	// Ended (a zombie until reaped, then gone): nothing more is sent.
	for _, stage := range []string{"zombie", "reaped"} {
		err := p.Signal(syscall.SIGKILL)
		var pe *ProcessError
		if !errors.Is(err, os.ErrProcessDone) || !errors.As(err, &pe) || pe.Error() != "process "+itoa(p.PID)+" has ended" {
			t.Errorf("%s: SIGKILL after the end = %v, want \"has ended\"", stage, err)
		}
		if stage == "zombie" {
			first.Wait()
		}
	}

	// Another process: a handle whose start time is not its own (as when
	// the captured process ended and the PID passed to this one) signals
	// nothing.
	second := startSleep(t)
	stale := &Process{PID: int32(second.Process.Pid), start: p.start}
	if err := stale.Signal(syscall.SIGKILL); !errors.Is(err, ErrProcessReplaced) ||
		!strings.Contains(err.Error(), "has ended, and its PID now belongs to another process") {
		t.Errorf("signal through a stale handle = %v, want ErrProcessReplaced", err)
	}
	if !stale.WaitEnded(0) {
		t.Error("a replaced process should count as ended")
	}
	now, err := CaptureProcess(int32(second.Process.Pid))
	if err != nil || now.Check() != nil {
		t.Fatalf("the second process was harmed: %v", err)
	}
	if err := now.Signal(syscall.SIGKILL); err != nil {
		t.Errorf("SIGKILL to the second process: %v", err)
	}
	if !now.WaitEnded(10 * time.Second) {
		t.Error("the second sleep did not end")
	}
}

func TestProcessRefusesProtectedAndGone(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		pid  int32
		want string
	}{
		{1, "PID 1 is the system's first process (init): ending it ends the system"},
		{int32(os.Getpid()), "PID " + itoa(int32(os.Getpid())) + " is Portolan itself"},
		{0, "no single process has PID 0"},
		{-1, "no single process has PID -1"},
	} {
		p, err := CaptureProcess(c.pid)
		if p != nil || !errors.Is(err, ErrProtectedProcess) || err.Error() != c.want {
			t.Errorf("CaptureProcess(%d) = %v, %v; want %q", c.pid, p, err, c.want)
		}
		// A handle made by hand is refused as well; signal 0 harms
		// nothing should the refusal fail.
		if err := (&Process{PID: c.pid}).Signal(0); !errors.Is(err, ErrProtectedProcess) {
			t.Errorf("Signal to PID %d = %v", c.pid, err)
		}
	}
	ended := exec.Command("true")
	if err := ended.Run(); err != nil {
		t.Skipf("cannot run true: %v", err)
	}
	if _, err := CaptureProcess(int32(ended.Process.Pid)); !errors.Is(err, os.ErrProcessDone) {
		t.Errorf("capturing a process that has ended: %v", err)
	}
}

func itoa(n int32) string { return strconv.Itoa(int(n)) }
