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
	start, end    int   // in the file's arena
	rows          []Row // set by the collector
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
	slices.SortFunc(accs, func(a, b *hostAcc) int { return cmp.Compare(hostKey(a.name), hostKey(b.name)) })
	state := map[rowKey]int{} // key -> index into cur
	var cur []Row
	for _, acc := range accs {
		slices.SortFunc(acc.obs, func(a, b observation) int { return compareObs(&a, &b) })
		h := Host{Name: acc.name, DisplayName: acc.display}
		var files []int
		clear(state)
		cur = cur[:0]
		reset := func() {
			clear(state)
			cur = cur[:0]
			files = files[:0]
			h.Incomplete, h.Error = false, ""
		}
		lastGroup := ""
		for i := range acc.obs {
			o := &acc.obs[i]
			switch o.kind {
			case obsError:
				h.Error = o.errText
				files = appendFile(files, o.file)
				continue
			case obsFull:
				if o.name != "" && len(o.rows) == 0 && !c.listening[o.name] {
					continue // an empty snapshot of some other query
				}
				reset()
				lastGroup = ""
			case obsInitial:
				if o.group != lastGroup {
					reset()
					lastGroup = o.group
				}
			}
			for j := range o.rows {
				r := &o.rows[j]
				k := keyOf(r)
				at, ok := state[k]
				switch {
				case o.kind == obsRemoved:
					if ok {
						cur[at].Port, cur[at].Protocol = 0, "-" // a tombstone
						delete(state, k)
					}
				case ok:
					cur[at] = *r // the later word on the same listener
				default:
					state[k] = len(cur)
					cur = append(cur, *r)
				}
			}
			h.Incomplete = h.Incomplete || o.incomplete
			h.Time = max(h.Time, o.time)
			files = appendFile(files, o.file)
		}
		if len(files) > 0 { // else only empty snapshots of other queries
			f.addHost(h, cur, files, c.srcs)
		}
	}
	f.index()
	return f
}

func appendFile(files []int, i int) []int {
	if slices.Contains(files, i) {
		return files
	}
	return append(files, i)
}

// addHost appends a host and its listeners (rows in any order, tombstones
// and skipped rows among them) to the fleet.
func (f *Fleet) addHost(h Host, rows []Row, files []int, srcs []Source) {
	idx := int32(len(f.Hosts))
	first := len(f.Rows)
	for i := range rows {
		r := &rows[i]
		switch {
		case r.Protocol == "-":
			continue
		case r.Protocol == "":
			h.Skipped++
			continue
		}
		row := *r
		row.Host, row.host = h.Name, idx
		f.Rows = append(f.Rows, row)
	}
	mine := f.Rows[first:]
	slices.SortFunc(mine, compareRows)
	h.Listeners = len(mine)
	f.Skipped += h.Skipped
	for _, i := range files {
		h.Files = append(h.Files, srcs[i].Name)
	}
	f.Hosts = append(f.Hosts, h)
}

// compareRows orders one host's rows: port, protocol, address, pid.
func compareRows(a, b Row) int {
	return cmp.Or(cmp.Compare(a.Port, b.Port), cmp.Compare(a.Protocol, b.Protocol),
		cmp.Compare(a.Address, b.Address), cmp.Compare(a.PID, b.PID), cmp.Compare(a.NetNamespace, b.NetNamespace))
}
