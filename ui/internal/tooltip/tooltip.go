// Package tooltip shows a short text about a control while the pointer
// rests on it: Fyne 2.7 has no tooltips. A Layer covers the window's
// content (the top of a Stack) and shows one tip at a time below the
// control, after a short delay; the controls that tell it are Fyne's
// widgets with their hover methods extended (Button, Select), or any
// widget of Portolan's that calls Enter and Leave from its own hover
// methods. The layer takes no events: it never blocks a click.
//
// It imports Fyne only.
package tooltip

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// DefaultDelay is how long the pointer rests before the tip shows.
const DefaultDelay = 600 * time.Millisecond

// Layer shows the tips of a window. Make it with NewLayer and put it over
// the content: container.NewStack(content, layer).
type Layer struct {
	widget.BaseWidget
	// Delay is how long the pointer must rest (DefaultDelay; 0 in tests
	// shows at once).
	Delay time.Duration
	// Do runs a function on the UI goroutine when the delay is over
	// (fyne.Do when nil).
	Do func(func())

	owner fyne.CanvasObject // the control whose tip is shown or due
	text  string
	shown bool
	timer *time.Timer
	gen   uint64 // counts Show and Hide, so a late timer does nothing

	r *layerRenderer
}

// NewLayer makes an empty layer.
func NewLayer() *Layer {
	l := &Layer{Delay: DefaultDelay}
	l.ExtendBaseWidget(l)
	return l
}

// Enter asks for owner's tip text, after the delay. A nil layer or an
// empty text does nothing, so controls work without tips.
func (l *Layer) Enter(owner fyne.CanvasObject, text string) {
	if l == nil || text == "" {
		return
	}
	l.gen++
	gen := l.gen
	l.owner, l.text = owner, text
	if l.timer != nil {
		l.timer.Stop()
	}
	if l.Delay <= 0 {
		l.show()
		return
	}
	do := l.Do
	if do == nil {
		do = fyne.Do
	}
	l.timer = time.AfterFunc(l.Delay, func() {
		do(func() {
			if l.gen == gen {
				l.show()
			}
		})
	})
}

// Leave hides owner's tip (another control's tip stays).
func (l *Layer) Leave(owner fyne.CanvasObject) {
	if l == nil || l.owner != owner {
		return
	}
	l.gen++
	if l.timer != nil {
		l.timer.Stop()
	}
	l.owner, l.text = nil, ""
	if l.shown {
		l.shown = false
		l.Refresh()
	}
}

// Shown is the text of the tip on screen ("" for none).
func (l *Layer) Shown() string {
	if l == nil || !l.shown {
		return ""
	}
	return l.text
}

func (l *Layer) show() {
	l.shown = true
	l.Refresh()
}

// MinSize is nothing: the layer never asks for room.
func (l *Layer) MinSize() fyne.Size { return fyne.Size{} }

// CreateRenderer is a private method to Fyne which links this widget to
// its renderer.
func (l *Layer) CreateRenderer() fyne.WidgetRenderer {
	l.ExtendBaseWidget(l)
	r := &layerRenderer{l: l, box: &canvas.Rectangle{StrokeWidth: 1}}
	r.box.Hide()
	l.r = r
	r.Refresh()
	return r
}

type layerRenderer struct {
	l       *Layer
	box     *canvas.Rectangle
	lines   []*canvas.Text
	objects []fyne.CanvasObject
}

func (r *layerRenderer) Destroy() {}

func (r *layerRenderer) MinSize() fyne.Size { return fyne.Size{} }

func (r *layerRenderer) Objects() []fyne.CanvasObject { return r.objects }

func (r *layerRenderer) Layout(fyne.Size) { r.place() }

func (r *layerRenderer) Refresh() {
	l := r.l
	th := l.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	var texts []string
	if l.shown {
		for _, line := range strings.Split(l.text, "\n") {
			texts = append(texts, wrap(line, tipWidth)...)
		}
	}
	for len(r.lines) < len(texts) {
		r.lines = append(r.lines, &canvas.Text{})
	}
	r.objects = append(r.objects[:0], r.box)
	for i, t := range r.lines {
		if i >= len(texts) {
			t.Hide()
			continue
		}
		t.Text = texts[i]
		t.Color = th.Color(theme.ColorNameForeground, v)
		t.TextSize = th.Size(theme.SizeNameText)
		t.Show()
		r.objects = append(r.objects, t)
	}
	r.box.FillColor = th.Color(theme.ColorNameOverlayBackground, v)
	r.box.StrokeColor = th.Color(theme.ColorNameInputBorder, v)
	r.box.CornerRadius = th.Size(theme.SizeNameInputRadius)
	r.box.Hidden = !l.shown
	r.place()
	for _, o := range r.objects {
		o.Refresh()
	}
	// The box and its text were hidden, so never drawn: the canvas does
	// not know them and would not redraw for them. It knows the layer.
	canvas.Refresh(l)
}

// place puts the tip below its control (above it when there is no room
// below), inside the layer.
func (r *layerRenderer) place() {
	l := r.l
	if !l.shown || l.owner == nil {
		return
	}
	th := l.Theme()
	pad := th.Size(theme.SizeNameInnerPadding)
	var w, h float32
	lineH := float32(0)
	for _, t := range r.lines {
		if t.Hidden {
			continue
		}
		s := t.MinSize()
		w = fyne.Max(w, s.Width)
		lineH = s.Height
		h += s.Height
	}
	size := fyne.NewSize(w+2*pad, h+pad)
	d := fyne.CurrentApp().Driver()
	at := d.AbsolutePositionForObject(l.owner).Subtract(d.AbsolutePositionForObject(l))
	own := l.owner.Size()
	room := l.Size()
	pos := fyne.NewPos(at.X, at.Y+own.Height+4)
	if pos.Y+size.Height > room.Height {
		pos.Y = at.Y - size.Height - 4
	}
	pos.X = fyne.Max(0, fyne.Min(pos.X, room.Width-size.Width))
	pos.Y = fyne.Max(0, pos.Y)
	r.box.Move(pos)
	r.box.Resize(size)
	y := pos.Y + pad/2
	for _, t := range r.lines {
		if t.Hidden {
			continue
		}
		t.Move(fyne.NewPos(pos.X+pad, y))
		t.Resize(fyne.NewSize(w, lineH))
		y += lineH
	}
}

// tipWidth is the most characters on a line of a tip.
const tipWidth = 72

// wrap breaks s into lines of at most width characters, between words
// (a word longer than width gets a line of its own).
func wrap(s string, width int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		switch {
		case line == "":
			line = w
		case len([]rune(line))+1+len([]rune(w)) <= width:
			line += " " + w
		default:
			lines = append(lines, line)
			line = w
		}
	}
	return append(lines, line)
}
