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

// DefaultEphemeralRange is the range a system uses unless its
// administrator changed it, by the platform names osquery gives
// ("linux", "darwin", "windows", "freebsd"); ok is false for another or an
// unknown one. Judging another machine's listeners needs its range, not
// this one's.
func DefaultEphemeralRange(platform string) (r EphemeralRange, ok bool) {
	switch platform {
	case "linux":
		return EphemeralRange{Low: 32768, High: 60999, Source: "Linux default"}, true
	case "darwin":
		return EphemeralRange{Low: 49152, High: 65535, Source: "macOS default"}, true
	case "windows":
		return EphemeralRange{Low: 49152, High: 65535, Source: "Windows default (netsh int ipv4 show dynamicport tcp)"}, true
	case "freebsd":
		return EphemeralRange{Low: 10000, High: 65535, Source: "FreeBSD default (net.inet.ip.portrange)"}, true
	}
	return EphemeralRange{Low: 49152, High: 65535, Source: "IANA Dynamic range (default)"}, false
}
