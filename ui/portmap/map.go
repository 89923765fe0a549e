// Package portmap is Portolan's port-map widget: every one of the 65,536
// ports as one cell, drawn one pixel per port into a reused 256x256 image
// that Fyne scales, so a repaint costs the same at any zoom. Hover,
// selection, listener marks, range outlines and port numbers are small
// canvas objects over that image; changing them never repaints it.
//
// A cell is shaded by its registry status, or (shading.go) by how often
// nmap finds the port open.
//
// The geometry (layout.go), colours (palette.go) and paint pass (paint.go)
// import no Fyne; map.go, shading.go and surface.go are the widget,
// legend.go its key.
package portmap

import (
	"image"
	"image/color"
	"math"
	"strconv"
	"sync"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/portolan/portolan/model"
	"github.com/portolan/portolan/registry"
)

const (
	// MaxZoom is the largest zoom, in pixels (Fyne units) per port.
	MaxZoom = 64
	// LabelZoom is the zoom from which visible cells show their port number.
	LabelZoom = 32
)

// zoomSteps are the stops of ZoomIn and ZoomOut; below the first is "fit".
var zoomSteps = [...]float32{1, 1.5, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64}

// Mark is a live listener to show on the map; Flagged ones (unexpected,
// worth a look) are drawn in the alert colour.
type Mark struct {
	Port    uint16
	Flagged bool
}

var (
	_ fyne.Widget    = (*Map)(nil)
	_ fyne.Focusable = (*Map)(nil)
)

// Map is the port-map widget. Create it with New; like every widget it must
// be used from the Fyne goroutine (fyne.Do from others).
type Map struct {
	widget.BaseWidget

	// OnHover is called when the pointer moves onto another cell, with the
	// port and its one-line summary ("290 · unassigned · System · run
	// 288-299", and in the frequency shading "· nmap: found open 0.0123"
	// or "· not in nmap's list" after it); port is -1 and text "" when the
	// pointer leaves the map.
	OnHover func(port int, text string) `json:"-"`
	// OnSelected is called when the user selects another port: a tap, a
	// key, a typed jump, or Select (not SetSelection).
	OnSelected func(port uint16) `json:"-"`
	// OnRangeSelected is called when a drag over the map ends, with the
	// ports between the cell where it started and the one where it ended.
	OnRangeSelected func(lo, hi uint16) `json:"-"`

	space   *model.Space
	layout  Layout
	proto   registry.Protocol
	showEph bool

	zoom    float32 // Fyne units per port
	fit     bool    // zoom follows the window so the whole map fits
	pending int     // a port to scroll to once laid out, or -1

	selected int // -1: none
	hovered  int // -1: none
	// pointer is where the mouse is over the surface, when pointerIn.
	pointer   fyne.Position
	pointerIn bool

	rangeOn          bool
	rangeLo, rangeHi uint16
	outline          []Segment // of the selected range, in cells

	hitsOn bool
	hits   hitSet
	// hitRings are the first ports of small hit runs, ringed so that a
	// lone hit stands out at any zoom (only when there are few).
	hitRings []uint16
	marks    []Mark

	typed   []byte // digits typed for a jump
	focused bool

	// the frequency shading: the shade function, the nmap-services it
	// reads when set by ShadeByNmap, and the level of every port for the
	// current protocol (computed when either changes, never per paint).
	shading Shading
	shadeFn ShadeFunc
	nmap    *registry.NmapServices
	shades  [NumCells]uint8

	img    *image.RGBA // the 256x256 image, one pixel per port
	tab    lut         // colours of the status shading
	stab   lut         // colours of the frequency shading
	pal    *palette
	dirty  bool
	paints atomic.Int64

	surface *surface
	scroll  *container.Scroll
	r       *mapRenderer // while a renderer exists
}

// New makes a map of space (nil shows an empty registry) in the Rows
// layout, combined protocol view, zoomed to fit, with the ephemeral range
// shown.
func New(space *model.Space) *Map {
	m := &Map{
		layout:   Rows,
		showEph:  true,
		fit:      true,
		zoom:     1,
		pending:  -1,
		selected: -1,
		hovered:  -1,
		img:      image.NewRGBA(image.Rect(0, 0, Side, Side)),
		dirty:    true,
	}
	m.setSpace(space)
	m.surface = newSurface(m)
	m.scroll = container.NewScroll(m.surface)
	m.scroll.OnScrolled = func(fyne.Position) { m.surface.viewMoved() }
	m.ExtendBaseWidget(m)
	return m
}

// emptyRegistry stands in for a missing one: every port unassigned.
var emptyRegistry = sync.OnceValue(func() *registry.Registry {
	return registry.NewBuilder("no registry").Build()
})

func (m *Map) setSpace(s *model.Space) {
	if s == nil || s.Reg == nil {
		s = &model.Space{Reg: emptyRegistry()}
	}
	m.space = s
}

// CreateRenderer is a private method to Fyne which links this widget to its
// renderer.
func (m *Map) CreateRenderer() fyne.WidgetRenderer {
	m.ExtendBaseWidget(m)
	r := &mapRenderer{m: m}
	r.focus.FillColor = color.Transparent
	r.focus.StrokeWidth = 2
	r.focus.Hide()
	r.typedBox.Hide()
	r.typedText.Hide()
	r.typedText.TextStyle.Monospace = true
	r.objects = []fyne.CanvasObject{m.scroll, &r.focus, &r.typedBox, &r.typedText}
	r.applyTheme()
	m.r = r
	return r
}

// MinSize returns the size that this widget should not shrink below.
func (m *Map) MinSize() fyne.Size {
	m.ExtendBaseWidget(m)
	return m.BaseWidget.MinSize()
}

// PaintCount is how many times the image has been repainted: tests use it
// to prove that hover and selection never repaint.
func (m *Map) PaintCount() int { return int(m.paints.Load()) }

// Image is the 256x256 image the map shows, one pixel per port (pixel
// (x, y) is the port Layout().Port(x, y)). Do not modify it.
func (m *Map) Image() *image.RGBA { return m.img }

// CellColor is the colour the map gives port now (overlays included).
func (m *Map) CellColor(port uint16) color.RGBA {
	x, y := m.layout.Cell(port)
	return m.img.RGBAAt(x, y)
}

// Space is the registry and ephemeral range shown.
func (m *Map) Space() *model.Space { return m.space }

// SetSpace swaps the registry (and ephemeral range) shown.
func (m *Map) SetSpace(s *model.Space) {
	m.setSpace(s)
	m.invalidate()
	m.refreshHoverText()
}

// Layout is the current layout.
func (m *Map) Layout() Layout { return m.layout }

// SetLayout switches between Rows and Hilbert. The selection stays and is
// scrolled into view.
func (m *Map) SetLayout(l Layout) {
	if l == m.layout || (l != Rows && l != Hilbert) {
		return
	}
	m.layout = l
	m.updateOutline()
	m.invalidate()
	if m.selected >= 0 {
		m.ScrollTo(uint16(m.selected))
	}
	if m.pointerIn {
		m.hoverAt(m.pointer)
	}
}

// Protocol is the protocol view: registry.TCP, UDP, SCTP, DCCP, or
// registry.ProtoNone for the combined "any protocol" status.
func (m *Map) Protocol() registry.Protocol { return m.proto }

// SetProtocol switches the protocol view.
func (m *Map) SetProtocol(p registry.Protocol) {
	if p == m.proto || p > registry.DCCP {
		return
	}
	m.proto = p
	m.computeShades()
	m.invalidate()
	m.refreshHoverText()
}

// ShowEphemeral shows or hides the hatch over this machine's ephemeral port
// range (the Space's Ephemeral).
func (m *Map) ShowEphemeral(show bool) {
	if show == m.showEph {
		return
	}
	m.showEph = show
	m.invalidate()
}

// EphemeralShown tells whether the ephemeral range is drawn.
func (m *Map) EphemeralShown() bool { return m.showEph }

// SetSearchHits marks the ports of runs as search hits (drawn in ink, the
// other cells faded); nil or empty clears them.
func (m *Map) SetSearchHits(runs []registry.PortRun) {
	m.hits = hitSet{}
	m.hitsOn = len(runs) > 0
	m.hitRings = m.hitRings[:0]
	for _, r := range runs {
		if r.From <= r.To {
			m.hits.addRun(r)
			if r.Len() <= maxRingedRun {
				m.hitRings = append(m.hitRings, r.From)
			}
		}
	}
	if len(m.hitRings) > maxHitRings {
		m.hitRings = m.hitRings[:0]
	}
	m.invalidate()
}

const (
	maxRingedRun = 4  // hit runs up to this long get a ring
	maxHitRings  = 64 // and only when there are no more rings than this
)

// SetListenerMarks replaces the marks of live listeners.
func (m *Map) SetListenerMarks(marks []Mark) {
	m.marks = append(m.marks[:0], marks...)
	if r := m.surface.r; r != nil {
		r.layoutMarks()
	}
}

// SetSelectedRange marks the ports lo..hi (either order) with a tint and an
// outline.
func (m *Map) SetSelectedRange(lo, hi uint16) {
	if lo > hi {
		lo, hi = hi, lo
	}
	if m.rangeOn && m.rangeLo == lo && m.rangeHi == hi {
		return
	}
	m.rangeOn, m.rangeLo, m.rangeHi = true, lo, hi
	m.updateOutline()
	m.invalidate()
}

// ClearSelectedRange removes the selected range.
func (m *Map) ClearSelectedRange() {
	if !m.rangeOn {
		return
	}
	m.rangeOn = false
	m.updateOutline()
	m.invalidate()
}

// SelectedRange is the selected range, if any.
func (m *Map) SelectedRange() (lo, hi uint16, ok bool) {
	return m.rangeLo, m.rangeHi, m.rangeOn
}

func (m *Map) updateOutline() {
	m.outline = m.outline[:0]
	if m.rangeOn {
		m.outline = m.layout.Outline(m.outline, m.rangeLo, m.rangeHi)
	}
}

// Selected is the selected port, if any.
func (m *Map) Selected() (port uint16, ok bool) {
	if m.selected < 0 {
		return 0, false
	}
	return uint16(m.selected), true
}

// Select selects port and scrolls it into view, as the user's choice:
// OnSelected is called if the selection changed (a tap, a key).
func (m *Map) Select(port uint16) {
	m.setSelected(int(port), true)
	m.ScrollTo(port)
}

// SetSelection shows sel, the selection its owner (the window) made: a
// port is selected, a range tinted and outlined, and scrolled into view.
// OnSelected is not called: the map reports only what the user does.
func (m *Map) SetSelection(sel model.Selection) {
	if sel.IsRange() {
		m.SetSelectedRange(sel.From, sel.To)
	} else {
		m.ClearSelectedRange()
		m.setSelected(int(sel.From), false)
	}
	m.ScrollTo(sel.From)
}

// ClearSelection removes the selection (OnSelected is not called).
func (m *Map) ClearSelection() {
	m.setSelected(-1, false)
}

// setSelected selects port (-1: none); report tells OnSelected.
func (m *Map) setSelected(port int, report bool) {
	if port == m.selected {
		return
	}
	m.selected = port
	if r := m.surface.r; r != nil {
		r.layoutSelection()
	}
	if report && port >= 0 && m.OnSelected != nil {
		m.OnSelected(uint16(port))
	}
}

// Hovered is the port under the pointer, or -1.
func (m *Map) Hovered() int { return m.hovered }

func (m *Map) setHover(port int) {
	if port == m.hovered {
		return
	}
	m.hovered = port
	if r := m.surface.r; r != nil {
		r.layoutHover()
	}
	m.fireHover()
}

func (m *Map) fireHover() {
	if m.OnHover == nil {
		return
	}
	if m.hovered < 0 {
		m.OnHover(-1, "")
		return
	}
	port := uint16(m.hovered)
	m.OnHover(m.hovered, m.space.Summary(port, m.proto)+m.shadeText(port))
}

// refreshHoverText tells OnHover again when what it said has changed.
func (m *Map) refreshHoverText() {
	if m.hovered >= 0 {
		m.fireHover()
	}
}

// hoverAt hovers the cell under pos (surface coordinates).
func (m *Map) hoverAt(pos fyne.Position) {
	m.pointer, m.pointerIn = pos, true
	port, ok := m.portAt(pos)
	if !ok {
		m.setHover(-1)
		return
	}
	m.setHover(int(port))
}

func (m *Map) unhover() {
	m.pointerIn = false
	m.setHover(-1)
}

// invalidate asks for a repaint of the image.
func (m *Map) invalidate() {
	m.dirty = true
	if m.surface != nil && m.surface.r != nil {
		m.surface.Refresh()
	}
}

// paint repaints the image if it is out of date.
func (m *Map) paint() bool {
	if !m.dirty || m.pal == nil {
		return false
	}
	pp := paintParams{
		reg:    m.space.Reg,
		proto:  m.proto,
		layout: m.layout,
		lut:    &m.tab,
		hitsOn: m.hitsOn,
		hits:   &m.hits,
	}
	if e := m.space.Ephemeral; m.showEph && e.High > 0 && e.Low <= e.High {
		pp.ephOn, pp.ephLo, pp.ephHi = true, e.Low, e.High
	}
	if m.shading == ShadeFrequency {
		pp.shades, pp.lut = &m.shades, &m.stab
	}
	if m.rangeOn {
		pp.rangeOn, pp.rangeLo, pp.rangeHi = true, m.rangeLo, m.rangeHi
	}
	paintCells(m.img.Pix, &pp)
	m.paints.Add(1)
	m.dirty = false
	return true
}

// setPalette follows the theme; it reports a change.
func (m *Map) setPalette() bool {
	th := m.Theme()
	bg := th.Color(theme.ColorNameBackground, fyne.CurrentApp().Settings().ThemeVariant())
	p := paletteFor(bg)
	if p == m.pal {
		return false
	}
	m.pal = p
	p.fill(&m.tab)
	p.fillShades(&m.stab)
	m.dirty = true
	return true
}

// ---- geometry of the scrolled surface ----

// margin is the space around the map inside the scroll area, so that the
// scroll bars never cover a cell.
func (m *Map) margin() float32 {
	return m.Theme().Size(theme.SizeNameScrollBar)
}

func (m *Map) viewSize() fyne.Size { return m.scroll.Size() }

// fitZoom is the zoom at which the whole map fits the view.
func (m *Map) fitZoom() float32 {
	v := m.viewSize()
	side := fyne.Min(v.Width, v.Height) - 2*m.margin()
	z := float32(math.Floor(float64(side))) / Side
	return fyne.Max(z, 1.0/16)
}

func (m *Map) minZoom() float32 { return fyne.Min(m.fitZoom(), MaxZoom) }

// contentSize is the size of the surface: the map and its margin, at least
// the view.
func (m *Map) contentSize() fyne.Size {
	side := Side*m.zoom + 2*m.margin()
	return fyne.NewSquareSize(side).Max(m.viewSize())
}

// origin is where cell (0, 0) starts on the surface: after the margin, and
// centred when the surface is larger than the map.
func (m *Map) origin() fyne.Position {
	s := m.surface.Size()
	side := Side * m.zoom
	mg := m.margin()
	return fyne.NewPos(fyne.Max(mg, (s.Width-side)/2), fyne.Max(mg, (s.Height-side)/2))
}

// cellPos is the top-left corner of cell (x, y) on the surface.
func (m *Map) cellPos(x, y int) fyne.Position {
	o := m.origin()
	return fyne.NewPos(o.X+float32(x)*m.zoom, o.Y+float32(y)*m.zoom)
}

// cellAt is the cell under pos (surface coordinates), clamped to the grid;
// inside reports whether pos is on the map.
func (m *Map) cellAt(pos fyne.Position) (x, y int, inside bool) {
	o := m.origin()
	fx := math.Floor(float64((pos.X - o.X) / m.zoom))
	fy := math.Floor(float64((pos.Y - o.Y) / m.zoom))
	inside = fx >= 0 && fy >= 0 && fx < Side && fy < Side
	x = int(math.Max(0, math.Min(Side-1, fx)))
	y = int(math.Max(0, math.Min(Side-1, fy)))
	return x, y, inside
}

// portAt is the port under pos (surface coordinates).
func (m *Map) portAt(pos fyne.Position) (uint16, bool) {
	x, y, inside := m.cellAt(pos)
	if !inside {
		return 0, false
	}
	return m.layout.Port(x, y)
}

// ---- zoom and scrolling ----

// Zoom is the current zoom in Fyne units (pixels at scale 1) per port.
func (m *Map) Zoom() float32 { return m.zoom }

// Fitted tells whether the zoom follows the window so the whole map fits.
func (m *Map) Fitted() bool { return m.fit }

// SetZoom zooms to z units per port (clamped between the fitting zoom and
// MaxZoom), keeping the centre of the view in place.
func (m *Map) SetZoom(z float32) {
	m.zoomAround(z, m.viewCentre())
}

// ZoomIn zooms in one step, around the pointer when it is over the map.
func (m *Map) ZoomIn() {
	for _, s := range zoomSteps {
		if s > m.zoom*1.01 {
			m.zoomAround(s, m.zoomAnchor())
			return
		}
	}
	m.zoomAround(MaxZoom, m.zoomAnchor())
}

// ZoomOut zooms out one step, down to the fitting zoom.
func (m *Map) ZoomOut() {
	for i := len(zoomSteps) - 1; i >= 0; i-- {
		if zoomSteps[i] < m.zoom*0.99 {
			m.zoomAround(zoomSteps[i], m.zoomAnchor())
			return
		}
	}
	m.ZoomToFit()
}

// ZoomToFit zooms so that the whole map fits the view, and keeps it so as
// the view changes size.
func (m *Map) ZoomToFit() {
	m.zoomAround(0, m.viewCentre())
	m.fit = true
}

func (m *Map) viewCentre() fyne.Position {
	v := m.viewSize()
	return fyne.NewPos(v.Width/2, v.Height/2)
}

// zoomAnchor is the pointer's place in the view, or the view's centre.
func (m *Map) zoomAnchor() fyne.Position {
	if m.pointerIn {
		return m.pointer.Subtract(m.scroll.Offset)
	}
	return m.viewCentre()
}

// zoomAround sets the zoom, keeping the map point under anchor (view
// coordinates) in place.
func (m *Map) zoomAround(z float32, anchor fyne.Position) {
	if m.viewSize().IsZero() {
		// Not laid out yet: remember the zoom for the first layout.
		m.zoom = fyne.Min(fyne.Max(z, 1.0/16), MaxZoom)
		m.fit = z <= 0
		return
	}
	minZ := m.minZoom()
	z = fyne.Min(fyne.Max(z, minZ), MaxZoom)
	m.fit = z <= minZ
	if z == m.zoom && m.surface.Size() == m.contentSize() {
		return
	}
	// The map point (in cells) under the anchor stays under it.
	o := m.origin()
	u := anchor.Add(m.scroll.Offset).Subtract(o)
	cx, cy := u.X/m.zoom, u.Y/m.zoom
	m.zoom = z
	size := m.contentSize()
	m.surface.Resize(size)
	o = m.origin()
	m.setOffset(fyne.NewPos(o.X+cx*z-anchor.X, o.Y+cy*z-anchor.Y))
	if m.pointerIn {
		m.hoverAt(anchor.Add(m.scroll.Offset))
	}
}

// setOffset scrolls the view to off (clamped) and lays out what depends on
// the visible part.
func (m *Map) setOffset(off fyne.Position) {
	v, c := m.viewSize(), m.surface.Size()
	off.X = fyne.Max(0, fyne.Min(off.X, c.Width-v.Width))
	off.Y = fyne.Max(0, fyne.Min(off.Y, c.Height-v.Height))
	m.scroll.Offset = off
	m.scroll.Refresh()
	m.surface.viewMoved()
}

// ScrollTo scrolls the least needed to bring port's cell into view (clear
// of the scroll bars), or centres it when it is far away.
func (m *Map) ScrollTo(port uint16) {
	v := m.viewSize()
	if v.IsZero() {
		m.pending = int(port)
		return
	}
	m.pending = -1
	x, y := m.layout.Cell(port)
	p := m.cellPos(x, y)
	off := m.scroll.Offset
	mg := m.margin()
	off.X = bringIntoView(off.X, p.X, p.X+m.zoom, v.Width, mg)
	off.Y = bringIntoView(off.Y, p.Y, p.Y+m.zoom, v.Height, mg)
	if off != m.scroll.Offset {
		m.setOffset(off)
		if m.pointerIn {
			m.hoverAt(m.pointer)
		}
	}
}

// bringIntoView returns an offset at which a..b lies within the view of
// length view, margin away from its edges.
func bringIntoView(off, a, b, view, margin float32) float32 {
	lo, hi := off+margin, off+view-margin
	switch {
	case b-a > hi-lo:
		return (a+b)/2 - view/2
	case a >= lo && b <= hi:
		return off
	case a < lo && lo-a < view/2:
		return off - (lo - a)
	case b > hi && b-hi < view/2:
		return off + (b - hi)
	}
	return (a+b)/2 - view/2
}

// layoutView follows a new view size: the fitting zoom and the surface.
func (m *Map) layoutView(size fyne.Size) {
	m.scroll.Resize(size)
	if minZ := m.minZoom(); m.fit || m.zoom < minZ {
		m.zoom, m.fit = minZ, true
	}
	m.surface.Resize(m.contentSize())
	m.setOffset(m.scroll.Offset)
	if m.pending >= 0 {
		m.ScrollTo(uint16(m.pending))
	}
}

// ---- keyboard ----

// FocusGained is called when the map gets the keyboard focus.
func (m *Map) FocusGained() {
	m.focused = true
	m.refreshChrome()
}

// FocusLost is called when the map loses the keyboard focus.
func (m *Map) FocusLost() {
	m.focused = false
	m.typed = m.typed[:0]
	m.refreshChrome()
}

// refreshChrome redraws the focus ring and the typed number only.
func (m *Map) refreshChrome() {
	if m.r != nil {
		m.r.refreshChrome()
	}
}

// TypedRune handles digits (a port to jump to, with Enter) and + / - (zoom
// around the pointer).
func (m *Map) TypedRune(r rune) {
	switch {
	case r >= '0' && r <= '9':
		next := append(m.typed, byte(r))
		if n, err := strconv.Atoi(string(next)); err != nil || n >= NumCells || len(next) > 5 {
			return // no such port: the digit is refused
		}
		if len(m.typed) == 1 && m.typed[0] == '0' {
			next = next[1:] // no leading zeros
		}
		m.typed = next
		m.refreshChrome()
	case r == '+' || r == '=':
		m.ZoomIn()
	case r == '-':
		m.ZoomOut()
	}
}

// TypedKey handles the arrows, Page Up/Down, Home/End, Enter (jump to the
// typed port), Backspace and Escape.
func (m *Map) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyLeft:
		m.move(MoveLeft)
	case fyne.KeyRight:
		m.move(MoveRight)
	case fyne.KeyUp:
		m.move(MoveUp)
	case fyne.KeyDown:
		m.move(MoveDown)
	case fyne.KeyPageUp:
		m.move(MovePageUp)
	case fyne.KeyPageDown:
		m.move(MovePageDown)
	case fyne.KeyHome:
		m.move(MoveHome)
	case fyne.KeyEnd:
		m.move(MoveEnd)
	case fyne.KeyReturn, fyne.KeyEnter:
		if len(m.typed) > 0 {
			n, _ := strconv.Atoi(string(m.typed))
			m.typed = m.typed[:0]
			m.refreshChrome()
			m.Select(uint16(n))
		}
	case fyne.KeyBackspace:
		if len(m.typed) > 0 {
			m.typed = m.typed[:len(m.typed)-1]
			m.refreshChrome()
		}
	case fyne.KeyEscape:
		if len(m.typed) > 0 {
			m.typed = m.typed[:0]
			m.refreshChrome()
		}
	}
}

// Typed is the port number typed so far for a jump ("" for none).
func (m *Map) Typed() string { return string(m.typed) }

// move moves the selection; with none, it starts at the cell in the middle
// of the view.
func (m *Map) move(mv Move) {
	if m.selected < 0 {
		c := m.viewCentre().Add(m.scroll.Offset)
		x, y, _ := m.cellAt(c)
		p, _ := m.layout.Port(x, y)
		m.Select(p)
		return
	}
	m.Select(m.layout.Step(uint16(m.selected), mv))
}

// focus takes the keyboard focus, as a tap on the map does.
func (m *Map) focus() {
	if c := fyne.CurrentApp().Driver().CanvasForObject(m); c != nil && c.Focused() != m {
		c.Focus(m)
	}
}

// currentModifiers reads the keyboard modifiers held down (a variable so
// tests can hold Ctrl).
var currentModifiers = func() fyne.KeyModifier {
	if d, ok := fyne.CurrentApp().Driver().(desktop.Driver); ok {
		return d.CurrentKeyModifiers()
	}
	return 0
}

// ---- the map's renderer: the scroll area, a focus ring and the jump box ----

type mapRenderer struct {
	m         *Map
	objects   []fyne.CanvasObject
	focus     canvas.Rectangle
	typedBox  canvas.Rectangle
	typedText canvas.Text
}

func (r *mapRenderer) Destroy() {
	if r.m.r == r {
		r.m.r = nil
	}
}

func (r *mapRenderer) Objects() []fyne.CanvasObject { return r.objects }

func (r *mapRenderer) MinSize() fyne.Size {
	return fyne.NewSquareSize(Side/2 + 2*r.m.margin())
}

func (r *mapRenderer) Layout(size fyne.Size) {
	r.m.layoutView(size)
	r.focus.Resize(size)
	r.layoutTyped()
}

func (r *mapRenderer) layoutTyped() {
	th := r.m.Theme()
	pad := th.Size(theme.SizeNamePadding)
	ts := r.typedText.MinSize()
	r.typedText.Move(fyne.NewPos(2*pad, 2*pad))
	r.typedText.Resize(ts)
	r.typedBox.Move(fyne.NewPos(pad, pad))
	r.typedBox.Resize(ts.AddWidthHeight(2*pad, 2*pad))
}

func (r *mapRenderer) applyTheme() {
	th := r.m.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	r.focus.StrokeColor = th.Color(theme.ColorNameFocus, v)
	r.typedBox.FillColor = th.Color(theme.ColorNameOverlayBackground, v)
	r.typedBox.StrokeColor = th.Color(theme.ColorNameForeground, v)
	r.typedBox.StrokeWidth = 1
	r.typedBox.CornerRadius = th.Size(theme.SizeNameInputRadius)
	r.typedText.Color = th.Color(theme.ColorNameForeground, v)
	r.typedText.TextSize = th.Size(theme.SizeNameText)
}

func (r *mapRenderer) Refresh() {
	r.applyTheme()
	r.refreshChrome()
	r.m.surface.Refresh()
}

// refreshChrome shows the focus ring and the number typed for a jump.
func (r *mapRenderer) refreshChrome() {
	r.focus.Hidden = !r.m.focused
	show := len(r.m.typed) > 0
	r.typedBox.Hidden, r.typedText.Hidden = !show, !show
	if show {
		r.typedText.Text = "Go to port " + string(r.m.typed) + " (Enter)"
		r.layoutTyped()
	}
	r.focus.Refresh()
	r.typedBox.Refresh()
	r.typedText.Refresh()
}
