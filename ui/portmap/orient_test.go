package portmap

import (
	"fmt"
	"image/color"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"

	"github.com/portolan/portolan/ui/internal/uitest"
)

// The fitted zoom is a whole number of pixels a port when that fills most
// of the room, and the room itself when it would not.
func TestFitZoomWholePixels(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		room, scale, want float32
	}{
		{512, 1, 2},
		{600, 1, 2},           // 512 of 600: whole pixels
		{396, 1, 396.0 / 256}, // 256 of 396 would leave a third blank
		{768, 1, 3},
		{512, 2, 2}, // 4 device pixels a port
		{300, 2, 1}, // 2 device pixels: 256 of 300
		{200, 1, 200.0 / 256},
	} {
		if got := fitZoomFor(c.room, c.scale); got != c.want {
			t.Errorf("fitZoomFor(%v, scale %v) = %v, want %v", c.room, c.scale, got, c.want)
		}
	}
}

// WidthFor is the width at which the map fills its height with no blank
// beside it; FitSide is the height it then takes.
func TestWidthForFillsTheHeight(t *testing.T) {
	for _, l := range Layouts {
		m, w := showMap(t, uitest.Embedded(t), fyne.NewSize(400, 400))
		m.SetLayout(l)
		for _, h := range []float32{536, 660, 800} {
			size := fyne.NewSize(m.WidthFor(h), h)
			w.Resize(size)
			z := m.Zoom()
			if z != float32(int(z)) {
				t.Errorf("%v at %v: zoom %v is not whole pixels", l, size, z)
			}
			if got := m.FitSide(size); got != Side*z+2*m.margin() {
				t.Errorf("%v at %v: FitSide %v, the map takes %v", l, size, got, Side*z+2*m.margin())
			}
			// Across, the map and its gutters use the width: less than a
			// cell is left on either side.
			left, right := m.gutterSizes()
			blank := size.Width - left - right - Side*z - 2*m.margin()
			if blank < 0 || blank > 2 {
				t.Errorf("%v at %v: %v units left blank across", l, size, blank)
			}
		}
	}
}

func TestEphemeralStripes(t *testing.T) {
	for _, zoom := range []float32{0, 64} {
		for _, l := range Layouts {
			t.Run(fmt.Sprintf("%v/zoom%v", l, zoom), func(t *testing.T) {
				m, _ := showMap(t, uitest.Embedded(t), fyne.NewSize(600, 600))
				m.SetLayout(l)
				if zoom > 0 {
					m.SetZoom(zoom)
				}
				m.ScrollTo(32800) // near the start of the range
				r := m.surface.r
				if r.eph.raster.Hidden {
					t.Fatal("the ephemeral range is not drawn")
				}
				k := r.ephKey
				w, h := int(k.size.Width), int(k.size.Height)
				img := r.drawStripes(w, h).(interface {
					NRGBAAt(x, y int) color.NRGBA
				})
				in, out, striped := 0, 0, 0
				for y := 0; y < h; y++ {
					for x := 0; x < w; x++ {
						pos := k.rect.AddXY(float32(x), float32(y)) // scale 1: a unit a pixel
						port, ok := m.portAt(pos)
						inRange := ok && port >= linuxEphemeral.Low && port <= linuxEphemeral.High
						want := inRange && onStripe(int(pos.X), int(pos.Y))
						got := img.NRGBAAt(x, y).A != 0
						if got != want {
							t.Fatalf("pixel %v (port %d, in range %v): striped %v, want %v", pos, port, inRange, got, want)
						}
						if inRange {
							in++
							if got {
								striped++
							}
						} else {
							out++
						}
					}
				}
				if in == 0 || out == 0 {
					t.Fatalf("bad fixture: %d pixels in the range, %d out", in, out)
				}
				// One pattern across cells: the share of stripe pixels is the
				// pattern's, whatever the zoom (a hatch per cell would not be).
				if share := float64(striped) / float64(in); share < 0.22 || share > 0.35 {
					t.Errorf("%.2f of the range's pixels are striped, want about %.2f", share, float64(stripeWidth)/stripePeriod)
				}
				m.showEphemeral(false)
				if !r.eph.raster.Hidden {
					t.Error("the stripes stay when the range is hidden")
				}
			})
		}
	}
}

func visibleTexts(objs []fyne.CanvasObject) []string {
	var out []string
	for _, o := range objs {
		if t, ok := o.(*canvas.Text); ok && !t.Hidden {
			out = append(out, t.Text)
		}
	}
	return out
}

func TestRowsGutter(t *testing.T) {
	m, _ := showMap(t, uitest.Embedded(t), fyne.NewSize(800, 600))
	g := m.r.gutter
	texts := visibleTexts(g.objects)
	for _, want := range []string{"0", "8192", "32768", "57344", "System", "User", "Dynamic", "0–1023", "1024–49151", "49152–65535"} {
		if !slices.Contains(texts, want) {
			t.Errorf("at the fit the gutters lack %q: %v", want, texts)
		}
	}
	// The range lines on the map: where 1024 and 49152 start.
	lines := 0
	for _, l := range m.surface.r.orient.lines {
		if !l.Hidden {
			lines++
			y := (l.Position1.Y - m.origin().Y) / m.Zoom()
			if y != 4 && y != 192 {
				t.Errorf("a range line at row %v", y)
			}
		}
	}
	if lines != 2 {
		t.Errorf("%d range lines, want 2", lines)
	}
	// Zoomed in on 60000: the rows in view are labelled, every other row,
	// and only Dynamic is named.
	m.Select(60000)
	m.SetZoom(24)
	texts = visibleTexts(g.objects)
	if !slices.Contains(texts, "59904") || !slices.Contains(texts, "60416") || slices.Contains(texts, "60160") ||
		slices.Contains(texts, "User") || !slices.Contains(texts, "Dynamic") {
		t.Errorf("at 24 px about 60000 the gutters show %v", texts)
	}
	for _, o := range g.rows {
		if !o.Hidden && (o.Position().Y < 0 || o.Position().Y > m.Size().Height) {
			t.Errorf("row label %q at %v, outside the map", o.Text, o.Position())
		}
	}
	// Hilbert has no gutters.
	m.SetLayout(Hilbert)
	if l, r := m.gutterSizes(); l != 0 || r != 0 || len(visibleTexts(g.objects)) != 0 {
		t.Errorf("Hilbert gutters %v %v, texts %v", l, r, visibleTexts(g.objects))
	}
}

func TestHilbertBlocksLabelled(t *testing.T) {
	m, _ := showMap(t, uitest.Embedded(t), fyne.NewSize(600, 600))
	m.SetLayout(Hilbert)
	texts := visibleTexts(m.surface.r.orient.objects)
	// At the fit: the sixteen blocks of 4096 ports, and the two ranges.
	for _, want := range []string{"0–4095", "4096–8191", "49152–53247", "61440–65535", "System 0–1023", "Dynamic 49152–65535"} {
		if !slices.Contains(texts, want) {
			t.Errorf("at the fit the map lacks %q: %v", want, texts)
		}
	}
	if n := len(texts); n != 18 {
		t.Errorf("%d labels at the fit, want 16 blocks and 2 ranges", n)
	}
	// Zoomed in, smaller blocks: 256 ports at 8 px a port, around the
	// selection.
	m.Select(20000)
	m.SetZoom(8)
	texts = visibleTexts(m.surface.r.orient.objects)
	if want := BlockText(20000, 4); want != "19968–20223" || !slices.Contains(texts, want) {
		t.Errorf("at 8 px the map lacks %q: %v", want, texts)
	}
	for _, txt := range texts {
		var lo, hi int
		if _, err := fmt.Sscanf(txt, "%d–%d", &lo, &hi); err == nil && hi-lo+1 != 256 {
			t.Errorf("at 8 px a block label %q is not 256 ports", txt)
		}
	}
}

// Zooming with the keys or the buttons keeps the selection where it is on
// screen, and in view, in and out; the zoom is said in words.
func TestZoomKeepsSelection(t *testing.T) {
	for _, l := range Layouts {
		m, w := showMap(t, uitest.Embedded(t), fyne.NewSize(700, 600))
		m.SetLayout(l)
		told := 0
		m.OnZoomChanged = func() { told++ }
		w.Canvas().Focus(m)
		for _, port := range []uint16{0, 290, 40000, 65535, 32768} {
			m.ZoomToFit()
			m.Select(port)
			x, y := l.Cell(port)
			at := func() fyne.Position { return m.cellPos(x, y).Subtract(m.scroll.Offset).AddXY(m.Zoom()/2, m.Zoom()/2) }
			for i := 0; i < 14; i++ {
				before := at()
				if i%2 == 0 {
					m.TypedRune('+')
				} else {
					m.ZoomIn()
				}
				if !m.InView(port) {
					t.Fatalf("%v: after zooming in to %v, %d is out of view", l, m.Zoom(), port)
				}
				// In place, unless the edge of the map stops the view, or
				// the cell grows into the margin kept clear of the scroll
				// bars and moves out of it.
				mg := m.margin()
				if d := at().Subtract(before); (d.X*d.X+d.Y*d.Y > mg*mg) && !atEdge(m) {
					t.Errorf("%v: zooming in to %v moved %d by %v on screen", l, m.Zoom(), port, d)
				}
			}
			if m.Zoom() != MaxZoom || m.ZoomText() != "64 px a port" {
				t.Errorf("%v: zoomed in to %v (%q)", l, m.Zoom(), m.ZoomText())
			}
			for range 14 {
				m.TypedRune('-')
				if !m.InView(port) {
					t.Fatalf("%v: after zooming out to %v, %d is out of view", l, m.Zoom(), port)
				}
			}
			if !m.Fitted() || !strings.HasPrefix(m.ZoomText(), "fit, ") {
				t.Errorf("%v: zoomed out to %v (%q)", l, m.Zoom(), m.ZoomText())
			}
		}
		if told < 20 {
			t.Errorf("%v: OnZoomChanged told %d times", l, told)
		}
	}
}

// atEdge tells whether the view is scrolled to an end of the map, where it
// cannot keep a cell in place.
func atEdge(m *Map) bool {
	off, v, c := m.scroll.Offset, m.viewSize(), m.surface.Size()
	return off.X <= 0 || off.Y <= 0 || off.X >= c.Width-v.Width-0.5 || off.Y >= c.Height-v.Height-0.5
}
