package registry

import (
	"fmt"
	"io"
	"strings"
)

// ParseServices reads a services(5) file: /etc/services, or Wireshark's
// "services". Each line is
//
//	name port/protocol [alias ...] [# comment]
//
// where port may be a range ("6000-6063/tcp") and, as in Wireshark's file,
// several protocols may share a line ("7/tcp/udp"). The comment becomes the
// Description (whitespace collapsed: these files pad columns with runs of
// blanks). Each alias becomes a Record of its own with the same port and
// protocol, placed right after the primary name, so the first name of a
// port is its primary one and Registry.Aliases lists the others.
//
// Lines that cannot be read (no "/protocol", a bad port, a protocol other
// than tcp, udp, sctp and dccp, such as AppleTalk's "ddp") are skipped and
// listed with their line number in the result's Skipped. A file with no
// readable line is an error wrapping ErrNotRegistry.
func ParseServices(r io.Reader, source string) (*Registry, error) {
	return parseServices(r, source, defaultLimits())
}

func parseServices(r io.Reader, source string, lim limits) (*Registry, error) {
	b := NewBuilder(source)
	if err := parseServicesInto(b, r, lim); err != nil {
		return nil, err
	}
	return b.Build(), nil
}

const servicesExample = "expected services(5) lines like 'ssh 22/tcp'"

func parseServicesInto(b *Builder, r io.Reader, lim limits) error {
	lr := newLineReader(r, lim)
	entries, added := 0, 0
	for {
		line, tooLong, err := lr.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("reading the services file: %w", err)
		}
		if tooLong {
			entries++
			if err := lim.skip(b, lr.no, lim.lineTooLong()); err != nil {
				return err
			}
			continue
		}
		content, comment, _ := strings.Cut(string(line), "#")
		fields := strings.Fields(content)
		if len(fields) == 0 {
			continue
		}
		entries++
		recs, err := servicesLine(fields, comment, lr.no, lim.aliases)
		if err != nil {
			if err := lim.skip(b, lr.no, err.Error()); err != nil {
				return err
			}
			continue
		}
		if err := lim.room(len(b.records)+len(b.skipped), len(recs)); err != nil {
			return err
		}
		for _, rec := range recs {
			b.Add(rec)
		}
		added += len(recs)
	}
	if added == 0 {
		if entries == 0 {
			return fmt.Errorf("%w: the file holds no entries (%s)", ErrNotRegistry, servicesExample)
		}
		s := b.skipped[0]
		return fmt.Errorf("%w: %s; none of its %d lines could be read (line %d: %s)", ErrNotRegistry, servicesExample, entries, s.Line, s.Reason)
	}
	return nil
}

// servicesLine turns the fields of one line into records: for each of its
// protocols, the primary name then its aliases.
func servicesLine(fields []string, comment string, line, maxAliases int) ([]Record, error) {
	if len(fields) < 2 {
		return nil, fmt.Errorf("expected 'name port/protocol', found only %q", truncate(fields[0], 40))
	}
	name, portProto, aliases := fields[0], fields[1], fields[2:]
	if len(aliases) > maxAliases {
		return nil, fmt.Errorf("%s has %s aliases, more than the %d a services line may have", truncate(name, 40), Thousands(len(aliases)), maxAliases)
	}
	portText, protoText, ok := strings.Cut(portProto, "/")
	if !ok {
		return nil, fmt.Errorf("%q lacks a /protocol (expected 'name port/protocol', e.g. 'ssh 22/tcp')", truncate(portProto, 40))
	}
	if portText == "" {
		return nil, fmt.Errorf("%q lacks a port number", truncate(portProto, 40))
	}
	hasPort, low, high, err := ParsePortRange(portText)
	if err != nil {
		return nil, err
	}
	var protos []Protocol
	for _, p := range strings.Split(protoText, "/") {
		proto, err := ParseProtocol(p)
		if err != nil || proto == ProtoNone {
			if p == "" {
				return nil, fmt.Errorf("%q lacks a protocol after the slash", truncate(portProto, 40))
			}
			return nil, fmt.Errorf("unknown protocol %s (want tcp, udp, sctp or dccp)", truncate(p, 20))
		}
		protos = append(protos, proto)
	}
	desc := strings.Join(strings.Fields(comment), " ")
	recs := make([]Record, 0, len(protos)*(1+len(aliases)))
	for _, proto := range protos {
		for i, svc := range append([]string{name}, aliases...) {
			rec := Record{
				Service:     svc,
				HasPort:     hasPort,
				Low:         low,
				High:        high,
				Protocol:    proto,
				Description: desc,
				Line:        line,
			}
			if i > 0 {
				rec.Notes = fmt.Sprintf("An alias of %q in the services file.", name)
			}
			recs = append(recs, rec)
		}
	}
	return recs, nil
}
