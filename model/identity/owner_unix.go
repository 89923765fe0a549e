//go:build unix

package identity

import (
	"os"
	"syscall"
)

// fileOwner is the user id owning a file.
func fileOwner(fi os.FileInfo) (uint32, bool) {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return st.Uid, true
	}
	return 0, false
}
