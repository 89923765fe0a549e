//go:build unix

package registry

import (
	"os"
	"syscall"
)

// openNoWait opens a file for reading without waiting: opening a named
// pipe otherwise blocks until something opens it for writing, which may be
// never. On a regular file the flag changes nothing.
func openNoWait(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}
