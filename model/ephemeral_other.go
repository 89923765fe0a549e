//go:build !linux && !darwin && !windows

package model

// Other systems (the BSDs) default to the IANA Dynamic range.
func localEphemeralRange() EphemeralRange {
	r, _ := DefaultEphemeralRange("")
	return r
}
