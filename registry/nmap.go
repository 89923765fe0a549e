package registry

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// NmapEntry is one line of nmap's nmap-services file.
type NmapEntry struct {
	Name     string // nmap writes "unknown" for ports it has no name for
	Port     uint16
	Protocol Protocol
	// Frequency is how often nmap's scans found the port open, 0 to 1.
	Frequency float64
	Comment   string
	Line      int
}

// NmapUnknown is the name nmap gives a port it has seen open without
// knowing what runs there.
const NmapUnknown = "unknown"

// NmapServices is a parsed nmap-services file: a name and an open frequency
// for each port and protocol it lists. It is read from the user's own
// installed copy, never bundled. It is safe for concurrent reading.
type NmapServices struct {
	source  string
	entries []NmapEntry
	skipped []SkippedRow
	// first[t-1][p] is 1 + the index of the first entry for port p on
	// transport t, or 0.
	first   *[len(Transports)][NumPorts]int32
	maxFreq [len(Transports) + 1]float64
}

// ParseNmapServices reads nmap's nmap-services file, whose lines are
//
//	name port/protocol frequency [# comment]
//
// with '#' starting a comment anywhere. Lines that cannot be read (no
// "/protocol", a range or bad port, a protocol other than tcp, udp, sctp
// and dccp, a frequency that is not a number from 0 to 1) are skipped and
// listed in Skipped. When a port and protocol appear twice, the first line
// counts. A file with no readable line is an error wrapping ErrNotRegistry.
func ParseNmapServices(r io.Reader, source string) (*NmapServices, error) {
	return parseNmapServices(r, source, defaultLimits())
}

func parseNmapServices(r io.Reader, source string, lim limits) (*NmapServices, error) {
	ns := &NmapServices{source: source}
	lr := newLineReader(r, lim)
	lines := 0
	for {
		line, tooLong, err := lr.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("reading the nmap-services file: %w", err)
		}
		var fields []string
		var comment string
		if !tooLong {
			var content string
			content, comment, _ = strings.Cut(string(line), "#")
			if fields = strings.Fields(content); len(fields) == 0 {
				continue
			}
		}
		lines++
		if err := lim.room(len(ns.entries)+len(ns.skipped), 1); err != nil {
			return nil, err
		}
		if tooLong {
			ns.skipped = append(ns.skipped, SkippedRow{Line: lr.no, Reason: lim.lineTooLong()})
			continue
		}
		e, err := nmapLine(fields, comment, lr.no)
		if err != nil {
			ns.skipped = append(ns.skipped, SkippedRow{Line: lr.no, Reason: err.Error()})
		} else {
			ns.add(e)
		}
	}
	if len(ns.entries) == 0 {
		const example = "expected nmap-services lines like 'ssh 22/tcp 0.182286'"
		if lines == 0 {
			return nil, fmt.Errorf("%w: the file holds no entries (%s)", ErrNotRegistry, example)
		}
		s := ns.skipped[0]
		return nil, fmt.Errorf("%w: %s; none of its %d lines could be read (line %d: %s)", ErrNotRegistry, example, lines, s.Line, s.Reason)
	}
	return ns, nil
}

func nmapLine(fields []string, comment string, line int) (NmapEntry, error) {
	if len(fields) < 3 {
		return NmapEntry{}, fmt.Errorf("expected 'name port/protocol frequency', found %d fields", len(fields))
	}
	if len(fields) > 3 {
		return NmapEntry{}, fmt.Errorf("expected 'name port/protocol frequency', found %d fields (%q is extra)", len(fields), truncate(fields[3], 20))
	}
	portText, protoText, ok := strings.Cut(fields[1], "/")
	if !ok {
		return NmapEntry{}, fmt.Errorf("%q lacks a /protocol", truncate(fields[1], 40))
	}
	if strings.Contains(portText, "-") {
		return NmapEntry{}, fmt.Errorf("%q is a range; nmap-services lists single ports", truncate(portText, 40))
	}
	port, err := parsePort(portText)
	if err != nil {
		return NmapEntry{}, err
	}
	proto, err := ParseProtocol(protoText)
	if err != nil || proto == ProtoNone {
		return NmapEntry{}, fmt.Errorf("unknown protocol %q (want tcp, udp, sctp or dccp)", truncate(protoText, 20))
	}
	freq, err := strconv.ParseFloat(fields[2], 64)
	if err != nil || math.IsNaN(freq) || freq < 0 || freq > 1 {
		return NmapEntry{}, fmt.Errorf("frequency %q is not a number from 0 to 1", truncate(fields[2], 20))
	}
	return NmapEntry{
		Name:      fields[0],
		Port:      port,
		Protocol:  proto,
		Frequency: freq,
		Comment:   strings.Join(strings.Fields(comment), " "),
		Line:      line,
	}, nil
}

func (ns *NmapServices) add(e NmapEntry) {
	if ns.first == nil {
		// Made with the first entry: a file that is not nmap's costs no
		// megabyte of index (a parse per fuzzing run).
		ns.first = new([len(Transports)][NumPorts]int32)
	}
	slot := &ns.first[e.Protocol-1][e.Port]
	if *slot != 0 {
		ns.skipped = append(ns.skipped, SkippedRow{Line: e.Line,
			Reason: fmt.Sprintf("%d/%v is listed again (first on line %d)", e.Port, e.Protocol, ns.entries[*slot-1].Line)})
		return
	}
	ns.entries = append(ns.entries, e)
	*slot = int32(len(ns.entries))
	ns.maxFreq[e.Protocol] = max(ns.maxFreq[e.Protocol], e.Frequency)
	ns.maxFreq[ProtoNone] = max(ns.maxFreq[ProtoNone], e.Frequency)
}

// Source is the path the file was read from.
func (ns *NmapServices) Source() string { return ns.source }

// Entries lists the lines read, in file order. Do not modify them.
func (ns *NmapServices) Entries() []NmapEntry { return ns.entries }

// Skipped lists the lines that could not be read.
func (ns *NmapServices) Skipped() []SkippedRow { return ns.skipped }

// Entry returns the line for port on proto. With ProtoNone it returns the
// protocol's line with the highest frequency (tcp first on a tie).
func (ns *NmapServices) Entry(port uint16, proto Protocol) (NmapEntry, bool) {
	if ns.first == nil {
		return NmapEntry{}, false
	}
	if proto != ProtoNone {
		if int(proto) > len(Transports) {
			return NmapEntry{}, false
		}
		if i := ns.first[proto-1][port]; i != 0 {
			return ns.entries[i-1], true
		}
		return NmapEntry{}, false
	}
	var (
		best  NmapEntry
		found bool
	)
	for _, t := range Transports {
		if i := ns.first[t-1][port]; i != 0 && (!found || ns.entries[i-1].Frequency > best.Frequency) {
			best, found = ns.entries[i-1], true
		}
	}
	return best, found
}

// Frequency is how often nmap found port open on proto (ProtoNone: the
// highest over the protocols), 0 to 1; 0 when the file does not list it.
func (ns *NmapServices) Frequency(port uint16, proto Protocol) float64 {
	e, _ := ns.Entry(port, proto)
	return e.Frequency
}

// MaxFrequency is the highest frequency on proto (ProtoNone: any), to scale
// a map's shading.
func (ns *NmapServices) MaxFrequency(proto Protocol) float64 {
	if int(proto) >= len(ns.maxFreq) {
		return 0
	}
	return ns.maxFreq[proto]
}

// Shade maps the frequency of port on proto to 0..1 for a map's shading,
// on a log scale: the frequencies span six orders of magnitude, from
// 0.48 for 80/tcp down to 0.000001, so a linear scale would show a dozen
// ports and nothing else. Unlisted ports are 0; the most frequent port is 1.
func (ns *NmapServices) Shade(port uint16, proto Protocol) float64 {
	f := ns.Frequency(port, proto)
	top := ns.MaxFrequency(proto)
	if f <= 0 || top <= 0 {
		return 0
	}
	const floor = 1e-6 // nmap's smallest non-zero frequency
	if f <= floor {
		return 0.01
	}
	if top <= floor {
		return 1
	}
	s := math.Log(f/floor) / math.Log(top/floor)
	return min(1, max(0.01, s))
}
