package model

// overlayCandidates: the system's services file, Wireshark's app bundle and
// Homebrew, nmap's own installer (/usr/local), Homebrew on Apple silicon and
// MacPorts.
func overlayCandidates() []OverlayCandidate {
	return []OverlayCandidate{
		{OverlayServices, "/etc/services", "/etc/services"},
		{OverlayWireshark, "Wireshark", "/Applications/Wireshark.app/Contents/Resources/share/wireshark/services"},
		{OverlayWireshark, "Wireshark", "/opt/homebrew/share/wireshark/services"},
		{OverlayWireshark, "Wireshark", "/usr/local/share/wireshark/services"},
		{OverlayNmap, "nmap", "/usr/local/share/nmap/nmap-services"},
		{OverlayNmap, "nmap", "/opt/homebrew/share/nmap/nmap-services"},
		{OverlayNmap, "nmap", "/opt/local/share/nmap/nmap-services"},
	}
}
