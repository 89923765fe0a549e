package registry

import (
	"fmt"
	"regexp"
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
	reg := &Registry{source: b.source, records: b.records, skipped: b.skipped}
	if reg.source.Date == "" {
		reg.source.Date = newestDate(reg.records)
	}
	reg.indexPorts()
	reg.indexStatus()
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

func (reg *Registry) indexPorts() {
	counts := make([]int32, NumPorts+1)
	for i := range reg.records {
		r := &reg.records[i]
		if !r.HasPort {
			continue
		}
		for p := int(r.Low); p <= int(r.High); p++ {
			counts[p+1]++
		}
	}
	for p := 1; p <= NumPorts; p++ {
		counts[p] += counts[p-1]
	}
	reg.portStart = counts
	reg.portRecs = make([]int32, counts[NumPorts])
	next := make([]int32, NumPorts)
	copy(next, counts[:NumPorts])
	for i := range reg.records {
		r := &reg.records[i]
		if !r.HasPort {
			continue
		}
		for p := int(r.Low); p <= int(r.High); p++ {
			reg.portRecs[next[p]] = int32(i)
			next[p]++
		}
	}
}

// indexStatus decides one status per (port, protocol) and the combined one.
//
// Per protocol: the strongest statement of the records for that protocol
// (assigned > reserved > other > unassigned); a record without a protocol
// (IANA's unassigned ranges) speaks for all four. With no statement, the
// port is NotListed when another protocol has one, else Unassigned (the
// Dynamic range, and gaps of a partial snapshot).
//
// Combined (the map's "any protocol" view): the strongest of the four,
// ignoring NotListed, so a udp-only assignment makes the port assigned and a
// reserved udp row makes it reserved.
func (reg *Registry) indexStatus() {
	var listed [len(Transports) + 1][NumPorts]bool
	for i := range reg.records {
		r := &reg.records[i]
		if !r.HasPort {
			continue
		}
		st := r.Status()
		for p := int(r.Low); p <= int(r.High); p++ {
			if r.Protocol == ProtoNone {
				for _, t := range Transports {
					reg.state(t, p, st, &listed)
				}
			} else {
				reg.state(r.Protocol, p, st, &listed)
			}
		}
		if r.UnauthorizedUse != "" {
			for _, p := range unauthorizedPorts(r) {
				reg.unauthorized[p/64] |= 1 << (p % 64)
			}
		}
	}
	for p := 0; p < NumPorts; p++ {
		anyListed := false
		for _, t := range Transports {
			anyListed = anyListed || listed[t][p]
		}
		combined := Unassigned
		for _, t := range Transports {
			if !listed[t][p] {
				if anyListed {
					reg.status[t][p] = NotListed
				}
				continue
			}
			if s := reg.status[t][p]; s > combined {
				combined = s
			}
		}
		reg.status[ProtoNone][p] = combined
	}
}

func (reg *Registry) state(t Protocol, p int, st Status, listed *[len(Transports) + 1][NumPorts]bool) {
	if !listed[t][p] || st > reg.status[t][p] {
		reg.status[t][p] = st
	}
	listed[t][p] = true
}

var (
	bracketed = regexp.MustCompile(`\[[^\]]*\]`)
	number    = regexp.MustCompile(`\b\d{1,5}\b`)
)

// unauthorizedPorts reads "Known Unauthorized Use on ports 28017, 28018 and
// 28019" as those ports; text that names no port means the record's own.
func unauthorizedPorts(r *Record) []uint16 {
	var ports []uint16
	text := bracketed.ReplaceAllString(r.UnauthorizedUse, "") // [RFC4146] is no port
	for _, m := range number.FindAllString(text, -1) {
		if n, err := strconv.Atoi(m); err == nil && n < NumPorts {
			ports = append(ports, uint16(n))
		}
	}
	if len(ports) == 0 {
		for p := int(r.Low); p <= int(r.High); p++ {
			ports = append(ports, uint16(p))
		}
	}
	return ports
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
	st := &reg.status[proto]
	n := Neighbours{NearestFree: -1}
	for p := int(port) - 1; p >= 0; p-- {
		if st[p] == Assigned {
			n.Previous = &PortName{Port: uint16(p), Service: reg.serviceName(uint16(p), proto)}
			break
		}
	}
	for p := int(port) + 1; p < NumPorts; p++ {
		if st[p] == Assigned {
			n.Next = &PortName{Port: uint16(p), Service: reg.serviceName(uint16(p), proto)}
			break
		}
	}
	if st[port] == Unassigned {
		from, to := int(port), int(port)
		for from > 0 && st[from-1] == Unassigned {
			from--
		}
		for to < NumPorts-1 && st[to+1] == Unassigned {
			to++
		}
		n.Run = &PortRun{From: uint16(from), To: uint16(to)}
	}
	const lastNonDynamic = 49151
	for d := 0; d <= lastNonDynamic; d++ {
		if lo := int(port) - d; lo >= 0 && lo <= lastNonDynamic && st[lo] == Unassigned {
			n.NearestFree = lo
			break
		}
		if hi := int(port) + d; hi <= lastNonDynamic && st[hi] == Unassigned {
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

// Hit is one search result: a port or range with the service found there.
type Hit struct {
	Port        uint16 `json:"port"`
	To          uint16 `json:"to"`
	Protocol    string `json:"protocol"` // "tcp", "tcp/udp", or "" for a range or status
	Service     string `json:"service"`
	Description string `json:"description"`
	Score       int    `json:"score"`
}

// SortHits orders hits best first, then by port.
func sortHits(hits []Hit) {
	sort.SliceStable(hits, func(i, j int) bool {
		if hits[i].Score != hits[j].Score {
			return hits[i].Score > hits[j].Score
		}
		return hits[i].Port < hits[j].Port
	})
}
