package detail

import (
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// What a page costs (docs/performance.md). RichText wraps again on every
// Refresh and on every Resize, height included; a new RichText wraps
// twice more as it builds its renderer. So the pane keeps its blocks
// from page to page, gives a block a new size only when its width
// changes, refreshes a block once per change of its text, and keeps its
// MinSize until then.
//
// What is left is Fyne's floor: one RichText.Refresh per block shown.
// It looks every piece of the block's text up in Fyne's text-measure
// cache about three times (to wrap, to lay out each row, for MinSize; a
// map lookup and a clock read each), wraps a line too long for the width
// by measuring substrings in a binary search, and makes a canvas object,
// or for a link a Hyperlink widget with a RichText of its own, for each
// segment. Text the cache has not seen (a port shown for the first time,
// every substring the search tries) is shaped by HarfBuzz, 10-50 us a
// string.

// textBlock is a paragraph of the page: a RichText that wraps at words,
// inset left by in, its inner padding taken back (as Fyne's
// HyperlinkSegment does for its link), so the pane spaces its blocks
// itself.
type textBlock struct {
	rt  *widget.RichText
	lay *blockLayout
	box *fyne.Container
}

func newTextBlock() *textBlock {
	rt := widget.NewRichText()
	rt.Wrapping = fyne.TextWrapWord
	rt.MinSize() // the renderer, built now while there is no text to wrap
	lay := &blockLayout{}
	return &textBlock{rt: rt, lay: lay, box: container.New(lay, rt)}
}

// set gives the block its text; show draws it.
func (b *textBlock) set(in float32, segs []widget.RichTextSegment) {
	b.lay.in = in
	b.rt.Segments = paneSegments(segs)
}

// show wraps and draws the block's text for a column width w (0: not
// known yet, the layout will tell): once, in Resize when the width
// changes, else in Refresh.
func (b *textBlock) show(w float32) {
	b.lay.min = fyne.Size{}
	if tw := b.lay.textWidth(w); w > 0 && b.rt.Size().Width != tw {
		b.rt.Resize(fyne.NewSize(tw, b.rt.Size().Height))
		return
	}
	b.rt.Refresh()
}

// paneSegments readies segs for a RichText of the pane: they end with
// text (RichText lays out an object that ends a row as a block of its
// own, off the row's baseline), and under a theme that does not answer
// the pane's size names they take the standard ones.
func paneSegments(segs []widget.RichTextSegment) []widget.RichTextSegment {
	if n := len(segs); n == 0 || !isText(segs[n-1]) {
		segs = append(segs, text(""))
	}
	if !sizeNames() {
		useStandardSizes(segs)
	}
	return segs
}

func isText(s widget.RichTextSegment) bool {
	_, ok := s.(*widget.TextSegment)
	return ok
}

// blockLayout lays out a block's RichText without its inner padding and
// inset by in. It resizes the RichText only when the width changes: a
// RichText wraps again on every Resize, though its height changes nothing
// it draws. So its Size().Height is left stale; its MinSize is its height.
// That MinSize is kept until the text or the width changes: RichText
// measures every piece of its text again for each (a page is asked for
// its height several times per change, by the scroll and the column).
type blockLayout struct {
	in  float32
	min fyne.Size // the RichText's MinSize; zero: ask it
}

func (l *blockLayout) textWidth(w float32) float32 {
	return w - l.in + 2*sizeOf(theme.SizeNameInnerPadding)
}

func (l *blockLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	pad := sizeOf(theme.SizeNameInnerPadding)
	rt := objs[0]
	rt.Move(fyne.NewPos(l.in-pad, -pad))
	if w := l.textWidth(size.Width); rt.Size().Width != w {
		l.min = fyne.Size{}
		rt.Resize(fyne.NewSize(w, size.Height+2*pad))
	}
}

func (l *blockLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	if l.min.IsZero() {
		l.min = objs[0].MinSize()
	}
	pad := sizeOf(theme.SizeNameInnerPadding)
	return fyne.NewSize(l.min.Width-2*pad+l.in, l.min.Height-2*pad)
}

// unpadded takes RichText's inner padding back around rt and insets it
// left by in (the rows of a range's service list, which truncate).
func unpadded(rt *widget.RichText, in float32) fyne.CanvasObject {
	pad := sizeOf(theme.SizeNameInnerPadding)
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
