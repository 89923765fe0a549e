package model

// Windows Vista and later use the IANA Dynamic range 49152-65535 unless an
// administrator changed it ("netsh int ipv4 show dynamicport tcp"); reading
// that needs netsh output parsing in the user's language, so the documented
// default is used.
func localEphemeralRange() EphemeralRange {
	r, _ := DefaultEphemeralRange("windows")
	return r
}
