// Package detail is the detail pane: everything about the selected port
// (or range) in a compact, scrollable column.
package detail

import (
	"fmt"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/portolan/portolan/model"
	"github.com/portolan/portolan/model/export"
	"github.com/portolan/portolan/registry"
)

// ListenerLine is one listening socket as the pane shows it. The window
// converts the listener panel's data into these.
type ListenerLine struct {
	Port     uint16
	Protocol string // "tcp" or "udp"
	// Text is the line shown, e.g. "tcp 127.0.0.1:80 nginx (pid 812)".
	Text string
	// Flagged lines are shown as warnings, with their Reasons.
	Flagged bool
	Reasons []string
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

	goos   string
	copied string // what was copied last, for the "copied" note

	answer      model.PortAnswer
	rangeAnswer model.RangeAnswer

	col    *column
	page   *fyne.Container
	scroll *container.Scroll
}

// New makes an empty pane for space; nothing is shown until ShowPort or
// ShowRange.
func New(space *model.Space) *Pane {
	p := &Pane{space: space, goos: runtime.GOOS}
	p.ExtendBaseWidget(p)
	p.col = &column{inset: 8}
	p.page = container.New(p.col)
	p.scroll = container.NewVScroll(p.page)
	p.rebuild()
	return p
}

// ShowPort shows everything about port on proto (registry.ProtoNone: every
// protocol, with the combined status).
func (p *Pane) ShowPort(port uint16, proto registry.Protocol) {
	p.show(model.PortSelection(port), proto)
}

// ShowRange shows the summary of the ports lo..hi on proto.
func (p *Pane) ShowRange(lo, hi uint16, proto registry.Protocol) {
	p.show(model.RangeSelection(lo, hi), proto)
}

func (p *Pane) show(sel model.Selection, proto registry.Protocol) {
	p.sel, p.proto, p.shown = sel, proto, true
	p.copied = ""
	p.rebuild()
	p.scroll.ScrollToTop()
}

// Selection is what the pane shows; ok is false before the first Show.
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
	p.rebuild()
}

// Text is the pane's text, unwrapped: one line per line break of the
// pane, icons left out, a range's service list left out (for tests and
// for reading the pane out).
func (p *Pane) Text() string {
	var lines []string
	for _, o := range p.page.Objects {
		if f, ok := o.(*flow); ok {
			lines = append(lines, f.plainText())
		}
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
	p.col.width = size.Width
	p.scroll.Resize(size)
	p.scroll.Refresh() // the content's height depends on the width
}

func (r *paneRenderer) Refresh() {
	r.Layout(r.pane.Size())
	r.pane.page.Refresh()
}

// rebuild replaces the page for the current selection.
func (p *Pane) rebuild() {
	var objs []fyne.CanvasObject
	switch {
	case !p.shown || p.space == nil:
		objs = []fyne.CanvasObject{newGap(8, false), newFlow(dim("Select a port on the map, or search for one."))}
	case p.sel.IsRange():
		objs = p.buildRange()
	default:
		objs = p.buildPort()
	}
	p.page.Objects = objs
	p.col.width = p.Size().Width
	p.page.Refresh()
	p.scroll.Refresh()
}

// Span helpers: the pane's vocabulary of styles.

func text(s string) span   { return span{text: s} }
func dim(s string) span    { return span{text: s, color: theme.ColorNamePlaceHolder} }
func label(s string) span  { return span{text: s, color: theme.ColorNamePlaceHolder, size: sizeSmall} }
func strong(s string) span { return span{text: s, style: fyne.TextStyle{Bold: true}} }
func mono(s string) span   { return span{text: s, style: fyne.TextStyle{Monospace: true}} }
func warn(s string) span   { return span{text: s, color: theme.ColorNameWarning} }

func link(s string, tap func()) span { return span{text: s, tap: tap} }

func badge(st registry.Status) span {
	return span{text: st.String(), badge: statusColorName(st), size: sizeSmall, style: fyne.TextStyle{Bold: true}}
}

func icon(res fyne.Resource, tap func()) span { return span{icon: res, tap: tap} }

func heading(s string) []fyne.CanvasObject {
	return []fyne.CanvasObject{newGap(6, false),
		newFlow(span{text: strings.ToUpper(s), style: fyne.TextStyle{Bold: true}, size: sizeSmall, color: theme.ColorNamePlaceHolder}),
		newGap(2, false)}
}

func rule() fyne.CanvasObject { return newGap(9, true) }

func nl() span { return text("\n") }

// indented makes a flow inset under a heading.
func indented(in float32, spans ...span) *flow {
	f := newFlow(spans...)
	f.indent = in
	return f
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

// copyLine offers the whole answer as text, Markdown or JSON.
func (p *Pane) copyLine(render func(export.Format) (string, error)) *flow {
	spans := []span{label("Copy as ")}
	var f *flow
	for i, format := range export.Formats {
		if i > 0 {
			spans = append(spans, dim(" · "))
		}
		format := format
		spans = append(spans, link(format.Title(), func() {
			s, err := render(format)
			if err != nil {
				fyne.LogError("cannot export the answer", err)
				return
			}
			p.copyText(s)
			p.copied = format.Title()
			f.spans[len(f.spans)-1] = label(p.copiedNote())
			f.setSpans(f.spans...)
		}))
	}
	spans = append(spans, label(p.copiedNote()))
	f = newFlow(spans...)
	return f
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

func (p *Pane) ephemeralSpans(in bool) []span {
	e := p.space.Ephemeral
	if e.High == 0 {
		return nil
	}
	if in {
		return []span{dim(" · "), text("inside this machine's "), {text: fmt.Sprintf("ephemeral range %d-%d", e.Low, e.High), nowrap: true}}
	}
	return []span{dim(" · "), {text: "outside the ephemeral range", color: theme.ColorNamePlaceHolder, nowrap: true}}
}

// buildPort lays out one port.
func (p *Pane) buildPort() []fyne.CanvasObject {
	reg := p.space.Reg
	port := p.sel.From
	a := p.space.Answer(port, p.proto)
	p.answer = a

	title := []span{{text: strconv.Itoa(int(port)), size: sizeTitle, style: fyne.TextStyle{Bold: true}}}
	if r := reg.Primary(port, p.proto); r != nil {
		title = append(title, span{text: "  " + r.Service, size: sizeTitle})
	}
	status := []span{badge(a.Status)}
	if p.proto != registry.ProtoNone {
		status = append(status, text(" on "+p.proto.String()))
	}
	status = append(status, text("  "+classText(a.Range)))
	status = append(status, p.ephemeralSpans(a.Ephemeral)...)
	objs := []fyne.CanvasObject{newGap(4, false), newFlow(title...), newGap(2, false), newFlow(status...)}
	if a.Range == registry.Dynamic {
		objs = append(objs, newFlow(span{text: "IANA never assigns ports of the Dynamic range: any program may take them for a while.", style: fyne.TextStyle{Italic: true}}))
	}
	if a.UnauthorizedUse {
		objs = append(objs, newGap(3, false), p.unauthorizedWarning(port))
	}
	objs = append(objs, newGap(3, false), p.copyLine(func(f export.Format) (string, error) {
		return export.PortString(p.space, a, f)
	}))

	objs = append(objs, rule())
	objs = append(objs, p.records(a)...)
	objs = append(objs, heading("Neighbours")...)
	objs = append(objs, p.neighbours(a))
	objs = append(objs, heading("Listening here")...)
	objs = append(objs, p.listening(port, port))
	objs = append(objs, p.howToCheck(port, port)...)
	objs = append(objs, p.footer()...)
	return objs
}

func (p *Pane) unauthorizedWarning(port uint16) *flow {
	var texts []string
	for _, r := range p.space.Reg.RecordsFor(port, registry.ProtoNone) {
		if r.UnauthorizedUse != "" && !containsString(texts, r.UnauthorizedUse) {
			texts = append(texts, r.UnauthorizedUse)
		}
	}
	return newFlow(icon(theme.WarningIcon(), nil), span{text: " Unauthorized use reported", color: theme.ColorNameWarning, style: fyne.TextStyle{Bold: true}},
		warn(": "+strings.Join(texts, "; ")))
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// protoGroup is the protocols that say the same of a port.
type protoGroup struct {
	protos []string
	pa     model.ProtocolAnswer
}

// groupKey is what must match for two protocols to share a group.
func groupKey(pa model.ProtocolAnswer) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s|%s|%q|", pa.Status, pa.Service, pa.Aliases)
	for _, r := range pa.Records {
		// Compared as shown: IANA's tcp and udp rows differ in line breaks.
		fmt.Fprintf(&b, "%q|%q|%s|%q|%q|%q|%q|%q|%q|%q|%q|%v;", r.Service, r.Ports, r.Status, oneLine(r.Description), r.Assignee, r.Contact,
			r.Registered, r.Modified, r.ServiceCode, oneLine(r.UnauthorizedUse), oneLine(r.Notes), r.References)
	}
	return b.String()
}

// records lists every record, grouped by protocol; protocols whose records
// are the same share one group (290's one unassigned range speaks for all
// four).
func (p *Pane) records(a model.PortAnswer) []fyne.CanvasObject {
	var groups []*protoGroup
	byKey := map[string]*protoGroup{}
	var notListed []string
	for _, name := range export.SortedProtocols(a) {
		pa := a.Protocols[name]
		if len(pa.Records) == 0 && pa.Status == registry.NotListed {
			notListed = append(notListed, name)
			continue
		}
		k := groupKey(pa)
		if g, ok := byKey[k]; ok {
			g.protos = append(g.protos, name)
			continue
		}
		g := &protoGroup{protos: []string{name}, pa: pa}
		byKey[k] = g
		groups = append(groups, g)
	}
	var objs []fyne.CanvasObject
	for i, g := range groups {
		if i > 0 {
			objs = append(objs, newGap(5, false))
		}
		head := []span{strong(strings.Join(g.protos, " · ")), text("  "),
			{text: g.pa.Status.String(), color: statusColorName(g.pa.Status), style: fyne.TextStyle{Bold: true}}}
		if g.pa.Service != "" {
			head = append(head, text(": "), strong(g.pa.Service))
			if len(g.pa.Aliases) > 0 {
				head = append(head, dim(", also "), text(strings.Join(g.pa.Aliases, ", ")))
			}
		}
		objs = append(objs, newFlow(head...))
		if len(g.pa.Records) == 0 {
			objs = append(objs, indented(12, dim("no registry record")))
		}
		for _, r := range g.pa.Records {
			objs = append(objs, newGap(2, false), p.record(a.Port, r))
		}
	}
	if len(notListed) > 0 {
		if len(groups) > 0 {
			objs = append(objs, newGap(5, false))
		}
		objs = append(objs, newFlow(strong(strings.Join(notListed, " · ")), text("  "),
			span{text: registry.NotListed.String(), color: statusColorName(registry.NotListed), style: fyne.TextStyle{Bold: true}},
			dim(": no record")))
	}
	return objs
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// people shows an assignee or contact field: "[Tim_Berners_Lee]" is "Tim
// Berners Lee".
func people(field string) string {
	refs := registry.ParseReferences(field)
	names := make([]string, 0, len(refs))
	for _, ref := range refs {
		if ref.Kind == registry.RefPerson {
			names = append(names, strings.ReplaceAll(ref.Text, "_", " "))
		} else {
			names = append(names, ref.String())
		}
	}
	return strings.Join(names, ", ")
}

// longNote is the length beyond which notes are cut short, with a link
// to show the rest: a few of IANA's notes run to pages.
const longNote = 110

// record is one registry record: its name and description, then every
// field that is filled in.
func (p *Pane) record(port uint16, r model.RecordAnswer) *flow {
	f := indented(12)
	f.spans = p.recordSpans(f, port, r, false)
	return f
}

func (p *Pane) recordSpans(f *flow, port uint16, r model.RecordAnswer, full bool) []span {
	var s []span
	if r.Service != "" {
		s = append(s, strong(r.Service))
		if strings.Contains(r.Ports, "-") {
			s = append(s, dim(" "+r.Ports))
		}
		if r.Description != "" {
			s = append(s, text("  "+oneLine(r.Description)))
		}
	} else {
		s = append(s, strong(oneLine(r.Description)))
		if strings.Contains(r.Ports, "-") {
			s = append(s, dim(" "+r.Ports))
		}
	}
	field := func(name string, value ...span) {
		s = append(s, nl(), label(name+" "))
		s = append(s, value...)
	}
	assignee, contact := people(r.Assignee), people(r.Contact)
	switch {
	case assignee != "" && assignee == contact:
		field("assignee & contact", text(assignee))
	case assignee != "" && contact != "":
		field("assignee", text(assignee), dim(" · "), label("contact "), text(contact))
	case assignee != "":
		field("assignee", text(assignee))
	case contact != "":
		field("contact", text(contact))
	}
	switch {
	case r.Registered != "" && r.Modified != "":
		field("registered", text(r.Registered), dim(" · "), label("modified "), text(r.Modified))
	case r.Registered != "":
		field("registered", text(r.Registered))
	case r.Modified != "":
		field("modified", text(r.Modified))
	}
	if len(r.References) > 0 {
		var refs []span
		for i, ref := range r.References {
			if i > 0 {
				refs = append(refs, dim(" · "))
			}
			u := ref.URL
			if u == "" {
				u = export.IANAPortPage(port)
			}
			refs = append(refs, span{text: ref.String(), tap: p.openURL(u), nowrap: true})
		}
		field(plural(len(r.References), "reference", "references"), refs...)
	}
	if r.ServiceCode != "" {
		field("service code", text(r.ServiceCode))
	}
	if r.UnauthorizedUse != "" {
		field("unauthorized use", text(oneLine(r.UnauthorizedUse)))
	}
	if notes := oneLine(r.Notes); notes != "" {
		if full || len(notes) <= longNote+20 {
			field("notes", text(notes))
		} else {
			field("notes", text(cutWords(notes, longNote)+"… "), link("more", func() {
				f.setSpans(p.recordSpans(f, port, r, true)...)
				p.relayout()
			}))
		}
	}
	return s
}

// cutWords shortens s to at most n bytes, at a space when there is one.
func cutWords(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := strings.LastIndexByte(s[:n], ' ')
	if cut < n/2 {
		cut = n
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
	}
	return strings.TrimRight(s[:cut], " ,;:")
}

// relayout fits the page again after a flow changed its height.
func (p *Pane) relayout() {
	p.page.Refresh()
	p.scroll.Refresh()
}

// oneLine folds a field's line breaks: the pane wraps text itself.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// portName is "300 tacacss" (or "6400" for a name-less assignment).
func portName(pn *registry.PortName) string {
	if pn.Service == "" {
		return strconv.Itoa(int(pn.Port))
	}
	return strconv.Itoa(int(pn.Port)) + " " + pn.Service
}

// neighbours shows the previous and next assigned ports per protocol, the
// unassigned run and the nearest free port.
func (p *Pane) neighbours(a model.PortAnswer) *flow {
	type row struct {
		protos     []string
		prev, next *registry.PortName
	}
	var rows []*row
	same := func(x, y *registry.PortName) bool {
		return x == nil && y == nil || x != nil && y != nil && *x == *y
	}
	for _, name := range export.SortedProtocols(a) {
		pa := a.Protocols[name]
		if p.proto == registry.ProtoNone && name != "tcp" && name != "udp" && !hasOwnRecord(pa, name) {
			continue // sctp and dccp only where the port is used on them
		}
		merged := false
		for _, r := range rows {
			if same(r.prev, pa.Previous) && same(r.next, pa.Next) {
				r.protos = append(r.protos, name)
				merged = true
				break
			}
		}
		if !merged {
			rows = append(rows, &row{protos: []string{name}, prev: pa.Previous, next: pa.Next})
		}
	}
	var s []span
	for i, r := range rows {
		if i > 0 {
			s = append(s, nl())
		}
		s = append(s, span{text: strings.Join(r.protos, " · "), style: fyne.TextStyle{Bold: true}, size: sizeSmall}, label("  previous "))
		if r.prev != nil {
			s = append(s, span{text: portName(r.prev), tap: p.navigate(r.prev.Port), nowrap: true})
		} else {
			s = append(s, dim("none"))
		}
		s = append(s, label("  next "))
		if r.next != nil {
			s = append(s, span{text: portName(r.next), tap: p.navigate(r.next.Port), nowrap: true})
		} else {
			s = append(s, dim("none"))
		}
	}
	if run := a.UnassignedRun; run != nil {
		runText := fmt.Sprintf("%s, %d %s", run, run.Len(), plural(run.Len(), "port", "ports"))
		s = append(s, nl(), label("unassigned run "))
		if p.OnSelectRange != nil && run.From != run.To {
			lo, hi := run.From, run.To
			s = append(s, link(runText, func() { p.OnSelectRange(lo, hi) }))
		} else {
			s = append(s, text(runText))
		}
	}
	s = append(s, nl(), label("nearest free port "))
	switch n := a.NearestFree; {
	case n < 0:
		s = append(s, dim("none"))
	case n == int(a.Port):
		s = append(s, text(strconv.Itoa(n)+" (this one)"), text(" "), icon(theme.ContentCopyIcon(), p.copyValue(strconv.Itoa(n))))
	default:
		s = append(s, link(strconv.Itoa(n), p.navigate(uint16(n))), text(" "), icon(theme.ContentCopyIcon(), p.copyValue(strconv.Itoa(n))))
	}
	return indented(12, s...)
}

// hasOwnRecord reports whether the port has a record of the protocol
// itself, not only a protocol-less range.
func hasOwnRecord(pa model.ProtocolAnswer, proto string) bool {
	for _, r := range pa.Records {
		if r.Protocol == proto {
			return true
		}
	}
	return false
}

// listening shows who listens on lo..hi here.
func (p *Pane) listening(lo, hi uint16) *flow {
	if !p.haveListeners {
		return indented(12, dim("no listener data yet"))
	}
	var s []span
	for _, l := range p.listeners {
		if l.Port < lo || l.Port > hi || p.proto != registry.ProtoNone && l.Protocol != p.proto.String() {
			continue
		}
		if len(s) > 0 {
			s = append(s, nl())
		}
		if l.Flagged {
			s = append(s, icon(theme.WarningIcon(), nil), warn(" "+l.Text))
			if len(l.Reasons) > 0 {
				s = append(s, nl(), label("    "+strings.Join(l.Reasons, "; ")))
			}
		} else {
			s = append(s, text(l.Text))
		}
	}
	if len(s) == 0 {
		what := strconv.Itoa(int(lo))
		if hi != lo {
			what = fmt.Sprintf("%d-%d", lo, hi)
		}
		s = append(s, text("nobody listens on "+what+" here"))
	}
	return indented(12, s...)
}

func (p *Pane) howToCheck(lo, hi uint16) []fyne.CanvasObject {
	cmd, system := CheckCommand(p.goos, lo, hi)
	objs := heading("How to check on " + system)
	return append(objs, indented(12, mono(cmd), text(" "), icon(theme.ContentCopyIcon(), p.copyValue(cmd))))
}

func (p *Pane) footer() []fyne.CanvasObject {
	return []fyne.CanvasObject{newGap(10, false), newFlow(label("Registry: " + p.space.Reg.Source().String())), newGap(6, false)}
}

// buildRange lays out the summary of a range.
func (p *Pane) buildRange() []fyne.CanvasObject {
	lo, hi := p.sel.From, p.sel.To
	a := p.space.AnswerRange(lo, hi, p.proto)
	p.rangeAnswer = a

	title := []span{{text: p.sel.String(), size: sizeTitle, style: fyne.TextStyle{Bold: true}},
		{text: fmt.Sprintf("  %d ports", a.Ports), size: sizeTitle}}
	classes := a.ClassesText() + plural(len(a.Classes), " range", " ranges")
	if p.proto != registry.ProtoNone {
		classes = p.proto.String() + " · " + classes
	}
	info := []span{text(classes)}
	if e := a.Ephemeral; e != nil {
		eph := p.space.Ephemeral
		what := "all"
		if e.From != lo || e.To != hi {
			what = e.String()
		}
		info = append(info, dim(" · "), text(fmt.Sprintf("%s inside this machine's ephemeral range %d-%d", what, eph.Low, eph.High)))
	} else {
		info = append(info, p.ephemeralSpans(false)...)
	}
	objs := []fyne.CanvasObject{newGap(4, false), newFlow(title...), newGap(2, false), newFlow(info...)}
	if registry.ClassOf(hi) == registry.Dynamic {
		objs = append(objs, newFlow(span{text: "IANA never assigns ports of the Dynamic range (49152-65535).", style: fyne.TextStyle{Italic: true}}))
	}
	objs = append(objs, newGap(3, false), p.copyLine(func(f export.Format) (string, error) {
		return export.RangeString(a, f)
	}), rule())

	objs = append(objs, heading("Ports by status")...)
	var counts []span
	for _, st := range model.StatusOrder {
		if n := a.Counts[st]; n > 0 {
			if len(counts) > 0 {
				counts = append(counts, text("    "))
			}
			counts = append(counts, badge(st), span{text: " " + strconv.Itoa(n), nowrap: true})
		}
	}
	objs = append(objs, indented(12, counts...))
	if len(a.Unauthorized) > 0 {
		s := []span{icon(theme.WarningIcon(), nil), span{text: " Unauthorized use reported on ", color: theme.ColorNameWarning, style: fyne.TextStyle{Bold: true}}}
		const most = 20
		for i, port := range a.Unauthorized {
			if i == most {
				s = append(s, warn(fmt.Sprintf(" and %d more", len(a.Unauthorized)-most)))
				break
			}
			if i > 0 {
				s = append(s, warn(", "))
			}
			s = append(s, link(strconv.Itoa(int(port)), p.navigate(port)))
		}
		objs = append(objs, newGap(4, false), indented(12, s...))
	}

	objs = append(objs, heading(fmt.Sprintf("Assigned services (%d)", len(a.Services)))...)
	if len(a.Services) == 0 {
		objs = append(objs, indented(12, dim("none")))
	} else {
		objs = append(objs, p.serviceList(a.Services))
	}
	objs = append(objs, heading("Listening here")...)
	objs = append(objs, p.listening(lo, hi))
	objs = append(objs, p.howToCheck(lo, hi)...)
	objs = append(objs, p.footer()...)
	return objs
}

// serviceList is a scrolling list of a range's services, tall enough for
// twelve.
func (p *Pane) serviceList(services []model.RangeService) fyne.CanvasObject {
	list := widget.NewList(
		func() int { return len(services) },
		func() fyne.CanvasObject {
			f := newFlow(text("65535-65535  service"))
			f.single, f.indent = true, 12
			return f
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			s := services[id]
			o.(*flow).setSpans(span{text: s.Ports, tap: p.navigate(s.Port), nowrap: true}, text("  "), strong(s.Service),
				dim("  "+s.Protocols), text("  "+oneLine(s.Description)))
		})
	th := p.Theme()
	line, _ := measure("Mg", sizeBody.points(th), fyne.TextStyle{Bold: true})
	pad := th.Size(theme.SizeNamePadding)
	rows := min(len(services), 12)
	return newFixedHeight(list, float32(rows)*(line.Height+pad)-pad+2)
}
