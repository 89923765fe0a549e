package registry

import (
	"bufio"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// The registry's id in IANA's XML release. A root <registry> with another id
// (protocol-numbers, media-types ...) is another IANA registry, not this one.
const ianaPortRegistryID = "service-names-port-numbers"

// ParseXML reads IANA's XML release of the registry
// (service-names-port-numbers.xml). It streams: one <record> at a time is
// held in memory. Records that cannot be read are skipped and listed in the
// result's Skipped with their line; malformed XML ends the reading, keeping
// the records read before it. A root element other than <registry>, or a
// file with no readable record, is an error wrapping ErrNotRegistry.
//
// The XML and CSV releases of one registry give the same Records (Line
// aside). IANA derives the CSV from the XML, and the mapping, checked
// against real releases, is:
//
//   - <name>, <protocol>, <number>, <description>, <unauthorized>, <sc> (or
//     <code>) are the Service Name, Transport Protocol, Port Number,
//     Description, Unauthorized Use Reported and Service Code columns; the
//     record's date and updated attributes (or <registration-date>/<date>
//     and <modification-date>/<updated> children) are its two dates.
//   - Assignee is the ids inside <assignee>, as "[id]" strings one after the
//     other; Contact those inside <contact>. Most records have no <contact>
//     element: their direct <xref type="person"> children are the contact,
//     and also the assignee when there is no <assignee> element either.
//   - Reference is the record's other direct <xref> children, in order,
//     read as ParseReferences reads the CSV's "[RFC7858][RFC8094]".
//   - Text is kept as written, only trimmed: the CSV keeps the XML's inner
//     newlines and indentation (in descriptions as well as notes), so
//     collapsing whitespace would make the two releases differ. An inline
//     <xref> becomes its bracketed id ("released by [RFC9900]"), <br/>
//     becomes nothing (the CSV drops it), and several <paragraph> elements
//     of a note (or several notes) are joined with a blank line.
func ParseXML(r io.Reader, source string) (*Registry, error) {
	return parseXML(r, source, defaultLimits())
}

func parseXML(r io.Reader, source string, lim limits) (*Registry, error) {
	b := NewBuilder(source)
	if err := parseXMLInto(b, r, lim); err != nil {
		return nil, err
	}
	return b.Build(), nil
}

func parseXMLInto(b *Builder, r io.Reader, lim limits) error {
	p := &xmlParser{b: b, lim: lim}
	p.dec = xml.NewDecoder(bufio.NewReaderSize(capFile(r, lim.fileBytes), 64<<10))
	p.dec.Entity = xml.HTMLEntity // tolerate &nbsp; and friends
	p.dec.CharsetReader = xmlCharsetReader

	if err := p.findRoot(); err != nil {
		return err
	}
	err := p.readRegistry()
	if errors.Is(err, ErrTooLarge) {
		return err
	}
	if p.added == 0 {
		switch {
		case err != nil:
			return fmt.Errorf("%w: the XML breaks off before its first record: %v", ErrNotRegistry, err)
		case len(b.skipped) > 0:
			s := b.skipped[0]
			return fmt.Errorf("%w: none of the %d <record> elements could be read (line %d: %s)", ErrNotRegistry, len(b.skipped), s.Line, s.Reason)
		}
		return fmt.Errorf("%w: the <registry> holds no <record> elements", ErrNotRegistry)
	}
	if err != nil {
		// Keep what was read; the break is listed as a skipped row.
		line := p.line()
		var se *xml.SyntaxError
		if errors.As(err, &se) && se.Line > 0 {
			line = se.Line
		}
		b.Skip(line, "the XML breaks off here, the rest of the file was not read: "+err.Error())
	}
	return nil
}

type xmlParser struct {
	dec   *xml.Decoder
	b     *Builder
	lim   limits
	added int
}

func (p *xmlParser) line() int {
	line, _ := p.dec.InputPos()
	if line < 1 {
		line = 1
	}
	return line
}

// findRoot reads up to the root element and checks that it is the registry.
func (p *xmlParser) findRoot() error {
	for {
		tok, err := p.dec.Token()
		if err == io.EOF {
			return fmt.Errorf("%w: expected an IANA <registry> root element, found no element at all", ErrNotRegistry)
		}
		if errors.Is(err, ErrTooLarge) {
			return err
		}
		if err != nil {
			return fmt.Errorf("%w: not readable as XML (expected an IANA <registry> root element): %v", ErrNotRegistry, err)
		}
		start, ok := tok.(xml.StartElement)
		if !ok {
			continue // prolog: declaration, comments, processing instructions
		}
		if start.Name.Local != "registry" {
			return fmt.Errorf("%w: expected an IANA <registry> root element, found <%s>", ErrNotRegistry, truncate(start.Name.Local, 40))
		}
		if id := attr(start, "id"); id != "" && id != ianaPortRegistryID {
			return fmt.Errorf("%w: this is IANA's %q registry, expected %q", ErrNotRegistry, truncate(id, 60), ianaPortRegistryID)
		}
		return nil
	}
}

// readRegistry reads the root's content: records, nested registries, and
// elements to pass over (title, notes, the people table).
func (p *xmlParser) readRegistry() error {
	depth := 1 // inside the root
	for depth > 0 {
		before := p.line() // the end of the previous token: where the next one starts
		tok, err := p.dec.Token()
		if err == io.EOF {
			return fmt.Errorf("unexpected end of file: %d element(s) left open", depth)
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "registry":
				depth++ // sub-registry: its records count too
			case "record":
				if err := p.lim.room(len(p.b.records)+len(p.b.skipped), 1); err != nil {
					return err
				}
				if err := p.readRecord(t, before); err != nil {
					return err
				}
			default: // title, updated, note, xref, people, ...
				if err := p.dec.Skip(); err != nil {
					return err
				}
			}
		case xml.EndElement:
			depth--
		}
	}
	return nil
}

// xmlRecord holds the parts of one <record> as read.
type xmlRecord struct {
	name, protocol, number, description string
	unauthorized, code                  string
	registered, modified                string
	notes                               []string
	assignee, contact                   []string // ids inside <assignee>, <contact>
	hasAssignee, hasContact             bool
	direct                              []xmlRef // direct <xref> children, in order
}

type xmlRef struct {
	person bool
	id     string // as it goes between brackets
}

// readRecord reads one record up to its end tag. A record whose fields make
// no sense is skipped; only broken XML is returned as an error.
func (p *xmlParser) readRecord(start xml.StartElement, line int) error {
	var x xmlRecord
	for _, a := range start.Attr {
		switch a.Name.Local {
		case "date":
			x.registered = strings.TrimSpace(a.Value)
		case "updated":
			x.modified = strings.TrimSpace(a.Value)
		}
	}
	for {
		tok, err := p.dec.Token()
		if err != nil {
			if err == io.EOF {
				err = errors.New("unexpected end of file inside a <record>")
			}
			return err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			p.addRecord(&x, line)
			return nil
		case xml.StartElement:
			if err := p.readRecordChild(&x, t); err != nil {
				return err
			}
		}
	}
}

func (p *xmlParser) readRecordChild(x *xmlRecord, t xml.StartElement) error {
	var (
		text string
		err  error
	)
	switch t.Name.Local {
	case "xref":
		ref, err := p.readXref(t)
		if err == nil && ref.id != "" {
			x.direct = append(x.direct, ref)
		}
		return err
	case "assignee", "contact":
		ids, err := p.readPeople()
		if t.Name.Local == "assignee" {
			x.hasAssignee, x.assignee = true, append(x.assignee, ids...)
		} else {
			x.hasContact, x.contact = true, append(x.contact, ids...)
		}
		return err
	case "note", "notes":
		if text, err = p.readText(true); text != "" {
			x.notes = append(x.notes, text)
		}
		return err
	case "name", "protocol", "number", "description", "unauthorized", "sc", "code",
		"registration-date", "date", "modification-date", "updated":
		text, err = p.readText(true)
	default:
		return p.dec.Skip()
	}
	switch t.Name.Local {
	case "name":
		x.name = text
	case "protocol":
		x.protocol = text
	case "number":
		x.number = text
	case "description":
		x.description = text
	case "unauthorized":
		x.unauthorized = text
	case "sc", "code":
		x.code = text
	case "registration-date", "date":
		if text != "" {
			x.registered = text
		}
	case "modification-date", "updated":
		if text != "" {
			x.modified = text
		}
	}
	return err
}

func (p *xmlParser) addRecord(x *xmlRecord, line int) {
	rec := Record{
		Service:         x.name,
		Description:     x.description,
		Registered:      x.registered,
		Modified:        x.modified,
		ServiceCode:     x.code,
		UnauthorizedUse: x.unauthorized,
		Notes:           strings.Join(x.notes, "\n\n"),
		Line:            line,
	}
	var persons, refs []string
	for _, ref := range x.direct {
		if ref.person {
			persons = append(persons, ref.id)
		} else {
			refs = append(refs, ref.id)
		}
	}
	switch {
	case x.hasAssignee:
		rec.Assignee = bracketJoin(x.assignee)
	default:
		rec.Assignee = bracketJoin(persons)
	}
	switch {
	case x.hasContact:
		rec.Contact = bracketJoin(x.contact)
	default:
		rec.Contact = bracketJoin(persons)
	}
	if x.hasAssignee && x.hasContact && len(persons) > 0 {
		// Both roles are given explicitly: keep stray person ids as
		// references rather than drop them.
		refs = append(refs, persons...)
	}
	rec.References = ParseReferences(bracketJoin(refs))

	var err error
	if rec.HasPort, rec.Low, rec.High, err = ParsePortRange(x.number); err != nil {
		p.b.Skip(line, err.Error())
		return
	}
	if rec.Protocol, err = ParseProtocol(x.protocol); err != nil {
		p.b.Skip(line, err.Error())
		return
	}
	if !rec.HasPort && rec.Service == "" {
		p.b.Skip(line, "neither a service name nor a port number")
		return
	}
	p.b.Add(rec)
	p.added++
}
