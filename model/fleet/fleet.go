package fleet

import (
	"github.com/portolan/portolan/registry"
)

// Fleet is what a load found: hosts, their listeners, and what was wrong
// with the input. It is read-only once loaded (Rejudge aside) and safe for
// concurrent readers.
type Fleet struct {
	// Hosts in name order (case folded).
	Hosts []Host
	// Rows are every host's listeners, grouped by host in Hosts' order,
	// then by port, protocol, address and pid.
	Rows []Row
	// Skipped counts the rows that were not TCP/UDP listeners (UNIX
	// sockets, port 0, raw sockets) in the hosts' kept states.
	Skipped int
	// Files were read as osquery output; Ignored were not (not osquery
	// output, unreadable); Shapes counts the files of each shape.
	Files, Ignored int
	Shapes         map[Shape]int
	// OtherRows are result log rows of queries other than listening_ports.
	OtherRows int
	// Problems with the input, by file and line; ProblemsMore counts those
	// left out of the list.
	Problems     []Problem
	ProblemsMore int

	registry *registry.Registry
	// byPort orders the rows by port, protocol, then host; the rows of
	// (port, protocol) are byPort[start[k]:start[k+1]], k = port*2+proto.
	byPort []int32
	start  []int32
}

// Protocols of the port index, in its order.
var protocols = [2]string{"tcp", "udp"}

func protoIndex(p string) int {
	if p == "udp" {
		return 1
	}
	return 0
}

// index builds the port index with a stable counting sort: the rows are in
// host order, so each (port, protocol) keeps its hosts in order.
func (f *Fleet) index() {
	const buckets = 65536 * 2
	f.start = make([]int32, buckets+1)
	for i := range f.Rows {
		f.start[bucket(&f.Rows[i])+1]++
	}
	for k := 1; k <= buckets; k++ {
		f.start[k] += f.start[k-1]
	}
	next := make([]int32, buckets)
	copy(next, f.start[:buckets])
	f.byPort = make([]int32, len(f.Rows))
	for i := range f.Rows {
		k := bucket(&f.Rows[i])
		f.byPort[next[k]] = int32(i)
		next[k]++
	}
}

func bucket(r *Row) int { return int(r.Port)*2 + protoIndex(r.Protocol) }

// rowsAt are the indices of the rows on port and protocol index p.
func (f *Fleet) rowsAt(port uint16, p int) []int32 {
	k := int(port)*2 + p
	return f.byPort[f.start[k]:f.start[k+1]]
}

// Rejudge gives every listener a new verdict (after the known programs or
// the baseline changed). Views made before keep their old alert counts.
func (f *Fleet) Rejudge(judge func(r *Row) (severity string, reasons []string)) {
	for i := range f.Rows {
		r := &f.Rows[i]
		r.Severity, r.Reasons = judge(r)
	}
}

// Service is the registry's name of port on protocol ("" without one).
func (f *Fleet) Service(port uint16, protocol string) string {
	if f.registry == nil {
		return ""
	}
	p := registry.TCP
	if protocol == "udp" {
		p = registry.UDP
	}
	if r := f.registry.Primary(port, p); r != nil {
		return r.Service
	}
	return ""
}

// HostRows are the listeners of host i (an index into Hosts).
func (f *Fleet) HostRows(i int) []Row {
	lo, hi := 0, len(f.Rows)
	// Rows are grouped by host in order: find the group by binary search.
	for lo < hi {
		m := (lo + hi) / 2
		if int(f.Rows[m].host) < i {
			lo = m + 1
		} else {
			hi = m
		}
	}
	end := lo
	for end < len(f.Rows) && int(f.Rows[end].host) == i {
		end++
	}
	return f.Rows[lo:end]
}
