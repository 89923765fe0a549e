package portmap

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/portolan/portolan/registry"
)

// The legend shows, for each status, the very colour the map gives a port
// of that status, and every entry has words.
func TestLegendMatchesMap(t *testing.T) {
	m, _ := showMap(t, fixture(), fyne.NewSize(300, 300))
	m.ShowEphemeral(false)
	l := NewLegend()
	w := test.NewTempWindow(t, l)
	w.SetPadded(false)
	w.Resize(l.MinSize())
	r := test.WidgetRenderer(l).(*legendRenderer)
	swatchColour := func(k swatchKind) color.RGBA {
		sr := test.WidgetRenderer(r.swatches[k]).(*swatchRenderer)
		return sr.img.RGBAAt(swCols-1, 0)
	}
	// User-range ports of each kind in the fixture, on tcp.
	m.SetProtocol(registry.TCP)
	for k, port := range map[swatchKind]uint16{
		swAssigned: 1024, swReserved: 4010, swOther: 4500, swUnassigned: 2000, swUnauthorized: 6003,
	} {
		if got, want := swatchColour(k), m.CellColor(port); got != want {
			t.Errorf("legend %q is %v, the map draws %d as %v", LegendEntries[k], got, port, want)
		}
	}
	m.SetProtocol(registry.UDP)
	if got, want := swatchColour(swNotListed), m.CellColor(6001); got != want { // x11 is tcp only
		t.Errorf("legend %q is %v, the map draws 6001/udp as %v", LegendEntries[swNotListed], got, want)
	}
	m.SetProtocol(registry.ProtoNone)
	if got, want := swatchColour(swDynamic), m.CellColor(60000); got != want {
		t.Errorf("legend %q is %v, the map draws 60000 as %v", LegendEntries[swDynamic], got, want)
	}
	for k, words := range LegendEntries {
		if words == "" {
			t.Errorf("legend entry %d has no words", k)
		}
		if r.texts[k].Text != words || r.texts[k].Hidden || r.swatches[k].Hidden {
			t.Errorf("legend entry %q is not shown", words)
		}
	}
	// Two columns by default, entries inside the legend.
	size := l.Size()
	for k := range numSwatches {
		p, s := r.texts[k].Position(), r.texts[k].Size()
		if p.X < 0 || p.Y < 0 || p.X+s.Width > size.Width+0.5 || p.Y+s.Height > size.Height+0.5 {
			t.Errorf("legend entry %q lies outside the legend", LegendEntries[k])
		}
	}
	if r.texts[numSwatches-1].Position().X == 0 {
		t.Error("the legend is not in two columns")
	}
	// The legend follows the theme.
	light := swatchColour(swUnassigned)
	test.ApplyTheme(t, darkTheme)
	w.Content().Refresh()
	if dark := swatchColour(swUnassigned); dark == light || dark != color.RGBA(darkPalette.unassigned[registry.User]) {
		t.Errorf("unassigned swatch after the switch to dark = %v (light %v)", dark, light)
	}
}
