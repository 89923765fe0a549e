package detail

import (
	"image/color"
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// textSize is a step of the pane's compact type scale, relative to the
// theme's text size.
type textSize uint8

const (
	sizeBody  textSize = iota // theme text - 1
	sizeSmall                 // theme text - 2: labels, headings, footers
	sizeTitle                 // theme text * 1.45: the port number
)

func (s textSize) points(th fyne.Theme) float32 {
	base := th.Size(theme.SizeNameText)
	switch s {
	case sizeSmall:
		return base - 2
	case sizeTitle:
		return float32(int(base*1.45 + 0.5))
	}
	return base - 1
}

// span is a piece of a flow: text in one style, a link, a coloured badge
// or an icon.
type span struct {
	text  string
	style fyne.TextStyle
	size  textSize
	// color names a theme colour, or a status colour (statusColorName);
	// "" is the foreground.
	color fyne.ThemeColorName
	// badge draws a rounded pill of this colour behind the text, which is
	// then kept on one line.
	badge fyne.ThemeColorName
	// icon replaces the text with an icon as high as a line.
	icon fyne.Resource
	// tap makes the span a link (or a button, with an icon).
	tap func()
	// nowrap keeps the span on one line.
	nowrap bool
}

func (s *span) atomic() bool { return s.icon != nil || s.badge != "" || s.nowrap }

// token is a word (or an atomic span) ready to be placed.
type token struct {
	span     int
	text     string
	lead     string  // the spaces before it, when it follows on a line
	leadW    float32 // their width
	w, h     float32
	baseline float32
	brk      bool // a hard line break, no text
}

// item is a placed run of one span on one line.
type item struct {
	span     int
	text     string
	x, w     float32
	line     int
	h        float32
	baseline float32
	y        float32 // top of the run, set when its line is complete
	lineTop  float32
	lineH    float32
}

// flow is a compact paragraph of spans that wraps to its width. Links
// inside it are tapped and hovered like widget.Hyperlink, but it uses no
// padding of its own, so a pane of flows fits far more than one of labels.
type flow struct {
	widget.BaseWidget

	spans  []span
	indent float32 // left inset of every line
	// single lays the spans out on one line, ending with "…" when they do
	// not fit (list rows).
	single bool

	tokens   []token
	measured float32 // the text size the tokens were measured at

	laidW  float32 // the width items were laid out for (-1: not yet)
	items  []item
	height float32

	hovered int // the span under the mouse, -1 for none
}

var (
	_ fyne.Tappable      = (*flow)(nil)
	_ desktop.Hoverable  = (*flow)(nil)
	_ desktop.Cursorable = (*flow)(nil)
)

func newFlow(spans ...span) *flow {
	f := &flow{spans: spans, laidW: -1, hovered: -1}
	f.ExtendBaseWidget(f)
	return f
}

// setSpans replaces the content.
func (f *flow) setSpans(spans ...span) {
	f.spans = spans
	f.tokens = nil
	f.laidW = -1
	f.hovered = -1
	f.Refresh()
}

// plainText is the flow's text without its wrapping: one line per hard
// break, icons left out, runs of spaces as one (for tests, and for
// reading the pane out).
func (f *flow) plainText() string {
	f.tokenize()
	var lines []string
	var b strings.Builder
	for _, t := range f.tokens {
		if t.brk {
			lines = append(lines, strings.Join(strings.Fields(b.String()), " "))
			b.Reset()
			continue
		}
		b.WriteString(t.lead)
		if f.spans[t.span].icon == nil {
			b.WriteString(t.text)
		}
	}
	lines = append(lines, strings.Join(strings.Fields(b.String()), " "))
	return strings.Join(lines, "\n")
}

// visualLine is the text of line i as laid out.
func (f *flow) visualLine(i int) string {
	var b strings.Builder
	for _, it := range f.items {
		if it.line == i && f.spans[it.span].icon == nil {
			b.WriteString(it.text)
			b.WriteByte(' ')
		}
	}
	return strings.TrimSpace(b.String())
}

func (f *flow) layoutWidth() float32 {
	if w := f.Size().Width; w > 0 {
		return w
	}
	return 380
}

// heightFor lays the flow out for width w and returns its height.
func (f *flow) heightFor(w float32) float32 {
	f.layout(w)
	return f.height
}

func (f *flow) theme() fyne.Theme { return f.Theme() }

func measure(text string, size float32, style fyne.TextStyle) (fyne.Size, float32) {
	return fyne.CurrentApp().Driver().RenderedTextSize(text, size, style, nil)
}

// tokenize splits the spans into words, measuring each once.
func (f *flow) tokenize() {
	th := f.theme()
	base := th.Size(theme.SizeNameText)
	if f.tokens != nil && f.measured == base {
		return
	}
	f.measured = base
	f.tokens = f.tokens[:0]
	f.laidW = -1
	var lead strings.Builder
	var leadW float32
	for si := range f.spans {
		sp := &f.spans[si]
		pts := sp.size.points(th)
		if sp.atomic() {
			t := token{span: si, text: sp.text, lead: lead.String(), leadW: leadW}
			lineSize, lineBase := measure("Mg", pts, sp.style)
			if sp.icon != nil {
				t.w, t.h, t.baseline = lineSize.Height, lineSize.Height, lineBase
			} else {
				s, b := measure(sp.text, pts, sp.style)
				t.w, t.h, t.baseline = s.Width, s.Height, b
				if sp.badge != "" {
					t.w += 2 * badgePad(pts)
				}
			}
			f.tokens = append(f.tokens, t)
			lead.Reset()
			leadW = 0
			continue
		}
		spaceW := float32(-1)
		text := sp.text
		for text != "" {
			switch c := text[0]; c {
			case '\n':
				f.tokens = append(f.tokens, token{span: si, brk: true})
				lead.Reset()
				leadW = 0
				text = text[1:]
				continue
			case ' ', '\t', '\r':
				if spaceW < 0 {
					s, _ := measure(" ", pts, sp.style)
					spaceW = s.Width
				}
				lead.WriteByte(' ')
				leadW += spaceW
				text = text[1:]
				continue
			}
			end := strings.IndexAny(text, " \t\r\n")
			if end < 0 {
				end = len(text)
			}
			word := text[:end]
			text = text[end:]
			s, b := measure(word, pts, sp.style)
			f.tokens = append(f.tokens, token{span: si, text: word, lead: lead.String(), leadW: leadW, w: s.Width, h: s.Height, baseline: b})
			lead.Reset()
			leadW = 0
		}
	}
}

func badgePad(pts float32) float32 { return float32(int(pts*0.35 + 0.5)) }

// lineGap is the space between two lines of a flow.
const lineGap = 1

// layout places the tokens into lines of width w.
func (f *flow) layout(w float32) {
	f.tokenize()
	if w == f.laidW && f.items != nil {
		return
	}
	f.laidW = w
	f.items = f.items[:0]
	x, line := f.indent, 0
	lineStart := 0 // first item of the current line
	var top float32
	var lineH, lineBase float32
	finish := func() {
		if lineH == 0 { // an empty line (two breaks in a row)
			s, b := measure("Mg", sizeBody.points(f.theme()), fyne.TextStyle{})
			lineH, lineBase = s.Height, b
		}
		for i := lineStart; i < len(f.items); i++ {
			it := &f.items[i]
			it.y = top + lineBase - it.baseline
			it.lineTop, it.lineH = top, lineH
		}
		top += lineH + lineGap
		line++
		lineStart = len(f.items)
		x = f.indent
		lineH, lineBase = 0, 0
	}
	place := func(t *token, text string, tw float32) {
		lead, leadW := t.lead, t.leadW
		if x == f.indent {
			lead, leadW = "", 0
		}
		if n := len(f.items); n > lineStart && f.items[n-1].span == t.span && !f.spans[t.span].atomic() {
			prev := &f.items[n-1]
			prev.text += lead + text
			prev.w += leadW + tw
		} else {
			f.items = append(f.items, item{span: t.span, text: text, x: x + leadW, w: tw, line: line, h: t.h, baseline: t.baseline})
		}
		x += leadW + tw
		if t.h-t.baseline > lineH-lineBase {
			lineH = lineBase + t.h - t.baseline
		}
		if t.baseline > lineBase {
			lineH += t.baseline - lineBase
			lineBase = t.baseline
		}
	}
	avail := w - f.indent
	for i := range f.tokens {
		t := &f.tokens[i]
		if t.brk {
			if f.single {
				break
			}
			finish()
			continue
		}
		if f.single {
			if x+t.leadW+t.w > w {
				// The last thing that fits, cut short with an ellipsis.
				text, tw := f.fit(t, w-x-t.leadW, "…")
				if text != "" {
					place(t, text, tw)
				}
				break
			}
			place(t, t.text, t.w)
			continue
		}
		if x > f.indent && x+t.leadW+t.w > w {
			finish()
		}
		if t.w <= avail || f.spans[t.span].atomic() || avail <= 0 {
			place(t, t.text, t.w)
			continue
		}
		// A word longer than a line (an address, a long id) is broken.
		rest := *t
		for rest.text != "" {
			text, tw := f.fit(&rest, w-x-rest.leadW, "")
			if text == "" { // not even one character fits after the lead
				if x > f.indent {
					finish()
					continue
				}
				_, size := utf8.DecodeRuneInString(rest.text)
				text = rest.text[:size]
				s, _ := measure(text, f.spans[rest.span].size.points(f.theme()), f.spans[rest.span].style)
				tw = s.Width
			}
			place(&rest, text, tw)
			rest.text = rest.text[len(text):]
			rest.lead, rest.leadW = "", 0
			if rest.text != "" {
				finish()
			}
		}
	}
	if len(f.items) > lineStart || line == 0 {
		finish()
	}
	f.height = top - lineGap
	if f.height < 0 {
		f.height = 0
	}
}

// fit returns the longest prefix of t's text that, followed by suffix,
// fits in width.
func (f *flow) fit(t *token, width float32, suffix string) (string, float32) {
	sp := &f.spans[t.span]
	pts := sp.size.points(f.theme())
	runes := []rune(t.text)
	lo, hi := 0, len(runes) // lo fits, hi+1 does not
	var best float32
	for lo < hi {
		mid := (lo + hi + 1) / 2
		s, _ := measure(string(runes[:mid])+suffix, pts, sp.style)
		if s.Width <= width {
			lo = mid
			best = s.Width
		} else {
			hi = mid - 1
		}
	}
	if lo == 0 {
		return "", 0
	}
	return string(runes[:lo]) + suffix, best
}

// spanAt is the link span under pos, or -1.
func (f *flow) spanAt(pos fyne.Position) int {
	for _, it := range f.items {
		if f.spans[it.span].tap == nil {
			continue
		}
		if pos.X >= it.x && pos.X < it.x+it.w && pos.Y >= it.lineTop && pos.Y < it.lineTop+it.lineH+lineGap {
			return it.span
		}
	}
	return -1
}

// Tapped follows the link under the pointer.
func (f *flow) Tapped(e *fyne.PointEvent) {
	if i := f.spanAt(e.Position); i >= 0 {
		f.spans[i].tap()
	}
}

// Cursor is the hand over a link.
func (f *flow) Cursor() desktop.Cursor {
	if f.hovered >= 0 {
		return desktop.PointerCursor
	}
	return desktop.DefaultCursor
}

// MouseIn underlines the link under the pointer.
func (f *flow) MouseIn(e *desktop.MouseEvent) { f.MouseMoved(e) }

// MouseMoved underlines the link under the pointer.
func (f *flow) MouseMoved(e *desktop.MouseEvent) {
	if i := f.spanAt(e.Position); i != f.hovered {
		f.hovered = i
		f.Refresh()
	}
}

// MouseOut removes the underline.
func (f *flow) MouseOut() {
	if f.hovered >= 0 {
		f.hovered = -1
		f.Refresh()
	}
}

// MinSize is the height of the flow at its current width (single-line
// flows: one line); the width is left to the container.
func (f *flow) MinSize() fyne.Size {
	f.ExtendBaseWidget(f)
	return f.BaseWidget.MinSize()
}

// CreateRenderer is a private method to Fyne which links this widget to its renderer.
func (f *flow) CreateRenderer() fyne.WidgetRenderer {
	f.ExtendBaseWidget(f)
	r := &flowRenderer{flow: f}
	r.Refresh()
	return r
}

type flowRenderer struct {
	flow    *flow
	texts   []*canvas.Text
	badges  []*canvas.Rectangle
	icons   []*canvas.Image
	unders  []*canvas.Rectangle
	objects []fyne.CanvasObject
}

func (r *flowRenderer) Destroy() {}

func (r *flowRenderer) Objects() []fyne.CanvasObject { return r.objects }

func (r *flowRenderer) MinSize() fyne.Size {
	f := r.flow
	if f.single {
		f.layout(f.layoutWidth())
		return fyne.NewSize(f.indent, f.height)
	}
	return fyne.NewSize(f.indent, f.heightFor(f.layoutWidth()))
}

func (r *flowRenderer) Layout(size fyne.Size) {
	f := r.flow
	old := f.laidW
	f.layout(size.Width)
	if old != f.laidW {
		r.Refresh()
	}
}

// Refresh rebuilds the canvas objects from the laid out items.
func (r *flowRenderer) Refresh() {
	f := r.flow
	th := f.theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	f.layout(f.layoutWidth())
	nt, nb, ni, nu := 0, 0, 0, 0
	r.objects = r.objects[:0]
	for _, it := range f.items {
		sp := &f.spans[it.span]
		pts := sp.size.points(th)
		if sp.icon != nil {
			if ni == len(r.icons) {
				img := canvas.NewImageFromResource(nil)
				img.FillMode = canvas.ImageFillContain
				r.icons = append(r.icons, img)
			}
			img := r.icons[ni]
			ni++
			if img.Resource != sp.icon {
				img.Resource = sp.icon
				img.Refresh()
			}
			pad := float32(int(it.h * 0.1))
			img.Move(fyne.NewPos(it.x+pad, it.y+pad))
			img.Resize(fyne.NewSize(it.w-2*pad, it.h-2*pad))
			r.objects = append(r.objects, img)
		} else {
			x, fg := it.x, resolveColor(th, v, sp.color)
			if sp.tap != nil && sp.color == "" {
				fg = th.Color(theme.ColorNameHyperlink, v)
			}
			if sp.badge != "" {
				if nb == len(r.badges) {
					r.badges = append(r.badges, canvas.NewRectangle(color.Transparent))
				}
				bg := r.badges[nb]
				nb++
				bg.FillColor = resolveColor(th, v, sp.badge)
				bg.CornerRadius = it.h / 2
				bg.Move(fyne.NewPos(it.x, it.y))
				bg.Resize(fyne.NewSize(it.w, it.h))
				bg.Refresh()
				r.objects = append(r.objects, bg)
				x += badgePad(pts)
				if sp.color == "" {
					fg = contrastText(bg.FillColor)
				}
			}
			if nt == len(r.texts) {
				r.texts = append(r.texts, canvas.NewText("", nil))
			}
			t := r.texts[nt]
			nt++
			t.Text, t.TextSize, t.TextStyle, t.Color = it.text, pts, sp.style, fg
			t.Move(fyne.NewPos(x, it.y))
			t.Resize(fyne.NewSize(it.w, it.h))
			t.Refresh()
			r.objects = append(r.objects, t)
		}
		if sp.tap != nil && it.span == f.hovered {
			if nu == len(r.unders) {
				r.unders = append(r.unders, canvas.NewRectangle(color.Transparent))
			}
			u := r.unders[nu]
			nu++
			u.FillColor = th.Color(theme.ColorNameHyperlink, v)
			u.Move(fyne.NewPos(it.x, it.y+it.baseline+1))
			u.Resize(fyne.NewSize(it.w, 1))
			u.Refresh()
			r.objects = append(r.objects, u)
		}
	}
	canvas.Refresh(f)
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
