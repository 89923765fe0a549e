package registry

import (
	"errors"
	"math"
	"strings"
	"testing"
)

// A made-up file in nmap-services form (not nmap's data, which is never
// bundled): comments, blank lines, tabs, a BOM and lines to skip.
const nmapTestFile = "\ufeff# nmap-services test file\n" +
	"\n" +
	"tcpmux\t1/tcp\t0.001995\t# TCP Port Service Multiplexer [rfc-1078]\n" +
	"http\t80/tcp\t0.484143\t# World Wide Web HTTP\n" +
	"http\t80/udp\t0.035767\t# World Wide Web HTTP\n" +
	"unknown\t81/tcp\t0.001\n" +
	"rare\t9999/sctp\t0.000001\n" +
	"   # an indented comment\n" +
	"badproto\t5/ddp\t0.1\n" +
	"range\t6000-6063/tcp\t0.01\n" +
	"noproto\t7\t0.1\n" +
	"nofreq\t8/tcp\n" +
	"toohigh\t9/tcp\t1.5\n" +
	"nan\t10/tcp\tNaN\n" +
	"bigport\t70000/tcp\t0.1\n" +
	"again\t80/tcp\t0.9\n" +
	"extra\t11/tcp\t0.1\tfield\n" +
	"last\t65535/udp\t0.000010" // no final newline

func TestParseNmapServices(t *testing.T) {
	ns, err := ParseNmapServices(strings.NewReader(nmapTestFile), "/usr/share/nmap/nmap-services")
	if err != nil {
		t.Fatal(err)
	}
	if ns.Source() != "/usr/share/nmap/nmap-services" {
		t.Errorf("source = %q", ns.Source())
	}
	var names []string
	for _, e := range ns.Entries() {
		names = append(names, e.Name)
	}
	if got := strings.Join(names, ","); got != "tcpmux,http,http,unknown,rare,last" {
		t.Errorf("entries = %s", got)
	}
	var lines []int
	for _, s := range ns.Skipped() {
		lines = append(lines, s.Line)
	}
	if want := []int{9, 10, 11, 12, 13, 14, 15, 16, 17}; !equalInts(lines, want) {
		t.Errorf("skipped lines = %v, want %v (%+v)", lines, want, ns.Skipped())
	}
	for _, want := range []string{"ddp", "is a range", "lacks a /protocol", "found 2 fields", "1.5", "NaN", "70000", "first on line 4", "extra"} {
		found := false
		for _, s := range ns.Skipped() {
			found = found || strings.Contains(s.Reason, want)
		}
		if !found {
			t.Errorf("no skip reason mentions %q: %+v", want, ns.Skipped())
		}
	}
	e, ok := ns.Entry(80, TCP)
	if !ok || e.Name != "http" || e.Frequency != 0.484143 || e.Comment != "World Wide Web HTTP" || e.Line != 4 {
		t.Errorf("80/tcp = %+v %v", e, ok)
	}
	if e, ok := ns.Entry(1, TCP); !ok || e.Comment != "TCP Port Service Multiplexer [rfc-1078]" {
		t.Errorf("1/tcp = %+v", e)
	}
	if e, ok := ns.Entry(80, ProtoNone); !ok || e.Protocol != TCP {
		t.Errorf("80 any = %+v, want the tcp line (the more frequent)", e)
	}
	if _, ok := ns.Entry(80, SCTP); ok {
		t.Error("80/sctp should not be listed")
	}
	if e, ok := ns.Entry(65535, UDP); !ok || e.Frequency != 0.00001 {
		t.Errorf("65535/udp = %+v (the last line has no newline)", e)
	}
	if f := ns.Frequency(80, UDP); f != 0.035767 {
		t.Errorf("80/udp frequency = %v", f)
	}
	if f := ns.Frequency(22, TCP); f != 0 {
		t.Errorf("22/tcp frequency = %v, want 0 (not listed)", f)
	}
	if m := ns.MaxFrequency(ProtoNone); m != 0.484143 {
		t.Errorf("max = %v", m)
	}
	if m := ns.MaxFrequency(UDP); m != 0.035767 {
		t.Errorf("max udp = %v", m)
	}
	if s := ns.Shade(80, TCP); s != 1 {
		t.Errorf("shade of the top port = %v, want 1", s)
	}
	if s := ns.Shade(22, TCP); s != 0 {
		t.Errorf("shade of an unlisted port = %v, want 0", s)
	}
	lo, mid := ns.Shade(9999, SCTP), ns.Shade(1, TCP)
	if !(lo > 0 && lo < mid && mid < 1) {
		t.Errorf("shades 9999/sctp %v, 1/tcp %v: want 0 < rare < common < 1", lo, mid)
	}
	// log scale: 0.001995 is about 3.3 of the 5.7 decades above 1e-6
	if want := math.Log(0.001995/1e-6) / math.Log(0.484143/1e-6); math.Abs(mid-want) > 1e-9 {
		t.Errorf("shade of 1/tcp = %v, want %v", mid, want)
	}
}

func TestParseNmapServicesErrors(t *testing.T) {
	for name, in := range map[string]string{
		"empty":         "",
		"comments only": "# nothing\n\n# here\n",
		"html":          "<html><body>Not Found</body></html>\n",
		"services file": "ssh 22/tcp\nhttp 80/tcp www\n",
	} {
		_, err := ParseNmapServices(strings.NewReader(in), "x")
		if err == nil || !errors.Is(err, ErrNotRegistry) || !strings.Contains(err.Error(), "nmap-services") {
			t.Errorf("%s: err = %v, want a not-a-registry error naming nmap-services", name, err)
		}
	}
}
