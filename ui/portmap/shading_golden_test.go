package portmap

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/portolan/portolan/registry"
)

// syntheticShade is a made-up "how often found open" shaped like nmap's
// (not its data): a few ports found open most often, most System ports
// listed and often found open, clusters of popular ports in the User
// range, sparse rare ones elsewhere, and very few in the Dynamic range.
// Each port has its own fixed noise, so the pattern is the same on every
// run.
func syntheticShade(port uint16, _ registry.Protocol) (float64, bool) {
	h := uint32(port) * 2654435761 // Knuth's multiplicative hash
	u := float64(h>>16&0xff) / 255 // the port's shade noise, 0..1
	draw := float64(h>>24) / 255   // whether it is listed, 0..1
	p := float64(port)
	switch {
	case port == 22 || port == 80 || port == 443 || port == 3389 || port == 8080:
		return 1, true
	case port < 1024:
		return 0.3 + 0.65*u*(1-p/2048), draw < 0.9
	case port < 1300, port >= 3000 && port < 3500, port >= 5000 && port < 6000, port >= 8000 && port < 9100:
		return 0.2 + 0.55*u, draw < 0.6
	case port < 49152:
		return 0.3 * u * (1 - p/65536), draw < 0.18
	}
	return 0.12 * u, draw < 0.04
}

// Golden images of the map of the fixture in the frequency shading with
// syntheticShade, Hilbert layout, two pixels per port, with the overlays of
// TestGoldenMaps: the ephemeral range, listener marks (6003 flagged), a
// selected range, the selection (80) and the hover (290).
func TestGoldenFrequencyMaps(t *testing.T) {
	for name, dark := range map[string]bool{"map_frequency_light.png": false, "map_frequency_dark.png": true} {
		t.Run(name, func(t *testing.T) {
			m, w := showMap(t, fixture(), fyne.NewSize(300, 300))
			if dark {
				test.ApplyTheme(t, darkTheme)
			}
			m.SetLayout(Hilbert)
			w.Resize(fyne.NewSquareSize(Side*2 + 2*m.margin()))
			if m.Zoom() != 2 {
				t.Fatalf("zoom = %v, want 2", m.Zoom())
			}
			m.SetShading(ShadeFrequency, syntheticShade)
			m.SetListenerMarks([]Mark{{Port: 22}, {Port: 80}, {Port: 631}, {Port: 5432}, {Port: 6003, Flagged: true}, {Port: 40000, Flagged: true}})
			m.setSelectedRange(8000, 8600)
			m.Select(80)
			test.MoveMouse(w.Canvas(), cellCentre(m, 290))
			test.AssertImageMatches(t, name, w.Canvas().Capture())
		})
	}
}

func TestGoldenFrequencyLegend(t *testing.T) {
	for name, th := range map[string]variantTheme{"legend_frequency_light.png": lightTheme, "legend_frequency_dark.png": darkTheme} {
		t.Run(name, func(t *testing.T) {
			test.NewTempApp(t)
			test.ApplyTheme(t, th)
			l := NewLegend()
			l.SetShading(ShadeFrequency)
			w := test.NewTempWindow(t, l)
			w.Resize(fyne.NewSize(legendWidth+8, l.HeightFor(legendWidth)+8))
			test.AssertImageMatches(t, name, w.Canvas().Capture())
		})
	}
}
