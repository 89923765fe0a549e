package detail

import (
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/portolan/portolan/model"
	"github.com/portolan/portolan/model/export"
	"github.com/portolan/portolan/registry"
)

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

// groupProtocols groups the protocols whose records are the same (290's
// one unassigned range speaks for all four), and names apart those with
// no record at all.
func groupProtocols(a model.PortAnswer) (groups []*protoGroup, notListed []string) {
	byKey := map[string]*protoGroup{}
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
	return groups, notListed
}

// records lists every record, grouped by protocol.
func (p *Pane) records(a model.PortAnswer) []fyne.CanvasObject {
	groups, notListed := groupProtocols(a)
	var objs []fyne.CanvasObject
	for i, g := range groups {
		if i > 0 {
			objs = append(objs, space(5))
		}
		head := []widget.RichTextSegment{strong(strings.Join(g.protos, " · ")), text("  "), statusWord(g.pa.Status)}
		if g.pa.Service != "" {
			head = append(head, text(": "), strong(g.pa.Service))
			if len(g.pa.Aliases) > 0 {
				head = append(head, dim(", also "), text(strings.Join(g.pa.Aliases, ", ")))
			}
		}
		objs = append(objs, p.block(head...))
		if len(g.pa.Records) == 0 {
			objs = append(objs, p.indented(dim("no registry record")))
		}
		for _, r := range g.pa.Records {
			objs = append(objs, space(2), p.record(a.Port, r))
		}
	}
	if len(notListed) > 0 {
		if len(groups) > 0 {
			objs = append(objs, space(5))
		}
		objs = append(objs, p.block(strong(strings.Join(notListed, " · ")), text("  "), statusWord(registry.NotListed), dim(": no record")))
	}
	return objs
}

// neighbourRow is the protocols that share a previous and a next port.
type neighbourRow struct {
	protos     []string
	prev, next *registry.PortName
}

// neighbourRows groups the protocols by their neighbours; in the combined
// view sctp and dccp only show where the port is used on them.
func neighbourRows(a model.PortAnswer, proto registry.Protocol) []*neighbourRow {
	same := func(x, y *registry.PortName) bool {
		return x == nil && y == nil || x != nil && y != nil && *x == *y
	}
	var rows []*neighbourRow
	for _, name := range export.SortedProtocols(a) {
		pa := a.Protocols[name]
		if proto == registry.ProtoNone && name != "tcp" && name != "udp" && !hasOwnRecord(pa, name) {
			continue
		}
		i := slices.IndexFunc(rows, func(r *neighbourRow) bool { return same(r.prev, pa.Previous) && same(r.next, pa.Next) })
		if i < 0 {
			rows = append(rows, &neighbourRow{prev: pa.Previous, next: pa.Next})
			i = len(rows) - 1
		}
		rows[i].protos = append(rows[i].protos, name)
	}
	return rows
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
