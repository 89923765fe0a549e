package detail

import (
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/portolan/portolan/registry"
)

// The pane is a column of widget.RichText blocks. What Fyne's segments
// do not say is said by a segment of ours (objectSegment):
//   - a word in a status colour (no theme colour names it): a canvas.Text
//     of that colour, which RichText aligns on the baseline like its own;
//   - a status badge (RichText draws nothing behind a text segment) and an
//     inline icon, a button when it copies something. RichText aligns only
//     text on the baseline and puts the top of any other object there, so
//     these are onBaseline objects, drawn above that line.
// The compact type scale comes from paneTheme, applied to the page with
// container.ThemeOverride. RichText's inner padding is taken back by a
// negatively padded layout around each block (as Fyne's HyperlinkSegment
// does for its link), so the pane spaces its blocks itself.

// The pane's type scale: theme sizes that paneTheme makes compact,
// relative to the app's text size. Standard names, so that a segment
// measured before the theme reaches it (RichText builds its visuals
// before ThemeOverride walks them) still finds a size.
const (
	sizeBody  = theme.SizeNameText        // the app's text - 1
	sizeSmall = theme.SizeNameCaptionText // - 2: labels, headings, footers
	sizeTitle = theme.SizeNameHeadingText // * 1.45: the port number
)

// paneTheme is the app's theme (looked up on every call, so a change of
// theme shows at once) with the pane's sizes. It holds nothing: the
// pane's own objects may ask it directly.
type paneTheme struct{}

func (paneTheme) app() fyne.Theme { return fyne.CurrentApp().Settings().Theme() }

func (t paneTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	return t.app().Color(n, v)
}

func (t paneTheme) Font(s fyne.TextStyle) fyne.Resource { return t.app().Font(s) }

func (t paneTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return t.app().Icon(n) }

func (t paneTheme) Size(n fyne.ThemeSizeName) float32 {
	base := t.app().Size(theme.SizeNameText)
	switch n {
	case sizeBody:
		return base - 1
	case sizeSmall:
		return base - 2
	case sizeTitle:
		return float32(int(base*1.45 + 0.5))
	}
	return t.app().Size(n)
}

// Segments: the pane's vocabulary of styles.

func styled(s string, size fyne.ThemeSizeName, c fyne.ThemeColorName, ts fyne.TextStyle) *widget.TextSegment {
	return &widget.TextSegment{Text: s, Style: widget.RichTextStyle{Inline: true, SizeName: size, ColorName: c, TextStyle: ts}}
}

func text(s string) *widget.TextSegment { return styled(s, sizeBody, "", fyne.TextStyle{}) }
func dim(s string) *widget.TextSegment {
	return styled(s, sizeBody, theme.ColorNamePlaceHolder, fyne.TextStyle{})
}
func label(s string) *widget.TextSegment {
	return styled(s, sizeSmall, theme.ColorNamePlaceHolder, fyne.TextStyle{})
}
func strong(s string) *widget.TextSegment { return styled(s, sizeBody, "", fyne.TextStyle{Bold: true}) }
func mono(s string) *widget.TextSegment {
	return styled(s, sizeBody, "", fyne.TextStyle{Monospace: true})
}
func warn(s string) *widget.TextSegment {
	return styled(s, sizeBody, theme.ColorNameWarning, fyne.TextStyle{})
}
func nl() *widget.TextSegment { return text("\n") }

func link(s string, tap func()) *widget.HyperlinkSegment {
	return &widget.HyperlinkSegment{Text: s, OnTapped: tap}
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
	return statusColorFor(st, variantOf(paneTheme{}.app(), fyne.CurrentApp().Settings().ThemeVariant()))
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
			t.TextSize, t.Color = paneTheme{}.Size(sizeBody), statusColor(st)
			t.Refresh()
		}}
}

// badge is a status in a rounded pill of its colour.
func badge(st registry.Status) *objectSegment {
	return &objectSegment{text: st.String(), visual: func() fyne.CanvasObject {
		c := statusColor(st)
		t := canvas.NewText(st.String(), contrastText(c))
		t.TextStyle.Bold = true
		t.TextSize = paneTheme{}.Size(sizeSmall)
		ts, base := fyne.CurrentApp().Driver().RenderedTextSize(t.Text, t.TextSize, t.TextStyle, nil)
		pad := float32(int(t.TextSize*0.35 + 0.5))
		pill := canvas.NewRectangle(c)
		pill.CornerRadius = ts.Height / 2
		pill.Resize(ts.AddWidthHeight(2*pad, 0))
		t.Move(fyne.NewPos(pad, 0))
		t.Resize(ts)
		// The badge's text sits on the line's baseline.
		return newOnBaseline(&fyne.Container{Objects: []fyne.CanvasObject{pill, t}}, pill.Size(), base)
	}}
}

// icon is an inline icon as high as a line; with tap it is a button (a
// copy button).
func icon(res fyne.Resource, tap func()) *objectSegment {
	return &objectSegment{visual: func() fyne.CanvasObject {
		line, base := fyne.CurrentApp().Driver().RenderedTextSize("Mg", paneTheme{}.Size(sizeBody), fyne.TextStyle{}, nil)
		var o fyne.CanvasObject = widget.NewIcon(res)
		if tap != nil {
			o = newIconButton(res, tap)
		}
		return newOnBaseline(o, fyne.NewSquareSize(line.Height), base)
	}}
}

// onBaseline holds an inline object of a RichText row. When RichText
// aligns a row's text on the baseline, which it does when the heights in
// the row differ, it puts the top of an object that is not text on the
// baseline. This object is 1 unit high, so they always differ, and it
// draws its content lift units above its top.
type onBaseline struct {
	widget.BaseWidget
	content fyne.CanvasObject
	size    fyne.Size
	lift    float32
}

func newOnBaseline(content fyne.CanvasObject, size fyne.Size, lift float32) *onBaseline {
	o := &onBaseline{content: content, size: size, lift: lift}
	o.ExtendBaseWidget(o)
	return o
}

// MinSize is the content's width and 1 unit.
func (o *onBaseline) MinSize() fyne.Size { return fyne.NewSize(o.size.Width, 1) }

// CreateRenderer is a private method to Fyne which links this widget to its renderer.
func (o *onBaseline) CreateRenderer() fyne.WidgetRenderer {
	o.content.Move(fyne.NewPos(0, -o.lift))
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

// Blocks.

// block is a paragraph of segments that wraps at words.
func block(segs ...widget.RichTextSegment) *widget.RichText {
	rt := widget.NewRichText(endWithText(segs)...)
	rt.Wrapping = fyne.TextWrapWord
	return rt
}

// endWithText ends segs with text: RichText lays out an object that ends
// a row as a block of its own, off the row's baseline.
func endWithText(segs []widget.RichTextSegment) []widget.RichTextSegment {
	if n := len(segs); n == 0 || !isText(segs[n-1]) {
		segs = append(segs, text(""))
	}
	return segs
}

func isText(s widget.RichTextSegment) bool {
	_, ok := s.(*widget.TextSegment)
	return ok
}

// unpadded takes RichText's inner padding back around rt and insets it
// left by in.
func unpadded(rt *widget.RichText, in float32) fyne.CanvasObject {
	pad := paneTheme{}.Size(theme.SizeNameInnerPadding)
	return container.New(layout.NewCustomPaddedLayout(-pad, -pad, in-pad, -pad), rt)
}

// space is vertical space of h units.
func space(h float32) fyne.CanvasObject {
	r := canvas.NewRectangle(color.Transparent)
	r.SetMinSize(fyne.NewSize(0, h))
	return r
}

// rule is a separator with space above and below.
func rule() fyne.CanvasObject {
	return container.New(layout.NewCustomPaddedLayout(4, 4, 0, 0), widget.NewSeparator())
}

// blockText is a block's text as Text() reads it: one line per line
// break, runs of spaces as one, icons left out.
func blockText(rt *widget.RichText) string {
	lines := strings.Split(rt.String(), "\n")
	for i, l := range lines {
		lines[i] = strings.Join(strings.Fields(l), " ")
	}
	return strings.Join(lines, "\n")
}

// contrastText is black or white, whichever reads better on bg.
func contrastText(bg color.Color) color.Color {
	if luminance(bg) > 0.5 {
		return color.NRGBA{R: 0x11, G: 0x11, B: 0x11, A: 0xff}
	}
	return color.White
}

// luminance is the perceived brightness of c, 0 to 1.
func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	return (0.299*float64(r) + 0.587*float64(g) + 0.114*float64(b)) / 0xffff
}
