package portmap

// Orientation on the map itself: in Rows the lines where the System, User
// and Dynamic ranges meet (named in the gutter, gutter.go); in Hilbert the
// grid of the curve's square blocks at a size that suits the zoom, each
// block labelled with its ports, the coarser blocks drawn stronger, and
// the System and Dynamic ranges outlined and named. All are a few shapes
// over the image, for the visible part only.

import (
	"image/color"
	"math"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
)

// labelBackdropAlpha is how opaque the backdrop of a label on the map
// is: enough for the text to read over any cell, some of the cells
// showing through.
const labelBackdropAlpha = 0xd0

// blockMinSide is the least side, in units, of the Hilbert blocks that are
// outlined and labelled: the blocks are the smallest at least this big.
const blockMinSide = 120

// blockOrder is the order k of the Hilbert blocks shown at zoom z: blocks
// of 4^k ports, 2^k cells a side (1 <= k <= 7).
func blockOrder(z float32) int {
	k := 1
	for k < 7 && float32(int(1)<<k)*z < blockMinSide {
		k++
	}
	return k
}

// BlockText is the ports of the Hilbert block of order k that port is in:
// "4096–8191".
func BlockText(port uint16, k int) string {
	size := 1 << (2 * k)
	lo := int(port) &^ (size - 1)
	return strconv.Itoa(lo) + "–" + strconv.Itoa(lo+size-1)
}

// orientation is the surface's orientation shapes.
type orientation struct {
	lines   []*canvas.Line // grid lines and range edges, a pool
	backs   []*canvas.Rectangle
	labels  []*canvas.Text // block labels and range names, a pool
	objects []fyne.CanvasObject
}

func (o *orientation) rebuild() {
	o.objects = o.objects[:0]
	for _, l := range o.lines {
		o.objects = append(o.objects, l)
	}
	for i := range o.labels {
		o.objects = append(o.objects, o.backs[i], o.labels[i])
	}
}

// placer hands out the pooled shapes in order, growing the pools.
type placer struct {
	o             *orientation
	nLines, nText int
	grown         bool
}

func (p *placer) line(a, b fyne.Position, c color.Color, width float32) {
	if p.nLines == len(p.o.lines) {
		p.o.lines = append(p.o.lines, &canvas.Line{})
		p.grown = true
	}
	l := p.o.lines[p.nLines]
	p.nLines++
	l.Position1, l.Position2 = a, b
	l.StrokeColor, l.StrokeWidth = c, width
	l.Show()
	l.Refresh()
}

func (p *placer) label(text string, at fyne.Position, size float32, bold bool, fg, bg color.Color, pad float32) {
	if p.nText == len(p.o.labels) {
		p.o.labels = append(p.o.labels, &canvas.Text{})
		p.o.backs = append(p.o.backs, &canvas.Rectangle{CornerRadius: 2})
		p.grown = true
	}
	t, b := p.o.labels[p.nText], p.o.backs[p.nText]
	p.nText++
	style := fyne.TextStyle{Bold: bold}
	ts := fyne.MeasureText(text, size, style)
	t.Text, t.TextSize, t.TextStyle, t.Color = text, size, style, fg
	t.Move(at.AddXY(pad, 0))
	t.Resize(ts)
	b.FillColor = bg
	b.Move(at)
	b.Resize(ts.AddWidthHeight(2*pad, 0))
	t.Show()
	b.Show()
	t.Refresh()
	b.Refresh()
}

// finish hides the shapes not handed out.
func (p *placer) finish() {
	for _, l := range p.o.lines[p.nLines:] {
		if !l.Hidden {
			l.Hide()
			l.Refresh()
		}
	}
	for i := p.nText; i < len(p.o.labels); i++ {
		if !p.o.labels[i].Hidden {
			p.o.labels[i].Hide()
			p.o.backs[i].Hide()
			p.o.labels[i].Refresh()
			p.o.backs[i].Refresh()
		}
	}
	if p.grown {
		p.o.rebuild()
	}
}

// layoutOrientation places the orientation shapes for the visible part of
// the map.
func (r *surfaceRenderer) layoutOrientation() {
	m := r.m
	if m.pal == nil {
		return
	}
	pl := placer{o: &r.orient}
	th := m.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	textSize := th.Size(theme.SizeNameCaptionText)
	pad := th.Size(theme.SizeNamePadding) / 2
	fg := th.Color(theme.ColorNameForeground, v)
	back := withAlpha(th.Color(theme.ColorNameBackground, v), labelBackdropAlpha)
	ink := m.pal.ink
	z := m.zoom
	o := m.origin()
	// The visible cells, from x0, y0 to x1, y1 exclusive.
	off, view := m.scroll.Offset, m.viewSize()
	x0 := max(0, int(math.Floor(float64((off.X-o.X)/z))))
	y0 := max(0, int(math.Floor(float64((off.Y-o.Y)/z))))
	x1 := min(Side, int(math.Ceil(float64((off.X+view.Width-o.X)/z))))
	y1 := min(Side, int(math.Ceil(float64((off.Y+view.Height-o.Y)/z))))
	at := func(x, y int) fyne.Position { return fyne.NewPos(o.X+float32(x)*z, o.Y+float32(y)*z) }
	if x1 <= x0 || y1 <= y0 {
		pl.finish()
		return
	}

	if m.layout == Rows {
		// where System meets User (port 1024) and User meets Dynamic (49152)
		for _, row := range []int{rangeBands[1].from, rangeBands[2].from} {
			if row >= y0 && row <= y1 {
				pl.line(at(x0, row), at(x1, row), ink, 2)
			}
		}
		pl.finish()
		if pl.grown {
			r.rebuildObjects()
		}
		return
	}

	k := blockOrder(z)
	side := 1 << k
	faint, strong := withAlpha(ink, 0x50), withAlpha(ink, 0xa0)
	for x := (x0 + side - 1) / side * side; x < x1; x += side {
		if x == 0 {
			continue
		}
		c, w := faint, float32(1)
		if x%(2*side) == 0 {
			c, w = strong, 1.5
		}
		pl.line(at(x, y0), at(x, y1), c, w)
	}
	for y := (y0 + side - 1) / side * side; y < y1; y += side {
		if y == 0 {
			continue
		}
		c, w := faint, float32(1)
		if y%(2*side) == 0 {
			c, w = strong, 1.5
		}
		pl.line(at(x0, y), at(x1, y), c, w)
	}
	// The System and Dynamic ranges: outlined, and named at the bottom of
	// their block (the block's own label is at its top).
	for _, rg := range hilbertRanges {
		bx, by := m.layout.Cell(rg.from)
		n := rg.side
		bx, by = bx&^(n-1), by&^(n-1)
		if bx+n < x0 || bx > x1 || by+n < y0 || by > y1 {
			continue
		}
		a, b, c, d := at(bx, by), at(bx+n, by), at(bx+n, by+n), at(bx, by+n)
		pl.line(a, b, ink, 2.5)
		pl.line(b, c, ink, 2.5)
		pl.line(c, d, ink, 2.5)
		pl.line(d, a, ink, 2.5)
		h := fyne.MeasureText(rg.name, textSize, fyne.TextStyle{Bold: true}).Height
		y := fyne.Min(d.Y, off.Y+view.Height) - h - 2
		x := fyne.Max(d.X, off.X) + 2
		pl.label(rg.name, fyne.NewPos(x, y), textSize, true, fg, back, pad)
	}
	// Each visible block's ports at its top left, kept in view.
	for by := y0 / side * side; by < y1; by += side {
		for bx := x0 / side * side; bx < x1; bx += side {
			port, _ := m.layout.Port(bx, by)
			p := at(bx, by)
			p.X = fyne.Max(p.X, off.X) + 2
			p.Y = fyne.Max(p.Y, off.Y) + 2
			pl.label(BlockText(port, k), p, textSize, false, fg, back, pad)
		}
	}
	pl.finish()
	if pl.grown {
		r.rebuildObjects()
	}
}

// hilbertRanges are the ranges outlined in the Hilbert layout: each an
// aligned square block of the curve.
var hilbertRanges = [...]struct {
	name string
	from uint16
	side int // cells
}{
	{"System 0–1023", 0, 32},
	{"Dynamic 49152–65535", 49152, 128},
}

func withAlpha(c color.Color, a uint8) color.NRGBA {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	n.A = a
	return n
}
