package model

import (
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/portolan/portolan/registry"
)

func ovWrite(t *testing.T, dir, name, text string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// ovRegistry is the registry in use for the comparisons.
func ovRegistry() *registry.Registry {
	b := registry.NewBuilder("test registry")
	for _, r := range []registry.Record{
		{Service: "ssh", HasPort: true, Low: 22, High: 22, Protocol: registry.TCP, Description: "SSH"},
		{Service: "http-alt", HasPort: true, Low: 8080, High: 8080, Protocol: registry.TCP, Description: "HTTP Alternate"},
		{Service: "http-alt", HasPort: true, Low: 8080, High: 8080, Protocol: registry.UDP, Description: "HTTP Alternate"},
	} {
		b.Add(r)
	}
	return b.Build()
}

func TestOverlays(t *testing.T) {
	dir := t.TempDir()
	services := ovWrite(t, dir, "services", "# test services\nssh\t22/tcp\t\t# SSH Remote Login Protocol\n"+
		"webcache\t8080/tcp\thttp-alt\t# WWW caching service\nbogus line\n")
	wireshark := ovWrite(t, dir, "wireshark-services", "SSH 22/tcp/udp # any case\nhttp-alt 8080/tcp\n")
	nmap := ovWrite(t, dir, "nmap-services", "# made-up frequencies\nssh\t22/tcp\t0.182286\t# Secure Shell Login\n"+
		"http-proxy\t8080/tcp\t0.042953\t# Common HTTP proxy/second web server port\nunknown\t8081/tcp\t0.002\n")
	broken := ovWrite(t, dir, "broken-services", "nothing here that reads\n")
	link := filepath.Join(dir, "iana-etc-link")
	if err := os.Symlink(services, link); err != nil {
		t.Logf("no symlink (%v): the same-file case is not tested", err)
		link = filepath.Join(dir, "absent")
	}
	o := LoadOverlays([]OverlayCandidate{
		{OverlayServices, "/etc/services", filepath.Join(dir, "absent-services")},
		{OverlayServices, "/etc/services", services},
		{OverlayServices, "/etc/services", wireshark}, // a second of one kind is not read
		{OverlayIANAEtc, "iana-etc", link},            // the same file again
		{OverlayWireshark, "Wireshark", wireshark},
		{OverlayNmap, "nmap", dir},  // a folder: a problem
		{OverlayNmap, "nmap", nmap}, // not read: the kind was settled by the folder
		{"other", "broken", broken},
	})
	var labels []string
	for _, ov := range o.Found {
		labels = append(labels, ov.Label+"="+filepath.Base(ov.Path))
	}
	if want := []string{"/etc/services=services", "Wireshark=wireshark-services"}; !slices.Equal(labels, want) {
		t.Errorf("found %q, want %q", labels, want)
	}
	if o.Found[0].Entries != 3 || o.Found[0].Skipped != 1 || o.Found[0].Registry == nil || o.Found[0].Nmap != nil {
		t.Errorf("services overlay = %+v", o.Found[0])
	}
	var problems []string
	for _, p := range o.Problems {
		problems = append(problems, p.Label+": "+p.Problem)
	}
	if len(problems) != 2 || !strings.Contains(problems[0], "nmap: is a folder") || !strings.Contains(problems[1], "broken: ") ||
		!strings.Contains(problems[1], "not a port registry") {
		t.Errorf("problems = %q", problems)
	}
	if ns := o.Nmap(); ns != nil {
		t.Error("nmap found though its kind was settled by a folder")
	}
	if _, ok := o.Frequency(22, registry.TCP); ok {
		t.Error("a frequency without nmap")
	}

	o = LoadOverlays([]OverlayCandidate{
		{OverlayServices, "/etc/services", services},
		{OverlayWireshark, "Wireshark", wireshark},
		{OverlayNmap, "nmap", nmap},
	})
	reg := ovRegistry()
	type row struct{ source, proto, name, note string }
	var got []row
	for _, n := range o.Names(reg, 8080, registry.TCP) {
		got = append(got, row{n.Source, n.Protocol, n.Name, n.Note})
	}
	want := []row{
		{"/etc/services", "tcp", "webcache", "WWW caching service"},
		{"Wireshark", "tcp", "http-alt", ""},
		{"nmap", "tcp", "http-proxy", "Common HTTP proxy/second web server port; found open in 4.3% of nmap's scans"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("names of 8080/tcp = %+v\nwant %+v", got, want)
	}
	names := o.Names(reg, 8080, registry.TCP)
	if !names[0].Differs || names[1].Differs || !names[2].Differs || !slices.Equal(names[0].Aliases, []string{"http-alt"}) {
		t.Errorf("differs/aliases of 8080/tcp = %+v", names)
	}
	if d := o.Differing(reg, 8080, registry.TCP); len(d) != 2 || d[0].Name != "webcache" || d[1].Name != "http-proxy" {
		t.Errorf("differing = %+v", d)
	}
	// ProtoNone: each protocol; Wireshark's "SSH" is ssh in any case but
	// the registry has no ssh on udp.
	var all []string
	for _, n := range o.Names(reg, 22, registry.ProtoNone) {
		all = append(all, n.Source+" "+n.Name+"/"+n.Protocol+map[bool]string{true: " differs"}[n.Differs])
	}
	if want := []string{"/etc/services ssh/tcp", "Wireshark SSH/tcp", "Wireshark SSH/udp differs", "nmap ssh/tcp"}; !slices.Equal(all, want) {
		t.Errorf("names of 22 = %q, want %q", all, want)
	}
	// nmap's "unknown" is no name.
	if n := o.Names(reg, 8081, registry.TCP); len(n) != 0 {
		t.Errorf("8081/tcp names = %+v, want none", n)
	}
	if f, ok := o.Frequency(8081, registry.TCP); !ok || f != 0.002 {
		t.Errorf("8081/tcp frequency = %v %v", f, ok)
	}
	if f, ok := o.Frequency(22, registry.ProtoNone); !ok || f != 0.182286 {
		t.Errorf("22 frequency = %v %v", f, ok)
	}
	// Without a registry every name differs.
	for _, n := range o.Names(nil, 22, registry.TCP) {
		if !n.Differs {
			t.Errorf("%+v does not differ from no registry", n)
		}
	}
	var none *Overlays
	if none.Names(reg, 22, registry.TCP) != nil || none.Nmap() != nil {
		t.Error("nil overlays should answer nothing")
	}
}

func TestOverlayCandidatesForThisOS(t *testing.T) {
	cands := OverlayCandidates()
	kinds := map[OverlayKind]bool{}
	for _, c := range cands {
		kinds[c.Kind] = true
		if !filepath.IsAbs(c.Path) {
			t.Errorf("candidate %+v is not an absolute path", c)
		}
	}
	if !kinds[OverlayServices] || !kinds[OverlayNmap] || !kinds[OverlayWireshark] {
		t.Errorf("candidates for %s lack a kind: %+v", runtime.GOOS, cands)
	}
	if runtime.GOOS == "linux" {
		for _, p := range []string{"/etc/services", "/usr/share/iana-etc/port-numbers.iana", "/usr/share/wireshark/services",
			"/usr/share/nmap/nmap-services", "/usr/local/share/nmap/nmap-services"} {
			if !slices.ContainsFunc(cands, func(c OverlayCandidate) bool { return c.Path == p }) {
				t.Errorf("linux candidates lack %s", p)
			}
		}
	}
	// What this machine has: /etc/services, where present, is found.
	o := DiscoverOverlays()
	if _, err := os.Stat("/etc/services"); err == nil && runtime.GOOS != "windows" {
		if len(o.Found) == 0 || o.Found[0].Path != "/etc/services" {
			t.Errorf("/etc/services is here but not found: %+v %+v", o.Found, o.Problems)
		}
	}
}

func TestPercent(t *testing.T) {
	for f, want := range map[float64]string{0.484143: "48.4%", 0.042953: "4.3%", 0.001995: "0.2%", 0.00001: "0.001%", 0: "0%", 1: "100.0%"} {
		if got := percent(f); got != want {
			t.Errorf("percent(%v) = %q, want %q", f, got, want)
		}
	}
}
