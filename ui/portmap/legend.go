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

// swatchKind is one entry of the legend.
type swatchKind uint8

const (
	swAssigned swatchKind = iota
	swReserved
	swOther
	swNotListed
	swUnassigned
	swUnauthorized
	swSystem
	swUser
	swDynamic
	swEphemeral
	swListener
	swFlagged
	swHit
	swRange
	swSelected
	swHover
	swRamp      // the frequency ramp, rarely to often found open
	swNotInNmap // the frequency shading's neutral colour
	numSwatches
)

// LegendEntries are the legend's words: every colour and mark the map
// draws. A legend shows those of its shading, in the order of
// legendKinds.
var LegendEntries = [numSwatches]string{
	swAssigned:     "Assigned",
	swReserved:     "Reserved",
	swOther:        "Other (de-registered, removed)",
	swNotListed:    "Not listed on this protocol",
	swUnassigned:   "Unassigned",
	swUnauthorized: "Unauthorized use reported",
	swSystem:       "System 0–1023 (strongest)",
	swUser:         "User 1024–49151",
	swDynamic:      "Dynamic 49152–65535 (faintest)",
	swEphemeral:    "Ephemeral ports here (hatched)",
	swListener:     "Listening",
	swFlagged:      "Listening, flagged",
	swHit:          "Search hit (the rest faded)",
	swRange:        "Selected range",
	swSelected:     "Selected port",
	swHover:        "Under the pointer",
	swRamp:         "Found open by nmap: rarely → often",
	swNotInNmap:    "Not in nmap's list",
}

// legendKinds are the entries of the legend in each shading, in order.
var legendKinds = [...][]swatchKind{
	ShadeStatus: {swAssigned, swReserved, swOther, swNotListed, swUnassigned, swUnauthorized,
		swSystem, swUser, swDynamic, swEphemeral, swListener, swFlagged, swHit, swRange, swSelected, swHover},
	ShadeFrequency: {swRamp, swNotInNmap, swEphemeral, swListener, swFlagged, swHit, swRange, swSelected, swHover},
}

// Legend explains every colour and mark of the map, in the palette of the
// current theme and for the map's shading: a swatch drawn the way the map
// draws it, and words.
type Legend struct {
	widget.BaseWidget
	// Columns is how many columns the entries fill, top to bottom then
	// left to right (at least 1). Set it before the legend is shown.
	Columns int

	shading Shading
}

// NewLegend makes a legend in two columns.
func NewLegend() *Legend {
	l := &Legend{Columns: 2}
	l.ExtendBaseWidget(l)
	return l
}

// Shading is the shading the legend explains.
func (l *Legend) Shading() Shading { return l.shading }

// SetShading shows the entries of shading s: the statuses and ranges for
// ShadeStatus, the ramp and the colour of unlisted ports for
// ShadeFrequency, and the marks of both. Follow the map's Shading.
func (l *Legend) SetShading(s Shading) {
	if s != ShadeFrequency {
		s = ShadeStatus
	}
	if s == l.shading {
		return
	}
	l.shading = s
	l.Refresh()
}

// CreateRenderer is a private method to Fyne which links this widget to its
// renderer.
func (l *Legend) CreateRenderer() fyne.WidgetRenderer {
	l.ExtendBaseWidget(l)
	r := &legendRenderer{l: l}
	for k := range numSwatches {
		r.swatches[k] = newSwatch(k)
		r.texts[k] = canvas.NewText(LegendEntries[k], color.Black)
	}
	r.showKinds()
	r.applyTheme()
	return r
}

type legendRenderer struct {
	l        *Legend
	swatches [numSwatches]*swatch
	texts    [numSwatches]*canvas.Text
	// kinds are the entries shown, for shading.
	kinds   []swatchKind
	shading Shading
	objects []fyne.CanvasObject
}

// showKinds makes the objects those of the legend's shading.
func (r *legendRenderer) showKinds() {
	r.shading = r.l.shading
	r.kinds = legendKinds[r.shading]
	r.objects = r.objects[:0]
	for _, k := range r.kinds {
		r.swatches[k].shading = r.shading
		r.objects = append(r.objects, r.swatches[k], r.texts[k])
	}
}

func (r *legendRenderer) Destroy() {}

func (r *legendRenderer) Objects() []fyne.CanvasObject { return r.objects }

// grid is the shape of the legend: columns, rows, the size of one entry
// and the gaps between entries.
func (r *legendRenderer) grid() (cols, rows int, cell fyne.Size, gapX, gapY float32) {
	n := len(r.kinds)
	cols = min(max(r.l.Columns, 1), n)
	rows = (n + cols - 1) / cols
	th := r.l.Theme()
	pad := th.Size(theme.SizeNamePadding)
	sw := r.swatches[0].MinSize()
	for _, k := range r.kinds {
		ts := r.texts[k].MinSize()
		cell = cell.Max(fyne.NewSize(sw.Width+pad+ts.Width, fyne.Max(sw.Height, ts.Height)))
	}
	return cols, rows, cell, 3 * pad, pad
}

func (r *legendRenderer) MinSize() fyne.Size {
	cols, rows, cell, gapX, gapY := r.grid()
	return fyne.NewSize(float32(cols)*cell.Width+float32(cols-1)*gapX, float32(rows)*cell.Height+float32(rows-1)*gapY)
}

func (r *legendRenderer) Layout(fyne.Size) {
	_, rows, cell, gapX, gapY := r.grid()
	pad := r.l.Theme().Size(theme.SizeNamePadding)
	for i, k := range r.kinds {
		col, row := i/rows, i%rows
		at := fyne.NewPos(float32(col)*(cell.Width+gapX), float32(row)*(cell.Height+gapY))
		sw := r.swatches[k].MinSize()
		r.swatches[k].Move(at.AddXY(0, (cell.Height-sw.Height)/2))
		r.swatches[k].Resize(sw)
		ts := r.texts[k].MinSize()
		r.texts[k].Move(at.AddXY(sw.Width+pad, (cell.Height-ts.Height)/2))
		r.texts[k].Resize(ts)
	}
}

func (r *legendRenderer) applyTheme() {
	th := r.l.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	for _, t := range r.texts {
		t.Color = th.Color(theme.ColorNameForeground, v)
		t.TextSize = th.Size(theme.SizeNameCaptionText)
	}
}

func (r *legendRenderer) Refresh() {
	if r.shading != r.l.shading {
		r.showKinds()
	}
	r.applyTheme()
	for _, k := range r.kinds {
		r.texts[k].Refresh()
		r.swatches[k].Refresh()
	}
	r.Layout(r.l.Size())
}

// swatch draws one legend entry the way the map draws it: a few cells
// painted with the map's colours, and the map's own shapes over them.
type swatch struct {
	widget.BaseWidget
	kind    swatchKind
	shading Shading // of the cells under the marks
}

const (
	swCols, swRows = 7, 4 // cells in a swatch
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
	objects     []fyne.CanvasObject
	pal         *palette
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
			case swEphemeral:
				if (x+y)&3 == 0 {
					i |= lutHatchBit
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
