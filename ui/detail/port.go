package detail

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/portolan/portolan/model"
	"github.com/portolan/portolan/model/export"
	"github.com/portolan/portolan/registry"
)

// buildPort lays out one port.
func (p *Pane) buildPort() []fyne.CanvasObject {
	reg := p.space.Reg
	port := p.sel.From
	a := p.space.Answer(port, p.proto)
	p.answer = a

	title := []widget.RichTextSegment{styled(strconv.Itoa(int(port)), SizeNameTitle, "", fyne.TextStyle{Bold: true})}
	if r := reg.Primary(port, p.proto); r != nil {
		title = append(title, styled("  "+r.Service, SizeNameTitle, "", fyne.TextStyle{}))
	}
	status := []widget.RichTextSegment{badge(a.Status)}
	if p.proto != registry.ProtoNone {
		status = append(status, text(" on "+p.proto.String()))
	}
	status = append(status, text("  "+classText(a.Range)))
	status = append(status, p.ephemeralSegments(a.Ephemeral)...)
	objs := []fyne.CanvasObject{space(4), p.block(title...), space(2), p.block(status...)}
	if a.Range == registry.Dynamic {
		objs = append(objs, p.block(styled("IANA never assigns ports of the Dynamic range: any program may take them for a while.", "", "", fyne.TextStyle{Italic: true})))
	}
	if a.UnauthorizedUse {
		objs = append(objs, space(3), p.unauthorizedWarning(port))
	}
	objs = append(objs, space(3), p.copyLine(func(f export.Format) (string, error) {
		return export.PortString(p.space, a, f)
	}))

	objs = append(objs, rule())
	objs = append(objs, p.records(a)...)
	objs = append(objs, p.heading("Neighbours")...)
	objs = append(objs, p.neighbours(a))
	objs = append(objs, p.heading("Listening here")...)
	objs = append(objs, p.listening(port, port))
	objs = append(objs, p.historySection(port)...)
	objs = append(objs, p.howToCheck(port, port)...)
	objs = append(objs, p.footer()...)
	return objs
}

func (p *Pane) unauthorizedWarning(port uint16) fyne.CanvasObject {
	var texts []string
	for _, r := range p.space.Reg.RecordsFor(port, registry.ProtoNone) {
		if r.UnauthorizedUse != "" && !slices.Contains(texts, r.UnauthorizedUse) {
			texts = append(texts, r.UnauthorizedUse)
		}
	}
	return p.block(icon(theme.WarningIcon(), nil), styled(" Unauthorized use reported", "", theme.ColorNameWarning, fyne.TextStyle{Bold: true}),
		warn(": "+strings.Join(texts, "; ")))
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
func (p *Pane) record(port uint16, r model.RecordAnswer) fyne.CanvasObject {
	b := p.text(12) // first the block: its "more" link redraws it
	b.set(12, p.recordSegments(b, port, r, false))
	return b.box
}

func (p *Pane) recordSegments(b *textBlock, port uint16, r model.RecordAnswer, full bool) []widget.RichTextSegment {
	var s []widget.RichTextSegment
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
	field := func(name string, value ...widget.RichTextSegment) {
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
		var refs []widget.RichTextSegment
		for i, ref := range r.References {
			if i > 0 {
				refs = append(refs, dim(" · "))
			}
			u := ref.URL
			if u == "" {
				u = export.IANAPortPage(port)
			}
			refs = append(refs, link(ref.String(), p.openURL(u)))
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
				b.set(12, p.recordSegments(b, port, r, true))
				p.redraw(b)
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

// portName is "300 tacacss" (or "6400" for a name-less assignment).
func portName(pn *registry.PortName) string {
	if pn.Service == "" {
		return strconv.Itoa(int(pn.Port))
	}
	return strconv.Itoa(int(pn.Port)) + " " + pn.Service
}

// neighbours shows the previous and next assigned ports per protocol, the
// unassigned run and the nearest free port.
func (p *Pane) neighbours(a model.PortAnswer) fyne.CanvasObject {
	var s []widget.RichTextSegment
	portLink := func(pn *registry.PortName) widget.RichTextSegment {
		if pn == nil {
			return dim("none")
		}
		return link(portName(pn), p.navigate(pn.Port))
	}
	for i, r := range neighbourRows(a, p.proto) {
		if i > 0 {
			s = append(s, nl())
		}
		s = append(s, styled(strings.Join(r.protos, " · "), SizeNameSmall, "", fyne.TextStyle{Bold: true}),
			label("  previous "), portLink(r.prev), label("  next "), portLink(r.next))
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
		s = append(s, text(strconv.Itoa(n)+" (this one) "), p.copyButton(strconv.Itoa(n)))
	default:
		s = append(s, link(strconv.Itoa(n), p.navigate(uint16(n))), text(" "), p.copyButton(strconv.Itoa(n)))
	}
	return p.indented(s...)
}
