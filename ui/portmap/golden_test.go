package portmap

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/portolan/portolan/registry"
)

// fixture is a small made-up registry with every status: a dense System
// range, a User range with blocks and scattered assignments, an
// unauthorized use, a udp-only port, and an empty Dynamic range.
func fixture() *registry.Registry {
	b := registry.NewBuilder("fixture")
	add := func(r registry.Record) {
		r.HasPort = true
		if r.High == 0 {
			r.High = r.Low
		}
		b.Add(r)
	}
	both := func(service string, lo, hi uint16) {
		add(registry.Record{Service: service, Low: lo, High: hi, Protocol: registry.TCP, Description: service})
		add(registry.Record{Service: service, Low: lo, High: hi, Protocol: registry.UDP, Description: service})
	}
	unassigned := func(lo, hi uint16) {
		add(registry.Record{Low: lo, High: hi, Description: "Unassigned"})
	}
	add(registry.Record{Low: 0, Protocol: registry.TCP, Description: "Reserved"})
	add(registry.Record{Low: 0, Protocol: registry.UDP, Description: "Reserved"})
	for p := uint16(1); p < 1024; p++ {
		switch {
		case p == 716:
			add(registry.Record{Service: "pana", Low: p, Protocol: registry.UDP, Description: "PANA"})
		case p%29 == 0:
			add(registry.Record{Low: p, Protocol: registry.TCP, Description: "Reserved"})
		case p%37 == 0:
			add(registry.Record{Service: "old", Low: p, Protocol: registry.TCP, Description: "De-registered"})
			add(registry.Record{Low: p, Protocol: registry.UDP, Description: "De-registered"})
		case p%3 != 0 || p < 300:
			both("svc", p, p)
		default:
			unassigned(p, p)
		}
	}
	both("block", 1024, 1535)
	unassigned(1536, 2999)
	for p := uint16(3000); p < 12000; p += 37 {
		both("scattered", p, p+uint16(p%5))
	}
	add(registry.Record{Low: 4000, High: 4095, Description: "Reserved"})
	add(registry.Record{Low: 4500, High: 4563, Protocol: registry.TCP, Description: "Decommissioned"})
	add(registry.Record{Service: "x11", Low: 6000, High: 6063, Protocol: registry.TCP, Description: "X Window System",
		UnauthorizedUse: "Known Unauthorized Use on port 6003"})
	add(registry.Record{Service: "worm", Low: 7070, Protocol: registry.TCP, Description: "w", UnauthorizedUse: "yes"})
	for p := 12000; p < 49152; p += 613 {
		both("sparse", uint16(p), uint16(p))
	}
	unassigned(49152, 65535)
	return b.Build()
}

func TestFixtureHasEveryStatus(t *testing.T) {
	reg := fixture()
	var seen [5]bool
	for p := 0; p < NumCells; p++ {
		seen[reg.Status(uint16(p), registry.TCP)] = true
	}
	for st, ok := range seen {
		if !ok {
			t.Errorf("the fixture has no %v port on tcp", registry.Status(st))
		}
	}
	if !reg.Unauthorized(6003) || !reg.Unauthorized(7070) {
		t.Error("the fixture lacks its unauthorized uses")
	}
}

// Golden images of the map of the fixture at two pixels per port, in both
// layouts (rows with its gutters, Hilbert with its blocks) and both theme
// variants, with every overlay: the ephemeral range, listener marks (6003 flagged), a selected range, the selection
// (80) and the hover (290); the dark ones show the tcp view with search
// hits. Look at them (testdata/*.png) after changing the palette.
func TestGoldenMaps(t *testing.T) {
	for _, c := range []struct {
		name   string
		layout Layout
		dark   bool
	}{
		{"map_rows_light.png", Rows, false},
		{"map_hilbert_light.png", Hilbert, false},
		{"map_rows_dark.png", Rows, true},
		{"map_hilbert_dark.png", Hilbert, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			m, w := showMap(t, fixture(), fyne.NewSize(300, 300))
			if c.dark {
				test.ApplyTheme(t, darkTheme)
			}
			m.SetLayout(c.layout)
			side := Side*2 + 2*m.margin()
			w.Resize(fyne.NewSize(m.WidthFor(side), side))
			if m.Zoom() != 2 {
				t.Fatalf("zoom = %v, want 2", m.Zoom())
			}
			m.SetListenerMarks([]Mark{{Port: 22}, {Port: 80}, {Port: 631}, {Port: 5432}, {Port: 6003, Flagged: true}, {Port: 40000, Flagged: true}})
			m.setSelectedRange(8000, 8600)
			m.Select(80)
			if c.dark {
				m.SetProtocol(registry.TCP)
				m.SetSearchHits([]registry.PortRun{{From: 716, To: 716}, {From: 4000, To: 4095}, {From: 53, To: 53}})
			}
			test.MoveMouse(w.Canvas(), cellCentre(m, 290))
			test.AssertImageMatches(t, c.name, w.Canvas().Capture())
		})
	}
}

func TestGoldenLegend(t *testing.T) {
	for name, th := range map[string]variantTheme{"legend_light.png": lightTheme, "legend_dark.png": darkTheme} {
		t.Run(name, func(t *testing.T) {
			test.NewTempApp(t)
			test.ApplyTheme(t, th)
			l := NewLegend()
			w := test.NewTempWindow(t, l)
			w.Resize(fyne.NewSize(legendWidth+8, l.HeightFor(legendWidth)+8))
			test.AssertImageMatches(t, name, w.Canvas().Capture())
		})
	}
}
