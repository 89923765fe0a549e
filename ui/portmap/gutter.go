package portmap

// The gutters beside the map in the Rows layout: the first port of a row
// every few rows at the left, and at the right the three ranges of the
// registry (System, User, Dynamic), each named beside a bracket over its
// rows. They follow the view as it scrolls; the Hilbert layout labels its
// blocks on the map instead (orient.go) and has no gutters.

import (
	"math"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"

	"github.com/portolan/portolan/registry"
)

// rangeBands are the ranges in rows of the Rows layout (row = port / 256):
// System is rows 0-3, User 4-191, Dynamic 192-255.
var rangeBands = [3]struct {
	name, span string
	from, to   int // rows, to exclusive
}{
	registry.System:  {"System", "0–1023", 0, 4},
	registry.User:    {"User", "1024–49151", 4, 192},
	registry.Dynamic: {"Dynamic", "49152–65535", 192, 256},
}

// gutterSizes are the widths of the left and right gutters (0 in Hilbert).
func (m *Map) gutterSizes() (left, right float32) {
	if m.layout != Rows {
		return 0, 0
	}
	th := m.Theme()
	pad := th.Size(theme.SizeNamePadding)
	size := th.Size(theme.SizeNameCaptionText)
	left = fyne.MeasureText("65280", size, fyne.TextStyle{}).Width + 2*pad
	right = fyne.MeasureText(rangeBands[registry.Dynamic].span, size, fyne.TextStyle{}).Width + bracketWidth + 2*pad
	return float32(math.Ceil(float64(left))), float32(math.Ceil(float64(right)))
}

// bracketWidth is the room of a range's bracket in the right gutter.
const bracketWidth = 8

func (m *Map) gutterWidth() float32 {
	l, r := m.gutterSizes()
	return l + r
}

// gutter is the gutters' objects, owned by the map's renderer.
type gutter struct {
	rows     []*canvas.Text // row labels, a pool
	names    [3]*canvas.Text
	spans    [3]*canvas.Text
	brackets [3]*canvas.Line
	ticks    [3]*canvas.Line // the first row of each range
	objects  []fyne.CanvasObject
}

func newGutter() *gutter {
	g := &gutter{}
	for i := range 3 {
		g.names[i] = &canvas.Text{Text: rangeBands[i].name, TextStyle: fyne.TextStyle{Bold: true}}
		g.spans[i] = &canvas.Text{Text: rangeBands[i].span}
		g.brackets[i] = &canvas.Line{StrokeWidth: 2}
		g.ticks[i] = &canvas.Line{StrokeWidth: 2}
	}
	g.rebuild()
	return g
}

func (g *gutter) rebuild() {
	g.objects = g.objects[:0]
	for i := range 3 {
		g.objects = append(g.objects, g.brackets[i], g.ticks[i], g.names[i], g.spans[i])
	}
	for _, t := range g.rows {
		g.objects = append(g.objects, t)
	}
}

// rowStep is how many rows apart the row labels are at zoom z: a power of
// two, so the labels fall on round ports, at least three lines of text.
func rowStep(z, textH float32) int {
	step := 1
	for float32(step)*z < 2.5*textH && step < 128 {
		step *= 2
	}
	return step
}

// layout places the gutters' objects for the map's view; hidden ones are
// hidden. It reports whether the pool of row labels grew.
func (g *gutter) layout(m *Map, size fyne.Size) bool {
	left, right := m.gutterSizes()
	shown := left > 0
	th := m.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	ink := th.Color(theme.ColorNameForeground, v)
	dim := th.Color(theme.ColorNamePlaceHolder, v)
	pad := th.Size(theme.SizeNamePadding)
	textSize := th.Size(theme.SizeNameCaptionText)
	textH := fyne.MeasureText("0", textSize, fyne.TextStyle{}).Height
	z := m.zoom
	o := m.origin().Subtract(m.scroll.Offset) // cell (0, 0) in the view
	viewH := m.viewSize().Height
	rowY := func(row int) float32 { return o.Y + float32(row)*z }

	grown := false
	used := 0
	if shown {
		step := rowStep(z, textH)
		first := max(0, int(math.Ceil(float64(-o.Y/z))))
		first = (first + step - 1) / step * step
		for row := first; row < Side; row += step {
			y := rowY(row)
			if y > viewH-textH/2 {
				break
			}
			if used == len(g.rows) {
				g.rows = append(g.rows, &canvas.Text{Alignment: fyne.TextAlignTrailing})
				grown = true
			}
			t := g.rows[used]
			used++
			t.Text = strconv.Itoa(row * Side)
			t.TextSize = textSize
			t.Color = ink
			// the label's middle on the row's top edge, kept inside the view
			t.Move(fyne.NewPos(0, fyne.Max(0, y-textH/2)))
			t.Resize(fyne.NewSize(left-pad, textH))
			t.Show()
			t.Refresh()
		}
	}
	for _, t := range g.rows[used:] {
		if !t.Hidden {
			t.Hide()
			t.Refresh()
		}
	}

	// The ranges: a bracket over the visible part of each range's rows, its
	// name and ports at the top of that part, pushed down clear of the name
	// before.
	x := size.Width - right + pad
	below := float32(math.Inf(-1))
	for i := range 3 {
		b := rangeBands[i]
		top := fyne.Max(rowY(b.from), 0)
		bottom := fyne.Min(rowY(b.to), viewH)
		visible := shown && bottom > top
		for _, o := range []fyne.CanvasObject{g.names[i], g.spans[i], g.brackets[i], g.ticks[i]} {
			if visible {
				o.Show()
			} else {
				o.Hide()
			}
		}
		if visible {
			g.brackets[i].StrokeColor = ink
			g.brackets[i].Position1 = fyne.NewPos(x, top+1)
			g.brackets[i].Position2 = fyne.NewPos(x, bottom-1)
			g.ticks[i].StrokeColor = ink
			g.ticks[i].Position1 = fyne.NewPos(x-pad, top+1)
			g.ticks[i].Position2 = fyne.NewPos(x+bracketWidth-pad, top+1)
			ty := fyne.Max(top, below+pad)
			for j, t := range []*canvas.Text{g.names[i], g.spans[i]} {
				t.TextSize = textSize
				t.Color = ink
				if j == 1 {
					t.Color = dim
				}
				t.Move(fyne.NewPos(x+bracketWidth, ty+float32(j)*textH))
				t.Resize(fyne.NewSize(right-bracketWidth-pad, textH))
			}
			below = ty + 2*textH
		}
		for _, o := range []fyne.CanvasObject{g.names[i], g.spans[i], g.brackets[i], g.ticks[i]} {
			o.Refresh()
		}
	}
	if grown {
		g.rebuild()
	}
	return grown
}
