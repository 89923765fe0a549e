package portmap

import (
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

var (
	_ fyne.Tappable      = (*surface)(nil)
	_ fyne.Draggable     = (*surface)(nil)
	_ fyne.Scrollable    = (*surface)(nil)
	_ desktop.Hoverable  = (*surface)(nil)
	_ desktop.Cursorable = (*surface)(nil)
)

// surface is the scrolled content of a Map: the image and the small shapes
// over it. It turns pointer events into ports.
type surface struct {
	widget.BaseWidget
	m *Map
	r *surfaceRenderer // while a renderer exists

	dragging bool
	dragFrom uint16
	// ranged: the drag has left its first cell (until then it may be a
	// tap with a shaky hand).
	ranged bool
}

func newSurface(m *Map) *surface {
	s := &surface{m: m}
	s.ExtendBaseWidget(s)
	return s
}

// CreateRenderer is a private method to Fyne which links this widget to its
// renderer.
func (s *surface) CreateRenderer() fyne.WidgetRenderer {
	s.ExtendBaseWidget(s)
	m := s.m
	r := &surfaceRenderer{s: s, m: m}
	r.image = canvas.NewImageFromImage(m.img)
	r.image.ScaleMode = canvas.ImageScalePixels
	r.image.FillMode = canvas.ImageFillStretch
	r.hover = &canvas.Rectangle{FillColor: color.Transparent, StrokeWidth: 1.5}
	r.selOuter = &canvas.Rectangle{FillColor: color.Transparent, StrokeWidth: 3}
	r.selInner = &canvas.Rectangle{FillColor: color.Transparent, StrokeWidth: 1}
	r.hover.Hide()
	r.selOuter.Hide()
	r.selInner.Hide()
	r.marks.raster = canvas.NewRaster(r.drawMarks)
	r.marks.raster.ScaleMode = canvas.ImageScalePixels
	r.marks.raster.Hide()
	r.eph.raster = canvas.NewRaster(r.drawStripes)
	r.eph.raster.ScaleMode = canvas.ImageScalePixels
	r.eph.raster.Hide()
	s.r = r
	m.setPalette()
	r.applyColours()
	m.paint()
	r.rebuildObjects()
	return r
}

// MinSize is the map at the current zoom with its margin.
func (s *surface) MinSize() fyne.Size {
	return fyne.NewSquareSize(Side*s.m.zoom + 2*s.m.margin())
}

// Cursor is a crosshair, to aim at small cells.
func (s *surface) Cursor() desktop.Cursor { return desktop.CrosshairCursor }

// Tapped selects the port under the pointer and takes the keyboard focus.
func (s *surface) Tapped(ev *fyne.PointEvent) {
	s.m.focus()
	if p, ok := s.m.portAt(ev.Position); ok {
		s.m.setSelected(int(p), true)
	}
}

// MouseIn is called when the pointer enters the map.
func (s *surface) MouseIn(ev *desktop.MouseEvent) { s.m.hoverAt(ev.Position) }

// MouseMoved is called when the pointer moves over the map.
func (s *surface) MouseMoved(ev *desktop.MouseEvent) { s.m.hoverAt(ev.Position) }

// MouseOut is called when the pointer leaves the map.
func (s *surface) MouseOut() { s.m.unhover() }

// Dragged selects the range of ports from the cell where the drag started
// to the one under the pointer.
func (s *surface) Dragged(ev *fyne.DragEvent) {
	m := s.m
	if !s.dragging {
		x, y, _ := m.cellAt(ev.Position.Subtract(ev.Dragged))
		s.dragFrom, _ = m.layout.Port(x, y)
		s.dragging, s.ranged = true, false
		m.focus()
	}
	x, y, _ := m.cellAt(ev.Position)
	to, _ := m.layout.Port(x, y)
	if to != s.dragFrom || s.ranged {
		s.ranged = true
		m.setSelectedRange(s.dragFrom, to)
	}
	m.hoverAt(ev.Position)
}

// DragEnd reports the selected range; a drag that never left its cell
// is a tap.
func (s *surface) DragEnd() {
	if !s.dragging {
		return
	}
	s.dragging = false
	if !s.ranged {
		s.m.setSelected(int(s.dragFrom), true)
		return
	}
	if lo, hi, ok := s.m.SelectedRange(); ok && s.m.OnRangeSelected != nil {
		s.m.OnRangeSelected(lo, hi)
	}
}

// Scrolled scrolls the map, or with Ctrl (Cmd) held zooms around the
// pointer: one wheel notch is a factor of 2^(1/4).
func (s *surface) Scrolled(ev *fyne.ScrollEvent) {
	m := s.m
	if m.heldModifiers()&(fyne.KeyModifierControl|fyne.KeyModifierSuper) != 0 {
		factor := float32(math.Exp2(float64(ev.Scrolled.DY+ev.Scrolled.DX) / 40))
		m.pointer, m.pointerIn = ev.Position, true
		m.zoomAround(m.zoom*factor, ev.Position.Subtract(m.scroll.Offset))
		return
	}
	before := m.scroll.Offset
	m.scroll.Scrolled(ev)
	// The map moved under a still pointer.
	m.hoverAt(ev.Position.Add(m.scroll.Offset.Subtract(before)))
}

// viewMoved lays out what depends on the visible part of the map.
func (s *surface) viewMoved() {
	if s.r != nil {
		s.r.layoutLabels()
		s.r.layoutMarks()
		s.r.layoutEphemeral()
		s.r.layoutOrientation()
	}
	if r := s.m.r; r != nil {
		r.layoutGutter()
	}
}

type surfaceRenderer struct {
	s *surface
	m *Map

	image                     *canvas.Image
	lines                     []*canvas.Line   // the selected range's outline
	labels                    []*canvas.Text   // port numbers of visible cells
	labelPort                 []int            // port each label shows
	marks                     marksLayer       // listener marks
	rings                     []*canvas.Circle // around lone search hits
	hover, selOuter, selInner *canvas.Rectangle
	orient                    orientation
	eph                       ephemeralLayer
	ephKey                    ephemeralKey // what the stripes show
	objects                   []fyne.CanvasObject
	labelSize                 float32
	shown                     []bool // label slots in use
	// the geometry the labels were placed for
	lastZoom   float32
	lastOrigin fyne.Position
}

func (r *surfaceRenderer) Destroy() {
	if r.s.r == r {
		r.s.r = nil
	}
}

func (r *surfaceRenderer) Objects() []fyne.CanvasObject { return r.objects }

func (r *surfaceRenderer) MinSize() fyne.Size { return r.s.MinSize() }

func (r *surfaceRenderer) rebuildObjects() {
	objs := make([]fyne.CanvasObject, 0, 6+len(r.lines)+len(r.labels)+len(r.rings)+len(r.orient.objects)+len(r.eph.lines))
	objs = append(objs, r.image, r.eph.raster)
	for _, l := range r.eph.lines {
		objs = append(objs, l)
	}
	for _, l := range r.labels {
		objs = append(objs, l)
	}
	objs = append(objs, r.orient.objects...)
	for _, l := range r.lines {
		objs = append(objs, l)
	}
	for _, d := range r.rings {
		objs = append(objs, d)
	}
	objs = append(objs, r.marks.raster)
	r.objects = append(objs, r.hover, r.selOuter, r.selInner)
}

func (r *surfaceRenderer) Layout(fyne.Size) {
	o := r.m.origin()
	side := Side * r.m.zoom
	if r.m.zoom != r.lastZoom || o != r.lastOrigin {
		r.lastZoom, r.lastOrigin = r.m.zoom, o
		r.relabel() // every label moves
	}
	r.image.Move(o)
	r.image.Resize(fyne.NewSquareSize(side))
	r.layoutHover()
	r.layoutSelection()
	r.layoutOutline()
	r.layoutMarks()
	r.layoutRings()
	r.layoutLabels()
	r.layoutEphemeral()
	r.layoutOrientation()
}

// Refresh follows the theme, repaints the image if its content changed,
// and lays the shapes out again.
func (r *surfaceRenderer) Refresh() {
	if r.m.setPalette() {
		r.applyColours()
	}
	if r.m.paint() {
		// The image is the same object with new pixels: only its texture
		// needs uploading again (canvas.Image.Refresh would also re-read
		// its size and aspect).
		canvas.Refresh(r.image)
		r.relabel() // label colours follow the cells
	}
	r.Layout(r.s.Size())
}

func (r *surfaceRenderer) applyColours() {
	p := r.m.pal
	r.hover.StrokeColor = p.hover
	r.selOuter.StrokeColor = p.selection
	r.selInner.StrokeColor = p.selectionInner
	for _, l := range r.lines {
		l.StrokeColor = p.rangeOutline
		l.Refresh()
	}
	r.hover.Refresh()
	r.selOuter.Refresh()
	r.selInner.Refresh()
	r.relabel()
}

// relabel makes every visible label redraw (its colour may change).
func (r *surfaceRenderer) relabel() {
	for i := range r.labelPort {
		r.labelPort[i] = -1
	}
}

// marker places rect over port's cell: the cell itself, or, when cells
// are smaller than least, a square of side least centred on it; grow
// widens it on every side (a negative grow narrows it).
func (r *surfaceRenderer) marker(rect *canvas.Rectangle, port int, least, grow float32) {
	if port < 0 {
		if !rect.Hidden {
			rect.Hide()
			rect.Refresh()
		}
		return
	}
	z := r.m.zoom
	x, y := r.m.layout.Cell(uint16(port))
	p := r.m.cellPos(x, y)
	side := fyne.Max(z, least) + 2*grow
	rect.Move(fyne.NewPos(p.X+z/2-side/2, p.Y+z/2-side/2))
	rect.Resize(fyne.NewSquareSize(side))
	rect.Show()
	rect.Refresh()
}

func (r *surfaceRenderer) layoutHover() {
	r.marker(r.hover, r.m.hovered, 9, 0)
}

func (r *surfaceRenderer) layoutSelection() {
	r.marker(r.selOuter, r.m.selected, 11, 1.5)
	r.marker(r.selInner, r.m.selected, 11, -1.5)
}

func (r *surfaceRenderer) layoutOutline() {
	m := r.m
	grown := false
	for len(r.lines) < len(m.outline) {
		r.lines = append(r.lines, &canvas.Line{StrokeColor: m.pal.rangeOutline, StrokeWidth: 2})
		grown = true
	}
	o, z := m.origin(), m.zoom
	for i, l := range r.lines {
		if i >= len(m.outline) {
			if !l.Hidden {
				l.Hide()
				l.Refresh()
			}
			continue
		}
		s := m.outline[i]
		l.Position1 = fyne.NewPos(o.X+float32(s.X0)*z, o.Y+float32(s.Y0)*z)
		l.Position2 = fyne.NewPos(o.X+float32(s.X1)*z, o.Y+float32(s.Y1)*z)
		l.Show()
		l.Refresh()
	}
	if grown {
		r.rebuildObjects()
	}
}

func (r *surfaceRenderer) layoutRings() {
	m := r.m
	grown := false
	for len(r.rings) < len(m.hitRings) {
		r.rings = append(r.rings, &canvas.Circle{FillColor: color.Transparent, StrokeWidth: 2})
		grown = true
	}
	z := m.zoom
	d := fyne.Max(z*1.4, 13)
	for i, ring := range r.rings {
		if i >= len(m.hitRings) {
			if !ring.Hidden {
				ring.Hide()
				ring.Refresh()
			}
			continue
		}
		x, y := m.layout.Cell(m.hitRings[i])
		p := m.cellPos(x, y)
		ring.Move(fyne.NewPos(p.X+z/2-d/2, p.Y+z/2-d/2))
		ring.Resize(fyne.NewSquareSize(d))
		ring.StrokeColor = m.pal.hitRing
		ring.Show()
		ring.Refresh()
	}
	if grown {
		r.rebuildObjects()
	}
}
