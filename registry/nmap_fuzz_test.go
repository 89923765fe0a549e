package registry

import (
	"errors"
	"math"
	"strings"
	"testing"
)

// FuzzParseNmapServices: any input either fails with a not-a-registry error
// or gives entries that are consistent with the lookups and the line count.
//
//	go test ./registry -run XXX -fuzz FuzzParseNmapServices -fuzztime 30s
func FuzzParseNmapServices(f *testing.F) {
	f.Add(nmapTestFile)
	f.Add("http\t80/tcp\t0.484143\t# World Wide Web HTTP\n")
	f.Add("a 1/tcp 1\nb 1/tcp 0\n")
	f.Add("x 65535/dccp 1e-6 # c # d\r\n")
	f.Add("x 0/udp -0\n")
	f.Add("x 1/tcp/udp 0.5\n")
	f.Add("x 1/ 0.5\n")
	f.Add("\ufeff#\n\n\t\n")
	f.Add("x 1/tcp +Inf\nx 2/tcp 0x1p-3\n")
	f.Fuzz(func(t *testing.T, in string) {
		ns, err := ParseNmapServices(strings.NewReader(in), "fuzz")
		if err != nil {
			if !errors.Is(err, ErrNotRegistry) {
				t.Fatalf("error %v does not wrap ErrNotRegistry", err)
			}
			return
		}
		nonEmpty := 0
		for _, line := range strings.Split(strings.TrimPrefix(in, "\ufeff"), "\n") {
			content, _, _ := strings.Cut(line, "#")
			if len(strings.Fields(content)) > 0 {
				nonEmpty++
			}
		}
		if got := len(ns.Entries()) + len(ns.Skipped()); got != nonEmpty {
			t.Fatalf("%d entries + %d skipped, but %d lines hold something", len(ns.Entries()), len(ns.Skipped()), nonEmpty)
		}
		if len(ns.Entries()) == 0 {
			t.Fatal("no error, yet no entries")
		}
		top := 0.0
		for _, e := range ns.Entries() {
			if math.IsNaN(e.Frequency) || e.Frequency < 0 || e.Frequency > 1 {
				t.Fatalf("entry %+v has a frequency outside 0..1", e)
			}
			if e.Protocol == ProtoNone || int(e.Protocol) > len(Transports) {
				t.Fatalf("entry %+v has no transport protocol", e)
			}
			if e.Name == "" || strings.ContainsAny(e.Name, " \t\n#") {
				t.Fatalf("entry %+v has a bad name", e)
			}
			got, ok := ns.Entry(e.Port, e.Protocol)
			if !ok || got != e {
				t.Fatalf("Entry(%d, %v) = %+v, want %+v", e.Port, e.Protocol, got, e)
			}
			if s := ns.Shade(e.Port, e.Protocol); s < 0 || s > 1 || math.IsNaN(s) {
				t.Fatalf("shade of %+v = %v", e, s)
			}
			if e.Frequency > ns.Frequency(e.Port, ProtoNone) {
				t.Fatalf("any-protocol frequency of %d is below %+v", e.Port, e)
			}
			top = max(top, e.Frequency)
		}
		if ns.MaxFrequency(ProtoNone) != top {
			t.Fatalf("max frequency %v, want %v", ns.MaxFrequency(ProtoNone), top)
		}
	})
}
