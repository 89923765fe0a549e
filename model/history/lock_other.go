//go:build !unix && !windows

package history

import "os"

// Systems with no file locks Portolan knows (wasm, plan9) record alone.
func lockFile(*os.File) error   { return nil }
func unlockFile(*os.File) error { return nil }
