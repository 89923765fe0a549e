package detail

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/portolan/portolan/registry"
)

// The pane is a column of widget.RichText blocks (block.go). What Fyne's
// segments do not say is said by segments of ours:
//   - a word in a status colour (no theme colour names it): a canvas.Text
//     of that colour, which RichText aligns on the baseline like its own;
//   - a status badge (RichText draws nothing behind a text segment) and an
//     inline icon, a button when it copies something. RichText aligns only
//     text on the baseline and puts the top of any other object there, so
//     these are onBaseline objects, drawn above that line;
//   - a link (linkSegment): Fyne's HyperlinkSegment draws its link at the
//     theme's text size, not the pane's, and RichText measures it so.
// The type scale is three size names the app's theme answers (theme.go);
// what a page costs, and what is Fyne's floor, is said in block.go.

// Segments: the pane's vocabulary of styles. size "" is the body size.

func styled(s string, size fyne.ThemeSizeName, c fyne.ThemeColorName, ts fyne.TextStyle) *widget.TextSegment {
	if size == "" {
		size = SizeNameBody
	}
	return &widget.TextSegment{Text: s, Style: widget.RichTextStyle{Inline: true, SizeName: size, ColorName: c, TextStyle: ts}}
}

func text(s string) *widget.TextSegment { return styled(s, SizeNameBody, "", fyne.TextStyle{}) }
func dim(s string) *widget.TextSegment {
	return styled(s, SizeNameBody, theme.ColorNamePlaceHolder, fyne.TextStyle{})
}
func label(s string) *widget.TextSegment {
	return styled(s, SizeNameSmall, theme.ColorNamePlaceHolder, fyne.TextStyle{})
}
func strong(s string) *widget.TextSegment {
	return styled(s, SizeNameBody, "", fyne.TextStyle{Bold: true})
}
func mono(s string) *widget.TextSegment {
	return styled(s, SizeNameBody, "", fyne.TextStyle{Monospace: true})
}
func warn(s string) *widget.TextSegment {
	return styled(s, SizeNameBody, theme.ColorNameWarning, fyne.TextStyle{})
}
func nl() *widget.TextSegment { return text("\n") }

// useStandardSizes gives segs the standard size names that stand in for
// the pane's, for a theme that does not answer them (theme.go).
func useStandardSizes(segs []widget.RichTextSegment) {
	for _, s := range segs {
		switch s := s.(type) {
		case *widget.TextSegment:
			s.Style.SizeName = standardSize(s.Style.SizeName)
		case *linkSegment:
			s.size = standardSize(s.size)
		}
	}
}

// linkSegment is a link at the pane's body size: a widget.Hyperlink with
// that size name, on the baseline of its row.
type linkSegment struct {
	text string
	tap  func()
	size fyne.ThemeSizeName
}

var _ widget.RichTextSegment = (*linkSegment)(nil)

func link(s string, tap func()) *linkSegment {
	return &linkSegment{text: s, tap: tap, size: SizeNameBody}
}

func (s *linkSegment) Inline() bool              { return true }
func (s *linkSegment) Textual() string           { return s.text }
func (s *linkSegment) Update(fyne.CanvasObject)  {}
func (s *linkSegment) Select(_, _ fyne.Position) {}
func (s *linkSegment) SelectedText() string      { return "" }
func (s *linkSegment) Unselect()                 {}

// Visual is the link, its text placed where a text segment's would be:
// a hyperlink draws its text inside its own inner padding.
func (s *linkSegment) Visual() fyne.CanvasObject {
	hl := widget.NewHyperlink(s.text, nil)
	hl.SizeName, hl.OnTapped = s.size, s.tap
	size, base := fyne.CurrentApp().Driver().RenderedTextSize(s.text, sizeOf(s.size), fyne.TextStyle{}, nil)
	pad := sizeOf(theme.SizeNameInnerPadding)
	return newOnBaseline(hl, size.Width, fyne.NewPos(-pad, -base-pad), size.AddWidthHeight(2*pad, 2*pad))
}

// objectSegment is an inline segment drawn by a canvas object of ours;
// its text is what Text() reads out ("" for an icon).
type objectSegment struct {
	text   string
	visual func() fyne.CanvasObject
	update func(fyne.CanvasObject) // nil: nothing to update
}

var _ widget.RichTextSegment = (*objectSegment)(nil)

func (s *objectSegment) Inline() bool              { return true }
func (s *objectSegment) Textual() string           { return s.text }
func (s *objectSegment) Visual() fyne.CanvasObject { return s.visual() }
func (s *objectSegment) Select(_, _ fyne.Position) {}
func (s *objectSegment) SelectedText() string      { return "" }
func (s *objectSegment) Unselect()                 {}

func (s *objectSegment) Update(o fyne.CanvasObject) {
	if s.update != nil {
		s.update(o)
	}
}

// statusColor is statusColorFor for the app's theme now.
func statusColor(st registry.Status) color.Color {
	return statusColorFor(st, variantOf(theme.Current(), fyne.CurrentApp().Settings().ThemeVariant()))
}

// statusWord is a status in its colour, bold.
func statusWord(st registry.Status) *objectSegment {
	return &objectSegment{text: st.String(),
		visual: func() fyne.CanvasObject {
			t := canvas.NewText(st.String(), color.Transparent)
			t.TextStyle.Bold = true
			return t
		},
		update: func(o fyne.CanvasObject) {
			t := o.(*canvas.Text)
			t.TextSize, t.Color = sizeOf(SizeNameBody), statusColor(st)
			t.Refresh()
		}}
}

// badge is a status in a rounded pill of its colour.
func badge(st registry.Status) *objectSegment {
	return &objectSegment{text: st.String(), visual: func() fyne.CanvasObject {
		c := statusColor(st)
		t := canvas.NewText(st.String(), contrastText(c))
		t.TextStyle.Bold = true
		t.TextSize = sizeOf(SizeNameSmall)
		ts, base := fyne.CurrentApp().Driver().RenderedTextSize(t.Text, t.TextSize, t.TextStyle, nil)
		pad := float32(int(t.TextSize*0.35 + 0.5))
		pill := canvas.NewRectangle(c)
		pill.CornerRadius = ts.Height / 2
		pill.Resize(ts.AddWidthHeight(2*pad, 0))
		t.Move(fyne.NewPos(pad, 0))
		t.Resize(ts)
		// The badge's text sits on the line's baseline.
		pillBox := &fyne.Container{Objects: []fyne.CanvasObject{pill, t}}
		return newOnBaseline(pillBox, pill.Size().Width, fyne.NewPos(0, -base), pill.Size())
	}}
}

// icon is an inline icon as high as a line; with tap it is a button (a
// copy button).
func icon(res fyne.Resource, tap func()) *objectSegment {
	return &objectSegment{visual: func() fyne.CanvasObject {
		line, base := fyne.CurrentApp().Driver().RenderedTextSize("Mg", sizeOf(SizeNameBody), fyne.TextStyle{}, nil)
		var o fyne.CanvasObject = widget.NewIcon(res)
		if tap != nil {
			o = newIconButton(res, tap)
		}
		return newOnBaseline(o, line.Height, fyne.NewPos(0, -base), fyne.NewSquareSize(line.Height))
	}}
}

// onBaseline holds an inline object of a RichText row. When RichText
// aligns a row's text on the baseline, which it does when the heights in
// the row differ, it puts the top of an object that is not text on the
// baseline. This object is 1 unit high, so they always differ, and it
// draws its content at offset from its top (above it).
type onBaseline struct {
	widget.BaseWidget
	content fyne.CanvasObject
	width   float32
	offset  fyne.Position
	size    fyne.Size
}

func newOnBaseline(content fyne.CanvasObject, width float32, offset fyne.Position, size fyne.Size) *onBaseline {
	o := &onBaseline{content: content, width: width, offset: offset, size: size}
	o.ExtendBaseWidget(o)
	return o
}

// MinSize is the width the object takes in its row and 1 unit.
func (o *onBaseline) MinSize() fyne.Size { return fyne.NewSize(o.width, 1) }

// CreateRenderer is a private method to Fyne which links this widget to its renderer.
func (o *onBaseline) CreateRenderer() fyne.WidgetRenderer {
	o.content.Move(o.offset)
	o.content.Resize(o.size)
	return &onBaselineRenderer{o: o}
}

type onBaselineRenderer struct{ o *onBaseline }

func (r *onBaselineRenderer) Destroy()                     {}
func (r *onBaselineRenderer) Layout(fyne.Size)             {}
func (r *onBaselineRenderer) MinSize() fyne.Size           { return r.o.MinSize() }
func (r *onBaselineRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.o.content} }
func (r *onBaselineRenderer) Refresh()                     { r.o.content.Refresh() }

// iconButton is an icon that acts when tapped: a flat button as small
// as a line (widget.Button keeps padding around its icon).
type iconButton struct {
	widget.Icon
	tap func()
}

var (
	_ fyne.Tappable      = (*iconButton)(nil)
	_ desktop.Cursorable = (*iconButton)(nil)
)

func newIconButton(res fyne.Resource, tap func()) *iconButton {
	b := &iconButton{tap: tap}
	b.Resource = res
	b.ExtendBaseWidget(b)
	return b
}

// Tapped does the button's action.
func (b *iconButton) Tapped(*fyne.PointEvent) { b.tap() }

// Cursor is the hand, as over a link.
func (b *iconButton) Cursor() desktop.Cursor { return desktop.PointerCursor }
