package registry

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"math"
	"sync"
	"unsafe"
)

// The compact form of a registry is what Portolan loads without parsing:
// the port index (statuses, unauthorized-use marks, which records cover each
// port) as plain tables, and every record with all its fields in fixed-size
// entries pointing into one table of distinct strings. Opening it reads a
// header; a record is decoded only when someone asks for it. The embedded
// snapshot is one; an installed download gets one beside it.
//
// Layout, all numbers little-endian uint32 unless said otherwise:
//
//	magic "PTLNREG\x01" | CRC-32C of everything after it | section count |
//	(offset, length) of each section | the sections, in this order:
//	meta: records, skipped rows, references, source kind, name, date
//	      (string offsets), then the record count of each Status
//	status, unauthorized, start, ids: see portIndex
//	records: recordSize bytes each (see putRecord)
//	refs: refSize bytes each: text, section (string offsets), kind<<24 | RFC
//	skipped: line, reason (string offset)
//	strings: each a uvarint length and the bytes; offset 0 is ""
const compactMagic = "PTLNREG\x01"

const (
	secMeta = iota
	secStatus
	secUnauthorized
	secStart
	secIDs
	secRecords
	secRefs
	secSkipped
	secStrings
	numSections
)

const (
	metaRecords = iota
	metaSkipped
	metaRefs
	metaSourceKind
	metaSourceName
	metaSourceDate
	metaCounts // len(statusNames) counts follow
	metaFields = metaCounts + len(statusNames)
)

const (
	compactHeader = len(compactMagic) + 8 + 8*numSections
	recordSize    = 56
	refSize       = 12
	skippedSize   = 8
	maxRefs       = math.MaxUint16 // references of one record
)

// ErrCompact is wrapped by every error about a compact form that cannot be
// used (damaged, truncated, another version).
var ErrCompact = errors.New("not a usable compact registry")

// castagnoli is made on first use: its tables cost a tenth of a
// millisecond, which every start would pay for nothing.
var castagnoli = sync.OnceValue(func() *crc32.Table { return crc32.MakeTable(crc32.Castagnoli) })

// Compact returns the registry in compact form, for OpenCompact. The same
// records, source and skipped rows give the same bytes. Call it once, when a
// registry is installed (an update's download): opening the result costs
// next to nothing, where parsing IANA's CSV takes tens of milliseconds.
func (reg *Registry) Compact() ([]byte, error) {
	if reg.lazy != nil {
		return []byte(reg.lazy.data.data), nil // already compact
	}
	w := compactWriter{strAt: map[string]uint32{}, refAt: map[string]uint32{}}
	w.str("")
	recs := make([]byte, 0, len(reg.records)*recordSize)
	for i := range reg.records {
		var err error
		if recs, err = w.putRecord(recs, &reg.records[i]); err != nil {
			return nil, err
		}
	}
	skipped := make([]byte, 0, len(reg.skipped)*skippedSize)
	for _, s := range reg.skipped {
		skipped = binary.LittleEndian.AppendUint32(skipped, uint32(max(s.Line, 0)))
		skipped = binary.LittleEndian.AppendUint32(skipped, w.str(s.Reason))
	}
	meta := make([]byte, 4*metaFields)
	putU32(meta, metaRecords, uint32(len(reg.records)))
	putU32(meta, metaSkipped, uint32(len(reg.skipped)))
	putU32(meta, metaRefs, uint32(len(w.refs)/refSize))
	putU32(meta, metaSourceKind, w.str(reg.source.Kind))
	putU32(meta, metaSourceName, w.str(reg.source.Name))
	putU32(meta, metaSourceDate, w.str(reg.source.Date))
	for st, n := range reg.counts {
		putU32(meta, metaCounts+st, uint32(n))
	}
	sections := [numSections][]byte{
		secMeta: meta, secStatus: []byte(reg.ports.status), secUnauthorized: []byte(reg.ports.unauthorized),
		secStart: []byte(reg.ports.start), secIDs: []byte(reg.ports.ids), secRecords: recs,
		secRefs: w.refs, secSkipped: skipped, secStrings: w.strs,
	}
	size := compactHeader
	for _, s := range sections {
		size += len(s)
	}
	if int64(size) > math.MaxUint32 {
		return nil, fmt.Errorf("the registry is too large for its compact form (%d bytes)", size)
	}
	out := make([]byte, compactHeader, size)
	copy(out, compactMagic)
	binary.LittleEndian.PutUint32(out[len(compactMagic)+4:], numSections)
	for i, s := range sections {
		at := len(compactMagic) + 8 + 8*i
		binary.LittleEndian.PutUint32(out[at:], uint32(len(out)))
		binary.LittleEndian.PutUint32(out[at+4:], uint32(len(s)))
		out = append(out, s...)
	}
	binary.LittleEndian.PutUint32(out[len(compactMagic):], crc32.Checksum(out[len(compactMagic)+4:], castagnoli()))
	return out, nil
}

type compactWriter struct {
	strs  []byte
	strAt map[string]uint32
	refs  []byte
	refAt map[string]uint32 // a record's encoded references -> index of the first
}

func (w *compactWriter) str(s string) uint32 {
	if off, ok := w.strAt[s]; ok {
		return off
	}
	off := uint32(len(w.strs))
	w.strs = binary.AppendUvarint(w.strs, uint64(len(s)))
	w.strs = append(w.strs, s...)
	w.strAt[s] = off
	return off
}

// putRecord appends r's entry: nine field strings, the source, the first
// reference, the line, then low, high, the reference count (uint16), the
// protocol and flags (bytes).
func (w *compactWriter) putRecord(b []byte, r *Record) ([]byte, error) {
	if len(r.References) > maxRefs {
		return nil, fmt.Errorf("record at line %d has %d references, more than the compact form holds", r.Line, len(r.References))
	}
	var refs []byte
	for _, ref := range r.References {
		if ref.RFC < 0 || ref.RFC > 0xffffff {
			return nil, fmt.Errorf("record at line %d cites RFC %d, beyond what the compact form holds", r.Line, ref.RFC)
		}
		refs = binary.LittleEndian.AppendUint32(refs, w.str(ref.Text))
		refs = binary.LittleEndian.AppendUint32(refs, w.str(ref.Section))
		refs = binary.LittleEndian.AppendUint32(refs, uint32(ref.Kind)<<24|uint32(ref.RFC)&0xffffff)
	}
	first, ok := w.refAt[string(refs)]
	if !ok {
		first = uint32(len(w.refs) / refSize)
		w.refAt[string(refs)] = first
		w.refs = append(w.refs, refs...)
	}
	for _, s := range [...]string{r.Service, r.Description, r.Assignee, r.Contact, r.Registered, r.Modified,
		r.ServiceCode, r.UnauthorizedUse, r.Notes, r.Source} {
		b = binary.LittleEndian.AppendUint32(b, w.str(s))
	}
	b = binary.LittleEndian.AppendUint32(b, first)
	b = binary.LittleEndian.AppendUint32(b, uint32(max(r.Line, 0)))
	b = binary.LittleEndian.AppendUint16(b, r.Low)
	b = binary.LittleEndian.AppendUint16(b, r.High)
	b = binary.LittleEndian.AppendUint16(b, uint16(len(r.References)))
	var flags byte
	if r.HasPort {
		flags = 1
	}
	return append(b, byte(r.Protocol), flags), nil
}

// compactData is an opened compact form.
type compactData struct {
	data string
	sec  [numSections]string
	n    int // records
}

// le32 is the little-endian uint32 at byte offset off of s.
func le32(s string, off int) uint32 { return u32(s[off:], 0) }

// OpenCompact opens a registry from the bytes Compact made, without parsing
// anything: records are decoded as they are asked for. It checks the
// checksum and that every table and string offset lies where it should, so
// a damaged or foreign file is an error wrapping ErrCompact, never a wrong
// answer or a crash later. The registry keeps data: do not change it
// afterwards.
func OpenCompact(data []byte) (*Registry, error) {
	if len(data) < compactHeader || string(data[:len(compactMagic)]) != compactMagic {
		return nil, fmt.Errorf("%w: it does not begin with Portolan's compact registry header", ErrCompact)
	}
	if sum := crc32.Checksum(data[len(compactMagic)+4:], castagnoli()); sum != binary.LittleEndian.Uint32(data[len(compactMagic):]) {
		return nil, fmt.Errorf("%w: its checksum does not match (the file is damaged)", ErrCompact)
	}
	c, err := parseCompact(unsafe.String(unsafe.SliceData(data), len(data)))
	if err != nil {
		return nil, err
	}
	if err := c.validate(); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCompact, err)
	}
	return c.registry(), nil
}

// parseCompact finds the sections; it checks their sizes, not their content.
func parseCompact(data string) (*compactData, error) {
	bad := func(what string) (*compactData, error) { return nil, fmt.Errorf("%w: %s", ErrCompact, what) }
	if len(data) < compactHeader || data[:len(compactMagic)] != compactMagic {
		return bad("it does not begin with Portolan's compact registry header")
	}
	if le32(data, len(compactMagic)+4) != numSections {
		return bad("it has an unknown layout")
	}
	c := &compactData{data: data}
	for i := range c.sec {
		at := len(compactMagic) + 8 + 8*i
		off, n := int64(le32(data, at)), int64(le32(data, at+4))
		if off < int64(compactHeader) || off+n > int64(len(data)) {
			return bad("a table lies outside the file (it is truncated)")
		}
		c.sec[i] = data[off : off+n]
	}
	if len(c.sec[secMeta]) != 4*metaFields {
		return bad("its header has the wrong size")
	}
	meta := c.sec[secMeta]
	c.n = int(u32(meta, metaRecords))
	want := [numSections]int{secStatus: statusBytes, secUnauthorized: unauthorizedLen, secStart: startBytes,
		secRecords: c.n * recordSize, secRefs: int(u32(meta, metaRefs)) * refSize,
		secSkipped: int(u32(meta, metaSkipped)) * skippedSize}
	for i, n := range want {
		if i != secMeta && i != secIDs && i != secStrings && len(c.sec[i]) != n {
			return bad("a table has the wrong size")
		}
	}
	if len(c.sec[secIDs])%4 != 0 || len(c.sec[secStrings]) == 0 || c.sec[secStrings][0] != 0 {
		return bad("a table has the wrong size")
	}
	return c, nil
}

// registry makes the Registry; records stay undecoded until asked for.
func (c *compactData) registry() *Registry {
	meta := c.sec[secMeta]
	reg := &Registry{
		source: Source{Kind: c.str(u32(meta, metaSourceKind)), Name: c.str(u32(meta, metaSourceName)),
			Date: c.str(u32(meta, metaSourceDate))},
		n: c.n,
		ports: portIndex{status: c.sec[secStatus], unauthorized: c.sec[secUnauthorized],
			start: c.sec[secStart], ids: c.sec[secIDs]},
		lazy: newLazyRecords(c),
	}
	for st := range reg.counts {
		reg.counts[st] = int(u32(meta, metaCounts+st))
	}
	if k := len(c.sec[secSkipped]) / skippedSize; k > 0 {
		reg.skipped = make([]SkippedRow, k)
		for i := range reg.skipped {
			e := c.sec[secSkipped][i*skippedSize:]
			reg.skipped[i] = SkippedRow{Line: int(u32(e, 0)), Reason: c.str(u32(e, 1))}
		}
	}
	return reg
}

// str is the string at offset off of the string table ("" if off is bad,
// which validate rules out for files).
func (c *compactData) str(off uint32) string {
	s := c.sec[secStrings]
	if int64(off) >= int64(len(s)) {
		return ""
	}
	s = s[off:]
	n, k := uvarint(s)
	if k == 0 || n > uint64(len(s)-k) {
		return ""
	}
	return s[k : k+int(n)]
}

func uvarint(s string) (uint64, int) {
	var x uint64
	for i := 0; i < len(s) && i < binary.MaxVarintLen64; i++ {
		b := s[i]
		if b < 0x80 {
			return x | uint64(b)<<(7*i), i + 1
		}
		x |= uint64(b&0x7f) << (7 * i)
	}
	return 0, 0
}

// record decodes record i into r.
func (c *compactData) record(i int, r *Record) {
	e := c.sec[secRecords][i*recordSize : (i+1)*recordSize]
	r.Service = c.str(u32(e, 0))
	r.Description = c.str(u32(e, 1))
	r.Assignee = c.str(u32(e, 2))
	r.Contact = c.str(u32(e, 3))
	r.Registered = c.str(u32(e, 4))
	r.Modified = c.str(u32(e, 5))
	r.ServiceCode = c.str(u32(e, 6))
	r.UnauthorizedUse = c.str(u32(e, 7))
	r.Notes = c.str(u32(e, 8))
	r.Source = c.str(u32(e, 9))
	first := int(u32(e, 10))
	r.Line = int(u32(e, 11))
	r.Low = uint16(e[48]) | uint16(e[49])<<8
	r.High = uint16(e[50]) | uint16(e[51])<<8
	nrefs := int(e[52]) | int(e[53])<<8
	r.Protocol = Protocol(e[54])
	r.HasPort = e[55]&1 != 0
	if nrefs > 0 {
		r.References = make([]Reference, nrefs)
		for j := range r.References {
			f := c.sec[secRefs][(first+j)*refSize:]
			kind := u32(f, 2)
			r.References[j] = Reference{Kind: RefKind(kind >> 24), RFC: int(kind & 0xffffff),
				Text: c.str(u32(f, 0)), Section: c.str(u32(f, 1))}
		}
	}
}
