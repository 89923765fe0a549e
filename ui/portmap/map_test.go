package portmap

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"math/rand/v2"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/portolan/portolan/model"
	"github.com/portolan/portolan/registry"
	"github.com/portolan/portolan/ui/internal/uitest"
)

// variantTheme is the default theme held to one variant, so that tests do
// not depend on the test app's own theme.
type variantTheme struct {
	fyne.Theme
	v fyne.ThemeVariant
}

func (t variantTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return t.Theme.Color(n, t.v)
}

var (
	lightTheme = variantTheme{theme.DefaultTheme(), theme.VariantLight}
	darkTheme  = variantTheme{theme.DefaultTheme(), theme.VariantDark}
)

// linuxEphemeral is a fixed ephemeral range, so tests do not depend on the
// machine they run on.
var linuxEphemeral = model.EphemeralRange{Low: 32768, High: 60999, Source: "test"}

func space(reg *registry.Registry) *model.Space {
	return &model.Space{Reg: reg, Ephemeral: linuxEphemeral}
}

// showMap puts a map of reg in a window of the given size (no padding) in
// the light theme.
func showMap(t *testing.T, reg *registry.Registry, size fyne.Size) (*Map, fyne.Window) {
	t.Helper()
	test.NewTempApp(t)
	test.ApplyTheme(t, lightTheme)
	m := New(space(reg))
	w := test.NewTempWindow(t, m)
	w.SetPadded(false)
	w.Resize(size)
	if m.surface.r == nil {
		t.Fatal("the map was not rendered")
	}
	return m, w
}

// absPos is where obj is on the canvas (the test driver's answer is
// relative to the canvas's interactive area).
func absPos(obj fyne.CanvasObject) fyne.Position {
	c := fyne.CurrentApp().Driver().CanvasForObject(obj)
	inset, _ := c.InteractiveArea()
	return fyne.CurrentApp().Driver().AbsolutePositionForObject(obj).Add(inset)
}

// cellPoint is where, on the window's canvas, a pointer is over port's
// cell: found from the image's place on screen and the zoom, not from the
// map's own hit testing. fx, fy (0..1) pick a point inside the cell; the
// pointer is on a whole pixel, as a real one is (the pixel whose centre
// is nearest that point).
func cellPoint(m *Map, port uint16, fx, fy float32) fyne.Position {
	img := m.surface.r.image
	pos := absPos(img)
	scale := img.Size().Width / Side
	x, y := m.Layout().Cell(port)
	p := pos.Add(fyne.NewPos((float32(x)+fx)*scale, (float32(y)+fy)*scale))
	return fyne.NewPos(float32(math.Floor(float64(p.X))), float32(math.Floor(float64(p.Y))))
}

func cellCentre(m *Map, port uint16) fyne.Position { return cellPoint(m, port, 0.5, 0.5) }

// A tap on a cell selects its port, in both layouts, at three zoom levels
// and in two window sizes, over many ports; taps near a cell's corners too.
func TestTapSelectsPort(t *testing.T) {
	reg := uitest.Embedded(t)
	rng := rand.New(rand.NewPCG(1, 2))
	ports := []uint16{0, 1, 255, 256, 1023, 1024, 49151, 49152, 65280, 65535, 290, 443}
	for range 120 {
		ports = append(ports, uint16(rng.IntN(NumCells)))
	}
	for _, size := range []fyne.Size{{Width: 420, Height: 330}, {Width: 1000, Height: 760}} {
		for _, l := range Layouts {
			for _, zoom := range []float32{0, 8, 32} {
				t.Run(fmt.Sprintf("%vx%v/%v/zoom%v", size.Width, size.Height, l, zoom), func(t *testing.T) {
					m, w := showMap(t, reg, size)
					var got []uint16
					m.OnSelected = func(p uint16) { got = append(got, p) }
					m.SetLayout(l)
					if zoom == 0 {
						m.ZoomToFit()
					} else {
						m.SetZoom(zoom)
					}
					if want := zoom; want != 0 && m.Zoom() != want {
						t.Fatalf("zoom = %v, want %v", m.Zoom(), want)
					}
					if zoom == 0 && (!m.Fitted() || Side*m.Zoom() > fyne.Min(size.Width, size.Height)) {
						t.Fatalf("fitted zoom %v does not fit %v", m.Zoom(), size)
					}
					for i, p := range ports {
						m.ScrollTo(p)
						fx, fy := float32(0.5), float32(0.5)
						if i%3 == 1 {
							fx, fy = 0.1, 0.9
						} else if i%3 == 2 {
							fx, fy = 0.9, 0.1
						}
						if zoom == 0 {
							fx, fy = 0.5, 0.5 // cells of two pixels have no inside corners
						}
						pos := cellPoint(m, p, fx, fy)
						if pos.X < 0 || pos.Y < 0 || pos.X >= size.Width || pos.Y >= size.Height {
							t.Fatalf("port %d is at %v, off the %v window after ScrollTo", p, pos, size)
						}
						test.TapCanvas(w.Canvas(), pos)
						if sel, ok := m.Selected(); !ok || sel != p {
							t.Fatalf("tap at %v (port %d) selected %d (ok %v)", pos, p, sel, ok)
						}
						if len(got) == 0 || got[len(got)-1] != p {
							t.Fatalf("OnSelected not called with %d: %v", p, got)
						}
					}
				})
			}
		}
	}
}

func TestTapOutsideTheMapSelectsNothing(t *testing.T) {
	m, w := showMap(t, uitest.Embedded(t), fyne.NewSize(600, 400))
	called := false
	m.OnSelected = func(uint16) { called = true }
	// The map is square and centred: the left strip of the surface is empty.
	test.TapCanvas(w.Canvas(), absPos(m.surface).AddXY(5, 200))
	if _, ok := m.Selected(); ok || called {
		t.Error("a tap beside the map selected a port")
	}
	if w.Canvas().Focused() != m {
		t.Error("a tap on the map did not give it the keyboard focus")
	}
}

func TestKeysMoveSelection(t *testing.T) {
	for _, l := range Layouts {
		t.Run(l.String(), func(t *testing.T) {
			m, w := showMap(t, uitest.Embedded(t), fyne.NewSize(600, 600))
			m.SetLayout(l)
			m.SetZoom(16)
			var got []uint16
			m.OnSelected = func(p uint16) { got = append(got, p) }
			w.Canvas().Focus(m)
			key := func(k fyne.KeyName) { m.TypedKey(&fyne.KeyEvent{Name: k}) }
			sel := func() int {
				p, ok := m.Selected()
				if !ok {
					return -1
				}
				return int(p)
			}
			m.Select(290)
			x, y := l.Cell(290)
			right, _ := l.Port(x+1, y)
			down, _ := l.Port(x, y+1)
			if l == Rows {
				right, down = 291, 546
			}
			key(fyne.KeyRight)
			if sel() != int(right) {
				t.Errorf("Right from 290 = %d, want %d", sel(), right)
			}
			key(fyne.KeyLeft)
			if sel() != 290 {
				t.Errorf("Left back = %d, want 290", sel())
			}
			key(fyne.KeyDown)
			if sel() != int(down) {
				t.Errorf("Down from 290 = %d, want %d", sel(), down)
			}
			key(fyne.KeyUp)
			// Page Down and Up move a screenful: the rows of cells in view
			// but one, and the view with them.
			rows := int(m.viewSize().Height/m.Zoom()) - 1
			pageDown := l.Vertical(290, rows)
			pageUpTwice := l.Vertical(l.Vertical(pageDown, -rows), -rows)
			if _, y1 := l.Cell(pageDown); y1-y != rows {
				t.Fatalf("bad fixture: %d rows down from 290 is %d", rows, pageDown)
			}
			before := m.scroll.Offset
			key(fyne.KeyPageDown)
			if sel() != int(pageDown) || !m.InView(pageDown) {
				t.Errorf("Page Down from 290 = %d (visible %v), want %d, %d rows down", sel(), m.InView(pageDown), pageDown, rows)
			}
			if moved := m.scroll.Offset.Y - before.Y; moved < float32(rows-2)*m.Zoom() {
				t.Errorf("Page Down scrolled %v, less than a screen (%v)", moved, float32(rows)*m.Zoom())
			}
			key(fyne.KeyPageUp)
			key(fyne.KeyPageUp)
			if sel() != int(pageUpTwice) {
				t.Errorf("Page Up twice = %d, want %d (the top row)", sel(), pageUpTwice)
			}
			key(fyne.KeyEnd)
			if sel() != 65535 {
				t.Errorf("End = %d", sel())
			}
			key(fyne.KeyHome)
			if sel() != 0 {
				t.Errorf("Home = %d", sel())
			}
			key(fyne.KeyUp) // at the edge: stays
			if sel() != 0 {
				t.Errorf("Up from 0 = %d", sel())
			}
			// Typing a number and Enter jumps to it, and scrolls it into view.
			test.Type(m, "8080")
			if m.typedText() != "8080" {
				t.Errorf("typed = %q", m.typedText())
			}
			key(fyne.KeyReturn)
			if sel() != 8080 || m.typedText() != "" {
				t.Errorf("jump: selected %d, typed %q", sel(), m.typedText())
			}
			if !m.InView(8080) {
				t.Error("the port jumped to is not in view")
			}
			// A digit that would make no port is refused; Backspace and
			// Escape edit the number.
			test.Type(m, "70000")
			if m.typedText() != "7000" {
				t.Errorf("typed 70000 = %q, want 7000", m.typedText())
			}
			key(fyne.KeyBackspace)
			if m.typedText() != "700" {
				t.Errorf("after Backspace = %q", m.typedText())
			}
			key(fyne.KeyEscape)
			key(fyne.KeyReturn)
			if m.typedText() != "" || sel() != 8080 {
				t.Errorf("after Escape and Enter: typed %q, selected %d", m.typedText(), sel())
			}
			want := []uint16{290, right, 290, down, 290, pageDown, 290, pageUpTwice, 65535, 0, 8080}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("OnSelected calls %v, want %v", got, want)
			}
		})
	}
}

func TestHoverStatusText(t *testing.T) {
	m, w := showMap(t, uitest.Embedded(t), fyne.NewSize(600, 600))
	type call struct {
		port int
		text string
	}
	var calls []call
	m.OnHover = func(port int, text string) { calls = append(calls, call{port, text}) }
	for _, l := range Layouts {
		m.SetLayout(l)
		calls = calls[:0]
		test.MoveMouse(w.Canvas(), cellCentre(m, 290))
		test.MoveMouse(w.Canvas(), cellPoint(m, 290, 0.2, 0.8)) // same cell: no new call
		want := call{290, "290 · unassigned · System · run 288-299"}
		if len(calls) != 1 || calls[0] != want {
			t.Errorf("%v: hover calls %+v, want one %+v", l, calls, want)
		}
		test.MoveMouse(w.Canvas(), cellCentre(m, 22))
		if last := calls[len(calls)-1]; last.port != 22 || last.text != "22 ssh · assigned · System" {
			t.Errorf("%v: hover 22 = %+v", l, last)
		}
		test.MoveMouse(w.Canvas(), cellCentre(m, 50000))
		if last := calls[len(calls)-1]; last.text != "50000 · unassigned · Dynamic · run 49152-65535 · ephemeral" {
			t.Errorf("%v: hover 50000 = %+v", l, last)
		}
		test.MoveMouse(w.Canvas(), fyne.NewPos(2, 2)) // the margin: off the map
		if last := calls[len(calls)-1]; last.port != -1 || last.text != "" {
			t.Errorf("%v: leaving the cells gave %+v, want -1 and no text", l, last)
		}
		test.MoveMouse(w.Canvas(), cellCentre(m, 300))
		m.SetProtocol(registry.UDP) // the text follows the protocol view
		if last := calls[len(calls)-1]; last.text != "300 · reserved · System" {
			t.Errorf("%v: 300/udp = %+v", l, last)
		}
		m.SetProtocol(registry.ProtoNone)
	}
}

// udpOnly is a tiny registry: 716 assigned on udp only, the rest of the
// System range unassigned.
func udpOnly() *registry.Registry {
	b := registry.NewBuilder("test")
	b.Add(registry.Record{HasPort: true, Low: 1, High: 715, Description: "Unassigned"})
	b.Add(registry.Record{HasPort: true, Low: 717, High: 1023, Description: "Unassigned"})
	b.Add(registry.Record{Service: "pana", HasPort: true, Low: 716, High: 716, Protocol: registry.UDP, Description: "PANA Messages"})
	return b.Build()
}

func TestProtocolChangesShading(t *testing.T) {
	m, _ := showMap(t, udpOnly(), fyne.NewSize(300, 300))
	colour := func(p registry.Protocol) color.RGBA {
		m.SetProtocol(p)
		if m.Protocol() != p {
			t.Fatalf("protocol = %v, want %v", m.Protocol(), p)
		}
		return m.CellColor(716)
	}
	want := func(st registry.Status) color.RGBA {
		return color.RGBA(lightPalette.cell(int(st) | int(registry.System)<<lutClassShift))
	}
	if got := colour(registry.ProtoNone); got != want(registry.Assigned) {
		t.Errorf("716 any = %v, want the assigned colour %v", got, want(registry.Assigned))
	}
	if got := colour(registry.TCP); got != want(registry.NotListed) {
		t.Errorf("716/tcp = %v, want the not-listed colour %v", got, want(registry.NotListed))
	}
	if got := colour(registry.UDP); got != want(registry.Assigned) {
		t.Errorf("716/udp = %v, want the assigned colour", got)
	}
	if got := colour(registry.SCTP); got != want(registry.NotListed) {
		t.Errorf("716/sctp = %v, want the not-listed colour", got)
	}
	// Its unassigned neighbour keeps its colour in every view.
	m.SetProtocol(registry.TCP)
	if got := m.CellColor(715); got != want(registry.Unassigned) {
		t.Errorf("715/tcp = %v, want the unassigned colour", got)
	}
	// The pixel of the image is the one at the port's cell.
	x, y := m.Layout().Cell(716)
	if m.Image().RGBAAt(x, y) != want(registry.NotListed) {
		t.Error("CellColor does not read the image")
	}
}

// Hover and selection move small shapes: the image is not repainted.
// Overlays that live in the image do repaint it, once.
func TestHoverAndSelectionDoNotRepaint(t *testing.T) {
	m, w := showMap(t, uitest.Embedded(t), fyne.NewSize(600, 600))
	before := m.paintCount()
	if before == 0 {
		t.Fatal("the map never painted")
	}
	hover := m.surface.r.hover
	for _, p := range []uint16{22, 80, 290, 443, 8080, 50000} {
		test.MoveMouse(w.Canvas(), cellCentre(m, p))
		if m.Hovered() != int(p) || hover.Hidden {
			t.Fatalf("hovered %d, shape hidden %v; want %d shown", m.Hovered(), hover.Hidden, p)
		}
		x, y := m.Layout().Cell(p)
		c := m.cellPos(x, y)
		centre := hover.Position().Add(fyne.NewPos(hover.Size().Width/2, hover.Size().Height/2))
		if d := centre.Subtract(c.Add(fyne.NewPos(m.Zoom()/2, m.Zoom()/2))); d.X*d.X+d.Y*d.Y > 0.01 {
			t.Fatalf("the hover shape is not centred on %d's cell", p)
		}
		test.TapCanvas(w.Canvas(), cellCentre(m, p))
		m.TypedKey(&fyne.KeyEvent{Name: fyne.KeyRight})
	}
	m.Select(1234)
	m.SetZoom(8)
	m.ScrollTo(40000)
	test.MoveMouse(w.Canvas(), fyne.NewPos(1, 1))
	m.SetListenerMarks([]Mark{{Port: 22}, {Port: 6003, Flagged: true}})
	if got := m.paintCount(); got != before {
		t.Errorf("hover, selection, zoom and marks repainted the image %d times", got-before)
	}
	m.SetProtocol(registry.TCP)
	if got := m.paintCount(); got != before+1 {
		t.Errorf("a protocol switch repainted %d times, want once", got-before)
	}
	m.SetSearchHits([]registry.PortRun{{From: 80, To: 80}})
	m.setSelectedRange(100, 200)
	m.showEphemeral(false) // drawn over the image: no repaint
	m.SetLayout(Hilbert)
	if got := m.paintCount(); got != before+4 {
		t.Errorf("three overlay changes repainted %d times, want 3", got-before-1)
	}
}

func TestZoom(t *testing.T) {
	m, w := showMap(t, uitest.Embedded(t), fyne.NewSize(700, 500))
	fit := m.Zoom()
	if !m.Fitted() || Side*fit > 500 || Side*fit < 500-2*m.margin()-1 {
		t.Fatalf("fit zoom %v in a 700x500 window", fit)
	}
	if m.scroll.Offset != (fyne.Position{}) {
		t.Errorf("fitted map scrolled to %v", m.scroll.Offset)
	}
	m.ZoomIn()
	if m.Zoom() != 2 || m.Fitted() {
		t.Errorf("zoom in from %v = %v, want 2", fit, m.Zoom())
	}
	for range 20 {
		m.ZoomIn()
	}
	if m.Zoom() != MaxZoom {
		t.Errorf("zoom in to the end = %v, want %v", m.Zoom(), MaxZoom)
	}
	if s := m.surface.Size(); s.Width < Side*MaxZoom || s.Height < Side*MaxZoom {
		t.Errorf("at zoom %v the content is %v", m.Zoom(), s)
	}
	m.ZoomOut()
	if m.Zoom() != 48 {
		t.Errorf("zoom out from 64 = %v, want 48", m.Zoom())
	}
	m.SetZoom(1000)
	if m.Zoom() != MaxZoom {
		t.Errorf("SetZoom(1000) = %v", m.Zoom())
	}
	m.SetZoom(0.01)
	if m.Zoom() != fit || !m.Fitted() {
		t.Errorf("SetZoom(0.01) = %v, want the fit %v", m.Zoom(), fit)
	}
	// The fitted zoom follows the window.
	w.Resize(fyne.NewSize(900, 900))
	if m.Zoom() <= fit || Side*m.Zoom() > 900 {
		t.Errorf("fit after growing = %v", m.Zoom())
	}
	w.Resize(fyne.NewSize(700, 500))

	// Ctrl+wheel zooms around the pointer: the port under it stays.
	ctrl := fyne.KeyModifierControl
	held := fyne.KeyModifier(0)
	m.modifiers = func() fyne.KeyModifier { return held }
	m.SetZoom(8)
	m.ScrollTo(20000)
	pos := cellCentre(m, 20000)
	test.MoveMouse(w.Canvas(), pos)
	if m.Hovered() != 20000 {
		t.Fatalf("hovered %d, want 20000", m.Hovered())
	}
	held = ctrl
	for range 4 {
		wheel(m, pos, 10) // wheel forward, one notch
	}
	if m.Zoom() < 15.9 || m.Zoom() > 16.1 {
		t.Errorf("four notches of ctrl+wheel from 8 = %v, want 16", m.Zoom())
	}
	if m.Hovered() != 20000 {
		t.Errorf("after zooming around the pointer it is over %d, want 20000", m.Hovered())
	}
	if got := portUnder(m, w, pos); got != 20000 {
		t.Errorf("port drawn under the pointer = %d, want 20000", got)
	}
	// Around the pointer also from the fitted zoom (in a square window: in
	// a wide one the map stays centred across until it is wider than the
	// window).
	w.Resize(fyne.NewSize(600, 600))
	m.ZoomToFit()
	fit600 := m.Zoom()
	pos = cellCentre(m, 33333)
	test.MoveMouse(w.Canvas(), pos)
	held = ctrl
	wheel(m, pos, 10)
	if m.Fitted() || portUnder(m, w, pos) != 33333 || m.Hovered() != 33333 {
		t.Errorf("ctrl+wheel from the fit: zoom %v, port under the pointer %d, hovered %d", m.Zoom(), portUnder(m, w, pos), m.Hovered())
	}
	wheel(m, pos, -100) // far out: back to the fit, not beyond
	if !m.Fitted() || m.Zoom() != fit600 {
		t.Errorf("ctrl+wheel out = %v, want the fit %v", m.Zoom(), fit600)
	}
	w.Resize(fyne.NewSize(700, 500))
	m.SetZoom(16)
	m.ScrollTo(20000)
	pos = cellCentre(m, 20000)
	test.MoveMouse(w.Canvas(), pos)
	// + and - zoom around the pointer too.
	m.TypedRune('+')
	if m.Zoom() != 24 || portUnder(m, w, pos) != 20000 {
		t.Errorf("+: zoom %v, port under the pointer %d", m.Zoom(), portUnder(m, w, pos))
	}
	m.TypedRune('-')
	m.TypedRune('-')
	if m.Zoom() != 12 || portUnder(m, w, pos) != 20000 {
		t.Errorf("- -: zoom %v, port under the pointer %d", m.Zoom(), portUnder(m, w, pos))
	}
	// Without Ctrl the wheel scrolls, and the hover follows the map.
	held = 0
	before := m.scroll.Offset
	wheel(m, pos, -10*m.Zoom())
	if m.scroll.Offset.Y <= before.Y || m.Zoom() != 12 {
		t.Errorf("wheel: offset %v -> %v, zoom %v", before, m.scroll.Offset, m.Zoom())
	}
	if got := portUnder(m, w, pos); m.Hovered() != int(got) {
		t.Errorf("after scrolling hovered %d, the pointer is over %d", m.Hovered(), got)
	}
	m.ZoomToFit()
	if !m.Fitted() || m.Zoom() != fit {
		t.Errorf("ZoomToFit = %v", m.Zoom())
	}
}

// wheel turns the mouse wheel over pos (canvas coordinates) as the desktop
// driver does; test.Scroll leaves the event's position empty.
func wheel(m *Map, pos fyne.Position, dy float32) {
	ev := &fyne.ScrollEvent{Scrolled: fyne.NewDelta(0, dy)}
	ev.AbsolutePosition = pos
	ev.Position = pos.Subtract(absPos(m.surface))
	m.surface.Scrolled(ev)
}

// portUnder is the port whose cell is drawn at the pixel at pos, found
// from the image's place on screen.
func portUnder(m *Map, w fyne.Window, pos fyne.Position) int {
	img := m.surface.r.image
	o := absPos(img)
	scale := img.Size().Width / Side
	// the cell drawn at the centre of the pixel at pos
	p, ok := m.Layout().Port(int((pos.X+0.5-o.X)/scale), int((pos.Y+0.5-o.Y)/scale))
	if !ok {
		return -1
	}
	return int(p)
}

// Port numbers show from LabelZoom, in the visible cells only.
func TestLabels(t *testing.T) {
	m, _ := showMap(t, uitest.Embedded(t), fyne.NewSize(640, 480))
	visible := func() map[string]bool {
		out := map[string]bool{}
		for _, l := range m.surface.r.labels {
			if !l.Hidden {
				out[l.Text] = true
			}
		}
		return out
	}
	if LabelZoom > 32 {
		t.Fatalf("labels start at zoom %v, beyond the 32 the map must reach", LabelZoom)
	}
	m.SetZoom(LabelZoom / 2)
	if n := len(visible()); n != 0 {
		t.Errorf("at zoom %v, %d labels show", m.Zoom(), n)
	}
	for _, l := range Layouts {
		m.SetLayout(l)
		m.SetZoom(LabelZoom)
		m.Select(4321)
		shown := visible()
		if !shown["4321"] {
			t.Errorf("%v: the selected cell has no label", l)
		}
		count := 0
		for p := 0; p < NumCells; p++ {
			if cellIntersectsView(m, uint16(p)) {
				count++
				if !shown[fmt.Sprint(p)] {
					t.Fatalf("%v: visible port %d has no label", l, p)
				}
			}
		}
		if len(shown) != count {
			t.Errorf("%v: %d labels for %d visible cells", l, len(shown), count)
		}
		if len(m.surface.r.labels) > 2*count {
			t.Errorf("%v: a pool of %d labels for %d cells", l, len(m.surface.r.labels), count)
		}
		// Scrolling keeps them on the visible cells.
		m.ScrollTo(60000)
		shown = visible()
		if !shown["60000"] || shown["4321"] {
			t.Errorf("%v: after scrolling 60000 shown %v, 4321 shown %v", l, shown["60000"], shown["4321"])
		}
	}
}

func cellIntersectsView(m *Map, port uint16) bool {
	x, y := m.Layout().Cell(port)
	p := m.cellPos(x, y).Subtract(m.scroll.Offset)
	v := m.viewSize()
	return p.X+m.Zoom() > 0 && p.Y+m.Zoom() > 0 && p.X < v.Width && p.Y < v.Height
}

func TestDragSelectsRange(t *testing.T) {
	for _, l := range Layouts {
		m, w := showMap(t, uitest.Embedded(t), fyne.NewSize(600, 600))
		m.SetLayout(l)
		var lo, hi int = -1, -1
		m.OnRangeSelected = func(a, b uint16) { lo, hi = int(a), int(b) }
		base := absPos(m.surface)
		from, to := cellCentre(m, 5000).Subtract(base), cellCentre(m, 3000).Subtract(base)
		mid := fyne.NewPos((from.X+to.X)/2, (from.Y+to.Y)/2)
		m.surface.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: mid}, Dragged: fyne.NewDelta(mid.X-from.X, mid.Y-from.Y)})
		m.surface.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: to}, Dragged: fyne.NewDelta(to.X-mid.X, to.Y-mid.Y)})
		if a, b, ok := m.SelectedRange(); !ok || a != 3000 || b != 5000 {
			t.Errorf("%v: range while dragging = %d-%d %v", l, a, b, ok)
		}
		if lo != -1 {
			t.Errorf("%v: OnRangeSelected before the drag ended", l)
		}
		m.surface.DragEnd()
		if lo != 3000 || hi != 5000 {
			t.Errorf("%v: OnRangeSelected(%d, %d), want 3000-5000", l, lo, hi)
		}
		if len(m.outline) == 0 || m.surface.r.lines[0].Hidden {
			t.Errorf("%v: the range has no outline", l)
		}
		inRange := m.CellColor(4000)
		m.clearSelectedRange()
		if m.CellColor(4000) == inRange {
			t.Errorf("%v: the range tint stayed after clearing", l)
		}
		for _, ln := range m.surface.r.lines {
			if !ln.Hidden {
				t.Fatalf("%v: an outline line stayed after clearing", l)
			}
		}
		// A drag that never leaves its cell is a tap: it selects.
		c := cellCentre(m, 777).Subtract(base)
		m.surface.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: c}, Dragged: fyne.NewDelta(0.4, 0.3)})
		m.surface.DragEnd()
		if p, ok := m.Selected(); !ok || p != 777 {
			t.Errorf("%v: a shaky tap on 777 selected %d %v", l, p, ok)
		}
		if _, _, ok := m.SelectedRange(); ok {
			t.Errorf("%v: a shaky tap selected a range", l)
		}
		if w.Canvas().Focused() != m {
			t.Errorf("%v: dragging on the map did not focus it", l)
		}
	}
}

func TestOverlaysInImage(t *testing.T) {
	m, _ := showMap(t, uitest.Embedded(t), fyne.NewSize(300, 300))
	pal := &lightPalette
	idx := func(port uint16) int {
		reg := m.Space().Reg
		i := int(reg.Status(port, m.Protocol())) | int(registry.ClassOf(port))<<lutClassShift
		if reg.Unauthorized(port) {
			i |= lutUnauthBit
		}
		return i
	}
	// The ephemeral range is striped over the image, not painted in it.
	if got, want := m.CellColor(32768), color.RGBA(pal.cell(idx(32768))); got != want {
		t.Errorf("first ephemeral port = %v, want its status colour %v", got, want)
	}
	if got, want := m.CellColor(6003), color.RGBA(pal.cell(idx(6003))); got != want || idx(6003)&lutUnauthBit == 0 {
		t.Errorf("6003 (known unauthorized use) = %v, want %v", got, want)
	}
	m.SetSearchHits([]registry.PortRun{{From: 22, To: 22}, {From: 8000, To: 8010}})
	if m.CellColor(22) != color.RGBA(pal.hit) || m.CellColor(8005) != color.RGBA(pal.hit) {
		t.Error("search hits are not drawn in the hit colour")
	}
	if got, want := m.CellColor(23), color.RGBA(pal.cell(idx(23)|lutFadeBit)); got != want {
		t.Errorf("a port that is no hit = %v, want faded %v", got, want)
	}
	if len(m.surface.r.rings) == 0 || m.surface.r.rings[0].Hidden {
		t.Error("a lone hit has no ring")
	}
	m.SetSearchHits(nil)
	if got, want := m.CellColor(23), color.RGBA(pal.cell(idx(23))); got != want {
		t.Errorf("after clearing the hits 23 = %v, want %v", got, want)
	}
	m.SetListenerMarks([]Mark{{Port: 22}, {Port: 6003, Flagged: true}, {Port: 631}})
	r := m.surface.r
	if r.marks.raster.Hidden {
		t.Fatal("the listener marks are not drawn")
	}
	// The raster, drawn as Fyne would: the centre of each mark in its
	// colour, and nothing between the marks.
	k := r.marks.key
	img := r.drawMarks(int(k.size.Width), int(k.size.Height)).(*image.NRGBA)
	at := func(port uint16) color.NRGBA {
		x, y := m.layout.Cell(port)
		c, _ := markShape(m.cellPos(x, y), m.zoom)
		return img.NRGBAAt(int(c.X-k.rect.X), int(c.Y-k.rect.Y))
	}
	if got := at(6003); got != pal.flagged {
		t.Errorf("the flagged mark of 6003 is %v, want %v", got, pal.flagged)
	}
	if got := at(22); got != pal.listener {
		t.Errorf("the mark of 22 is %v, want %v", got, pal.listener)
	}
	if got := at(40000); got.A != 0 {
		t.Errorf("there is a mark at 40000: %v", got)
	}
	// The same marks again draw nothing; none hide the raster.
	before := r.marks.key
	m.SetListenerMarks([]Mark{{Port: 22}, {Port: 6003, Flagged: true}, {Port: 631}})
	if r.marks.key != before {
		t.Error("the same marks drew the raster again")
	}
	m.SetListenerMarks(nil)
	if !r.marks.raster.Hidden {
		t.Fatal("the marks stay after clearing")
	}
}

// The palette follows the theme: switching to dark repaints the image in
// the dark palette.
func TestThemeSwitch(t *testing.T) {
	m, w := showMap(t, uitest.Embedded(t), fyne.NewSize(300, 300))
	light := m.CellColor(50000)
	before := m.paintCount()
	test.ApplyTheme(t, darkTheme)
	w.Canvas().Content().Refresh()
	if m.paintCount() != before+1 {
		t.Errorf("theme switch repainted %d times", m.paintCount()-before)
	}
	dark := m.CellColor(50000)
	if dark == light || luminance(dark) > luminance(light) {
		t.Errorf("unassigned Dynamic cell: light %v, dark %v", light, dark)
	}
	if dark != color.RGBA(darkPalette.unassigned[registry.Dynamic]) {
		t.Errorf("dark Dynamic cell = %v", dark)
	}
}

func TestSetSpace(t *testing.T) {
	m, _ := showMap(t, udpOnly(), fyne.NewSize(300, 300))
	if m.CellColor(22) == m.CellColor(716) {
		t.Fatal("fixture: 22 and 716 look the same")
	}
	m.SetSpace(space(uitest.Embedded(t)))
	if m.CellColor(22) != m.CellColor(716) {
		t.Error("after swapping in the embedded registry 22 and 716 (both assigned) differ")
	}
	m.SetSpace(nil)
	if m.CellColor(22) != color.RGBA(lightPalette.unassigned[registry.System]) {
		t.Error("a nil space does not show an empty map")
	}
}

func TestSetSelectionReportsNothing(t *testing.T) {
	m, _ := showMap(t, uitest.Embedded(t), fyne.NewSize(600, 600))
	calls := 0
	m.OnSelected = func(uint16) { calls++ }
	m.OnRangeSelected = func(uint16, uint16) { calls++ }
	m.SetSelection(model.PortSelection(290))
	if p, ok := m.Selected(); !ok || p != 290 {
		t.Errorf("selected %d %v, want 290", p, ok)
	}
	m.SetSelection(model.RangeSelection(8000, 8100))
	if lo, hi, ok := m.SelectedRange(); !ok || lo != 8000 || hi != 8100 {
		t.Errorf("range %d-%d %v, want 8000-8100", lo, hi, ok)
	}
	m.SetSelection(model.PortSelection(22))
	if _, _, ok := m.SelectedRange(); ok {
		t.Error("a port selection left the range drawn")
	}
	if calls != 0 {
		t.Errorf("the owner's selection was reported back %d times", calls)
	}
	m.Select(23) // as a key does
	if calls != 1 {
		t.Errorf("a user's selection was reported %d times, want once", calls)
	}
}
