package portmap

import (
	"image"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/portolan/portolan/registry"
)

// swatch draws one legend entry the way the map draws it: a few cells
// painted with the map's colours, and the map's own shapes over them.
type swatch struct {
	widget.BaseWidget
	kind    swatchKind
	shading Shading // of the cells under the marks
}

const (
	swCols, swRows = 6, 4 // cells in a swatch
	swCell         = 4    // units per cell
)

func newSwatch(k swatchKind) *swatch {
	s := &swatch{kind: k}
	s.ExtendBaseWidget(s)
	return s
}

func (s *swatch) CreateRenderer() fyne.WidgetRenderer {
	s.ExtendBaseWidget(s)
	r := &swatchRenderer{s: s, img: image.NewRGBA(image.Rect(0, 0, swCols, swRows))}
	r.image = canvas.NewImageFromImage(r.img)
	r.image.ScaleMode = canvas.ImageScalePixels
	r.objects = []fyne.CanvasObject{r.image}
	switch s.kind {
	case swEphemeral:
		r.stripes = canvas.NewRaster(r.drawStripes)
		r.stripes.ScaleMode = canvas.ImageScalePixels
		r.objects = append(r.objects, r.stripes)
	case swListener, swFlagged:
		r.circle = &canvas.Circle{StrokeWidth: 1}
		r.objects = append(r.objects, r.circle)
	case swHit:
		r.circle = &canvas.Circle{FillColor: color.Transparent, StrokeWidth: 2}
		r.objects = append(r.objects, r.circle)
	case swSelected:
		r.rect = &canvas.Rectangle{FillColor: color.Transparent, StrokeWidth: 3}
		r.inner = &canvas.Rectangle{FillColor: color.Transparent, StrokeWidth: 1}
		r.objects = append(r.objects, r.rect, r.inner)
	case swHover:
		r.rect = &canvas.Rectangle{FillColor: color.Transparent, StrokeWidth: 1.5}
		r.objects = append(r.objects, r.rect)
	case swRange:
		r.rect = &canvas.Rectangle{FillColor: color.Transparent, StrokeWidth: 2}
		r.objects = append(r.objects, r.rect)
	}
	r.Refresh()
	return r
}

type swatchRenderer struct {
	s           *swatch
	img         *image.RGBA
	image       *canvas.Image
	circle      *canvas.Circle
	rect, inner *canvas.Rectangle
	stripes     *canvas.Raster // the ephemeral range's
	objects     []fyne.CanvasObject
	pal         *palette
}

// drawStripes draws the ephemeral range's stripes over the swatch, as the
// map does.
func (r *swatchRenderer) drawStripes(w, h int) image.Image {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	if r.pal == nil {
		return img
	}
	ink := r.pal.ink
	ink.A = stripeAlpha
	for y := range h {
		for x := range w {
			if onStripe(x, y) {
				img.SetNRGBA(x, y, ink)
			}
		}
	}
	return img
}

func (r *swatchRenderer) Destroy() {}

func (r *swatchRenderer) Objects() []fyne.CanvasObject { return r.objects }

func (r *swatchRenderer) MinSize() fyne.Size {
	return fyne.NewSize(swCols*swCell, swRows*swCell)
}

func (r *swatchRenderer) Layout(size fyne.Size) {
	ms := r.MinSize()
	o := fyne.NewPos((size.Width-ms.Width)/2, (size.Height-ms.Height)/2)
	r.image.Move(o)
	r.image.Resize(ms)
	centre := o.Add(fyne.NewPos(ms.Width/2, ms.Height/2))
	square := func(obj fyne.CanvasObject, side float32) {
		obj.Move(centre.Subtract(fyne.NewPos(side/2, side/2)))
		obj.Resize(fyne.NewSquareSize(side))
	}
	switch r.s.kind {
	case swEphemeral:
		r.stripes.Move(o)
		r.stripes.Resize(ms)
	case swListener, swFlagged:
		square(r.circle, 8)
	case swHit:
		square(r.circle, 13)
	case swSelected:
		square(r.rect, swCell+2*1.5+6)
		square(r.inner, swCell-2*1.5+6)
	case swHover:
		square(r.rect, swCell+6)
	case swRange:
		// around the middle three columns of cells
		r.rect.Move(o.Add(fyne.NewPos(2*swCell, 0)))
		r.rect.Resize(fyne.NewSize(3*swCell, swRows*swCell))
	}
}

func (r *swatchRenderer) Refresh() {
	th := r.s.Theme()
	r.pal = paletteFor(th.Color(theme.ColorNameBackground, fyne.CurrentApp().Settings().ThemeVariant()))
	r.paint()
	r.image.Refresh()
	p := r.pal
	switch r.s.kind {
	case swListener:
		r.circle.FillColor, r.circle.StrokeColor = p.listener, p.listenerStroke
	case swFlagged:
		r.circle.FillColor, r.circle.StrokeColor = p.flagged, p.listenerStroke
	case swHit:
		r.circle.StrokeColor = p.hitRing
	case swSelected:
		r.rect.StrokeColor, r.inner.StrokeColor = p.selection, p.selectionInner
	case swHover:
		r.rect.StrokeColor = p.hover
	case swRange:
		r.rect.StrokeColor = p.rangeOutline
	}
	for _, o := range r.objects[1:] {
		o.Refresh()
	}
	r.Layout(r.s.Size())
}

// swatchShade is the shade of the cells that stand out in the swatches of
// marks in the frequency shading (where the status shading has assigned
// ports).
const swatchShade = 0.75

// colour is the colour the map gives a cell of status look-up index i, or
// in the frequency shading its counterpart: a port nmap does not list, or
// for an assigned port one of shade swatchShade; overlays alike.
func (r *swatchRenderer) colour(i int) color.NRGBA {
	p := r.pal
	if r.s.shading != ShadeFrequency {
		return p.cell(i)
	}
	level := shadeNotInIt
	if registry.Status(i>>lutStatusShift&7) == registry.Assigned {
		level = int(shadeLevel(swatchShade))
	}
	return p.shadeCell(level | i&lutOverlayBits)
}

// paint fills the swatch's cells with the colours the map uses.
func (r *swatchRenderer) paint() {
	p := r.pal
	idx := func(st registry.Status, class registry.RangeClass) int {
		return int(st)<<lutStatusShift | int(class)<<lutClassShift
	}
	for y := 0; y < swRows; y++ {
		for x := 0; x < swCols; x++ {
			i := idx(registry.Unassigned, registry.User)
			switch r.s.kind {
			case swAssigned:
				i = idx(registry.Assigned, registry.User)
			case swReserved:
				i = idx(registry.Reserved, registry.User)
			case swOther:
				i = idx(registry.Other, registry.User)
			case swNotListed:
				i = idx(registry.NotListed, registry.User)
			case swUnauthorized:
				i = idx(registry.Assigned, registry.User) | lutUnauthBit
			case swSystem, swUser, swDynamic:
				class := registry.RangeClass(r.s.kind - swSystem)
				i = idx(registry.Unassigned, class)
				if x < 3 {
					i = idx(registry.Assigned, class)
				}
			case swHit:
				i |= lutFadeBit
				if y > 0 && x > 0 && x < 6 && (x+y)%3 == 0 {
					i = idx(registry.Assigned, registry.User) | lutFadeBit
				}
				if x == 3 && y == 1 {
					i = lutHitBit
				}
			case swRange:
				if x >= 2 && x < 5 {
					i |= lutRangeBit
				}
			case swRamp:
				// rarely (left) to often (right) found open
				r.img.SetRGBA(x, y, color.RGBA(p.shadeCell(int(shadeLevel(float64(x)/(swCols-1))))))
				continue
			case swNotInNmap:
				r.img.SetRGBA(x, y, color.RGBA(p.shadeCell(shadeNotInIt)))
				continue
			}
			r.img.SetRGBA(x, y, color.RGBA(r.colour(i)))
		}
	}
}
