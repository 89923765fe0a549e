package portmap

// The listener marks, drawn into one raster over the visible part of the
// map: a thousand listeners are a thousand small circles, and as Fyne
// shapes each would be its own draw with its own state in the GL driver
// (tens of MB with Mesa's software renderer, and a redraw of each on
// every layout). The raster is made again only when the marks, the view
// or the theme change.

import (
	"image"
	"image/color"
	"math"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
)

// marksKey is what the raster was drawn for.
type marksKey struct {
	rect        fyne.Position
	size        fyne.Size
	origin      fyne.Position
	zoom, scale float32
	layout      Layout
	gen         uint64 // Map.marksGen
	pal         *palette
}

// marksLayer is the raster and the buffer it draws into.
type marksLayer struct {
	raster *canvas.Raster
	img    *image.NRGBA
	key    marksKey
}

// SetListenerMarks replaces the marks of live listeners; the same marks
// again draw nothing.
func (m *Map) SetListenerMarks(marks []Mark) {
	if slices.Equal(marks, m.marks) {
		return
	}
	m.marks = append(m.marks[:0], marks...)
	m.marksGen++
	if r := m.surface.r; r != nil {
		r.layoutMarks()
	}
}

// markShape is where the mark of a cell at p (its top-left corner, zoom
// z) is drawn: its centre and diameter. Small cells get a dot a little
// larger than the cell, centred on it; from LabelZoom a small dot in the
// cell's corner, clear of the port number.
func markShape(p fyne.Position, z float32) (centre fyne.Position, d float32) {
	if z >= LabelZoom {
		d = z * 0.25
		return p.AddXY(2+d/2, 2+d/2), d
	}
	d = fyne.Min(fyne.Max(z*0.5, 5), 16)
	return p.AddXY(z/2, z/2), d
}

// layoutMarks puts the raster over the view and draws it again if what it
// shows changed.
func (r *surfaceRenderer) layoutMarks() {
	m := r.m
	if len(m.marks) == 0 {
		if !r.marks.raster.Hidden {
			r.marks.raster.Hide()
			r.marks.raster.Refresh()
		}
		return
	}
	sc := m.canvasScale()
	off, view := m.scroll.Offset, m.viewSize()
	floor := func(v float32) float32 { return float32(math.Floor(float64(v*sc))) / sc }
	ceil := func(v float32) float32 { return float32(math.Ceil(float64(v*sc))) / sc }
	key := marksKey{rect: fyne.NewPos(floor(off.X), floor(off.Y)), origin: m.origin(), zoom: m.zoom, scale: sc,
		layout: m.layout, gen: m.marksGen, pal: m.pal}
	key.size = fyne.NewSize(ceil(off.X+view.Width)-key.rect.X, ceil(off.Y+view.Height)-key.rect.Y)
	if key == r.marks.key && !r.marks.raster.Hidden {
		return
	}
	r.marks.key = key
	r.marks.raster.Move(key.rect)
	r.marks.raster.Resize(key.size)
	r.marks.raster.Show()
	r.marks.raster.Refresh()
}

// drawMarks is the raster's generator: the marks in view, w x h device
// pixels, flagged ones last (over the others).
func (r *surfaceRenderer) drawMarks(w, h int) image.Image {
	if r.marks.img == nil || r.marks.img.Rect.Dx() != w || r.marks.img.Rect.Dy() != h {
		r.marks.img = image.NewNRGBA(image.Rect(0, 0, w, h))
	} else {
		clear(r.marks.img.Pix)
	}
	k, m := r.marks.key, r.m
	if k.pal == nil || w == 0 || h == 0 || k.size.Width <= 0 {
		return r.marks.img
	}
	sc := float32(w) / k.size.Width
	stroke := color.NRGBAModel.Convert(k.pal.listenerStroke).(color.NRGBA)
	for _, flagged := range [2]bool{false, true} {
		fill := color.NRGBAModel.Convert(k.pal.listener).(color.NRGBA)
		if flagged {
			fill = color.NRGBAModel.Convert(k.pal.flagged).(color.NRGBA)
		}
		for _, mk := range m.marks {
			if mk.Flagged != flagged {
				continue
			}
			x, y := k.layout.Cell(mk.Port)
			p := fyne.NewPos(k.origin.X+float32(x)*k.zoom, k.origin.Y+float32(y)*k.zoom)
			c, d := markShape(p, k.zoom)
			disc(r.marks.img, (c.X-k.rect.X)*sc, (c.Y-k.rect.Y)*sc, d/2*sc, sc, fill, stroke)
		}
	}
	return r.marks.img
}

// disc draws a filled circle of radius rad centred on (cx, cy) with a
// stroke one unit (sc pixels) wide, its edges smoothed; off-image parts
// are left out.
func disc(img *image.NRGBA, cx, cy, rad, sc float32, fill, stroke color.NRGBA) {
	b := img.Rect
	x0, x1 := max(b.Min.X, int(cx-rad)-1), min(b.Max.X, int(cx+rad)+2)
	y0, y1 := max(b.Min.Y, int(cy-rad)-1), min(b.Max.Y, int(cy+rad)+2)
	inner := rad - sc
	for y := y0; y < y1; y++ {
		for x := x0; x < x1; x++ {
			dx, dy := float32(x)+0.5-cx, float32(y)+0.5-cy
			dist := float32(math.Sqrt(float64(dx*dx + dy*dy)))
			cover := min(1, max(0, rad-dist+0.5)) // inside the disc
			if cover == 0 {
				continue
			}
			inFill := min(1, max(0, inner-dist+0.5)) // inside the stroke
			c := blend(stroke, fill, inFill)
			c.A = uint8(float32(c.A) * cover)
			img.SetNRGBA(x, y, over(c, img.NRGBAAt(x, y)))
		}
	}
}

// blend mixes a toward b by t (0..1).
func blend(a, b color.NRGBA, t float32) color.NRGBA {
	f := func(x, y uint8) uint8 { return uint8(float32(x)*(1-t) + float32(y)*t + 0.5) }
	return color.NRGBA{R: f(a.R, b.R), G: f(a.G, b.G), B: f(a.B, b.B), A: f(a.A, b.A)}
}

// over draws src over dst (straight alpha).
func over(src, dst color.NRGBA) color.NRGBA {
	if src.A == 0xff || dst.A == 0 {
		return src
	}
	sa, da := float32(src.A)/255, float32(dst.A)/255
	a := sa + da*(1-sa)
	f := func(s, d uint8) uint8 { return uint8((float32(s)*sa + float32(d)*da*(1-sa)) / a) }
	return color.NRGBA{R: f(src.R, dst.R), G: f(src.G, dst.G), B: f(src.B, dst.B), A: uint8(a*255 + 0.5)}
}
