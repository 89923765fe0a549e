package registry

import (
	"sort"
	"strings"
	"sync"
)

// NumPorts is the size of the port space.
const NumPorts = 65536

// Source says where a registry's data came from and how old it is.
type Source struct {
	Kind string `json:"kind"` // "embedded", "iana-csv", "iana-xml", "services"
	Name string `json:"name"` // "embedded snapshot" or the file's path
	// Date is the newest date in the data (YYYY-MM-DD), or what the snapshot
	// declares ("2026-07").
	Date string `json:"date"`
}

func (s Source) String() string {
	if s.Date == "" {
		return s.Name
	}
	return s.Name + ", data to " + s.Date
}

// SkippedRow is a row that could not be read.
type SkippedRow struct {
	Line   int    `json:"line"`
	Reason string `json:"reason"`
}

// Registry is an indexed, read-only registry. It is safe for concurrent use.
type Registry struct {
	source  Source
	records []Record
	skipped []SkippedRow

	// Records by port in compressed rows: the ids of the records covering
	// port p are portRecs[portStart[p]:portStart[p+1]].
	portStart []int32
	portRecs  []int32

	// status[ProtoNone] is the combined status; status[TCP]... per protocol.
	status [len(Transports) + 1][NumPorts]Status
	// unauthorized marks ports with a known unauthorized use.
	unauthorized [NumPorts / 64]uint64

	// The name and word index is built on first use: loading stays fast and
	// a command that never searches never pays for it.
	searchOnce sync.Once
	search     searchIndex
}

func (reg *Registry) searchIndex() *searchIndex {
	reg.searchOnce.Do(func() { reg.search = buildSearchIndex(reg.records) })
	return &reg.search
}

// Source says where the data came from.
func (reg *Registry) Source() Source { return reg.source }

// Records returns every record, in file order. Do not modify them.
func (reg *Registry) Records() []Record { return reg.records }

// Skipped lists the rows that could not be read.
func (reg *Registry) Skipped() []SkippedRow { return reg.skipped }

// Counts of records by status, for "registry info".
func (reg *Registry) Counts() map[string]int {
	c := map[string]int{"records": len(reg.records), "skipped": len(reg.skipped)}
	for i := range reg.records {
		c[reg.records[i].Status().String()]++
	}
	return c
}

// PortRecords is a view of the records covering one port, in file order.
type PortRecords struct {
	reg *Registry
	ids []int32
}

// Len is the number of records.
func (pr PortRecords) Len() int { return len(pr.ids) }

// At returns the i-th record.
func (pr PortRecords) At(i int) *Record { return &pr.reg.records[pr.ids[i]] }

// Lookup returns the records covering port, in constant time and without
// allocating.
func (reg *Registry) Lookup(port uint16) PortRecords {
	return PortRecords{reg: reg, ids: reg.portRecs[reg.portStart[port]:reg.portStart[int(port)+1]]}
}

// RecordsFor returns the records covering port on proto; ProtoNone gives
// every record of the port.
func (reg *Registry) RecordsFor(port uint16, proto Protocol) []*Record {
	pr := reg.Lookup(port)
	var out []*Record
	for i := 0; i < pr.Len(); i++ {
		r := pr.At(i)
		if proto == ProtoNone || r.Protocol == proto || r.Protocol == ProtoNone {
			out = append(out, r)
		}
	}
	return out
}

// Status is the status of port on proto; ProtoNone asks for the combined
// status used by the map's "any" view.
func (reg *Registry) Status(port uint16, proto Protocol) Status {
	return reg.status[proto][port]
}

// Unauthorized reports a known unauthorized use of port.
func (reg *Registry) Unauthorized(port uint16) bool {
	return reg.unauthorized[port/64]&(1<<(port%64)) != 0
}

// ByName returns the records of a service name with a port, any case.
func (reg *Registry) ByName(name string) []*Record {
	idx := reg.searchIndex()
	key := strings.ToLower(strings.TrimSpace(name))
	i := sort.Search(len(idx.names), func(i int) bool { return idx.names[i].name >= key })
	if i == len(idx.names) || idx.names[i].name != key {
		return nil
	}
	out := make([]*Record, len(idx.names[i].ids))
	for j, id := range idx.names[i].ids {
		out[j] = &reg.records[id]
	}
	return out
}

// Primary is the first assigned record of port on proto (the registry's
// own name for it), or nil. With ProtoNone any protocol counts.
func (reg *Registry) Primary(port uint16, proto Protocol) *Record {
	pr := reg.Lookup(port)
	for i := 0; i < pr.Len(); i++ {
		r := pr.At(i)
		// A record without a protocol (swx 7300-7359) names the port on all.
		if r.Service != "" && (proto == ProtoNone || r.Protocol == proto || r.Protocol == ProtoNone) {
			return r
		}
	}
	return nil
}

// Aliases are the other service names assigned to port on proto besides
// the primary one (80/tcp is http, with www and www-http).
func (reg *Registry) Aliases(port uint16, proto Protocol) []string {
	primary := reg.Primary(port, proto)
	if primary == nil {
		return nil
	}
	var out []string
	seen := map[string]bool{strings.ToLower(primary.Service): true}
	pr := reg.Lookup(port)
	for i := 0; i < pr.Len(); i++ {
		r := pr.At(i)
		if r.Service == "" || (proto != ProtoNone && r.Protocol != proto && r.Protocol != ProtoNone) {
			continue
		}
		if key := strings.ToLower(r.Service); !seen[key] {
			seen[key] = true
			out = append(out, r.Service)
		}
	}
	return out
}
