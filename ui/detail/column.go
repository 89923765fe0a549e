package detail

import (
	"fyne.io/fyne/v2"
)

// column stacks objects at full width with no padding between them (the
// pane spaces its blocks itself). A wrapping RichText is as tall as its
// text at the width it has, so each object is given the width before its
// height is asked; MinSize uses the width the pane sets before each
// layout, so a vertical scroll knows the true height in one pass.
type column struct {
	width float32 // the width the content will get
	inset float32 // left and right margin
}

// heightAt gives o the width w and returns its height there.
func heightAt(o fyne.CanvasObject, w float32) float32 {
	if o.Size().Width != w {
		o.Resize(fyne.NewSize(w, o.Size().Height))
	}
	return o.MinSize().Height
}

func (c *column) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	w := size.Width - 2*c.inset
	y := float32(0)
	for _, o := range objects {
		if !o.Visible() {
			continue
		}
		h := heightAt(o, w)
		o.Move(fyne.NewPos(c.inset, y))
		o.Resize(fyne.NewSize(w, h))
		y += h
	}
}

func (c *column) MinSize(objects []fyne.CanvasObject) fyne.Size {
	w := c.width - 2*c.inset
	h := float32(0)
	for _, o := range objects {
		if o.Visible() && w > 0 {
			h += heightAt(o, w)
		}
	}
	return fyne.NewSize(0, h)
}
