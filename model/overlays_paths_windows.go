package model

import (
	"os"
	"path/filepath"
)

// overlayCandidates: drivers\etc\services under the Windows folder, and the
// default install folders of Wireshark and nmap (whose installer is 32-bit,
// so "Program Files (x86)" comes first).
func overlayCandidates() []OverlayCandidate {
	env := func(name, fallback string) string {
		if v := os.Getenv(name); v != "" {
			return v
		}
		return fallback
	}
	root := env("SystemRoot", `C:\Windows`)
	pf := env("ProgramFiles", `C:\Program Files`)
	pf86 := env("ProgramFiles(x86)", `C:\Program Files (x86)`)
	return []OverlayCandidate{
		{OverlayServices, `drivers\etc\services`, filepath.Join(root, "System32", "drivers", "etc", "services")},
		{OverlayWireshark, "Wireshark", filepath.Join(pf, "Wireshark", "services")},
		{OverlayWireshark, "Wireshark", filepath.Join(pf86, "Wireshark", "services")},
		{OverlayNmap, "nmap", filepath.Join(pf86, "Nmap", "nmap-services")},
		{OverlayNmap, "nmap", filepath.Join(pf, "Nmap", "nmap-services")},
	}
}
