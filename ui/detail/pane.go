// Package detail is the detail pane: everything about the selected port
// (or range) in a compact, scrollable column of widget.RichText blocks
// (richtext.go). It imports model and registry, never ui or the other
// views: the window tells it what to show and hears its links through
// the On* callbacks.
package detail

import (
	"fmt"
	"net/url"
	"runtime"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/portolan/portolan/model"
	"github.com/portolan/portolan/model/export"
	"github.com/portolan/portolan/model/history"
	"github.com/portolan/portolan/registry"
)

// ListenerLine is one listening socket as the pane shows it. The window
// converts the listener panel's data into these.
type ListenerLine struct {
	Port     uint16
	Protocol string // "tcp" or "udp"
	// Text is the line shown, e.g. "tcp 127.0.0.1:80 nginx (pid 812)".
	Text string
	// Who says who the program is (path, package, unit or container,
	// user).
	Who string
	// Severity is "alert", "notice" or "none"; SeverityWord how the panel
	// writes it, in SeverityColor (the listener panel's choice, so both
	// say it alike). Reasons are each reason with its sentence.
	Severity, SeverityWord string
	SeverityColor          fyne.ThemeColorName
	Reasons                []string
}

// Pane is the detail pane. Create it with New; call its methods on the UI
// goroutine (inside fyne.Do from other goroutines).
type Pane struct {
	widget.BaseWidget

	// OnNavigate is called when a link to another port is tapped (the
	// neighbours, a range's services). The window selects the port.
	OnNavigate func(port uint16)
	// OnSelectRange is called when the unassigned run is tapped; when nil
	// the run is plain text.
	OnSelectRange func(lo, hi uint16)
	// OnOpenURL opens a reference; nil means fyne.CurrentApp().OpenURL.
	OnOpenURL func(u *url.URL)
	// OnCopy puts text on the clipboard; nil means the app's clipboard.
	OnCopy func(text string)

	space *model.Space
	sel   model.Selection
	proto registry.Protocol
	shown bool

	listeners     []ListenerLine
	haveListeners bool

	portHistory history.PortHistory // history.go
	haveHistory bool

	goos   string
	copied string // what was copied last, for the "copied" note

	answer      model.PortAnswer
	rangeAnswer model.RangeAnswer
	lastRange   struct {
		key    rangeKey
		answer *model.RangeAnswer
	}
	services *services // the range page's list, once made

	blocks []*widget.RichText // the page's text, in order (for Text)
	pool   []*textBlock       // every block made so far, the page's first
	used   int                // how many of pool the page uses
	page   *page
	scroll *container.Scroll

	// The block that lists who listens, which SetListeners redraws alone.
	listenBlock        *textBlock
	listenLo, listenHi uint16
}

// New makes an empty pane for space; nothing is shown until ShowSelection.
func New(space *model.Space) *Pane {
	p := &Pane{space: space, goos: runtime.GOOS}
	p.ExtendBaseWidget(p)
	p.page = newPage()
	p.scroll = container.NewVScroll(p.page)
	p.rebuild()
	return p
}

// ShowSelection shows sel on proto: everything about a port, or the summary of a
// range (registry.ProtoNone: every protocol, with the combined status).
func (p *Pane) ShowSelection(sel model.Selection, proto registry.Protocol) {
	p.sel, p.proto, p.shown = sel, proto, true
	p.copied = ""
	p.rebuild()
	p.scroll.ScrollToTop()
}

// Selection is what the pane shows; ok is false before the first ShowSelection.
func (p *Pane) Selection() (sel model.Selection, proto registry.Protocol, ok bool) {
	return p.sel, p.proto, p.shown
}

// SetSpace changes the registry or ephemeral range and shows the same
// selection again.
func (p *Pane) SetSpace(space *model.Space) {
	p.space = space
	p.rebuild()
}

// SetListeners gives the pane every listener of this machine; it shows
// those on the selected port or range. Until the first call the pane says
// it has no listener data; an empty list means nobody listens.
func (p *Pane) SetListeners(lines []ListenerLine) {
	p.listeners = append([]ListenerLine(nil), lines...)
	p.haveListeners = true
	if b := p.listenBlock; b != nil {
		b.set(b.lay.in, p.listeningSegments(p.listenLo, p.listenHi))
		p.redraw(b)
		return
	}
	p.rebuild()
}

// Text is the pane's text, unwrapped: one line per line break of the
// pane, icons left out, a range's service list left out (for tests and
// for reading the pane out).
func (p *Pane) Text() string {
	lines := make([]string, 0, len(p.blocks))
	for _, rt := range p.blocks {
		lines = append(lines, blockText(rt))
	}
	return strings.Join(lines, "\n")
}

// MinSize is small: the pane scrolls.
func (p *Pane) MinSize() fyne.Size {
	p.ExtendBaseWidget(p)
	return p.BaseWidget.MinSize()
}

// CreateRenderer is a private method to Fyne which links this widget to its renderer.
func (p *Pane) CreateRenderer() fyne.WidgetRenderer {
	p.ExtendBaseWidget(p)
	return &paneRenderer{pane: p}
}

type paneRenderer struct{ pane *Pane }

func (r *paneRenderer) Destroy() {}

func (r *paneRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.pane.scroll} }

func (r *paneRenderer) MinSize() fyne.Size { return fyne.NewSize(160, 120) }

func (r *paneRenderer) Layout(size fyne.Size) {
	p := r.pane
	p.page.col.width = size.Width
	p.scroll.Resize(size)
	p.scroll.Refresh() // the content's height depends on the width
}

// Refresh builds the page again: the theme may have changed its sizes
// and colours.
func (r *paneRenderer) Refresh() { r.pane.rebuild() }

// rebuild replaces the page for the current selection.
func (p *Pane) rebuild() {
	p.blocks, p.used, p.listenBlock = p.blocks[:0], 0, nil
	var objs []fyne.CanvasObject
	switch {
	case !p.shown || p.space == nil:
		objs = []fyne.CanvasObject{space(8), p.block(dim("Select a port on the map, or search for one."))}
	case p.sel.IsRange():
		objs = p.buildRange()
	default:
		objs = p.buildPort()
	}
	p.page.objects = objs
	for _, b := range p.pool[p.used:] {
		b.rt.Segments = nil // the last page's, let go (drawn again only when set)
	}
	p.page.col.width = p.Size().Width
	p.redraw(p.pool[:p.used]...)
}

// redraw shows blocks that were set and fits the page again.
func (p *Pane) redraw(blocks ...*textBlock) {
	w := p.page.col.inner()
	for _, b := range blocks {
		b.show(w)
	}
	p.scroll.Refresh()
}

// text is a block of the page, read by Text, inset by in.
func (p *Pane) text(in float32, segs ...widget.RichTextSegment) *textBlock {
	if p.used == len(p.pool) {
		p.pool = append(p.pool, newTextBlock())
	}
	b := p.pool[p.used]
	p.used++
	b.set(in, segs)
	p.blocks = append(p.blocks, b.rt)
	return b
}

// block is a paragraph of the page.
func (p *Pane) block(segs ...widget.RichTextSegment) fyne.CanvasObject {
	return p.text(0, segs...).box
}

// indented is a block inset under a heading.
func (p *Pane) indented(segs ...widget.RichTextSegment) fyne.CanvasObject {
	return p.text(12, segs...).box
}

func (p *Pane) heading(s string) []fyne.CanvasObject {
	return []fyne.CanvasObject{space(6),
		p.block(styled(strings.ToUpper(s), SizeNameSmall, theme.ColorNamePlaceHolder, fyne.TextStyle{Bold: true})),
		space(2)}
}

// Actions.

func (p *Pane) navigate(port uint16) func() {
	return func() {
		if p.OnNavigate != nil {
			p.OnNavigate(port)
		}
	}
}

func (p *Pane) openURL(raw string) func() {
	return func() {
		u, err := url.Parse(raw)
		if err != nil {
			fyne.LogError("bad reference address "+raw, err)
			return
		}
		if p.OnOpenURL != nil {
			p.OnOpenURL(u)
			return
		}
		if err := fyne.CurrentApp().OpenURL(u); err != nil {
			fyne.LogError("cannot open "+raw, err)
		}
	}
}

func (p *Pane) copyText(s string) {
	if p.OnCopy != nil {
		p.OnCopy(s)
		return
	}
	fyne.CurrentApp().Clipboard().SetContent(s)
}

func (p *Pane) copyValue(s string) func() {
	return func() { p.copyText(s) }
}

// copyButton is an icon that copies s.
func (p *Pane) copyButton(s string) widget.RichTextSegment {
	return icon(theme.ContentCopyIcon(), p.copyValue(s))
}

// copyLine offers the whole answer as text, Markdown or JSON.
func (p *Pane) copyLine(render func(export.Format) (string, error)) fyne.CanvasObject {
	note := label(p.copiedNote())
	segs := []widget.RichTextSegment{label("Copy as ")}
	var b *textBlock
	for i, format := range export.Formats {
		if i > 0 {
			segs = append(segs, dim(" · "))
		}
		segs = append(segs, link(format.Title(), func() {
			s, err := render(format)
			if err != nil {
				fyne.LogError("cannot export the answer", err)
				return
			}
			p.copyText(s)
			p.copied = format.Title()
			note.Text = p.copiedNote()
			p.redraw(b)
		}))
	}
	b = p.text(0, append(segs, note)...)
	return b.box
}

func (p *Pane) copiedNote() string {
	if p.copied == "" {
		return ""
	}
	return "   copied " + p.copied
}

// classText is "System range 0-1023".
func classText(c registry.RangeClass) string {
	switch c {
	case registry.System:
		return "System range 0-1023"
	case registry.User:
		return "User range 1024-49151"
	}
	return "Dynamic range 49152-65535"
}

func (p *Pane) ephemeralSegments(in bool) []widget.RichTextSegment {
	e := p.space.Ephemeral
	if e.High == 0 {
		return nil
	}
	if in {
		return []widget.RichTextSegment{dim(" · "), text(fmt.Sprintf("inside this machine's ephemeral range %d-%d", e.Low, e.High))}
	}
	return []widget.RichTextSegment{dim(" · "), dim("outside the ephemeral range")}
}

// listening shows who listens on lo..hi here.
func (p *Pane) listening(lo, hi uint16) fyne.CanvasObject {
	p.listenBlock = p.text(12, p.listeningSegments(lo, hi)...)
	p.listenLo, p.listenHi = lo, hi
	return p.listenBlock.box
}

func (p *Pane) listeningSegments(lo, hi uint16) []widget.RichTextSegment {
	if !p.haveListeners {
		return []widget.RichTextSegment{dim("no listener data yet")}
	}
	var s []widget.RichTextSegment
	for _, l := range p.listeners {
		if l.Port < lo || l.Port > hi || p.proto != registry.ProtoNone && l.Protocol != p.proto.String() {
			continue
		}
		if len(s) > 0 {
			s = append(s, nl())
		}
		s = append(s, listenerSegments(&l)...)
	}
	if len(s) == 0 {
		what := strconv.Itoa(int(lo))
		if hi != lo {
			what = fmt.Sprintf("%d-%d", lo, hi)
		}
		s = append(s, text("nobody listens on "+what+" here"))
	}
	return s
}

// listenerSegments show one listener: its severity in words and colour,
// the line, who the program is, and each reason with its sentence on a
// line of its own.
func listenerSegments(l *ListenerLine) []widget.RichTextSegment {
	var s []widget.RichTextSegment
	switch l.Severity {
	case "alert":
		s = append(s, styled(l.SeverityWord+" ", SizeNameBody, l.SeverityColor, fyne.TextStyle{Bold: true}), text(l.Text))
	case "notice":
		s = append(s, styled(l.SeverityWord+" ", SizeNameBody, l.SeverityColor, fyne.TextStyle{}), text(l.Text))
	default:
		s = append(s, text(l.Text))
	}
	if l.Who != "" {
		s = append(s, nl(), label("    "+l.Who))
	}
	for _, r := range l.Reasons {
		s = append(s, nl(), label("    • "+r))
	}
	return s
}

func (p *Pane) howToCheck(lo, hi uint16) []fyne.CanvasObject {
	cmd, system := checkCommand(p.goos, lo, hi)
	return append(p.heading("How to check on "+system), p.indented(mono(cmd), text(" "), p.copyButton(cmd)))
}

func (p *Pane) footer() []fyne.CanvasObject {
	return []fyne.CanvasObject{space(10), p.block(label("Registry: " + p.space.Reg.Source().String())), space(6)}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// oneLine folds a field's line breaks: the pane wraps text itself.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
