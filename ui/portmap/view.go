package portmap

import (
	"math"

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
