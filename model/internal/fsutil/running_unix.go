//go:build !windows

package fsutil

import (
	"errors"
	"syscall"
)

// processRunning: signal 0 checks that the PID exists without sending
// anything (EPERM: it exists, under another user).
func processRunning(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
