package portmap

import (
	"math"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// zoomSteps are the stops of ZoomIn and ZoomOut; below the first is "fit".
var zoomSteps = [...]float32{1, 1.5, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64}

// margin is the space around the map inside the scroll area, so that the
// scroll bars never cover a cell.
func (m *Map) margin() float32 {
	return m.Theme().Size(theme.SizeNameScrollBar)
}

func (m *Map) viewSize() fyne.Size { return m.scroll.Size() }

// canvasScale is how many device pixels make one Fyne unit where the map
// is shown (1 until it is shown).
func (m *Map) canvasScale() float32 {
	if c := fyne.CurrentApp().Driver().CanvasForObject(m); c != nil && c.Scale() > 0 {
		return c.Scale()
	}
	return 1
}

// wholeShare is how much of the room a whole number of pixels a port must
// fill to be chosen over the zoom that fills it all: whole pixels give
// even cells that a click hits where it aims; a smaller map does not.
const wholeShare = 0.8

// fitZoomFor is the zoom at which a side of the map fits room units at
// scale device pixels a unit: a whole number of pixels a port when that
// fills most of the room, else the room itself (in whole pixels for the
// map, not for each port).
func fitZoomFor(room, scale float32) float32 {
	if room <= 0 {
		return 1.0 / 16
	}
	whole := float32(math.Floor(float64(room*scale/Side))) / scale
	if whole > 0 && whole*Side >= wholeShare*room {
		return whole
	}
	exact := float32(math.Floor(float64(room*scale))) / scale / Side
	return fyne.Max(exact, 1.0/16)
}

// fitZoom is the zoom at which the whole map fits the view.
func (m *Map) fitZoom() float32 {
	v := m.viewSize()
	return fitZoomFor(fyne.Min(v.Width, v.Height)-2*m.margin(), m.canvasScale())
}

// FitSide is the height the map takes at its fitted zoom in an area of
// size: the map's side and its margin. The window gives the rest of the
// area's height to the legend.
func (m *Map) FitSide(size fyne.Size) float32 {
	w := size.Width - m.gutterWidth()
	room := fyne.Min(w, size.Height) - 2*m.margin()
	return Side*fitZoomFor(room, m.canvasScale()) + 2*m.margin()
}

// WidthFor is the width the map wants at height: its side at the fitted
// zoom, the margin and the gutters. The window sizes the map's column with
// it, so that no room is left blank beside the map.
func (m *Map) WidthFor(height float32) float32 {
	z := fitZoomFor(height-2*m.margin(), m.canvasScale())
	return float32(math.Ceil(float64(Side*z+2*m.margin()+m.gutterWidth()))) + 1
}

func (m *Map) minZoom() float32 { return fyne.Min(m.fitZoom(), MaxZoom) }

// contentSize is the size of the surface: the map and its margin, at least
// the view.
func (m *Map) contentSize() fyne.Size {
	side := Side*m.zoom + 2*m.margin()
	return fyne.NewSquareSize(side).Max(m.viewSize())
}

// origin is where cell (0, 0) starts on the surface: after the margin, and
// centred when the surface is larger than the map, on a device pixel so
// that cells of whole pixels stay whole.
func (m *Map) origin() fyne.Position {
	s := m.surface.Size()
	side := Side * m.zoom
	mg := m.margin()
	sc := m.canvasScale()
	snap := func(v float32) float32 { return float32(math.Round(float64(v*sc))) / sc }
	return fyne.NewPos(snap(fyne.Max(mg, (s.Width-side)/2)), snap(fyne.Max(mg, (s.Height-side)/2)))
}

// cellPos is the top-left corner of cell (x, y) on the surface.
func (m *Map) cellPos(x, y int) fyne.Position {
	o := m.origin()
	return fyne.NewPos(o.X+float32(x)*m.zoom, o.Y+float32(y)*m.zoom)
}

// cellAt is the cell under pos (surface coordinates), clamped to the grid;
// inside reports whether pos is on the map. The pointer's position is the
// corner of the pixel it is on: the cell is the one drawn at the pixel's
// centre, half a pixel on.
func (m *Map) cellAt(pos fyne.Position) (x, y int, inside bool) {
	o := m.origin()
	half := 0.5 / m.canvasScale()
	fx := math.Floor(float64((pos.X + half - o.X) / m.zoom))
	fy := math.Floor(float64((pos.Y + half - o.Y) / m.zoom))
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

// Zoom is the current zoom in Fyne units (pixels at scale 1) per port.
func (m *Map) Zoom() float32 { return m.zoom }

// Fitted tells whether the zoom follows the window so the whole map fits.
func (m *Map) Fitted() bool { return m.fit }

// ZoomText says the zoom in words, for the toolbar: "fit, 2 px a port",
// "8 px a port".
func (m *Map) ZoomText() string {
	z := strconv.FormatFloat(float64(m.zoom), 'f', -1, 32)
	if m.zoom < 10 && m.zoom != float32(int(m.zoom)) {
		z = strconv.FormatFloat(float64(m.zoom), 'f', 1, 32)
	}
	if m.fit {
		return "fit, " + z + " px a port"
	}
	return z + " px a port"
}

// SetZoom zooms to z units per port (clamped between the fitting zoom and
// MaxZoom), keeping the selection in place (the centre of the view when
// nothing is selected).
func (m *Map) SetZoom(z float32) {
	m.zoomKeeping(z)
}

// ZoomIn zooms in one step, keeping the selection in place.
func (m *Map) ZoomIn() {
	for _, s := range zoomSteps {
		if s > m.zoom*1.01 {
			m.zoomKeeping(s)
			return
		}
	}
	m.zoomKeeping(MaxZoom)
}

// ZoomOut zooms out one step, down to the fitting zoom.
func (m *Map) ZoomOut() {
	for i := len(zoomSteps) - 1; i >= 0; i-- {
		if zoomSteps[i] < m.zoom*0.99 {
			m.zoomKeeping(zoomSteps[i])
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
	m.zoomChanged()
}

func (m *Map) viewCentre() fyne.Position {
	v := m.viewSize()
	return fyne.NewPos(v.Width/2, v.Height/2)
}

// zoomKeeping zooms to z about the selection (the centre of its cell stays
// where it is on screen, or comes into view if it was not), or about the
// centre of the view when nothing is selected.
func (m *Map) zoomKeeping(z float32) {
	port, ok := m.focusPort()
	if !ok || m.viewSize().IsZero() {
		m.zoomAround(z, m.viewCentre())
		return
	}
	x, y := m.layout.Cell(port)
	p := m.cellPos(x, y).Subtract(m.scroll.Offset).AddXY(m.zoom/2, m.zoom/2)
	v := m.viewSize()
	if p.X < 0 || p.Y < 0 || p.X > v.Width || p.Y > v.Height {
		p = m.viewCentre() // out of view: zoom about the centre, then bring it in
	}
	m.zoomAround(z, p)
	m.ScrollTo(port)
}

// focusPort is the port zooming keeps in place: the selected port, or the
// first of the selected range.
func (m *Map) focusPort() (uint16, bool) {
	if m.rangeOn {
		return m.rangeLo, true
	}
	if m.selected >= 0 {
		return uint16(m.selected), true
	}
	return 0, false
}

// zoomChanged tells OnZoomChanged.
func (m *Map) zoomChanged() {
	if m.OnZoomChanged != nil && (m.zoom != m.toldZoom || m.fit != m.toldFit) {
		m.toldZoom, m.toldFit = m.zoom, m.fit
		m.OnZoomChanged()
	}
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
	defer m.zoomChanged()
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

// InView tells whether port's whole cell is in the visible part of the
// map.
func (m *Map) InView(port uint16) bool {
	x, y := m.layout.Cell(port)
	p := m.cellPos(x, y).Subtract(m.scroll.Offset)
	v := m.viewSize()
	return p.X >= 0 && p.Y >= 0 && p.X+m.zoom <= v.Width && p.Y+m.zoom <= v.Height
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
	defer m.zoomChanged()
	m.surface.Resize(m.contentSize())
	m.setOffset(m.scroll.Offset)
	if m.pending >= 0 {
		m.ScrollTo(uint16(m.pending))
	}
}
