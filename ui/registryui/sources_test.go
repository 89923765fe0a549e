package registryui

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/portolan/portolan/model"
	"github.com/portolan/portolan/registry"
)

func testOverlays(t *testing.T) *model.Overlays {
	t.Helper()
	services, err := registry.ParseServices(strings.NewReader(
		"http\t80/tcp\twww www-http\t# WorldWideWeb HTTP\n"+
			"http\t80/udp\twww\n"+
			"webcache\t8080/tcp\thttp-alt\n"+
			"webcache\t8080/udp\thttp-alt\n"+
			"ssh\t22/tcp\n"), "/etc/services")
	if err != nil {
		t.Fatal(err)
	}
	nmap, err := registry.ParseNmapServices(strings.NewReader(
		"http-proxy\t8080/tcp\t0.042\t# Common HTTP proxy/second web server port\n"+
			"unknown\t8080/udp\t0.001\n"+
			"ssh\t22/tcp\t0.182\n"), "/usr/share/nmap/nmap-services")
	if err != nil {
		t.Fatal(err)
	}
	return &model.Overlays{Found: []*model.Overlay{
		{OverlayCandidate: model.OverlayCandidate{Kind: model.OverlayServices, Label: "/etc/services", Path: "/etc/services"}, Registry: services},
		{OverlayCandidate: model.OverlayCandidate{Kind: model.OverlayNmap, Label: "nmap", Path: "/usr/share/nmap/nmap-services"}, Nmap: nmap},
	}}
}

// The registry in use: 22 and 8080 as IANA names them; 80 missing (a
// file that lacks it).
func inUse() *registry.Registry {
	b := registry.NewBuilder("in use")
	b.Add(port("ssh", 22, registry.TCP, "SSH"))
	b.Add(port("http-alt", 8080, registry.TCP, "HTTP Alternate"))
	b.Add(port("http-alt", 8080, registry.UDP, "HTTP Alternate"))
	return b.Build()
}

func TestOverlayLines(t *testing.T) {
	o, reg := testOverlays(t), inUse()
	for _, c := range []struct {
		port  uint16
		proto registry.Protocol
		want  []string
	}{
		{80, registry.TCP, []string{"/etc/services: http (also www, www-http)"}},
		{80, registry.UDP, []string{"/etc/services: http (also www)"}},
		{80, registry.ProtoNone, []string{"/etc/services: http on tcp (also www, www-http)", "/etc/services: http on udp (also www)"}},
		// webcache differs, http-alt (an alias there) is the registry's;
		// nmap's "unknown" is no name.
		{8080, registry.TCP, []string{"/etc/services: webcache (also http-alt)", "nmap: http-proxy"}},
		{8080, registry.ProtoNone, []string{"/etc/services: webcache on tcp and udp (also http-alt)", "nmap: http-proxy on tcp"}},
		{22, registry.TCP, nil}, // everyone agrees
		{9999, registry.ProtoNone, nil},
	} {
		if got := overlayLines(o, reg, c.port, c.proto); !slices.Equal(got, c.want) {
			t.Errorf("overlayLines(%d, %q) = %q, want %q", c.port, c.proto, got, c.want)
		}
	}
	if got := overlayLines(nil, reg, 80, registry.TCP); got != nil {
		t.Errorf("no overlays: %q", got)
	}
	if got := overlayLines(o, nil, 22, registry.TCP); !slices.Equal(got, []string{"/etc/services: ssh", "nmap: ssh"}) {
		t.Errorf("no registry: %q", got)
	}
}

func TestSourcesView(t *testing.T) {
	test.NewTempApp(t)
	v := NewSourcesView()
	w := test.NewTempWindow(t, v)
	_ = w
	if v.Visible() || v.Text() != "" {
		t.Error("a new view shows something")
	}
	o, reg := testOverlays(t), inUse()
	v.ShowSelection(o, reg, model.PortSelection(8080), registry.TCP)
	if !v.Visible() || v.Text() != "/etc/services: webcache (also http-alt)\nnmap: http-proxy" {
		t.Errorf("8080/tcp: visible %v, %q", v.Visible(), v.Text())
	}
	v.ShowSelection(o, reg, model.RangeSelection(8000, 8100), registry.TCP)
	if v.Visible() || v.Text() != "" {
		t.Errorf("8000-8100/tcp: visible %v, %q", v.Visible(), v.Text())
	}
	v.ShowSelection(o, reg, model.PortSelection(22), registry.TCP)
	if v.Visible() || v.Text() != "" {
		t.Errorf("22/tcp: visible %v, %q", v.Visible(), v.Text())
	}
}
