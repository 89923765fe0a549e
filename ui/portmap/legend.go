package portmap

import (
	"image"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/portolan/portolan/registry"
	"github.com/portolan/portolan/ui/internal/tooltip"
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
// draws, in full (the tip of each entry). A legend shows those of its
// shading, in the order of legendKinds, by their LegendShort words.
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
	swEphemeral:    "Ephemeral ports of this machine (striped)",
	swListener:     "Listening",
	swFlagged:      "Listening, flagged",
	swHit:          "Search hit (the rest faded)",
	swRange:        "Selected range",
	swSelected:     "Selected port",
	swHover:        "Under the pointer",
	swRamp:         "Found open by nmap: rarely → often",
	swNotInNmap:    "Not in nmap's list",
}

// LegendShort are the entries' words in the strip.
var LegendShort = [numSwatches]string{
	swAssigned:     "Assigned",
	swReserved:     "Reserved",
	swOther:        "Other",
	swNotListed:    "Not listed",
	swUnassigned:   "Unassigned",
	swUnauthorized: "Unauthorized use",
	swSystem:       "System",
	swUser:         "User",
	swDynamic:      "Dynamic",
	swEphemeral:    "Ephemeral",
	swListener:     "Listening",
	swFlagged:      "Flagged",
	swHit:          "Search hit",
	swRange:        "Range",
	swSelected:     "Selected",
	swHover:        "Pointer",
	swRamp:         "nmap: rarely → often open",
	swNotInNmap:    "Not in nmap",
}

// legendKinds are the entries of the legend in each shading, in order.
var legendKinds = [...][]swatchKind{
	ShadeStatus: {swAssigned, swReserved, swOther, swNotListed, swUnassigned, swUnauthorized,
		swSystem, swUser, swDynamic, swEphemeral, swListener, swFlagged, swHit, swRange, swSelected, swHover},
	ShadeFrequency: {swRamp, swNotInNmap, swEphemeral, swListener, swFlagged, swHit, swRange, swSelected, swHover},
}

// Legend explains every colour and mark of the map, in the palette of the
// current theme and for the map's shading: a strip of entries, each a
// swatch drawn the way the map draws it and a word or two, wrapped to the
// legend's width; the full words are the entry's tip.
type Legend struct {
	widget.BaseWidget
	// Tips shows each entry's full words on hover (none when nil).
	Tips *tooltip.Layer

	shading Shading
	entries [numSwatches]*legendEntry
}

// NewLegend makes a legend.
func NewLegend() *Legend {
	l := &Legend{}
	for k := range numSwatches {
		l.entries[k] = newLegendEntry(l, k)
	}
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

// kinds are the entries shown.
func (l *Legend) kinds() []swatchKind { return legendKinds[l.shading] }

// gaps between entries, across and down
func (l *Legend) gaps() (x, y float32) {
	pad := l.Theme().Size(theme.SizeNamePadding)
	return 3 * pad, pad
}

// flow places the entries in rows of width w: the position of each entry
// shown, and the height they take.
func (l *Legend) flow(w float32, place func(k swatchKind, at fyne.Position, size fyne.Size)) float32 {
	gx, gy := l.gaps()
	var x, y, rowH float32
	for _, k := range l.kinds() {
		s := l.entries[k].MinSize()
		if x > 0 && x+s.Width > w {
			x, y = 0, y+rowH+gy
			rowH = 0
		}
		if place != nil {
			place(k, fyne.NewPos(x, y), s)
		}
		x += s.Width + gx
		rowH = fyne.Max(rowH, s.Height)
	}
	return y + rowH
}

// HeightFor is the height the legend takes at width w.
func (l *Legend) HeightFor(w float32) float32 { return l.flow(w, nil) }

// FitHeight is the height to show of the legend at width w in room of
// height room: all of it when it fits, else as many whole rows as fit
// (at least one; the rest scroll into view).
func (l *Legend) FitHeight(w, room float32) float32 {
	all := l.HeightFor(w)
	if all <= room {
		return all
	}
	_, gy := l.gaps()
	pitch := l.MinSize().Height + gy
	rows := max(1, int((room+gy)/pitch))
	return fyne.Min(all, float32(rows)*pitch-gy)
}

// CreateRenderer is a private method to Fyne which links this widget to its
// renderer.
func (l *Legend) CreateRenderer() fyne.WidgetRenderer {
	l.ExtendBaseWidget(l)
	r := &legendRenderer{l: l}
	r.showKinds()
	return r
}

type legendRenderer struct {
	l *Legend
	// shading is the one the objects are for.
	shading Shading
	objects []fyne.CanvasObject
}

// showKinds makes the objects those of the legend's shading.
func (r *legendRenderer) showKinds() {
	r.shading = r.l.shading
	r.objects = r.objects[:0]
	for _, k := range r.l.kinds() {
		e := r.l.entries[k]
		e.swatch.shading = r.shading
		e.swatch.Refresh()
		r.objects = append(r.objects, e)
	}
}

func (r *legendRenderer) Destroy() {}

func (r *legendRenderer) Objects() []fyne.CanvasObject { return r.objects }

// MinSize is the widest entry, one row high: the legend wraps to the width
// it gets (HeightFor says how high it is then).
func (r *legendRenderer) MinSize() fyne.Size {
	var s fyne.Size
	for _, k := range r.l.kinds() {
		s = s.Max(r.l.entries[k].MinSize())
	}
	return s
}

func (r *legendRenderer) Layout(size fyne.Size) {
	r.l.flow(size.Width, func(k swatchKind, at fyne.Position, s fyne.Size) {
		r.l.entries[k].Move(at)
		r.l.entries[k].Resize(s)
	})
}

func (r *legendRenderer) Refresh() {
	if r.shading != r.l.shading {
		r.showKinds()
	}
	for _, o := range r.objects {
		o.Refresh()
	}
	r.Layout(r.l.Size())
}

// legendEntry is a swatch and its short words; its tip is the full words.
type legendEntry struct {
	widget.BaseWidget
	l      *Legend
	kind   swatchKind
	swatch *swatch
	text   *canvas.Text
}

var _ desktop.Hoverable = (*legendEntry)(nil)

func newLegendEntry(l *Legend, k swatchKind) *legendEntry {
	e := &legendEntry{l: l, kind: k, swatch: newSwatch(k), text: canvas.NewText(LegendShort[k], color.Black)}
	e.ExtendBaseWidget(e)
	return e
}

// MouseIn shows the entry's full words.
func (e *legendEntry) MouseIn(*desktop.MouseEvent) { e.l.Tips.Enter(e, LegendEntries[e.kind]) }

// MouseMoved does nothing more.
func (e *legendEntry) MouseMoved(*desktop.MouseEvent) {}

// MouseOut hides the words.
func (e *legendEntry) MouseOut() { e.l.Tips.Leave(e) }

func (e *legendEntry) CreateRenderer() fyne.WidgetRenderer {
	e.ExtendBaseWidget(e)
	r := &entryRenderer{e: e}
	r.Refresh()
	return r
}

type entryRenderer struct{ e *legendEntry }

func (r *entryRenderer) Destroy() {}

func (r *entryRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.e.swatch, r.e.text}
}

func (r *entryRenderer) MinSize() fyne.Size {
	pad := r.e.Theme().Size(theme.SizeNamePadding)
	sw, ts := r.e.swatch.MinSize(), r.e.text.MinSize()
	return fyne.NewSize(sw.Width+pad+ts.Width, fyne.Max(sw.Height, ts.Height))
}

func (r *entryRenderer) Layout(size fyne.Size) {
	pad := r.e.Theme().Size(theme.SizeNamePadding)
	sw, ts := r.e.swatch.MinSize(), r.e.text.MinSize()
	r.e.swatch.Move(fyne.NewPos(0, (size.Height-sw.Height)/2))
	r.e.swatch.Resize(sw)
	r.e.text.Move(fyne.NewPos(sw.Width+pad, (size.Height-ts.Height)/2))
	r.e.text.Resize(ts)
}

func (r *entryRenderer) Refresh() {
	th := r.e.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	r.e.text.Color = th.Color(theme.ColorNameForeground, v)
	r.e.text.TextSize = th.Size(theme.SizeNameCaptionText)
	r.e.text.Refresh()
	r.e.swatch.Refresh()
	r.Layout(r.e.Size())
}

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
