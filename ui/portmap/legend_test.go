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
	m.showEphemeral(false)
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
	}
	checkLegendShows(t, l, r, ShadeStatus)
	// The legend follows the theme.
	light := swatchColour(swUnassigned)
	test.ApplyTheme(t, darkTheme)
	w.Content().Refresh()
	if dark := swatchColour(swUnassigned); dark == light || dark != color.RGBA(darkPalette.unassigned[registry.User]) {
		t.Errorf("unassigned swatch after the switch to dark = %v (light %v)", dark, light)
	}
}

// checkLegendShows checks that the legend shows the entries of shading s
// and no other, with their words, in two columns inside the legend.
func checkLegendShows(t *testing.T, l *Legend, r *legendRenderer, s Shading) {
	t.Helper()
	kinds := legendKinds[s]
	if len(r.Objects()) != 2*len(kinds) {
		t.Errorf("%v legend: %d objects for %d entries", s, len(r.Objects()), len(kinds))
	}
	shown := map[fyne.CanvasObject]bool{}
	for _, o := range r.Objects() {
		shown[o] = true
	}
	for _, k := range kinds {
		if r.texts[k].Text != LegendEntries[k] || !shown[r.texts[k]] || !shown[r.swatches[k]] || r.texts[k].Hidden || r.swatches[k].Hidden {
			t.Errorf("%v legend: entry %q is not shown", s, LegendEntries[k])
		}
	}
	// Two columns by default, entries inside the legend.
	size := l.Size()
	for _, k := range kinds {
		p, s := r.texts[k].Position(), r.texts[k].Size()
		if p.X < 0 || p.Y < 0 || p.X+s.Width > size.Width+0.5 || p.Y+s.Height > size.Height+0.5 {
			t.Errorf("legend entry %q lies outside the legend", LegendEntries[k])
		}
	}
	if r.texts[kinds[len(kinds)-1]].Position().X == 0 {
		t.Errorf("the %v legend is not in two columns", s)
	}
}

// In the frequency shading the legend shows the ramp, from the colour the
// map gives the rarest port to that of the most often found open, and the
// colour of the ports nmap does not list; and the marks, over cells of
// that shading. Switching back shows the statuses again.
func TestLegendFrequency(t *testing.T) {
	m, _ := showMap(t, fixture(), fyne.NewSize(300, 300))
	m.SetShading(ShadeFrequency, (&rampShade{}).shade)
	l := NewLegend()
	w := test.NewTempWindow(t, l)
	w.SetPadded(false)
	w.Resize(l.MinSize())
	statusSize := l.MinSize()
	r := test.WidgetRenderer(l).(*legendRenderer)
	l.SetShading(ShadeFrequency)
	if l.Shading() != ShadeFrequency {
		t.Fatalf("legend shading = %v", l.Shading())
	}
	w.Resize(l.MinSize())
	if l.MinSize() == statusSize {
		t.Error("the legend kept its size with other entries")
	}
	checkLegendShows(t, l, r, ShadeFrequency)
	swatchAt := func(k swatchKind, x int) color.RGBA {
		sr := test.WidgetRenderer(r.swatches[k]).(*swatchRenderer)
		return sr.img.RGBAAt(x, 0)
	}
	if got, want := swatchAt(swRamp, 0), m.CellColor(1000); got != want {
		t.Errorf("the ramp starts at %v, the map draws the rarest port (1000) as %v", got, want)
	}
	if got, want := swatchAt(swRamp, swCols-1), m.CellColor(1999); got != want {
		t.Errorf("the ramp ends at %v, the map draws the most often open (1999) as %v", got, want)
	}
	for x := 1; x < swCols; x++ {
		if lightness(swatchAt(swRamp, x)) >= lightness(swatchAt(swRamp, x-1)) {
			t.Errorf("the ramp swatch does not darken from cell %d to %d", x-1, x)
		}
	}
	if got, want := swatchAt(swNotInNmap, 3), m.CellColor(2000); got != want {
		t.Errorf("legend %q is %v, the map draws 2000 as %v", LegendEntries[swNotInNmap], got, want)
	}
	// The marks are drawn over unlisted cells, as most of the map is.
	if got, want := swatchAt(swHover, 0), m.CellColor(2000); got != want {
		t.Errorf("the hover swatch is drawn over %v, want the unlisted colour %v", got, want)
	}
	l.SetShading(ShadeStatus)
	w.Resize(l.MinSize())
	if l.MinSize() != statusSize {
		t.Errorf("back to status the legend is %v, was %v", l.MinSize(), statusSize)
	}
	checkLegendShows(t, l, r, ShadeStatus)
	if got, want := swatchAt(swHover, 0), color.RGBA(lightPalette.cell(int(registry.Unassigned)|int(registry.User)<<lutClassShift)); got != want {
		t.Errorf("back to status the hover swatch is drawn over %v, want %v", got, want)
	}
}
