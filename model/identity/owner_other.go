//go:build !unix

package identity

import "os"

// fileOwner is unknown here: Windows files have security descriptors, not
// user ids.
func fileOwner(os.FileInfo) (uint32, bool) { return 0, false }
