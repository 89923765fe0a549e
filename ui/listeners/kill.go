package listeners

import (
	"errors"
	"fmt"
	"os"
	"syscall"

	"github.com/portolan/portolan/model/listen"
)

// Killer sends a process a signal. The default, defaultKiller, asks the
// OS; tests pass a fake. On Windows only SIGKILL is sent (the process is
// terminated at once): there is no SIGTERM to ask first.
type Killer func(pid int32, sig syscall.Signal) error

// defaultKiller signals a process through the OS (os.FindProcess, then
// Signal; on Windows, Kill). PIDs of 0 and below are refused: on Unix
// they would signal whole process groups.
func defaultKiller(pid int32, sig syscall.Signal) error {
	if pid <= 0 {
		return fmt.Errorf("no process has PID %d", pid)
	}
	return osKill(pid, sig)
}

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
	case errors.Is(err, os.ErrPermission):
		return fmt.Sprintf("Portolan is not allowed to end %s: it belongs to another user or to the system. "+
			"Run Portolan elevated (sudo, or as administrator) to end it.", who)
	case errors.Is(err, os.ErrProcessDone), errors.Is(err, syscall.ESRCH):
		return fmt.Sprintf("%s has already ended.", who)
	}
	return fmt.Sprintf("Could not send %s to %s: %v.", signalName(sig), who, err)
}
