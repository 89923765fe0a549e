package registry

import (
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode"
)

// RefKind tells what a bracketed reference points at.
type RefKind uint8

const (
	RefText   RefKind = iota // anything else, e.g. "3GPP TS 24.379"
	RefRFC                   // [RFC4251], [RFC8765, Section 6.1]
	RefDraft                 // [RFC-ietf-emailcore-rfc5321bis-43]: a draft on its way to an RFC
	RefURL                   // [http://...]
	RefPerson                // [Jon_Postel]: an id of IANA's people table
)

func (k RefKind) String() string {
	return [...]string{"text", "rfc", "draft", "url", "person"}[k]
}

// MarshalText writes the kind as a word in JSON.
func (k RefKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// Reference is one bracketed id of the Reference, Assignee or Contact field.
type Reference struct {
	Kind    RefKind `json:"kind"`
	Text    string  `json:"text"`              // the id as written, without brackets
	RFC     int     `json:"rfc,omitempty"`     // for RefRFC
	Section string  `json:"section,omitempty"` // "6.1" for "[RFC8765, Section 6.1]"
}

// Compiled on first use, not at every start (see docs/performance.md).
var (
	rfcRef = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^RFC\s?(\d+)(?:\s*,\s*(?:Section|Sec\.?)\s*([0-9A-Za-z.]+))?$`)
	})
	bracketRef = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\[([^\]]*)\]`) })
)

// ParseReferences splits "[RFC7858][RFC8094]" into references. Text outside
// brackets (some older files have it) becomes one RefText reference.
func ParseReferences(field string) []Reference {
	field = strings.TrimSpace(field)
	if field == "" {
		return nil
	}
	var refs []Reference
	for _, m := range bracketRef().FindAllStringSubmatch(field, -1) {
		if id := strings.TrimSpace(m[1]); id != "" {
			refs = append(refs, classifyReference(id))
		}
	}
	if rest := strings.TrimSpace(bracketRef().ReplaceAllString(field, "")); rest != "" {
		refs = append(refs, Reference{Kind: RefText, Text: rest})
	}
	return refs
}

func classifyReference(id string) Reference {
	ref := Reference{Kind: RefText, Text: id}
	if m := rfcRef().FindStringSubmatch(id); m != nil {
		if n, err := strconv.Atoi(m[1]); err == nil && n > 0 {
			ref.Kind, ref.RFC, ref.Section = RefRFC, n, m[2]
		}
		return ref
	}
	switch {
	case strings.HasPrefix(id, "RFC-"), strings.HasPrefix(id, "draft-"):
		ref.Kind = RefDraft
	case strings.Contains(id, "://"):
		ref.Kind = RefURL
	case isPersonID(id):
		ref.Kind = RefPerson
	}
	return ref
}

// isPersonID accepts ids of IANA's contact table such as "Jon_Postel",
// "IETF_Chair" or "IESG": a letter first, no spaces, and either an
// underscore or letters only (so "TR-352" and "1" stay text).
func isPersonID(id string) bool {
	if id == "" || !unicode.IsLetter(rune(id[0])) || strings.ContainsAny(id, " \t,;/:") {
		return false
	}
	if strings.Contains(id, "_") {
		return true
	}
	for _, r := range id {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

// URL is where a person can read the reference: the RFC Editor's page for an
// RFC (with the section anchor), the IETF datatracker for a draft, the URL
// itself, and empty for people and free text.
func (r Reference) URL() string {
	switch r.Kind {
	case RefRFC:
		u := "https://www.rfc-editor.org/rfc/rfc" + strconv.Itoa(r.RFC)
		if r.Section != "" {
			u += "#section-" + r.Section
		}
		return u
	case RefDraft:
		name := strings.TrimPrefix(strings.TrimPrefix(r.Text, "RFC-"), "draft-")
		// Drop the revision suffix: the datatracker shows the newest one.
		if i := strings.LastIndexByte(name, '-'); i > 0 {
			if _, err := strconv.Atoi(name[i+1:]); err == nil {
				name = name[:i]
			}
		}
		return "https://datatracker.ietf.org/doc/draft-" + name + "/"
	case RefURL:
		return r.Text
	}
	return ""
}

// String is the reference as people write it: "RFC 8765, Section 6.1".
func (r Reference) String() string {
	if r.Kind == RefRFC {
		s := "RFC " + strconv.Itoa(r.RFC)
		if r.Section != "" {
			s += ", Section " + r.Section
		}
		return s
	}
	return r.Text
}
