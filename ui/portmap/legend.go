package portmap

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

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
	swFlagged:      "Listening, alert",
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
	swFlagged:      "Alert",
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
