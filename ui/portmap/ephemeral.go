package portmap

// The ephemeral range of this machine, drawn as one overlay: diagonal
// stripes in screen space over its cells, whatever the zoom, and its
// outline. The stripes are a raster the size of the visible part of the
// map, made again only when the view, the range or the theme changes.

import (
	"image"
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
)

// Stripes: stripeWidth device pixels of ink every stripePeriod, on the
// diagonal.
const (
	stripePeriod = 7
	stripeWidth  = 2
	stripeAlpha  = 0x70
)

// onStripe tells whether device pixel (x, y) is on a stripe.
func onStripe(x, y int) bool {
	d := (x + y) % stripePeriod
	if d < 0 {
		d += stripePeriod
	}
	return d < stripeWidth
}

// ephemeralRange is the range drawn, if any.
func (m *Map) ephemeralRange() (lo, hi uint16, ok bool) {
	e := m.space.Ephemeral
	if !m.showEph || e.High == 0 || e.Low > e.High {
		return 0, 0, false
	}
	return e.Low, e.High, true
}

// updateEphemeralOutline computes the outline of the ephemeral range for
// the layout.
func (m *Map) updateEphemeralOutline() {
	m.ephOutline = m.ephOutline[:0]
	if lo, hi, ok := m.ephemeralRange(); ok {
		m.ephOutline = m.layout.Outline(m.ephOutline, lo, hi)
	}
	if r := m.surface.r; r != nil {
		r.ephKey = ephemeralKey{}
		r.layoutEphemeral()
	}
}

// ephemeralKey is what the stripes were drawn for.
type ephemeralKey struct {
	rect        fyne.Position
	size        fyne.Size
	origin      fyne.Position
	zoom, scale float32
	layout      Layout
	lo, hi      uint16
	ink         color.NRGBA
	drawn       bool
}

// ephemeralLayer is the stripes and the outline.
type ephemeralLayer struct {
	raster *canvas.Raster
	img    *image.NRGBA
	lines  []*canvas.Line
}

// layoutEphemeral places the stripes over the visible part of the map and
// the outline around the range.
func (r *surfaceRenderer) layoutEphemeral() {
	m := r.m
	lo, hi, ok := m.ephemeralRange()
	grown := false
	for len(r.eph.lines) < len(m.ephOutline) {
		r.eph.lines = append(r.eph.lines, &canvas.Line{StrokeWidth: 1.5})
		grown = true
	}
	o, z := m.origin(), m.zoom
	for i, l := range r.eph.lines {
		if i >= len(m.ephOutline) || !ok {
			if !l.Hidden {
				l.Hide()
				l.Refresh()
			}
			continue
		}
		s := m.ephOutline[i]
		l.StrokeColor = withAlpha(m.pal.ink, 0xc0)
		l.Position1 = fyne.NewPos(o.X+float32(s.X0)*z, o.Y+float32(s.Y0)*z)
		l.Position2 = fyne.NewPos(o.X+float32(s.X1)*z, o.Y+float32(s.Y1)*z)
		l.Show()
		l.Refresh()
	}
	if grown {
		r.rebuildObjects()
	}

	// The stripes cover the part of the map in view.
	off, view := m.scroll.Offset, m.viewSize()
	side := Side * z
	left, top := fyne.Max(off.X, o.X), fyne.Max(off.Y, o.Y)
	right, bottom := fyne.Min(off.X+view.Width, o.X+side), fyne.Min(off.Y+view.Height, o.Y+side)
	// on whole device pixels, so that a stripe pixel is a screen pixel
	sc := m.canvasScale()
	floor := func(v float32) float32 { return float32(math.Floor(float64(v*sc))) / sc }
	ceil := func(v float32) float32 { return float32(math.Ceil(float64(v*sc))) / sc }
	left, top, right, bottom = floor(left), floor(top), ceil(right), ceil(bottom)
	if !ok || right <= left || bottom <= top {
		if !r.eph.raster.Hidden {
			r.eph.raster.Hide()
			r.eph.raster.Refresh()
		}
		return
	}
	key := ephemeralKey{rect: fyne.NewPos(left, top), size: fyne.NewSize(right-left, bottom-top), origin: o,
		zoom: z, scale: sc, layout: m.layout, lo: lo, hi: hi, ink: m.pal.ink, drawn: true}
	if key == r.ephKey && !r.eph.raster.Hidden {
		return
	}
	r.ephKey = key
	r.eph.raster.Move(key.rect)
	r.eph.raster.Resize(key.size)
	r.eph.raster.Show()
	r.eph.raster.Refresh()
}

// drawStripes is the raster's generator: w x h device pixels over the
// rectangle of ephKey.
func (r *surfaceRenderer) drawStripes(w, h int) image.Image {
	k := r.ephKey
	if r.eph.img == nil || r.eph.img.Rect.Dx() != w || r.eph.img.Rect.Dy() != h {
		r.eph.img = image.NewNRGBA(image.Rect(0, 0, w, h))
	} else {
		clear(r.eph.img.Pix)
	}
	if !k.drawn || w == 0 || h == 0 {
		return r.eph.img
	}
	ink := k.ink
	ink.A = stripeAlpha
	px := color.NRGBA(ink)
	sx, sy := k.size.Width/float32(w), k.size.Height/float32(h)
	// device pixel of the surface where the raster starts, so that the
	// stripes move with the map
	ox := int(math.Round(float64(k.rect.X * k.scale)))
	oy := int(math.Round(float64(k.rect.Y * k.scale)))
	for y := 0; y < h; y++ {
		cy := int((k.rect.Y + (float32(y)+0.5)*sy - k.origin.Y) / k.zoom)
		if cy < 0 || cy >= Side {
			continue
		}
		for x := 0; x < w; x++ {
			if !onStripe(ox+x, oy+y) {
				continue
			}
			cx := int((k.rect.X + (float32(x)+0.5)*sx - k.origin.X) / k.zoom)
			if cx < 0 || cx >= Side {
				continue
			}
			if p := k.layout.portAt(cy*Side + cx); p >= k.lo && p <= k.hi {
				r.eph.img.SetNRGBA(x, y, px)
			}
		}
	}
	return r.eph.img
}
