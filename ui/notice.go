package ui

// A short notice in the window, at the bottom in the middle, for what a
// click did where nothing else shows it: a copy, a file written (with its
// path), a link that cannot open (with a button to copy its address). It
// goes by itself after a few seconds and never blocks a click elsewhere.

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// How long a notice stays: longer when it offers an action.
const (
	noticeFor       = 4 * time.Second
	noticeActionFor = 10 * time.Second
)

// notice is the notice's box; layer positions it.
type notice struct {
	widget.BaseWidget
	back   *canvas.Rectangle
	text   *widget.Label
	action *widget.Button
	box    *fyne.Container
	layer  *fyne.Container // the box at the bottom, centred
	// do runs a function on the UI goroutine when a notice's time is up
	// (fyne.Do; tests run it themselves).
	do    func(func())
	timer *time.Timer
	gen   uint64
}

func newNotice() *notice {
	n := &notice{back: canvas.NewRectangle(nil), text: widget.NewLabel(""), do: fyne.Do}
	n.text.Wrapping = fyne.TextWrapOff
	n.text.Truncation = fyne.TextTruncateEllipsis
	n.action = widget.NewButton("", nil)
	n.action.Importance = widget.HighImportance
	n.action.Hide()
	n.box = container.NewStack(n.back, container.NewPadded(container.NewBorder(nil, nil, nil, n.action, n.text)))
	n.ExtendBaseWidget(n)
	n.Hide()
	n.layer = container.NewVBox(layout.NewSpacer(),
		container.NewHBox(layout.NewSpacer(), n, layout.NewSpacer()), widget.NewLabel(""))
	return n
}

// show says text; with an action, a button of that label runs it.
func (n *notice) show(text, action string, run func()) {
	n.text.SetText(text)
	wait := noticeFor
	if action != "" {
		wait = noticeActionFor
		n.action.SetText(action)
		n.action.OnTapped = func() {
			run()
			n.hide()
		}
		n.action.Show()
	} else {
		n.action.Hide()
	}
	n.Show()
	n.layer.Refresh()
	n.gen++
	gen := n.gen
	if n.timer != nil {
		n.timer.Stop()
	}
	n.timer = time.AfterFunc(wait, func() {
		n.do(func() {
			if n.gen == gen {
				n.hide()
			}
		})
	})
}

func (n *notice) hide() {
	n.gen++
	n.Hide()
}

// shown is the notice's text while it shows, else "".
func (n *notice) shown() string {
	if !n.Visible() {
		return ""
	}
	return n.text.Text
}

// MinSize is the box's, at most maxNoticeWidth across.
func (n *notice) MinSize() fyne.Size {
	n.ExtendBaseWidget(n)
	s := n.box.MinSize()
	want := fyne.MeasureText(n.text.Text, theme.TextSize(), fyne.TextStyle{}).Width + 4*theme.InnerPadding()
	if n.action.Visible() {
		want += n.action.MinSize().Width + theme.Padding()
	}
	return fyne.NewSize(fyne.Min(fyne.Max(s.Width, want), maxNoticeWidth), s.Height)
}

const maxNoticeWidth = 720

// CreateRenderer is a private method to Fyne which links this widget to its renderer.
func (n *notice) CreateRenderer() fyne.WidgetRenderer {
	n.ExtendBaseWidget(n)
	return &noticeRenderer{n: n, WidgetRenderer: widget.NewSimpleRenderer(n.box)}
}

type noticeRenderer struct {
	fyne.WidgetRenderer
	n *notice
}

func (r *noticeRenderer) MinSize() fyne.Size { return r.n.MinSize() }

func (r *noticeRenderer) Refresh() {
	th := r.n.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	r.n.back.FillColor = th.Color(theme.ColorNameOverlayBackground, v)
	r.n.back.StrokeColor = th.Color(theme.ColorNamePrimary, v)
	r.n.back.StrokeWidth = 2
	r.n.back.CornerRadius = th.Size(theme.SizeNameInputRadius)
	r.WidgetRenderer.Refresh()
}
