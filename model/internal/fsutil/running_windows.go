//go:build windows

package fsutil

// processRunning cannot be told cheaply here; a temporary file is then
// removed by its age alone.
func processRunning(pid int) bool { return true }
