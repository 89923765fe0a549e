package detail

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"
)

// page is the scrolled content of the pane: its objects in a column. Its
// Refresh lays them out again without refreshing each (a RichText wraps
// its text again on every Refresh); the pane shows a block when it
// changes it.
type page struct {
	widget.BaseWidget
	col     column
	objects []fyne.CanvasObject
}

func newPage() *page {
	pg := &page{col: column{inset: 8}}
	pg.ExtendBaseWidget(pg)
	return pg
}

// CreateRenderer is a private method to Fyne which links this widget to its renderer.
func (pg *page) CreateRenderer() fyne.WidgetRenderer { return &pageRenderer{pg: pg} }

type pageRenderer struct{ pg *page }

func (r *pageRenderer) Destroy()                     {}
func (r *pageRenderer) Objects() []fyne.CanvasObject { return r.pg.objects }
func (r *pageRenderer) Layout(size fyne.Size)        { r.pg.col.Layout(r.pg.objects, size) }
func (r *pageRenderer) MinSize() fyne.Size           { return r.pg.col.MinSize(r.pg.objects) }

func (r *pageRenderer) Refresh() {
	r.Layout(r.pg.Size())
	canvas.Refresh(r.pg)
}

// column stacks objects at full width with no padding between them (the
// pane spaces its blocks itself). A wrapping RichText is as tall as its
// text at the width it has, so each object is given the width before its
// height is asked; MinSize uses the width the pane sets before each
// layout, so a vertical scroll knows the true height in one pass.
type column struct {
	width float32 // the width the content will get
	inset float32 // left and right margin
}

// inner is the objects' width.
func (c *column) inner() float32 { return max(c.width-2*c.inset, 0) }

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
	w := c.inner()
	h := float32(0)
	for _, o := range objects {
		if o.Visible() && w > 0 {
			h += heightAt(o, w)
		}
	}
	return fyne.NewSize(0, h)
}
