package model

// overlayCandidates: the distributions' own places, then /usr/local for
// builds from source.
func overlayCandidates() []OverlayCandidate {
	return []OverlayCandidate{
		{OverlayServices, "/etc/services", "/etc/services"},
		{OverlayIANAEtc, "iana-etc", "/usr/share/iana-etc/port-numbers.iana"},
		{OverlayWireshark, "Wireshark", "/usr/share/wireshark/services"},
		{OverlayWireshark, "Wireshark", "/usr/local/share/wireshark/services"},
		{OverlayNmap, "nmap", "/usr/share/nmap/nmap-services"},
		{OverlayNmap, "nmap", "/usr/local/share/nmap/nmap-services"},
	}
}
