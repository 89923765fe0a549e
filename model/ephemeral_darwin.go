package model

import (
	"fmt"
	"os/exec"
	"strconv"
	"strings"
)

// macOS keeps the range in two sysctls; its documented default is the IANA
// Dynamic range 49152-65535.
func localEphemeralRange() EphemeralRange {
	def, _ := DefaultEphemeralRange("darwin")
	out, err := exec.Command("sysctl", "-n", "net.inet.ip.portrange.first", "net.inet.ip.portrange.last").Output()
	if err != nil {
		def.Err = fmt.Errorf("cannot read the ephemeral port range with sysctl: %w", err)
		return def
	}
	f := strings.Fields(string(out))
	if len(f) != 2 {
		def.Err = fmt.Errorf("sysctl gave %q, not two port numbers", strings.TrimSpace(string(out)))
		return def
	}
	lo, err1 := strconv.ParseUint(f[0], 10, 16)
	hi, err2 := strconv.ParseUint(f[1], 10, 16)
	if err1 != nil || err2 != nil || lo > hi {
		def.Err = fmt.Errorf("sysctl gave %q, not a port range", strings.TrimSpace(string(out)))
		return def
	}
	return EphemeralRange{Low: uint16(lo), High: uint16(hi), Source: "sysctl net.inet.ip.portrange"}
}
