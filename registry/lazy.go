package registry

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
)

// lazyBlock is how many records are decoded together: the records of one
// port sit next to each other in IANA's order, so a lookup decodes one or
// two blocks.
const lazyBlock = 32

// lazyRecords decodes a compact registry's records on first use, a block at
// a time, into one slice: a record keeps its address for the registry's
// life, and Records() is the same slice a built registry has.
type lazyRecords struct {
	data    *compactData
	mu      sync.Mutex    // held while decoding
	records []Record      // allocated at the first decode, never moved
	done    []atomic.Bool // per block: decoded
}

func newLazyRecords(c *compactData) *lazyRecords {
	return &lazyRecords{data: c, done: make([]atomic.Bool, (c.n+lazyBlock-1)/lazyBlock)}
}

func (l *lazyRecords) get(id int) *Record {
	if b := id / lazyBlock; !l.done[b].Load() {
		l.decode(b)
	}
	return &l.records[id]
}

func (l *lazyRecords) all() []Record {
	for b := range l.done {
		if !l.done[b].Load() {
			l.decode(b)
		}
	}
	return l.records
}

func (l *lazyRecords) decode(b int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.done[b].Load() {
		return
	}
	if l.records == nil {
		l.records = make([]Record, l.data.n)
	}
	for i := b * lazyBlock; i < min((b+1)*lazyBlock, l.data.n); i++ {
		l.data.record(i, &l.records[i])
	}
	l.done[b].Store(true)
}

// validate checks what decoding relies on, so that a damaged file with a
// matching checksum (or a bug) is an error at open, not a crash or a wrong
// answer later: every string offset, reference range, protocol and status,
// and that the index lists under each port exactly records covering it.
func (c *compactData) validate() error {
	meta := c.sec[secMeta]
	for _, f := range []int{metaSourceKind, metaSourceName, metaSourceDate} {
		if !c.strOK(u32(meta, f)) {
			return errors.New("its source is unreadable")
		}
	}
	total := 0
	for st := range statusNames {
		total += int(u32(meta, metaCounts+st))
	}
	if total != c.n {
		return fmt.Errorf("it counts %d records by status but holds %d", total, c.n)
	}
	nrefs := len(c.sec[secRefs]) / refSize
	for i := 0; i < nrefs; i++ {
		f := c.sec[secRefs][i*refSize:]
		if !c.strOK(u32(f, 0)) || !c.strOK(u32(f, 1)) || RefKind(u32(f, 2)>>24) > RefPerson {
			return fmt.Errorf("reference %d is unreadable", i)
		}
	}
	for i := 0; i < c.n; i++ {
		e := c.sec[secRecords][i*recordSize : (i+1)*recordSize]
		for f := 0; f < 10; f++ {
			if !c.strOK(u32(e, f)) {
				return fmt.Errorf("record %d has an unreadable field", i)
			}
		}
		first, refs := int(u32(e, 10)), int(e[52])|int(e[53])<<8
		low, high := int(e[48])|int(e[49])<<8, int(e[50])|int(e[51])<<8
		if first+refs > nrefs || Protocol(e[54]) > DCCP || low > high {
			return fmt.Errorf("record %d is malformed", i)
		}
	}
	for i := 0; i < len(c.sec[secSkipped])/skippedSize; i++ {
		if !c.strOK(u32(c.sec[secSkipped][i*skippedSize:], 1)) {
			return fmt.Errorf("skipped row %d is unreadable", i)
		}
	}
	for i := 0; i < statusBytes; i++ {
		if Status(c.sec[secStatus][i]) > Assigned {
			return errors.New("its status table is malformed")
		}
	}
	return c.validateIndex()
}

func (c *compactData) validateIndex() error {
	x := portIndex{start: c.sec[secStart], ids: c.sec[secIDs]}
	if u32(x.start, 0) != 0 || int(u32(x.start, NumPorts)) != x.entries() {
		return errors.New("its port index is malformed")
	}
	for p := 0; p < NumPorts; p++ {
		from, to := x.span(uint16(p))
		if from > to || to > x.entries() {
			return errors.New("its port index is malformed")
		}
		for i := from; i < to; i++ {
			id := x.id(i)
			if id >= c.n {
				return fmt.Errorf("its port index names record %d of %d", id, c.n)
			}
			e := c.sec[secRecords][id*recordSize:]
			low, high := int(e[48])|int(e[49])<<8, int(e[50])|int(e[51])<<8
			if e[55]&1 == 0 || p < low || p > high {
				return fmt.Errorf("its port index lists record %d under port %d, which it does not cover", id, p)
			}
		}
	}
	return nil
}

// strOK reports whether off is the start of a whole string of the table.
func (c *compactData) strOK(off uint32) bool {
	s := c.sec[secStrings]
	if int64(off) >= int64(len(s)) {
		return false
	}
	n, k := uvarint(s[off:])
	return k > 0 && n <= uint64(len(s)-int(off)-k)
}
