package search

import (
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/portolan/portolan/registry"
)

// visibleRows is how many hits the drop-down shows before it scrolls.
const visibleRows = 10

// dropDown is the list of hits under the box. While it is shown the
// canvas gives it the keyboard (a pop-up has its own focus), so it hands
// every key back to the box: typing goes on in the entry.
type dropDown struct {
	widget.BaseWidget
	box   *Box
	list  *widget.List
	empty *widget.Label
}

var (
	_ fyne.Focusable    = (*dropDown)(nil)
	_ fyne.Shortcutable = (*dropDown)(nil)
	_ desktop.Keyable   = (*dropDown)(nil)
)

func newDropDown(b *Box) *dropDown {
	d := &dropDown{box: b, empty: widget.NewLabel("")}
	d.list = widget.NewList(
		func() int { return d.box.listed() },
		func() fyne.CanvasObject { return newHitRow() },
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < len(d.box.hits) {
				o.(*hitRow).set(d.box.hits[id], id == d.box.cursor)
			}
		})
	d.list.OnSelected = func(id widget.ListItemID) {
		d.list.UnselectAll()
		d.box.choose(id)
	}
	d.ExtendBaseWidget(d)
	return d
}

// update shows the box's current hits.
func (d *dropDown) update() {
	if len(d.box.hits) == 0 {
		d.empty.SetText("Nothing found for \"" + strings.TrimSpace(d.box.query) + "\"")
		d.empty.Show()
		d.list.Hide()
	} else {
		d.empty.Hide()
		d.list.Show()
		d.list.Refresh()
		d.list.ScrollToTop()
	}
	d.Refresh()
}

// highlight marks hit i as the one Enter chooses.
func (d *dropDown) highlight(i int) {
	d.list.Refresh()
	d.list.ScrollTo(i)
}

// FocusGained is a hook called by the focus handling logic after this object gained the focus.
func (d *dropDown) FocusGained() {}

// FocusLost is a hook called by the focus handling logic after this object lost the focus.
func (d *dropDown) FocusLost() {}

// TypedRune goes to the entry.
func (d *dropDown) TypedRune(r rune) { d.box.TypedRune(r) }

// TypedKey goes to the box, which moves through the hits or edits.
func (d *dropDown) TypedKey(k *fyne.KeyEvent) { d.box.TypedKey(k) }

// TypedShortcut goes to the box (paste, select all, the window's keys).
func (d *dropDown) TypedShortcut(s fyne.Shortcut) { d.box.TypedShortcut(s) }

// KeyDown goes to the entry (Shift for selecting).
func (d *dropDown) KeyDown(k *fyne.KeyEvent) { d.box.KeyDown(k) }

// KeyUp goes to the entry.
func (d *dropDown) KeyUp(k *fyne.KeyEvent) { d.box.KeyUp(k) }

// MinSize fits up to visibleRows hits.
func (d *dropDown) MinSize() fyne.Size {
	d.ExtendBaseWidget(d)
	return d.BaseWidget.MinSize()
}

// CreateRenderer is a private method to Fyne which links this widget to its renderer.
func (d *dropDown) CreateRenderer() fyne.WidgetRenderer {
	d.ExtendBaseWidget(d)
	return &dropDownRenderer{d: d}
}

type dropDownRenderer struct{ d *dropDown }

func (r *dropDownRenderer) Destroy() {}

func (r *dropDownRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.d.list, r.d.empty}
}

func (r *dropDownRenderer) MinSize() fyne.Size {
	d := r.d
	if len(d.box.hits) == 0 {
		return d.empty.MinSize()
	}
	pad := d.Theme().Size(theme.SizeNamePadding)
	rowH := newHitRow().MinSize().Height
	n := float32(min(d.box.listed(), visibleRows))
	return fyne.NewSize(0, n*(rowH+pad)-pad)
}

func (r *dropDownRenderer) Layout(size fyne.Size) {
	r.d.list.Resize(size)
	r.d.empty.Resize(size)
}

func (r *dropDownRenderer) Refresh() {
	r.Layout(r.d.Size())
	canvas.Refresh(r.d)
}

// hitRow is one hit: ports, service, protocols and description in columns.
type hitRow struct {
	widget.BaseWidget
	hit     registry.Hit
	current bool

	bg                         *canvas.Rectangle
	ports, service, proto, des *canvas.Text
}

func newHitRow() *hitRow {
	h := &hitRow{
		bg:      canvas.NewRectangle(color.Transparent),
		ports:   canvas.NewText("", nil),
		service: canvas.NewText("", nil),
		proto:   canvas.NewText("", nil),
		des:     canvas.NewText("", nil),
	}
	h.ports.TextStyle.Bold = true
	h.service.TextStyle.Bold = true
	h.ExtendBaseWidget(h)
	return h
}

func (h *hitRow) set(hit registry.Hit, current bool) {
	h.hit, h.current = hit, current
	h.Refresh()
}

// CreateRenderer is a private method to Fyne which links this widget to its renderer.
func (h *hitRow) CreateRenderer() fyne.WidgetRenderer {
	h.ExtendBaseWidget(h)
	r := &hitRowRenderer{h: h}
	r.Refresh()
	return r
}

type hitRowRenderer struct{ h *hitRow }

func (r *hitRowRenderer) Destroy() {}

func (r *hitRowRenderer) Objects() []fyne.CanvasObject {
	h := r.h
	return []fyne.CanvasObject{h.bg, h.ports, h.service, h.proto, h.des}
}

func (r *hitRowRenderer) textSize() float32 { return r.h.Theme().Size(theme.SizeNameText) - 1 }

func (r *hitRowRenderer) MinSize() fyne.Size {
	s, _ := fyne.CurrentApp().Driver().RenderedTextSize("Mg", r.textSize(), fyne.TextStyle{Bold: true}, nil)
	return fyne.NewSize(200, s.Height+4)
}

// Column widths, in widths of "0" at the text size.
const (
	portsColumn   = 11.5 // "65535-65535"
	serviceColumn = 15
	protoColumn   = 9
)

func (r *hitRowRenderer) Layout(size fyne.Size) {
	h := r.h
	ts := r.textSize()
	zero, _ := fyne.CurrentApp().Driver().RenderedTextSize("0", ts, fyne.TextStyle{}, nil)
	h.bg.Resize(size)
	x := float32(6)
	place := func(t *canvas.Text, full string, w float32) {
		t.Text = fitText(full, ts, t.TextStyle, w-zero.Width)
		ms := t.MinSize()
		t.Move(fyne.NewPos(x, (size.Height-ms.Height)/2))
		t.Resize(fyne.NewSize(w, ms.Height))
		x += w
	}
	hit := h.hit
	service, proto := hit.Service, hit.Protocol
	place(h.ports, portsText(hit), portsColumn*zero.Width)
	place(h.service, service, serviceColumn*zero.Width)
	place(h.proto, proto, protoColumn*zero.Width)
	place(h.des, strings.Join(strings.Fields(hit.Description), " "), max(0, size.Width-x-6))
}

func (r *hitRowRenderer) Refresh() {
	h := r.h
	th := h.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	ts := r.textSize()
	for _, t := range []*canvas.Text{h.ports, h.service, h.proto, h.des} {
		t.TextSize = ts
		t.Color = th.Color(theme.ColorNameForeground, v)
	}
	h.proto.Color = th.Color(theme.ColorNamePlaceHolder, v)
	if h.hit.Service == "" { // a range or a status: the description says it all
		h.des.Color = th.Color(theme.ColorNameForeground, v)
	}
	h.bg.FillColor = color.Transparent
	if h.current {
		h.bg.FillColor = th.Color(theme.ColorNameSelection, v)
	}
	r.Layout(h.Size())
	for _, o := range r.Objects() {
		o.Refresh()
	}
}

// fitText shortens s with "…" until it fits in width. It measures as
// little as it can: a string is measured (shaped) the first time at some
// cost, and rows show new strings on every keystroke.
func fitText(s string, size float32, style fyne.TextStyle, width float32) string {
	measure := func(t string) float32 {
		m, _ := fyne.CurrentApp().Driver().RenderedTextSize(t, size, style, nil)
		return m.Width
	}
	full := float32(0)
	if s == "" || width <= 0 {
		return ""
	}
	if full = measure(s); full <= width {
		return s
	}
	runes := []rune(s)
	// Guess from the average width of a character, then step back.
	n := min(len(runes)-1, int(float32(len(runes))*width/full))
	for n > 0 {
		t := strings.TrimRight(string(runes[:n]), " ") + "…"
		if measure(t) <= width {
			return t
		}
		n -= max(1, n/8)
	}
	return ""
}
