//go:build windows

package listeners

import (
	"os"
	"syscall"
)

// askFirst: Windows has no SIGTERM to send another program; ending a
// process terminates it at once.
const askFirst = false

// osKill terminates the process whatever the signal, except signal 0,
// which only checks that the process can be opened.
func osKill(pid int32, sig syscall.Signal) error {
	p, err := os.FindProcess(int(pid))
	if err != nil {
		return err
	}
	defer p.Release()
	if sig == 0 {
		return nil
	}
	return p.Kill()
}
