//go:build !unix

package identity

import "os"

// readFile is os.ReadFile here.
func readFile(path string) ([]byte, error) { return os.ReadFile(path) }
