package registry

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// ChangeKind says how a record differs between two registries.
type ChangeKind string

const (
	Added   ChangeKind = "added"
	Removed ChangeKind = "removed"
	Changed ChangeKind = "changed"
)

// FieldChange is one field of a record whose text differs.
type FieldChange struct {
	// Field is the field's JSON name: "service" (a change of case only),
	// "description", "assignee", "contact", "registered", "modified",
	// "references", "service_code", "unauthorized_use" or "notes".
	Field string `json:"field"`
	Old   string `json:"old"`
	New   string `json:"new"`
}

// DiffEntry is one record added, removed or changed. Records are matched by
// service name (any case), port or range, and protocol; the registry's few
// repeated keys are paired in file order.
type DiffEntry struct {
	Kind    ChangeKind `json:"kind"`
	Service string     `json:"service"` // "" for an unassigned or reserved range
	// Ports is "80", "6000-6063", or "" for a service name with no port;
	// HasPort, Low and High are the same as numbers.
	Ports    string `json:"ports"`
	HasPort  bool   `json:"has_port"`
	Low      uint16 `json:"low"`
	High     uint16 `json:"high"`
	Protocol string `json:"protocol"` // "tcp", "udp", "sctp", "dccp" or ""
	// Status and Description are the new record's (the old one's when it
	// was removed).
	Status      Status `json:"status"`
	Description string `json:"description"`
	// OldStatus is set on a changed record whose status changed with it
	// (an unassigned range that became reserved).
	OldStatus *Status `json:"old_status,omitempty"`
	// Fields lists what changed; only for Kind == Changed.
	Fields []FieldChange `json:"fields,omitempty"`
}

// Contains reports whether the entry's record covers port.
func (e *DiffEntry) Contains(port uint16) bool {
	return e.HasPort && e.Low <= port && port <= e.High
}

// Label is "300/tcp tacacss", "288-299 (Unassigned)" or "rdp (no port)".
func (e *DiffEntry) Label() string {
	var b strings.Builder
	switch {
	case !e.HasPort:
		b.WriteString(e.Service)
		b.WriteString(" (no port)")
		return b.String()
	default:
		b.WriteString(e.Ports)
		if e.Protocol != "" {
			b.WriteString("/" + e.Protocol)
		}
	}
	if e.Service != "" {
		b.WriteString(" " + e.Service)
	} else {
		b.WriteString(" (" + e.Description + ")")
	}
	return b.String()
}

// DiffCounts sums up a diff.
type DiffCounts struct {
	Added     int `json:"added"`
	Removed   int `json:"removed"`
	Changed   int `json:"changed"`
	Unchanged int `json:"unchanged"`
}

// Diff is what changed from one registry to another. Its JSON form is the
// output of `portolan registry diff --json` (see docs/registry.md). Each
// list is in port order (port-less names last), then protocol, then name.
type Diff struct {
	Old     Source      `json:"old"`
	New     Source      `json:"new"`
	Counts  DiffCounts  `json:"counts"`
	Added   []DiffEntry `json:"added"`
	Removed []DiffEntry `json:"removed"`
	Changed []DiffEntry `json:"changed"`
}

// Empty reports whether the two registries hold the same records.
func (d *Diff) Empty() bool {
	return len(d.Added) == 0 && len(d.Removed) == 0 && len(d.Changed) == 0
}

// Summary is "3 added, 1 removed, 12 changed (14,480 unchanged)" or
// "no differences (14,500 records)".
func (d *Diff) Summary() string { return d.Counts.String() }

// String is the counts in words, as Diff.Summary.
func (c DiffCounts) String() string {
	if c.Added == 0 && c.Removed == 0 && c.Changed == 0 {
		return fmt.Sprintf("no differences (%s records)", Thousands(c.Unchanged))
	}
	return fmt.Sprintf("%s added, %s removed, %s changed (%s unchanged)", Thousands(c.Added),
		Thousands(c.Removed), Thousands(c.Changed), Thousands(c.Unchanged))
}

// Entries lists every added, removed and changed record in one list, in
// port order: the rows of a "What changed" view.
func (d *Diff) Entries() []DiffEntry {
	all := make([]DiffEntry, 0, len(d.Added)+len(d.Removed)+len(d.Changed))
	all = append(all, d.Added...)
	all = append(all, d.Removed...)
	all = append(all, d.Changed...)
	slices.SortStableFunc(all, compareEntries)
	return all
}

// ForPort lists the entries whose records cover port.
func (d *Diff) ForPort(port uint16) []DiffEntry {
	var out []DiffEntry
	for _, list := range [][]DiffEntry{d.Added, d.Removed, d.Changed} {
		for i := range list {
			if list[i].Contains(port) {
				out = append(out, list[i])
			}
		}
	}
	slices.SortStableFunc(out, compareEntries)
	return out
}

// Touched lists the ports covered by any entry as merged runs, for marking
// them on the map. A change to a whole unassigned range marks the range.
func (d *Diff) Touched() []PortRun {
	var runs []PortRun
	for _, list := range [][]DiffEntry{d.Added, d.Removed, d.Changed} {
		for i := range list {
			if e := &list[i]; e.HasPort {
				runs = append(runs, PortRun{From: e.Low, To: e.High})
			}
		}
	}
	slices.SortFunc(runs, func(a, b PortRun) int { return cmp.Compare(a.From, b.From) })
	merged := runs[:0]
	for _, r := range runs {
		if n := len(merged); n > 0 && int(r.From) <= int(merged[n-1].To)+1 {
			merged[n-1].To = max(merged[n-1].To, r.To)
			continue
		}
		merged = append(merged, r)
	}
	return merged
}

// diffKey matches records across registries.
type diffKey struct {
	service   string // lower case
	hasPort   bool
	low, high uint16
	proto     Protocol
}

func keyOf(r *Record) diffKey {
	return diffKey{service: lowerASCII(r.Service), hasPort: r.HasPort, low: r.Low, high: r.High, proto: r.Protocol}
}

// lowerASCII avoids an allocation for names that are already lower case,
// as nearly all of IANA's are.
func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' || c >= 0x80 {
			return strings.ToLower(s)
		}
	}
	return s
}

// Compare finds the records added, removed and changed from old to new. It
// compares every IANA field except the line and source file.
func Compare(old, new *Registry) *Diff {
	d := &Diff{Old: old.source, New: new.source, Added: []DiffEntry{}, Removed: []DiffEntry{}, Changed: []DiffEntry{}}
	// Each key maps to the old records with it, in file order; a match takes
	// the first one left.
	oldRecs, newRecs := old.Records(), new.Records()
	index := make(map[diffKey][]int32, len(oldRecs))
	for i := range oldRecs {
		k := keyOf(&oldRecs[i])
		index[k] = append(index[k], int32(i))
	}
	matched := make([]bool, len(oldRecs))
	for i := range newRecs {
		nr := &newRecs[i]
		k := keyOf(nr)
		ids := index[k]
		if len(ids) == 0 {
			d.Added = append(d.Added, entryOf(Added, nr))
			continue
		}
		index[k] = ids[1:]
		or := &oldRecs[ids[0]]
		matched[ids[0]] = true
		if fields := changedFields(or, nr); len(fields) > 0 {
			e := entryOf(Changed, nr)
			e.Fields = fields
			if st := or.Status(); st != e.Status {
				e.OldStatus = &st
			}
			d.Changed = append(d.Changed, e)
		} else {
			d.Counts.Unchanged++
		}
	}
	for i := range oldRecs {
		if !matched[i] {
			d.Removed = append(d.Removed, entryOf(Removed, &oldRecs[i]))
		}
	}
	for _, list := range [][]DiffEntry{d.Added, d.Removed, d.Changed} {
		slices.SortStableFunc(list, compareEntries)
	}
	d.Counts.Added, d.Counts.Removed, d.Counts.Changed = len(d.Added), len(d.Removed), len(d.Changed)
	return d
}

func entryOf(kind ChangeKind, r *Record) DiffEntry {
	return DiffEntry{
		Kind:        kind,
		Service:     r.Service,
		Ports:       r.PortText(),
		HasPort:     r.HasPort,
		Low:         r.Low,
		High:        r.High,
		Protocol:    r.Protocol.String(),
		Status:      r.Status(),
		Description: r.Description,
	}
}

func changedFields(a, b *Record) []FieldChange {
	var out []FieldChange
	field := func(name, x, y string) {
		if x != y {
			out = append(out, FieldChange{Field: name, Old: x, New: y})
		}
	}
	field("service", a.Service, b.Service)
	field("description", a.Description, b.Description)
	field("assignee", a.Assignee, b.Assignee)
	field("contact", a.Contact, b.Contact)
	field("registered", a.Registered, b.Registered)
	field("modified", a.Modified, b.Modified)
	if !sameReferences(a.References, b.References) {
		field("references", referencesText(a.References), referencesText(b.References))
	}
	field("service_code", a.ServiceCode, b.ServiceCode)
	field("unauthorized_use", a.UnauthorizedUse, b.UnauthorizedUse)
	field("notes", a.Notes, b.Notes)
	return out
}

func sameReferences(a, b []Reference) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Text != b[i].Text {
			return false
		}
	}
	return true
}

// referencesText writes references back in IANA's bracketed form.
func referencesText(refs []Reference) string {
	var b strings.Builder
	for _, r := range refs {
		b.WriteString("[" + r.Text + "]")
	}
	return b.String()
}

// compareEntries orders by port (port-less names last), protocol, name,
// then kind (removed before added, so a replaced record reads in order).
func compareEntries(a, b DiffEntry) int {
	if a.HasPort != b.HasPort {
		if a.HasPort {
			return -1
		}
		return 1
	}
	return cmp.Or(
		cmp.Compare(a.Low, b.Low),
		cmp.Compare(a.High, b.High),
		cmp.Compare(protoOrder(a.Protocol), protoOrder(b.Protocol)),
		strings.Compare(a.Service, b.Service),
		cmp.Compare(kindOrder(a.Kind), kindOrder(b.Kind)),
	)
}

func protoOrder(p string) int {
	proto, _ := ParseProtocol(p)
	return int(proto)
}

func kindOrder(k ChangeKind) int {
	switch k {
	case Removed:
		return 0
	case Added:
		return 1
	}
	return 2
}
