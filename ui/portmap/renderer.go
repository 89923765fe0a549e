package portmap

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
)

type mapRenderer struct {
	m         *Map
	gutter    *gutter
	objects   []fyne.CanvasObject
	focus     canvas.Rectangle
	typedBox  canvas.Rectangle
	typedText canvas.Text
}

func (r *mapRenderer) Destroy() {
	if r.m.r == r {
		r.m.r = nil
	}
}

func (r *mapRenderer) Objects() []fyne.CanvasObject { return r.objects }

func (r *mapRenderer) MinSize() fyne.Size {
	return fyne.NewSquareSize(Side/2 + 2*r.m.margin())
}

func (r *mapRenderer) Layout(size fyne.Size) {
	left, right := r.m.gutterSizes()
	r.m.scroll.Move(fyne.NewPos(left, 0))
	r.m.layoutView(fyne.NewSize(size.Width-left-right, size.Height))
	r.focus.Resize(size)
	r.layoutTyped()
	r.layoutGutter()
}

// layoutGutter places the gutters' labels for the view.
func (r *mapRenderer) layoutGutter() {
	if r.gutter.layout(r.m, r.m.Size()) {
		r.rebuildObjects()
	}
}

func (r *mapRenderer) rebuildObjects() {
	r.objects = append(r.objects[:0], r.m.scroll)
	r.objects = append(r.objects, r.gutter.objects...)
	r.objects = append(r.objects, &r.focus, &r.typedBox, &r.typedText)
}

func (r *mapRenderer) layoutTyped() {
	if r.typedText.Hidden {
		return // measuring it would load its font for nothing
	}
	th := r.m.Theme()
	pad := th.Size(theme.SizeNamePadding)
	ts := r.typedText.MinSize()
	r.typedText.Move(fyne.NewPos(2*pad, 2*pad))
	r.typedText.Resize(ts)
	r.typedBox.Move(fyne.NewPos(pad, pad))
	r.typedBox.Resize(ts.AddWidthHeight(2*pad, 2*pad))
}

func (r *mapRenderer) applyTheme() {
	th := r.m.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	// The focus ring in the primary colour, opaque: Fyne's focus colour is
	// a faint tint that does not show around a map.
	r.focus.StrokeColor = th.Color(theme.ColorNamePrimary, v)
	r.typedBox.FillColor = th.Color(theme.ColorNameOverlayBackground, v)
	r.typedBox.StrokeColor = th.Color(theme.ColorNameForeground, v)
	r.typedBox.StrokeWidth = 1
	r.typedBox.CornerRadius = th.Size(theme.SizeNameInputRadius)
	r.typedText.Color = th.Color(theme.ColorNameForeground, v)
	r.typedText.TextSize = th.Size(theme.SizeNameText)
}

func (r *mapRenderer) Refresh() {
	r.applyTheme()
	r.refreshChrome()
	r.m.surface.Refresh()
}

// refreshChrome shows the focus ring and the number typed for a jump.
func (r *mapRenderer) refreshChrome() {
	r.focus.Hidden = !r.m.focused
	show := len(r.m.typed) > 0
	r.typedBox.Hidden, r.typedText.Hidden = !show, !show
	if show {
		r.typedText.Text = "Go to port " + string(r.m.typed) + " (Enter)"
		r.layoutTyped()
	}
	r.focus.Refresh()
	r.typedBox.Refresh()
	r.typedText.Refresh()
}
