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

// lazyRecords decodes a compact registry's records on first use: a block at
// a time for lookups (a headless answer touches a few kilobytes), all at
// once into one slice when Records() is asked for (the search index, a
// diff). After that, lookups answer from that slice and the blocks go.
type lazyRecords struct {
	data   *compactData
	mu     sync.Mutex // held while decoding
	blocks []atomic.Pointer[[lazyBlock]Record]
	full   atomic.Pointer[[]Record]
}

func newLazyRecords(c *compactData) *lazyRecords {
	return &lazyRecords{data: c, blocks: make([]atomic.Pointer[[lazyBlock]Record], (c.n+lazyBlock-1)/lazyBlock)}
}

func (l *lazyRecords) get(id int) *Record {
	if all := l.full.Load(); all != nil {
		return &(*all)[id]
	}
	blk := l.blocks[id/lazyBlock].Load()
	if blk == nil {
		blk = l.decodeBlock(id / lazyBlock)
	}
	return &blk[id%lazyBlock]
}

func (l *lazyRecords) decodeBlock(b int) *[lazyBlock]Record {
	l.mu.Lock()
	defer l.mu.Unlock()
	if blk := l.blocks[b].Load(); blk != nil {
		return blk
	}
	blk := new([lazyBlock]Record)
	for i := b * lazyBlock; i < min((b+1)*lazyBlock, l.data.n); i++ {
		l.data.record(i, &blk[i-b*lazyBlock])
	}
	l.blocks[b].Store(blk)
	return blk
}

func (l *lazyRecords) all() []Record {
	if all := l.full.Load(); all != nil {
		return *all
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if all := l.full.Load(); all != nil {
		return *all
	}
	recs := make([]Record, l.data.n)
	for i := range recs {
		l.data.record(i, &recs[i])
	}
	l.full.Store(&recs)
	for b := range l.blocks {
		l.blocks[b].Store(nil) // a record already handed out stays valid
	}
	return recs
}

// validate checks what decoding relies on, so that a damaged file with a
// matching checksum (or a bug) is an error at open, not a crash or a wrong
// answer later: every reference range, protocol and status, and that the
// port index is in order and names only records there are. What can only
// make an answer wrong, not crash, is left to the checksum (it rules out
// damage) so that an open stays near a millisecond: each record's string
// offsets (145,000 for IANA's file; str reads a bad one as "") and that the
// index lists under a port only records covering it (the tests check that
// of every form Compact writes).
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
	prev := u32(x.start, 0)
	if prev != 0 || int(u32(x.start, NumPorts)) != x.entries() {
		return errors.New("its port index is malformed")
	}
	for p := 1; p <= NumPorts; p++ {
		next := u32(x.start, p)
		if next < prev {
			return errors.New("its port index is malformed")
		}
		prev = next
	}
	for i := 0; i < x.entries(); i++ {
		if id := x.id(i); id >= c.n {
			return fmt.Errorf("its port index names record %d of %d", id, c.n)
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
