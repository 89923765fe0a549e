//go:build !linux && !darwin && !windows

package model

// Other systems (the BSDs) default to the IANA Dynamic range.
func localEphemeralRange() EphemeralRange {
	return EphemeralRange{Low: 49152, High: 65535, Source: "IANA Dynamic range (default)"}
}
