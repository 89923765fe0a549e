package registry

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
)

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
