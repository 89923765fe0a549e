//go:build !windows

package listeners

import (
	"os"
	"syscall"
)

// askFirst: SIGTERM asks the process to end; SIGKILL is offered next.
const askFirst = true

func osKill(pid int32, sig syscall.Signal) error {
	p, err := os.FindProcess(int(pid))
	if err != nil {
		return err
	}
	defer p.Release()
	return p.Signal(sig)
}
