package fleet

import (
	"cmp"
	"fmt"
	"path"
	"slices"
	"strings"
)

// View is the fleet seen through a host filter: what the map, the pane and
// the Rare list show. Make one with Fleet.View; it is read-only and safe
// for concurrent use.
type View struct {
	f   *Fleet
	sel []bool // nil: every host
	// Hosts, Listeners and Skipped count the selected hosts and theirs.
	Hosts, Listeners, Skipped int
	counts                    Counts
}

// Counts are the map's shading: how many hosts listen on each port, and on
// how many of them a listener there is an alert.
type Counts struct {
	// Hosts[p][port] and Alerts[p][port], p being AnyProtocol, TCP or UDP.
	Hosts  [3][65536]uint32
	Alerts [3][65536]uint32
	// Max[p] is the largest Hosts[p] (the top of the legend's scale).
	Max [3]uint32
}

// Protocol indices of Counts.
const (
	AnyProtocol = 0
	TCP         = 1
	UDP         = 2
)

// PortCount is one port of the summary: on how many hosts it is open.
type PortCount struct {
	Protocol string `json:"protocol"`
	Port     uint16 `json:"port"`
	Service  string `json:"service"`
	Hosts    int    `json:"hosts"`
	// Alerts counts the hosts where a listener on the port is an alert.
	Alerts int `json:"alerts"`
}

// Summary is `portolan fleet summary --json`.
type Summary struct {
	Hosts     int         `json:"hosts"`
	Listeners int         `json:"listeners"`
	Skipped   int         `json:"skipped"`
	Ports     []PortCount `json:"ports"`
	// Files read, files ignored, and the problems found in them.
	Files        int       `json:"files"`
	Ignored      int       `json:"ignored_files"`
	Problems     []Problem `json:"problems"`
	ProblemsMore int       `json:"problems_more,omitempty"`
}

// View selects the hosts whose name or display name matches filter: a
// comma-separated list of patterns, each a case-insensitive substring, or a
// glob when it has *, ? or [ ("web-*", "db-0[1-3]"). "" selects every host.
func (f *Fleet) View(filter string) (*View, error) {
	v := &View{f: f}
	var pats []string
	for p := range strings.SplitSeq(filter, ",") {
		if p = strings.ToLower(strings.TrimSpace(p)); p != "" {
			if _, err := path.Match(p, ""); err != nil {
				return nil, fmt.Errorf("the host filter %q is not a valid pattern: %w", p, err)
			}
			pats = append(pats, p)
		}
	}
	if len(pats) > 0 {
		v.sel = make([]bool, len(f.Hosts))
	}
	for i := range f.Hosts {
		h := &f.Hosts[i]
		if v.sel != nil {
			if !matchHost(pats, h.Name) && !matchHost(pats, h.DisplayName) {
				continue
			}
			v.sel[i] = true
		}
		v.Hosts++
		v.Listeners += h.Listeners
		v.Skipped += h.Skipped
	}
	v.count()
	return v, nil
}

func matchHost(pats []string, name string) bool {
	if name == "" {
		return false
	}
	name = strings.ToLower(name)
	for _, p := range pats {
		if strings.ContainsAny(p, "*?[") {
			if ok, _ := path.Match(p, name); ok {
				return true
			}
		} else if strings.Contains(name, p) {
			return true
		}
	}
	return false
}

func (v *View) selected(host int32) bool { return v.sel == nil || v.sel[host] }

// count fills the counts: the rows of a (port, protocol) are in host
// order, so each host is counted once; markers count a host once over
// both protocols.
func (v *View) count() {
	f := v.f
	seen := make([]int32, len(f.Hosts))      // port+1 when counted for AnyProtocol
	seenAlert := make([]int32, len(f.Hosts)) // the same for alerts
	c := &v.counts
	for port := range 65536 {
		mark := int32(port + 1)
		for p := range protocols {
			last, lastAlert := int32(-1), int32(-1)
			for _, i := range f.rowsAt(uint16(port), p) {
				r := &f.Rows[i]
				if !v.selected(r.host) {
					continue
				}
				if r.host != last {
					last = r.host
					c.Hosts[p+1][port]++
					if seen[r.host] != mark {
						seen[r.host] = mark
						c.Hosts[AnyProtocol][port]++
					}
				}
				if r.Alert() && r.host != lastAlert {
					lastAlert = r.host
					c.Alerts[p+1][port]++
					if seenAlert[r.host] != mark {
						seenAlert[r.host] = mark
						c.Alerts[AnyProtocol][port]++
					}
				}
			}
		}
		for p := range 3 {
			c.Max[p] = max(c.Max[p], c.Hosts[p][port])
		}
	}
}

// Counts are the view's per-port host and alert counts.
func (v *View) Counts() *Counts { return &v.counts }

// Ports lists every (protocol, port) open on a selected host, most hosts
// first (then by port, TCP before UDP).
func (v *View) Ports() []PortCount {
	out := v.ports(0)
	slices.SortFunc(out, func(a, b PortCount) int {
		return cmp.Or(cmp.Compare(b.Hosts, a.Hosts), cmp.Compare(a.Port, b.Port), cmp.Compare(a.Protocol, b.Protocol))
	})
	return out
}

// Rare lists the (protocol, port)s open on at most maxHosts selected hosts,
// fewest hosts first (then by port): in a fleet, the outliers.
func (v *View) Rare(maxHosts int) []PortCount {
	out := v.ports(maxHosts)
	slices.SortFunc(out, func(a, b PortCount) int {
		return cmp.Or(cmp.Compare(a.Hosts, b.Hosts), cmp.Compare(b.Alerts, a.Alerts), cmp.Compare(a.Port, b.Port), cmp.Compare(a.Protocol, b.Protocol))
	})
	return out
}

// ports lists the ports on 1 to maxHosts hosts (0: any number).
func (v *View) ports(maxHosts int) []PortCount {
	out := []PortCount{}
	for port := range 65536 {
		for p, proto := range protocols {
			n := int(v.counts.Hosts[p+1][port])
			if n == 0 || (maxHosts > 0 && n > maxHosts) {
				continue
			}
			out = append(out, PortCount{Protocol: proto, Port: uint16(port), Service: v.f.Service(uint16(port), proto),
				Hosts: n, Alerts: int(v.counts.Alerts[p+1][port])})
		}
	}
	return out
}

// Summary is the view's summary with every port, most hosts first.
func (v *View) Summary() Summary {
	probs := v.f.Problems
	if probs == nil {
		probs = []Problem{}
	}
	return Summary{Hosts: v.Hosts, Listeners: v.Listeners, Skipped: v.Skipped, Ports: v.Ports(),
		Files: v.f.Files, Ignored: v.f.Ignored, Problems: probs, ProblemsMore: v.f.ProblemsMore}
}

// Port lists the selected hosts' listeners on port: on protocol "tcp" or
// "udp", or both for "". Alerts come first, then by host, protocol and
// address. The rows are copies, Reasons never nil.
func (v *View) Port(port uint16, protocol string) []Row {
	out := []Row{}
	for p, proto := range protocols {
		if protocol != "" && protocol != proto {
			continue
		}
		for _, i := range v.f.rowsAt(port, p) {
			if r := &v.f.Rows[i]; v.selected(r.host) {
				out = append(out, *r)
			}
		}
	}
	for i := range out {
		if out[i].Reasons == nil {
			out[i].Reasons = []string{}
		}
	}
	slices.SortStableFunc(out, func(a, b Row) int {
		return cmp.Or(cmp.Compare(SeverityRank(a.Severity), SeverityRank(b.Severity)), cmp.Compare(a.host, b.host),
			cmp.Compare(a.Protocol, b.Protocol), cmp.Compare(a.Address, b.Address))
	})
	return out
}

// SeverityRank orders severities, the most serious first: alert 0,
// notice 1, anything else 2.
func SeverityRank(s string) int {
	switch s {
	case SeverityAlert:
		return 0
	case SeverityNotice:
		return 1
	}
	return 2
}
