package detail

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// wrapper is an object whose height depends on the width it is given.
type wrapper interface {
	heightFor(width float32) float32
}

// column stacks objects at full width, asking wrapping ones how tall they
// are at that width. Its MinSize uses the width the pane sets before each
// layout, so a vertical scroll knows the true height in one pass.
type column struct {
	width float32 // the width the content will get
	inset float32 // left and right margin
}

func (c *column) heightOf(o fyne.CanvasObject, w float32) float32 {
	if f, ok := o.(wrapper); ok {
		return f.heightFor(w)
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
		h := c.heightOf(o, w)
		o.Move(fyne.NewPos(c.inset, y))
		o.Resize(fyne.NewSize(w, h))
		y += h
	}
}

func (c *column) MinSize(objects []fyne.CanvasObject) fyne.Size {
	w := c.width - 2*c.inset
	h := float32(0)
	for _, o := range objects {
		if o.Visible() {
			h += c.heightOf(o, w)
		}
	}
	return fyne.NewSize(0, h)
}

// gap is vertical space, optionally with a thin rule across its middle.
type gap struct {
	widget.BaseWidget
	height float32
	rule   bool
}

func newGap(h float32, rule bool) *gap {
	g := &gap{height: h, rule: rule}
	g.ExtendBaseWidget(g)
	return g
}

func (g *gap) heightFor(float32) float32 { return g.height }

// CreateRenderer is a private method to Fyne which links this widget to its renderer.
func (g *gap) CreateRenderer() fyne.WidgetRenderer {
	g.ExtendBaseWidget(g)
	r := &gapRenderer{gap: g, line: canvas.NewRectangle(color.Transparent)}
	r.Refresh()
	return r
}

type gapRenderer struct {
	gap  *gap
	line *canvas.Rectangle
}

func (r *gapRenderer) Destroy() {}

func (r *gapRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.line} }

func (r *gapRenderer) MinSize() fyne.Size { return fyne.NewSize(0, r.gap.height) }

func (r *gapRenderer) Layout(size fyne.Size) {
	th := r.gap.Theme()
	t := th.Size(theme.SizeNameSeparatorThickness)
	r.line.Move(fyne.NewPos(0, (size.Height-t)/2))
	r.line.Resize(fyne.NewSize(size.Width, t))
}

func (r *gapRenderer) Refresh() {
	th := r.gap.Theme()
	r.line.FillColor = th.Color(theme.ColorNameSeparator, fyne.CurrentApp().Settings().ThemeVariant())
	r.line.Hidden = !r.gap.rule
	r.Layout(r.gap.Size())
	r.line.Refresh()
}

// fixedHeight gives an object (a list) a set height in a column.
type fixedHeight struct {
	widget.BaseWidget
	content fyne.CanvasObject
	height  float32
}

func newFixedHeight(o fyne.CanvasObject, h float32) *fixedHeight {
	f := &fixedHeight{content: o, height: h}
	f.ExtendBaseWidget(f)
	return f
}

func (f *fixedHeight) heightFor(float32) float32 { return f.height }

// CreateRenderer is a private method to Fyne which links this widget to its renderer.
func (f *fixedHeight) CreateRenderer() fyne.WidgetRenderer {
	f.ExtendBaseWidget(f)
	return &fixedHeightRenderer{f: f}
}

type fixedHeightRenderer struct{ f *fixedHeight }

func (r *fixedHeightRenderer) Destroy() {}

func (r *fixedHeightRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.f.content}
}

func (r *fixedHeightRenderer) MinSize() fyne.Size { return fyne.NewSize(0, r.f.height) }

func (r *fixedHeightRenderer) Layout(size fyne.Size) { r.f.content.Resize(size) }

func (r *fixedHeightRenderer) Refresh() { r.f.content.Refresh() }
