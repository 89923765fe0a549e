//go:build !linux

package listen

// NewSystemSource lists this machine's listeners through gopsutil, with
// process details cached by PID and start time.
func NewSystemSource() SocketSource { return NewGopsutilSource() }
