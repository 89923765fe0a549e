package tooltip

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// Button is a widget.Button with a tip.
type Button struct {
	widget.Button
	Tip   string
	layer *Layer
}

var _ desktop.Hoverable = (*Button)(nil)

// NewButton makes a button with a label, an icon (either may be empty) and
// a tip.
func (l *Layer) NewButton(label string, icon fyne.Resource, tip string, tapped func()) *Button {
	b := &Button{Tip: tip, layer: l}
	b.Text, b.Icon, b.OnTapped = label, icon, tapped
	b.ExtendBaseWidget(b)
	return b
}

// MouseIn shows the tip.
func (b *Button) MouseIn(e *desktop.MouseEvent) {
	b.Button.MouseIn(e)
	b.layer.Enter(b, b.Tip)
}

// MouseOut hides the tip.
func (b *Button) MouseOut() {
	b.Button.MouseOut()
	b.layer.Leave(b)
}

// Tapped hides the tip and taps.
func (b *Button) Tapped(e *fyne.PointEvent) {
	b.layer.Leave(b)
	b.Button.Tapped(e)
}

// Select is a widget.Select with a tip; a disabled one says why in it.
type Select struct {
	widget.Select
	Tip   string
	layer *Layer
}

var _ desktop.Hoverable = (*Select)(nil)

// NewSelect makes a drop-down of options with a tip.
func (l *Layer) NewSelect(options []string, tip string, changed func(string)) *Select {
	s := &Select{Tip: tip, layer: l}
	s.Options, s.OnChanged = options, changed
	s.PlaceHolder = "(Select one)"
	s.ExtendBaseWidget(s)
	return s
}

// MouseIn shows the tip.
func (s *Select) MouseIn(e *desktop.MouseEvent) {
	s.Select.MouseIn(e)
	s.layer.Enter(s, s.Tip)
}

// MouseOut hides the tip.
func (s *Select) MouseOut() {
	s.Select.MouseOut()
	s.layer.Leave(s)
}

// Tapped hides the tip and opens the drop-down.
func (s *Select) Tapped(e *fyne.PointEvent) {
	s.layer.Leave(s)
	s.Select.Tapped(e)
}
