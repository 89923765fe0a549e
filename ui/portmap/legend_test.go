package portmap

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"github.com/portolan/portolan/registry"
	"github.com/portolan/portolan/ui/internal/tooltip"
)

// The legend shows, for each status, the very colour the map gives a port
// of that status, and every entry has words.
func TestLegendMatchesMap(t *testing.T) {
	m, _ := showMap(t, fixture(), fyne.NewSize(300, 300))
	m.showEphemeral(false)
	l := NewLegend()
	w := test.NewTempWindow(t, l)
	w.SetPadded(false)
	w.Resize(fyne.NewSize(legendWidth, l.HeightFor(legendWidth)))
	r := test.WidgetRenderer(l).(*legendRenderer)
	swatchColour := func(k swatchKind) color.RGBA {
		sr := test.WidgetRenderer(l.entries[k].swatch).(*swatchRenderer)
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
		if words == "" || LegendShort[k] == "" {
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

// legendWidth is the width the legend is tested at: narrower than its
// entries in one row.
const legendWidth = 520

// checkLegendShows checks that the legend shows the entries of shading s
// and no other, with their words, wrapped in rows inside the legend.
func checkLegendShows(t *testing.T, l *Legend, r *legendRenderer, s Shading) {
	t.Helper()
	kinds := legendKinds[s]
	if len(r.Objects()) != len(kinds) {
		t.Errorf("%v legend: %d objects for %d entries", s, len(r.Objects()), len(kinds))
	}
	shown := map[fyne.CanvasObject]bool{}
	for _, o := range r.Objects() {
		shown[o] = true
	}
	size := l.Size()
	rows := map[float32]bool{}
	for _, k := range kinds {
		e := l.entries[k]
		if e.text.Text != LegendShort[k] || !shown[e] || e.Hidden {
			t.Errorf("%v legend: entry %q is not shown", s, LegendEntries[k])
		}
		p, es := e.Position(), e.Size()
		rows[p.Y] = true
		if p.X < 0 || p.Y < 0 || p.X+es.Width > size.Width+0.5 || p.Y+es.Height > size.Height+0.5 {
			t.Errorf("legend entry %q at %v+%v lies outside the legend (%v)", LegendEntries[k], p, es, size)
		}
	}
	if s == ShadeStatus && len(rows) < 2 {
		t.Errorf("the %v legend is not wrapped: %d rows at width %v", s, len(rows), size.Width)
	}
}

// Short of room, the legend shows whole rows, at least one.
func TestLegendFitHeight(t *testing.T) {
	test.NewTempApp(t)
	l := NewLegend()
	all := l.HeightFor(legendWidth)
	row := l.MinSize().Height
	if got := l.FitHeight(legendWidth, all+10); got != all {
		t.Errorf("with room for all: %v, want %v", got, all)
	}
	if got := l.FitHeight(legendWidth, row+row/2); got != row {
		t.Errorf("with room for a row and a half: %v, want one row (%v)", got, row)
	}
	if got := l.FitHeight(legendWidth, 2); got != row {
		t.Errorf("with no room: %v, want one row (%v)", got, row)
	}
}

// Each entry's full words are its tip.
func TestLegendTips(t *testing.T) {
	test.NewTempApp(t)
	tips := tooltip.NewLayer()
	tips.Delay = 0
	l := NewLegend()
	l.Tips = tips
	w := test.NewTempWindow(t, container.NewStack(l, tips))
	w.SetPadded(false)
	w.Resize(fyne.NewSize(legendWidth, 200))
	e := l.entries[swOther]
	test.MoveMouse(w.Canvas(), e.Position().AddXY(3, 3))
	if got := tips.Shown(); got != LegendEntries[swOther] {
		t.Errorf("over %q the tip is %q", LegendShort[swOther], got)
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
	statusHeight := l.HeightFor(legendWidth)
	w.Resize(fyne.NewSize(legendWidth, statusHeight))
	r := test.WidgetRenderer(l).(*legendRenderer)
	l.SetShading(ShadeFrequency)
	if l.Shading() != ShadeFrequency {
		t.Fatalf("legend shading = %v", l.Shading())
	}
	if l.HeightFor(legendWidth) >= statusHeight {
		t.Error("the legend kept its height with fewer entries")
	}
	w.Resize(fyne.NewSize(legendWidth, l.HeightFor(legendWidth)))
	checkLegendShows(t, l, r, ShadeFrequency)
	swatchAt := func(k swatchKind, x int) color.RGBA {
		sr := test.WidgetRenderer(l.entries[k].swatch).(*swatchRenderer)
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
	if l.HeightFor(legendWidth) != statusHeight {
		t.Errorf("back to status the legend is %v high, was %v", l.HeightFor(legendWidth), statusHeight)
	}
	w.Resize(fyne.NewSize(legendWidth, statusHeight))
	checkLegendShows(t, l, r, ShadeStatus)
	if got, want := swatchAt(swHover, 0), color.RGBA(lightPalette.cell(int(registry.Unassigned)|int(registry.User)<<lutClassShift)); got != want {
		t.Errorf("back to status the hover swatch is drawn over %v, want %v", got, want)
	}
}
