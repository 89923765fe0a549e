package detail

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/portolan/portolan/model/history"
	"github.com/portolan/portolan/model/listen"
	"github.com/portolan/portolan/registry"
)

// The pane's section on the listener history of the port: for each
// listener seen on it, when it was first and last seen, how often it came,
// and its last events.

// HistoryEvents is how many of a listener's last events the pane shows.
const HistoryEvents = 5

// SetPortHistory gives the pane what the listener history knows of a port
// (the window reads it off the UI goroutine when the selection changes,
// and again after a poll recorded events on the port). Until the first
// call the pane has no history section: nothing is recorded.
func (p *Pane) SetPortHistory(h history.PortHistory) {
	p.portHistory, p.haveHistory = h, true
	if !p.sel.IsRange() && p.shown && p.sel.From == h.Port {
		p.rebuild()
	}
}

const historyTime = "2006-01-02 15:04"

// historySection is the port's history, once a history is kept.
func (p *Pane) historySection(port uint16) []fyne.CanvasObject {
	if !p.haveHistory {
		return nil
	}
	objs := p.heading("History here")
	h := p.portHistory
	if h.Port != port {
		return append(objs, p.indented(dim("reading the history...")))
	}
	var s []widget.RichTextSegment
	for _, ih := range h.Identities {
		if p.proto != registry.ProtoNone && ih.Protocol != p.proto.String() {
			continue
		}
		if len(s) > 0 {
			s = append(s, nl(), nl())
		}
		s = append(s, p.identitySegments(&ih, port)...)
	}
	if len(s) == 0 {
		s = append(s, text("no listener recorded on "+strconv.Itoa(int(port))))
	}
	return append(objs, p.indented(s...))
}

func (p *Pane) identitySegments(ih *history.IdentityHistory, port uint16) []widget.RichTextSegment {
	endpoint := ih.Protocol + " " + listen.HostPort(ih.Address, port)
	if ih.Port == history.Ephemeral {
		endpoint += " (an ephemeral port)"
	}
	who := []string{dashed(ih.Process)}
	if ih.User != "" {
		who = append(who, ih.User)
	}
	s := []widget.RichTextSegment{strong(endpoint), text("  " + strings.Join(who, " · "))}
	if ih.Exe != "" {
		s = append(s, nl(), mono(ih.Exe))
	}
	last := ih.LastSeen.Local().Format(historyTime)
	if ih.Present {
		last = "now"
	}
	s = append(s, nl(), label("first seen "), text(ih.FirstSeen.Local().Format(historyTime)),
		label("   last seen "), text(last),
		label("   seen "), text(strconv.FormatInt(ih.TimesSeen, 10)+" "+plural(int(ih.TimesSeen), "time", "times")))
	es := ih.Events
	if len(es) > HistoryEvents {
		es = es[len(es)-HistoryEvents:]
	}
	for _, e := range es {
		line := e.Time.Local().Format("2006-01-02 15:04:05") + "  " + e.Kind.String()
		if e.PID != 0 {
			line += "  PID " + strconv.Itoa(int(e.PID))
		}
		s = append(s, nl())
		if e.Severity == history.SeverityAlert && e.Kind != history.EventGone {
			s = append(s, warn("    "+line+"  "+string(e.Severity)))
		} else {
			s = append(s, dim("    "+line))
		}
	}
	return s
}

func dashed(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
