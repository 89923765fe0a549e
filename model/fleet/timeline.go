package fleet

import (
	"cmp"
	"slices"
)

// obsKind is what an observation says about a host's listeners.
type obsKind uint8

// The kinds, in the order they apply when they share a time: a whole state
// first, then what went, then what came.
const (
	obsFull    obsKind = iota // the host's whole state (osqueryi, fleetctl, snapshot)
	obsInitial                // "added" of a query's first run: a whole state in parts
	obsRemoved                // listeners that went
	obsAdded                  // listeners that came
	obsError                  // fleetctl's error for the host: the state stays
)

// observation is one file's (or one line's) word on one host.
type observation struct {
	host, display string
	name          string // the scheduled query's name (result logs)
	group         string // obsInitial: the run it belongs to
	errText       string
	time          int64
	file, line    int
	kind          obsKind
	incomplete    bool
	rows          []Row
}

func compareObs(a, b *observation) int {
	return cmp.Or(cmp.Compare(a.time, b.time), cmp.Compare(a.kind, b.kind),
		cmp.Compare(a.file, b.file), cmp.Compare(a.line, b.line))
}

// resolve replays each host's observations in time order and builds the
// fleet: the latest whole state of a host wins, and the differential
// events after it apply on top.
func (c *collector) resolve() *Fleet {
	f := &Fleet{Files: c.files, Ignored: c.ignored, OtherRows: c.otherRows, Shapes: c.shapes}
	f.Problems, f.ProblemsMore = c.sortedProblems()
	accs := make([]*hostAcc, 0, len(c.hosts))
	for _, h := range c.hosts {
		accs = append(accs, h)
	}
	slices.SortFunc(accs, func(a, b *hostAcc) int { return cmp.Compare(a.key, b.key) })
	type resolved struct {
		h     Host
		rows  []*Row
		files []int
	}
	var (
		out   = make([]resolved, 0, len(accs))
		state = map[rowKey]*Row{}
		total int
	)
	for _, acc := range accs {
		slices.SortFunc(acc.obs, func(a, b observation) int { return compareObs(&a, &b) })
		start, simple := c.replayFrom(acc.obs)
		h := Host{Name: acc.name, DisplayName: acc.display}
		var rows []*Row
		var files []int
		clear(state)
		for i := start; i < len(acc.obs); i++ {
			o := &acc.obs[i]
			if o.kind == obsError {
				h.Error = o.errText
				files = appendFile(files, o.file)
				continue
			}
			if !c.applies(o) {
				continue
			}
			for j := range o.rows {
				r := &o.rows[j]
				switch {
				case simple:
					rows = append(rows, r)
				case o.kind == obsRemoved:
					delete(state, keyOf(r))
				default:
					state[keyOf(r)] = r
				}
			}
			h.Incomplete = h.Incomplete || o.incomplete
			h.Time = max(h.Time, o.time)
			files = appendFile(files, o.file)
		}
		if len(files) == 0 {
			continue // only empty snapshots of other queries
		}
		if !simple {
			for _, r := range state {
				rows = append(rows, r)
			}
		}
		rows = sortDedupe(rows)
		kept := rows[:0]
		for _, r := range rows {
			if r.Protocol == "" {
				h.Skipped++
			} else {
				kept = append(kept, r)
			}
		}
		total += len(kept)
		out = append(out, resolved{h, kept, files})
	}
	f.Rows = make([]Row, 0, total)
	for _, r := range out {
		f.addHost(r.h, r.rows, r.files, c.srcs)
	}
	f.index()
	return f
}

// applies tells whether an observation counts: an empty snapshot of a
// query that never gave listening_ports rows is some other query's.
func (c *collector) applies(o *observation) bool {
	return o.kind != obsFull || o.name == "" || len(o.rows) > 0 || c.listening[o.name]
}

// replayFrom finds where a host's replay starts (its latest whole state,
// or the first part of the latest first run) and whether only whole
// states follow (no events to apply one by one).
func (c *collector) replayFrom(obs []observation) (start int, simple bool) {
	lastGroup := ""
	for i := range obs {
		o := &obs[i]
		switch {
		case o.kind == obsFull && c.applies(o):
			start, lastGroup = i, ""
		case o.kind == obsInitial && o.group != lastGroup:
			start, lastGroup = i, o.group
		}
	}
	for i := start; i < len(obs); i++ {
		if k := obs[i].kind; k == obsAdded || k == obsRemoved || (k == obsFull && i > start && c.applies(&obs[i])) {
			return start, false
		}
	}
	return start, true
}

// sortDedupe orders rows by port, protocol, address, pid, namespace and
// family, and keeps the last given of rows with the same key.
func sortDedupe(rows []*Row) []*Row {
	slices.SortStableFunc(rows, compareRowKeys)
	out := rows[:0]
	for i, r := range rows {
		if i+1 < len(rows) && compareRowKeys(r, rows[i+1]) == 0 {
			continue
		}
		out = append(out, r)
	}
	return out
}

func compareRowKeys(a, b *Row) int {
	if a.Port != b.Port {
		return cmp.Compare(a.Port, b.Port)
	}
	if a.Protocol != b.Protocol {
		return cmp.Compare(a.Protocol, b.Protocol)
	}
	if a.Address != b.Address {
		return cmp.Compare(a.Address, b.Address)
	}
	if a.PID != b.PID {
		return cmp.Compare(a.PID, b.PID)
	}
	if a.NetNamespace != b.NetNamespace {
		return cmp.Compare(a.NetNamespace, b.NetNamespace)
	}
	return cmp.Compare(a.Family, b.Family)
}

func appendFile(files []int, i int) []int {
	if slices.Contains(files, i) {
		return files
	}
	return append(files, i)
}

// addHost appends a host and its listeners (in order) to the fleet.
func (f *Fleet) addHost(h Host, rows []*Row, files []int, srcs []Source) {
	idx := int32(len(f.Hosts))
	for _, r := range rows {
		if h.Platform == "" {
			h.Platform = r.Platform
		}
	}
	for _, r := range rows {
		f.Rows = append(f.Rows, *r)
		row := &f.Rows[len(f.Rows)-1]
		row.Host, row.host, row.Platform = h.Name, idx, h.Platform
	}
	h.Listeners = len(rows)
	f.Skipped += h.Skipped
	for _, i := range files {
		h.Files = append(h.Files, srcs[i].Name)
	}
	f.Hosts = append(f.Hosts, h)
}
