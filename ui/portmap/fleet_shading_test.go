package portmap

import (
	"image/color"
	"math"
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/portolan/portolan/model/fleet"
	"github.com/portolan/portolan/registry"
)

// fleetCounts is a fleet of 300 hosts: 22/tcp on all, 53/udp on 120,
// 8080/tcp on 10 (2 of them alerts), 4444/tcp on 1 (an alert).
func fleetCounts() *fleet.Counts {
	c := &fleet.Counts{}
	set := func(p int, port uint16, hosts, alerts uint32) {
		c.Hosts[p][port], c.Alerts[p][port] = hosts, alerts
		c.Hosts[fleet.AnyProtocol][port] += hosts
		c.Alerts[fleet.AnyProtocol][port] += alerts
	}
	set(fleet.TCP, 22, 300, 0)
	set(fleet.UDP, 53, 120, 0)
	set(fleet.TCP, 8080, 10, 2)
	set(fleet.TCP, 4444, 1, 1)
	c.Max = [3]uint32{300, 300, 120}
	return c
}

func TestHostShadeIsLogarithmic(t *testing.T) {
	t.Parallel()
	if _, ok := HostShade(0, 300); ok {
		t.Error("no host has a shade")
	}
	one, _ := HostShade(1, 1000)
	ten, _ := HostShade(10, 1000)
	hundred, _ := HostShade(100, 1000)
	all, _ := HostShade(1000, 1000)
	if one != minHostShade || all != 1 {
		t.Errorf("1 and 1000 of 1000: %v and %v, want %v and 1", one, all, minHostShade)
	}
	// Equal ratios, equal steps.
	if d1, d2 := ten-one, hundred-ten; math.Abs(d1-d2) > 1e-9 || d1 <= 0 {
		t.Errorf("1 -> 10 is %v, 10 -> 100 is %v: not a log scale", d1, d2)
	}
	if s, ok := HostShade(1, 1); !ok || s != 1 {
		t.Errorf("a fleet of one: %v %v", s, ok)
	}
}

func TestHostTicks(t *testing.T) {
	t.Parallel()
	for most, want := range map[uint32][]uint32{
		0: {1}, 1: {1}, 2: {1, 2}, 3: {1, 2, 3}, 10: {1, 2, 5, 10}, 25: {1, 2, 5, 10, 20, 25},
		300: {1, 10, 100, 300}, 10000: {1, 10, 100, 1000, 10000},
	} {
		if got := HostTicks(most); !slices.Equal(got, want) {
			t.Errorf("HostTicks(%d) = %v, want %v", most, got, want)
		}
	}
}

// TestShadeByHosts: each port takes the colour of its host count, more
// hosts further from the background, no host the neutral colour; the
// legend's swatches are the map's colours; the hover text tells the
// counts; the protocol view picks the protocol's counts; nil goes back to
// the status shading.
func TestShadeByHosts(t *testing.T) {
	m, w := showMap(t, fixture(), fyne.NewSize(600, 600))
	statusPix := slices.Clone(m.Image().Pix)
	m.ShadeByHosts(fleetCounts(), 300)
	if m.Shading() != ShadeHosts {
		t.Fatalf("shading %v, want hosts", m.Shading())
	}
	legend := NewHostsLegend()
	legend.SetCounts(300, 300)
	legend.ExtendBaseWidget(legend) // its theme is the app's, as in a window
	for port, n := range map[uint16]uint32{22: 300, 53: 120, 8080: 10, 4444: 1, 9: 0, 65535: 0} {
		if got, want := m.CellColor(port), color.RGBA(legend.SwatchColor(n)); got != want {
			t.Errorf("port %d (%d hosts) = %v, the legend says %v", port, n, got, want)
		}
	}
	// Light theme: more hosts, darker.
	if l1, l10, l300 := lightness(m.CellColor(4444)), lightness(m.CellColor(8080)), lightness(m.CellColor(22)); !(l1 > l10 && l10 > l300) {
		t.Errorf("L* of 1, 10, 300 hosts: %.1f %.1f %.1f, want falling", l1, l10, l300)
	}
	if got := legend.Entries(); !slices.Equal(got, []string{"Hosts listening, of 300 (log scale)", "1 host", "10 hosts", "100 hosts",
		"300 hosts (the most)", "No host listens", "Alert on a host"}) {
		t.Errorf("legend entries %q", got)
	}

	var last string
	m.OnHover = func(port int, text string) { last = text }
	test.MoveMouse(w.Canvas(), cellCentre(m, 8080))
	if want := " · 10 of 300 hosts · 2 alerts"; len(last) < len(want) || last[len(last)-len(want):] != want {
		t.Errorf("hover 8080 = %q, want it to end %q", last, want)
	}
	test.MoveMouse(w.Canvas(), cellCentre(m, 9))
	if want := " · no host listens"; len(last) < len(want) || last[len(last)-len(want):] != want {
		t.Errorf("hover 9 = %q", last)
	}

	// UDP: 22 is on no host there, 53 keeps its colour (one scale).
	m.SetProtocol(registry.UDP)
	if m.CellColor(22) != color.RGBA(legend.SwatchColor(0)) || m.CellColor(53) != color.RGBA(legend.SwatchColor(120)) {
		t.Errorf("udp view: 22 = %v, 53 = %v", m.CellColor(22), m.CellColor(53))
	}
	m.SetProtocol(registry.SCTP)
	if m.CellColor(22) != color.RGBA(legend.SwatchColor(0)) {
		t.Error("sctp view shows hosts")
	}
	m.SetProtocol(registry.ProtoNone)

	m.ShadeByHosts(nil, 0)
	if m.Shading() != ShadeStatus || !slices.Equal(m.Image().Pix, statusPix) {
		t.Errorf("back from the fleet: shading %v, image the status one: %v", m.Shading(), slices.Equal(m.Image().Pix, statusPix))
	}
	// Another shading replaces the fleet's.
	m.ShadeByHosts(fleetCounts(), 300)
	m.SetShading(ShadeFrequency, (&rampShade{}).shade)
	if m.Shading() != ShadeFrequency {
		t.Errorf("SetShading after the fleet: %v", m.Shading())
	}

	// Drawn: a swatch and a text per entry, the title and the alert dot;
	// a smaller fleet rebuilds the entries.
	test.NewTempWindow(t, legend)
	legend.SetCounts(10, 12)
	objs := test.WidgetRenderer(legend).Objects()
	if n := len(legend.Entries()); len(objs) != 1+2*(n-1)+1 || n != 7 {
		t.Errorf("%d entries, %d objects", n, len(objs))
	}
	if ms := legend.MinSize(); legend.HeightFor(ms.Width) < 7*10 || ms.Width < 60 {
		t.Errorf("legend min size %v, %v high in a column", ms, legend.HeightFor(ms.Width))
	}
}

// TestHostsLegendWraps: one entry a line in a narrow column, a strip of
// few lines under a wide map; FitHeight keeps whole lines.
func TestHostsLegendWraps(t *testing.T) {
	test.NewTempApp(t)
	l := NewHostsLegend()
	l.SetCounts(300, 300)
	test.NewTempWindow(t, l)
	line := l.MinSize().Height
	narrow, wide := l.HeightFor(l.MinSize().Width), l.HeightFor(2000)
	if wide != line || narrow < 6*line {
		t.Errorf("line %v: narrow %v (want 7 lines), wide %v (want one)", line, narrow, wide)
	}
	if got := l.FitHeight(l.MinSize().Width, 2.5*line); got >= narrow || got < 2*line {
		t.Errorf("FitHeight in 2.5 lines: %v", got)
	}
}
