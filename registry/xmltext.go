package registry

// The text inside an XML <record>: people, cross-references, text with
// inline markup, and the character sets a registry file may declare.

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"regexp"
	"strings"
	"unicode/utf8"
)

func bracketJoin(ids []string) string {
	var sb strings.Builder
	for _, id := range ids {
		if id = strings.TrimSpace(id); id != "" {
			sb.WriteString("[" + id + "]")
		}
	}
	return sb.String()
}

// readPeople reads the ids of the <xref>s inside <assignee> or <contact>.
// Bare text there (no xref) counts as one id.
func (p *xmlParser) readPeople() ([]string, error) {
	var (
		ids  []string
		text strings.Builder
	)
	depth := 1
	for depth > 0 {
		tok, err := p.dec.Token()
		if err != nil {
			return ids, eofInside(err, "<assignee> or <contact>")
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local == "xref" {
				ref, err := p.readXref(t)
				if err != nil {
					return ids, err
				}
				if ref.id != "" {
					ids = append(ids, ref.id)
				}
				continue
			}
			depth++
		case xml.EndElement:
			depth--
		case xml.CharData:
			text.Write(t)
		}
	}
	if len(ids) == 0 {
		if s := strings.TrimSpace(text.String()); s != "" {
			ids = append(ids, s)
		}
	}
	return ids, nil
}

// rfcData reads an rfc xref's data attribute: "rfc4251", and a section if
// the data carries one ("rfc8765#section-6.1", "rfc8765, Section 6.1").
var rfcData = regexp.MustCompile(`^(?i:rfc)\s*-?\s*(\d+)(?:\s*(?:#|,)\s*(?i:section|sec\.?)[\s-]*([0-9A-Za-z.]+))?$`)

// readXref reads an <xref> up to its end tag and returns the id that goes
// between brackets, as the CSV writes it.
func (p *xmlParser) readXref(start xml.StartElement) (xmlRef, error) {
	typ := strings.ToLower(strings.TrimSpace(attr(start, "type")))
	data := strings.TrimSpace(attr(start, "data"))
	content, err := p.plainText()
	if err != nil {
		return xmlRef{}, err
	}
	ref := xmlRef{person: typ == "person"}
	switch typ {
	case "rfc":
		switch m := rfcData.FindStringSubmatch(data); {
		case content != "":
			ref.id = content // "RFC8765, Section 6.1"
		case m != nil && m[2] != "":
			ref.id = "RFC" + m[1] + ", Section " + m[2]
		case m != nil:
			ref.id = "RFC" + m[1]
		default:
			ref.id = data
		}
	case "person", "uri", "draft":
		ref.id = data
		if ref.id == "" {
			ref.id = content
		}
	default: // text, note, and whatever comes
		ref.id = content
		if ref.id == "" {
			ref.id = data
		}
	}
	return ref, nil
}

// plainText reads the text of the element just opened, up to its end tag,
// ignoring any markup inside.
func (p *xmlParser) plainText() (string, error) {
	var sb strings.Builder
	depth := 1
	for depth > 0 {
		tok, err := p.dec.Token()
		if err != nil {
			return "", eofInside(err, "an element")
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
		case xml.EndElement:
			depth--
		case xml.CharData:
			sb.Write(t)
		}
	}
	return strings.TrimSpace(sb.String()), nil
}

// readText reads the text of the element just opened, up to its end tag:
// inline <xref>s become "[id]", <br/> nothing, and (with paragraphs) each
// <paragraph> a paragraph of its own, joined by a blank line.
func (p *xmlParser) readText(paragraphs bool) (string, error) {
	var (
		parts     []string
		cur       strings.Builder
		paraDepth = -1 // depth of the open <paragraph>, if any
	)
	flush := func() {
		if s := strings.TrimSpace(cur.String()); s != "" {
			parts = append(parts, s)
		}
		cur.Reset()
	}
	depth := 1
	for depth > 0 {
		tok, err := p.dec.Token()
		if err != nil {
			return "", eofInside(err, "a text element")
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "xref":
				ref, err := p.readXref(t)
				if err != nil {
					return "", err
				}
				if ref.id != "" {
					cur.WriteString("[" + ref.id + "]")
				}
				continue
			case "br":
				if err := p.dec.Skip(); err != nil {
					return "", err
				}
				continue
			case "paragraph", "p":
				if paragraphs && paraDepth < 0 {
					flush()
					paraDepth = depth + 1
				}
			}
			depth++
		case xml.EndElement:
			if depth == paraDepth {
				flush()
				paraDepth = -1
			}
			depth--
		case xml.CharData:
			cur.Write(t)
		}
	}
	flush()
	return strings.Join(parts, "\n\n"), nil
}

func eofInside(err error, what string) error {
	if err == io.EOF {
		return fmt.Errorf("unexpected end of file inside %s", what)
	}
	return err
}

func attr(e xml.StartElement, name string) string {
	for _, a := range e.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// xmlCharsetReader accepts the declared encodings a registry file may
// carry besides UTF-8: ASCII as is, ISO-8859-1 converted.
func xmlCharsetReader(charset string, input io.Reader) (io.Reader, error) {
	switch strings.ToLower(strings.TrimSpace(charset)) {
	case "utf-8", "utf8", "us-ascii", "ascii":
		return input, nil
	case "iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1":
		return &latin1Reader{r: bufio.NewReader(input)}, nil
	}
	return nil, fmt.Errorf("unsupported XML encoding %q (want UTF-8)", charset)
}

// latin1Reader turns ISO-8859-1 bytes into UTF-8.
type latin1Reader struct {
	r       *bufio.Reader
	pending []byte
}

func (l *latin1Reader) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		if len(l.pending) > 0 {
			c := copy(p[n:], l.pending)
			l.pending = l.pending[c:]
			n += c
			continue
		}
		c, err := l.r.ReadByte()
		if err != nil {
			if n > 0 {
				return n, nil
			}
			return 0, err
		}
		if c < utf8.RuneSelf {
			p[n] = c
			n++
			continue
		}
		var buf [2]byte
		w := utf8.EncodeRune(buf[:], rune(c))
		l.pending = append(l.pending[:0], buf[:w]...)
	}
	return n, nil
}
