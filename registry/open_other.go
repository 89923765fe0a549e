//go:build !unix

package registry

import "os"

// openNoWait opens a file for reading; only Unix opens of named pipes wait.
func openNoWait(path string) (*os.File, error) { return os.Open(path) }
