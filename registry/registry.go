package registry

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
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
	skipped []SkippedRow
	n       int                   // records
	counts  [len(statusNames)]int // records by Status
	ports   portIndex

	// Every record, for a registry built in memory. A registry opened from
	// its compact form has lazy instead, which decodes records on first use:
	// a headless answer reads a few of them, not the whole registry.
	records []Record
	lazy    *lazyRecords

	// The name and word index is built on first use: loading stays fast and
	// a command that never searches never pays for it.
	searchOnce sync.Once
	search     searchIndex
}

// Builder collects records, then indexes them once.
type Builder struct {
	source  Source
	records []Record
	skipped []SkippedRow
	covered int // port entries the records' ranges add to the index
}

// MaxPortEntries bounds the sum of all records' range lengths. IANA's file
// covers about 60,000; a file of many 0-65535 rows would otherwise need
// gigabytes of index.
const MaxPortEntries = 1 << 22

// NewBuilder starts a registry whose records come from source (a path or a
// snapshot's name).
func NewBuilder(source string) *Builder {
	return &Builder{source: Source{Name: source}}
}

// SetSource overrides what the registry says about its origin.
func (b *Builder) SetSource(s Source) { b.source = s }

// Grow makes room for n more records.
func (b *Builder) Grow(n int) { b.records = slices.Grow(b.records, n) }

// Add appends a record; its Source is set to the builder's if empty. A
// record that would push the index past MaxPortEntries is skipped.
func (b *Builder) Add(r Record) {
	if r.HasPort {
		n := int(r.High) - int(r.Low) + 1
		if b.covered+n > MaxPortEntries {
			b.Skip(r.Line, fmt.Sprintf("too many port ranges: the file covers over %d ports in all, not a plausible registry", MaxPortEntries))
			return
		}
		b.covered += n
	}
	if r.Source == "" {
		r.Source = b.source.Name
	}
	b.records = append(b.records, r)
}

// Skip notes a row that could not be read.
func (b *Builder) Skip(line int, reason string) {
	b.skipped = append(b.skipped, SkippedRow{Line: line, Reason: reason})
}

// Build indexes the records.
func (b *Builder) Build() *Registry {
	reg := &Registry{source: b.source, records: b.records, skipped: b.skipped, n: len(b.records)}
	if reg.source.Date == "" {
		reg.source.Date = newestDate(reg.records)
	}
	reg.ports = buildPortIndex(reg.records)
	for i := range reg.records {
		reg.counts[reg.records[i].Status()]++
	}
	return reg
}

func newestDate(recs []Record) string {
	newest := ""
	for i := range recs {
		for _, d := range [2]string{recs[i].Registered, recs[i].Modified} {
			if len(d) == len("2006-01-02") && d > newest {
				newest = d
			}
		}
	}
	return newest
}

// record is record number id, decoded if need be.
func (reg *Registry) record(id int) *Record {
	if reg.lazy != nil {
		return reg.lazy.get(id)
	}
	return &reg.records[id]
}

func (reg *Registry) searchIndex() *searchIndex {
	reg.searchOnce.Do(func() { reg.search = buildSearchIndex(reg.Records()) })
	return &reg.search
}

// Source says where the data came from.
func (reg *Registry) Source() Source { return reg.source }

// Records returns every record, in file order. Do not modify them. A
// registry opened from its compact form decodes them all on the first call.
func (reg *Registry) Records() []Record {
	if reg.lazy != nil {
		return reg.lazy.all()
	}
	return reg.records
}

// Len is the number of records, without decoding them (len(Records())
// decodes every record of a compact registry).
func (reg *Registry) Len() int { return reg.n }

// Skipped lists the rows that could not be read.
func (reg *Registry) Skipped() []SkippedRow { return reg.skipped }

// Counts of records by status, for "registry info".
func (reg *Registry) Counts() map[string]int {
	c := map[string]int{"records": reg.n, "skipped": len(reg.skipped)}
	for st, n := range reg.counts {
		if n > 0 {
			c[Status(st).String()] = n
		}
	}
	return c
}

// PortRecords is a view of the records covering one port, in file order.
type PortRecords struct {
	reg      *Registry
	from, to int // in the index's ids
}

// Len is the number of records.
func (pr PortRecords) Len() int { return pr.to - pr.from }

// At returns the i-th record.
func (pr PortRecords) At(i int) *Record {
	if i < 0 || i >= pr.Len() {
		panic(fmt.Sprintf("registry: record %d of a port with %d", i, pr.Len()))
	}
	return pr.reg.record(pr.reg.ports.id(pr.from + i))
}

// Lookup returns the records covering port, in constant time and without
// allocating (a compact registry decodes them on first use).
func (reg *Registry) Lookup(port uint16) PortRecords {
	from, to := reg.ports.span(port)
	return PortRecords{reg: reg, from: from, to: to}
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
	return reg.ports.statusOf(port, proto)
}

// Unauthorized reports a known unauthorized use of port.
func (reg *Registry) Unauthorized(port uint16) bool {
	return reg.ports.unauthorizedAt(port)
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
		out[j] = reg.record(int(id))
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

// PortName is a port with the name of its service, for neighbour links.
type PortName struct {
	Port    uint16 `json:"port"`
	Service string `json:"service"`
}

// PortRun is an inclusive run of ports.
type PortRun struct {
	From uint16 `json:"from"`
	To   uint16 `json:"to"`
}

// Len is the number of ports in the run.
func (r PortRun) Len() int { return int(r.To) - int(r.From) + 1 }

func (r PortRun) String() string {
	if r.From == r.To {
		return strconv.Itoa(int(r.From))
	}
	return fmt.Sprintf("%d-%d", r.From, r.To)
}

// Neighbours places a port among the others on one protocol (ProtoNone: the
// combined view).
type Neighbours struct {
	Previous *PortName `json:"previous_assigned"`
	Next     *PortName `json:"next_assigned"`
	// Run is the maximal run of unassigned ports the port sits in, or nil.
	Run *PortRun `json:"unassigned_run"`
	// NearestFree is the nearest unassigned port outside the Dynamic range
	// (the port itself when it is free), or -1 if there is none.
	NearestFree int `json:"nearest_free"`
}

// NeighboursOf answers where port sits on proto.
func (reg *Registry) NeighboursOf(port uint16, proto Protocol) Neighbours {
	st := reg.ports.statusRow(proto)
	n := Neighbours{NearestFree: -1}
	for p := int(port) - 1; p >= 0; p-- {
		if Status(st[p]) == Assigned {
			n.Previous = &PortName{Port: uint16(p), Service: reg.serviceName(uint16(p), proto)}
			break
		}
	}
	for p := int(port) + 1; p < NumPorts; p++ {
		if Status(st[p]) == Assigned {
			n.Next = &PortName{Port: uint16(p), Service: reg.serviceName(uint16(p), proto)}
			break
		}
	}
	if Status(st[port]) == Unassigned {
		from, to := int(port), int(port)
		for from > 0 && Status(st[from-1]) == Unassigned {
			from--
		}
		for to < NumPorts-1 && Status(st[to+1]) == Unassigned {
			to++
		}
		n.Run = &PortRun{From: uint16(from), To: uint16(to)}
	}
	const lastNonDynamic = 49151
	for d := 0; d <= lastNonDynamic; d++ {
		if lo := int(port) - d; lo >= 0 && lo <= lastNonDynamic && Status(st[lo]) == Unassigned {
			n.NearestFree = lo
			break
		}
		if hi := int(port) + d; hi <= lastNonDynamic && Status(st[hi]) == Unassigned {
			n.NearestFree = hi
			break
		}
		if int(port)-d < 0 && int(port)+d > lastNonDynamic {
			break
		}
	}
	return n
}

func (reg *Registry) serviceName(port uint16, proto Protocol) string {
	if r := reg.Primary(port, proto); r != nil {
		return r.Service
	}
	return ""
}
