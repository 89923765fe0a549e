package model

import "fmt"

// EphemeralRange is the range the OS picks outgoing (ephemeral) ports from.
type EphemeralRange struct {
	Low, High uint16
	// Source says where the range came from: a file, a command, or the
	// OS's documented default.
	Source string
	// Err is why the system setting could not be read (the range is then
	// the documented default).
	Err error
}

// Contains reports whether port is in the range.
func (e EphemeralRange) Contains(port uint16) bool {
	return e.High > 0 && e.Low <= port && port <= e.High
}

func (e EphemeralRange) String() string {
	return fmt.Sprintf("%d-%d (%s)", e.Low, e.High, e.Source)
}

// LocalEphemeralRange reads this machine's ephemeral port range; each OS has
// its own file (ephemeral_linux.go, ephemeral_darwin.go, ...).
func LocalEphemeralRange() EphemeralRange { return localEphemeralRange() }
