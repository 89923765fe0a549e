package model

import (
	"fmt"
	"os"
	"strconv"
	"strings"
)

const linuxEphemeralFile = "/proc/sys/net/ipv4/ip_local_port_range"

func localEphemeralRange() EphemeralRange {
	return readLinuxEphemeral(linuxEphemeralFile)
}

// readLinuxEphemeral parses "32768\t60999"; the kernel default is used when
// the file cannot be read.
func readLinuxEphemeral(path string) EphemeralRange {
	def, _ := DefaultEphemeralRange("linux")
	data, err := os.ReadFile(path)
	if err != nil {
		def.Err = fmt.Errorf("cannot read the ephemeral port range: %w", err)
		return def
	}
	fields := strings.Fields(string(data))
	if len(fields) != 2 {
		def.Err = fmt.Errorf("%s holds %q, not two port numbers", path, strings.TrimSpace(string(data)))
		return def
	}
	lo, err1 := strconv.ParseUint(fields[0], 10, 16)
	hi, err2 := strconv.ParseUint(fields[1], 10, 16)
	if err1 != nil || err2 != nil || lo > hi {
		def.Err = fmt.Errorf("%s holds %q, not a port range", path, strings.TrimSpace(string(data)))
		return def
	}
	return EphemeralRange{Low: uint16(lo), High: uint16(hi), Source: path}
}
