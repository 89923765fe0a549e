// Package fyneapp reads the one fact Go code needs from FyneApp.toml, the
// metadata `fyne package` builds the installers from: the version. It
// imports nothing of Portolan's.
package fyneapp

import (
	"bufio"
	"bytes"
	"errors"
	"strconv"
	"strings"
)

// Version is the Version key of the [Details] table of a FyneApp.toml.
func Version(toml []byte) (string, error) {
	sc := bufio.NewScanner(bytes.NewReader(toml))
	table := ""
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "[") {
			table = strings.Trim(line, "[] ")
			continue
		}
		key, value, ok := strings.Cut(line, "=")
		if !ok || table != "Details" || strings.TrimSpace(key) != "Version" {
			continue
		}
		return strconv.Unquote(strings.TrimSpace(value))
	}
	return "", errors.New("FyneApp.toml has no Version in [Details]")
}
