//go:build !linux && !darwin && !windows

package model

// overlayCandidates: the BSDs and other Unix systems keep packages under
// /usr/local (FreeBSD, OpenBSD) or /usr/pkg (NetBSD).
func overlayCandidates() []OverlayCandidate {
	return []OverlayCandidate{
		{OverlayServices, "/etc/services", "/etc/services"},
		{OverlayWireshark, "Wireshark", "/usr/local/share/wireshark/services"},
		{OverlayWireshark, "Wireshark", "/usr/pkg/share/wireshark/services"},
		{OverlayNmap, "nmap", "/usr/local/share/nmap/nmap-services"},
		{OverlayNmap, "nmap", "/usr/pkg/share/nmap/nmap-services"},
	}
}
