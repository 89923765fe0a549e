package model

import "testing"

func TestDefaultEphemeralRange(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		platform string
		low, hi  uint16
		ok       bool
	}{
		{"linux", 32768, 60999, true},
		{"darwin", 49152, 65535, true},
		{"windows", 49152, 65535, true},
		{"freebsd", 10000, 65535, true},
		{"", 49152, 65535, false},
		{"plan9", 49152, 65535, false},
	} {
		r, ok := DefaultEphemeralRange(c.platform)
		if r.Low != c.low || r.High != c.hi || ok != c.ok || r.Source == "" {
			t.Errorf("DefaultEphemeralRange(%q) = %v, %v; want %d-%d, %v", c.platform, r, ok, c.low, c.hi, c.ok)
		}
	}
}
