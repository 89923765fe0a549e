// Package portmap is Portolan's port-map widget: every one of the 65,536
// ports as one cell, drawn one pixel per port into a reused 256x256 image
// that Fyne scales, so a repaint costs the same at any zoom. Hover,
// selection, range outlines and port numbers are small canvas objects over
// that image, and the listener marks and the ephemeral range's stripes one
// raster each over the view; changing them never repaints the image.
//
// A cell is shaded by its registry status, or (shading.go) by how often
// nmap finds the port open.
//
// The geometry (layout.go), colours (palette.go) and paint pass (paint.go)
// import no Fyne. The widget is map.go (its state), selection.go, hover.go,
// view.go (zoom and scrolling, the fitted zoom in whole pixels), keys.go,
// renderer.go, shading.go, surface.go (the scrolled cells), labels.go (port
// numbers), marks.go (listeners), ephemeral.go, orient.go (range lines,
// Hilbert blocks), gutter.go (row ports and range names beside the Rows
// layout) and clone.go; legend.go and swatch.go are its key.
package portmap

import (
	"image"
	"image/color"
	"sync"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
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
	// OnZoomChanged is called when the zoom changed (ZoomText says it).
	OnZoomChanged func() `json:"-"`

	space   *model.Space
	layout  Layout
	proto   registry.Protocol
	showEph bool

	zoom float32 // Fyne units per port
	fit  bool    // zoom follows the window so the whole map fits
	// what OnZoomChanged was last told
	toldZoom float32
	toldFit  bool
	pending  int // a port to scroll to once laid out, or -1

	selected int // -1: none
	hovered  int // -1: none
	// pointer is where the mouse is over the surface, when pointerIn.
	pointer   fyne.Position
	pointerIn bool

	rangeOn          bool
	rangeLo, rangeHi uint16
	outline          []Segment // of the selected range, in cells
	ephOutline       []Segment // of the ephemeral range

	hitsOn bool
	hits   hitSet
	// hitRings are the first ports of small hit runs, ringed so that a
	// lone hit stands out at any zoom (only when there are few).
	hitRings []uint16
	marks    []Mark
	marksGen uint64 // counts changes of marks

	typed   []byte // digits typed for a jump
	focused bool
	// modifiers reads the keys held down (the driver's when nil; tests
	// hold Ctrl with it).
	modifiers func() fyne.KeyModifier

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
	m.updateEphemeralOutline()
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
	r := &mapRenderer{m: m, gutter: newGutter()}
	r.focus.FillColor = color.Transparent
	r.focus.StrokeWidth = 3
	r.focus.Hide()
	r.typedBox.Hide()
	r.typedText.Hide()
	r.rebuildObjects()
	r.applyTheme()
	m.r = r
	return r
}

// MinSize returns the size that this widget should not shrink below.
func (m *Map) MinSize() fyne.Size {
	m.ExtendBaseWidget(m)
	return m.BaseWidget.MinSize()
}

// paintCount is how many times the image has been repainted: tests use it
// to prove that hover and selection never repaint.
func (m *Map) paintCount() int { return int(m.paints.Load()) }

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
	m.updateEphemeralOutline()
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
	m.updateEphemeralOutline()
	m.invalidate()
	if m.r != nil {
		// the gutters come or go
		m.r.Layout(m.Size())
	}
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

// showEphemeral shows or hides the stripes over this machine's ephemeral
// port range (the Space's Ephemeral).
func (m *Map) showEphemeral(show bool) {
	if show == m.showEph {
		return
	}
	m.showEph = show
	m.updateEphemeralOutline()
}

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
