package registryui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// Small layouts the views and dialogs of this package share.

// boldLabel is a column heading.
func boldLabel(text string) *widget.Label {
	l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.Truncation = fyne.TextTruncateEllipsis
	return l
}

// columns lays out a row: the first objects at columnWidths, the last one
// in the rest of the width.
type columns struct{}

func newColumns(objs ...fyne.CanvasObject) *fyne.Container {
	return container.New(columns{}, objs...)
}

func (columns) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	x := float32(0)
	for i, o := range objs {
		w := size.Width - x
		if i < len(columnWidths) && i < len(objs)-1 {
			w = min(columnWidths[i], max(size.Width-x, 0))
		}
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(max(w, 0), size.Height))
		x += w
	}
}

func (columns) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for i, o := range objs {
		m := o.MinSize()
		s.Height = max(s.Height, m.Height)
		if i < len(columnWidths) && i < len(objs)-1 {
			s.Width += columnWidths[i]
		} else {
			s.Width += m.Width
		}
	}
	return s
}

// minHeight is an invisible object that holds a stack open to h.
func minHeight(h float32) fyne.CanvasObject {
	r := canvas.NewRectangle(color.Transparent)
	r.SetMinSize(fyne.NewSize(0, h))
	return r
}

// newMinWidth stacks objs vertically in a box at least w wide, so that
// wrapped labels in a dialog get a sensible width.
func newMinWidth(w float32, objs ...fyne.CanvasObject) *fyne.Container {
	r := canvas.NewRectangle(color.Transparent)
	r.SetMinSize(fyne.NewSize(w, 0))
	return container.NewVBox(append([]fyne.CanvasObject{r}, objs...)...)
}
