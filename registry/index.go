package registry

import (
	"regexp"
	"strconv"
	"sync"
	"unsafe"
)

// portIndex answers per port and protocol without touching the records:
// each protocol's status, the ports with a known unauthorized use, and which
// records cover each port. Its tables are plain bytes, so a registry opened
// from its compact form (the embedded snapshot, an installed download) reads
// them where they lie, with nothing decoded at load.
type portIndex struct {
	// status holds statusRows rows of NumPorts bytes, one per Protocol:
	// ProtoNone (the combined status), TCP, UDP, SCTP, DCCP.
	status string
	// unauthorized is one bit per port: port p is bit p%8 of byte p/8.
	unauthorized string
	// start holds NumPorts+1 little-endian uint32: the records covering port
	// p are ids[start[p]:start[p+1]].
	start string
	// ids are little-endian uint32 record numbers, port by port, each
	// port's in file order.
	ids string
}

const (
	statusRows      = len(Transports) + 1
	statusBytes     = statusRows * NumPorts
	unauthorizedLen = NumPorts / 8
	startBytes      = (NumPorts + 1) * 4
)

// u32 is the i-th little-endian uint32 of s.
func u32(s string, i int) uint32 {
	s = s[4*i : 4*i+4]
	return uint32(s[0]) | uint32(s[1])<<8 | uint32(s[2])<<16 | uint32(s[3])<<24
}

func putU32(b []byte, i int, v uint32) {
	b[4*i], b[4*i+1], b[4*i+2], b[4*i+3] = byte(v), byte(v>>8), byte(v>>16), byte(v>>24)
}

func (x *portIndex) statusOf(port uint16, proto Protocol) Status {
	return Status(x.status[int(proto)*NumPorts+int(port)])
}

// statusRow is the status of every port on proto.
func (x *portIndex) statusRow(proto Protocol) string {
	return x.status[int(proto)*NumPorts : (int(proto)+1)*NumPorts]
}

func (x *portIndex) unauthorizedAt(port uint16) bool {
	return x.unauthorized[port/8]&(1<<(port%8)) != 0
}

// span is where the ids of port's records are.
func (x *portIndex) span(port uint16) (from, to int) {
	return int(u32(x.start, int(port))), int(u32(x.start, int(port)+1))
}

func (x *portIndex) id(i int) int { return int(u32(x.ids, i)) }

// entries is the number of (port, record) pairs.
func (x *portIndex) entries() int { return len(x.ids) / 4 }

// buildPortIndex indexes records (already within MaxPortEntries).
func buildPortIndex(recs []Record) portIndex {
	start := make([]byte, startBytes)
	counts := make([]uint32, NumPorts+1)
	for i := range recs {
		r := &recs[i]
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
	for p, c := range counts {
		putU32(start, p, c)
	}
	ids := make([]byte, 4*counts[NumPorts])
	next := counts[:NumPorts]
	for i := range recs {
		r := &recs[i]
		if !r.HasPort {
			continue
		}
		for p := int(r.Low); p <= int(r.High); p++ {
			putU32(ids, int(next[p]), uint32(i))
			next[p]++
		}
	}
	status, unauthorized := indexStatus(recs)
	// The tables are never written again: strings over the same bytes save
	// copying about 0.6 MB for every file indexed (a fuzzer indexes many).
	return portIndex{status: frozen(status), unauthorized: frozen(unauthorized), start: frozen(start), ids: frozen(ids)}
}

// frozen is b as a string without a copy; b must never change afterwards.
func frozen(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(unsafe.SliceData(b), len(b))
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
func indexStatus(recs []Record) (status, unauthorized []byte) {
	status = make([]byte, statusBytes)
	unauthorized = make([]byte, unauthorizedLen)
	listed := make([]bool, statusBytes)
	state := func(t Protocol, p int, st Status) {
		i := int(t)*NumPorts + p
		if !listed[i] || st > Status(status[i]) {
			status[i] = byte(st)
		}
		listed[i] = true
	}
	lo, hi := NumPorts, -1 // the ports some record covers: the others stay zero (Unassigned)
	for i := range recs {
		r := &recs[i]
		if !r.HasPort {
			continue
		}
		lo, hi = min(lo, int(r.Low)), max(hi, int(r.High))
		st := r.Status()
		for p := int(r.Low); p <= int(r.High); p++ {
			if r.Protocol == ProtoNone {
				for _, t := range Transports {
					state(t, p, st)
				}
			} else {
				state(r.Protocol, p, st)
			}
		}
		if r.UnauthorizedUse != "" {
			for _, p := range unauthorizedPorts(r) {
				unauthorized[p/8] |= 1 << (p % 8)
			}
		}
	}
	for p := lo; p <= hi; p++ {
		anyListed := false
		for _, t := range Transports {
			anyListed = anyListed || listed[int(t)*NumPorts+p]
		}
		combined := Unassigned
		for _, t := range Transports {
			i := int(t)*NumPorts + p
			if !listed[i] {
				if anyListed {
					status[i] = byte(NotListed)
				}
				continue
			}
			if s := Status(status[i]); s > combined {
				combined = s
			}
		}
		status[p] = byte(combined) // row ProtoNone
	}
	return status, unauthorized
}

// Compiled on first use: a command that never indexes a file does not pay
// for them at start.
var (
	bracketed = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\[[^\]]*\]`) })
	number    = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\b\d{1,5}\b`) })
)

// unauthorizedPorts reads "Known Unauthorized Use on ports 28017, 28018 and
// 28019" as those ports; text that names no port means the record's own.
func unauthorizedPorts(r *Record) []uint16 {
	var ports []uint16
	text := bracketed().ReplaceAllString(r.UnauthorizedUse, "") // [RFC4146] is no port
	for _, m := range number().FindAllString(text, -1) {
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
