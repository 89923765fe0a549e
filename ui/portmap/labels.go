package portmap

import (
	"image/color"
	"math"
	"slices"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
)

// layoutLabels shows the port numbers of the visible cells when they are
// big enough, from a pool of texts sized to what the view can hold. A cell
// keeps its text while it stays in view (slot = x mod nx, y mod ny), so
// scrolling re-renders only the texts of the cells that come into view.
func (r *surfaceRenderer) layoutLabels() {
	m := r.m
	z := m.zoom
	shown := r.shown[:0]
	if z >= LabelZoom {
		size := fyne.Min(z*0.28, 16)
		for size > 6 && fyne.MeasureText("65535", size, fyne.TextStyle{}).Width > z-4 {
			size--
		}
		if size != r.labelSize {
			r.labelSize = size
			r.relabel()
		}
		textH := fyne.MeasureText("0", size, fyne.TextStyle{}).Height
		off, view, o := m.scroll.Offset, m.viewSize(), m.origin()
		nx := min(Side, int(math.Ceil(float64(view.Width/z)))+1)
		ny := min(Side, int(math.Ceil(float64(view.Height/z)))+1)
		if need := nx * ny; need > len(r.labels) {
			for len(r.labels) < need {
				r.labels = append(r.labels, &canvas.Text{Alignment: fyne.TextAlignCenter})
				r.labelPort = append(r.labelPort, -1)
			}
			r.rebuildObjects()
		}
		shown = slices.Grow(shown, nx*ny)[:nx*ny]
		clear(shown)
		x0 := max(0, int(math.Floor(float64((off.X-o.X)/z))))
		y0 := max(0, int(math.Floor(float64((off.Y-o.Y)/z))))
		x1 := min(Side-1, x0+nx-1, int(math.Ceil(float64((off.X+view.Width-o.X)/z)))-1)
		y1 := min(Side-1, y0+ny-1, int(math.Ceil(float64((off.Y+view.Height-o.Y)/z)))-1)
		for y := y0; y <= y1; y++ {
			for x := x0; x <= x1; x++ {
				slot := (y%ny)*nx + x%nx
				shown[slot] = true
				port, _ := m.layout.Port(x, y)
				t := r.labels[slot]
				if r.labelPort[slot] == int(port) && !t.Hidden {
					continue
				}
				p := m.cellPos(x, y)
				t.Move(fyne.NewPos(p.X, p.Y+(z-textH)/2))
				t.Resize(fyne.NewSize(z, textH))
				r.labelPort[slot] = int(port)
				t.Text = strconv.Itoa(int(port))
				t.TextSize = size
				t.Color = m.pal.label(color.NRGBA(m.img.RGBAAt(x, y)))
				t.Show()
				t.Refresh()
			}
		}
	}
	r.shown = shown
	for i, t := range r.labels {
		if (i >= len(shown) || !shown[i]) && !t.Hidden {
			t.Hide()
			t.Refresh()
		}
	}
}
