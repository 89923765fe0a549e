package export

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/portolan/portolan/model"
	"github.com/portolan/portolan/registry"
)

// Format is a way to copy an answer out of Portolan.
type Format string

const (
	// Text is the text of `portolan port N`.
	Text Format = "text"
	// Markdown is Markdown for tickets and wikis.
	Markdown Format = "markdown"
	// JSON is the JSON of `portolan port N --json`.
	JSON Format = "json"
)

// Formats lists the formats in the order the UI offers them.
var Formats = [...]Format{Text, Markdown, JSON}

// Title is the format's name for people: "text", "Markdown", "JSON".
func (f Format) Title() string {
	switch f {
	case Markdown:
		return "Markdown"
	case JSON:
		return "JSON"
	}
	return string(f)
}

// IANAPortPage is IANA's registry page searched for one port: where a
// reference that is neither an RFC, a draft nor an address leads.
func IANAPortPage(port uint16) string {
	return "https://www.iana.org/assignments/service-names-port-numbers/service-names-port-numbers.xhtml?search=" + strconv.Itoa(int(port))
}

// WriteJSON writes v as `portolan ... --json` does: indented by two
// spaces, with <, > and & left as they are.
func WriteJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// Port writes a port's answer in format f; space gives the ephemeral
// range the text names.
func Port(w io.Writer, space *model.Space, a model.PortAnswer, f Format) error {
	switch f {
	case Text:
		return WritePortText(w, space, a)
	case Markdown:
		return WritePortMarkdown(w, space, a)
	case JSON:
		return WriteJSON(w, a)
	}
	return fmt.Errorf("unknown export format %q (want text, markdown or json)", f)
}

// PortString is Port into a string.
func PortString(space *model.Space, a model.PortAnswer, f Format) (string, error) {
	var b strings.Builder
	err := Port(&b, space, a, f)
	return b.String(), err
}

// WritePortText writes the answer as `portolan port N` prints it.
func WritePortText(w io.Writer, space *model.Space, a model.PortAnswer) error {
	ew := &errWriter{w: w}
	w = ew
	fmt.Fprintf(w, "Port %d: %s, %s range", a.Port, a.Status, registry.ClassOf(a.Port).Title())
	if a.Ephemeral {
		fmt.Fprintf(w, ", in this machine's ephemeral range %d-%d", space.Ephemeral.Low, space.Ephemeral.High)
	}
	fmt.Fprintln(w)
	if a.Range == registry.Dynamic {
		fmt.Fprintln(w, registry.DynamicNote)
	}
	if a.UnauthorizedUse {
		fmt.Fprintln(w, "Warning: IANA has a report of unauthorized use of this port.")
	}
	for _, p := range SortedProtocols(a) {
		pa := a.Protocols[p]
		head := p + ": " + pa.Status.String()
		if pa.Service != "" {
			head += ", " + pa.Service
			if len(pa.Aliases) > 0 {
				head += " (also " + strings.Join(pa.Aliases, ", ") + ")"
			}
		}
		fmt.Fprintf(w, "\n%s\n", head)
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		field := func(label, v string) {
			if v != "" {
				fmt.Fprintf(tw, "    %s\t%s\n", label, OneLine(v))
			}
		}
		for _, r := range pa.Records {
			label := r.Ports
			if r.Service != "" {
				label += " " + r.Service
			}
			field("record", label+": "+r.Description)
			field("  assignee", r.Assignee)
			field("  contact", r.Contact)
			var refs []string
			for _, ref := range r.References {
				s := ref.String()
				if ref.URL != "" && ref.URL != s {
					s += " <" + ref.URL + ">"
				}
				refs = append(refs, s)
			}
			field("  references", strings.Join(refs, "; "))
			field("  registered", r.Registered)
			field("  modified", r.Modified)
			field("  service code", r.ServiceCode)
			field("  unauthorized use", r.UnauthorizedUse)
			field("  notes", r.Notes)
		}
		if pa.UnassignedRun != nil {
			field("unassigned run", fmt.Sprintf("%s (%d ports)", pa.UnassignedRun, pa.UnassignedRun.Len()))
		}
		field("previous assigned", exportPortName(pa.Previous))
		field("next assigned", exportPortName(pa.Next))
		tw.Flush()
	}
	if a.NearestFree >= 0 {
		fmt.Fprintf(w, "\nNearest free (unassigned, non-dynamic) port: %d\n", a.NearestFree)
	}
	return ew.err
}

// WritePortMarkdown writes the answer as Markdown: a heading, then one
// section per protocol with its records as a list.
func WritePortMarkdown(w io.Writer, space *model.Space, a model.PortAnswer) error {
	ew := &errWriter{w: w}
	w = ew
	fmt.Fprintf(w, "## Port %d: %s, %s range\n\n", a.Port, a.Status, registry.ClassOf(a.Port).Title())
	if a.Ephemeral {
		fmt.Fprintf(w, "In this machine's ephemeral range %d-%d.\n\n", space.Ephemeral.Low, space.Ephemeral.High)
	}
	if a.Range == registry.Dynamic {
		fmt.Fprint(w, registry.DynamicNote+"\n\n")
	}
	if a.UnauthorizedUse {
		fmt.Fprint(w, "> **Warning:** IANA has a report of unauthorized use of this port.\n\n")
	}
	for _, p := range SortedProtocols(a) {
		pa := a.Protocols[p]
		head := p + ": " + pa.Status.String()
		if pa.Service != "" {
			head += ", " + MarkdownEscape(pa.Service)
			if len(pa.Aliases) > 0 {
				head += " (also " + MarkdownEscape(strings.Join(pa.Aliases, ", ")) + ")"
			}
		}
		fmt.Fprintf(w, "### %s\n\n", head)
		for _, r := range pa.Records {
			label := r.Ports
			if r.Service != "" {
				label += " " + MarkdownEscape(r.Service)
			}
			fmt.Fprintf(w, "- **%s**: %s\n", label, MarkdownEscape(OneLine(r.Description)))
			field := func(label, v string) {
				if v != "" {
					fmt.Fprintf(w, "  - %s: %s\n", label, v)
				}
			}
			field("Assignee", MarkdownEscape(r.Assignee))
			field("Contact", MarkdownEscape(r.Contact))
			var refs []string
			for _, ref := range r.References {
				refs = append(refs, markdownReference(ref, a.Port))
			}
			field("References", strings.Join(refs, ", "))
			field("Registered", r.Registered)
			field("Modified", r.Modified)
			field("Service code", MarkdownEscape(r.ServiceCode))
			field("Unauthorized use", MarkdownEscape(OneLine(r.UnauthorizedUse)))
			field("Notes", MarkdownEscape(OneLine(r.Notes)))
		}
		if pa.UnassignedRun != nil {
			fmt.Fprintf(w, "- Unassigned run: %s (%d ports)\n", pa.UnassignedRun, pa.UnassignedRun.Len())
		}
		fmt.Fprintf(w, "- Previous assigned: %s\n", MarkdownEscape(exportPortName(pa.Previous)))
		fmt.Fprintf(w, "- Next assigned: %s\n\n", MarkdownEscape(exportPortName(pa.Next)))
	}
	if a.NearestFree >= 0 {
		fmt.Fprintf(w, "Nearest free (unassigned, non-dynamic) port: **%d**\n", a.NearestFree)
	}
	return ew.err
}

// referenceURL is where a reference of port leads: the RFC Editor for an
// RFC, the datatracker for a draft, the address itself, and IANA's page
// for the port for anything else (people, free text).
func referenceURL(ref registry.Reference, port uint16) string {
	if u := ref.URL(); u != "" {
		return u
	}
	return IANAPortPage(port)
}

func markdownReference(ref model.ReferenceAnswer, port uint16) string {
	u := ref.URL
	if u == "" {
		u = IANAPortPage(port)
	}
	return "[" + MarkdownEscape(ref.String()) + "](" + u + ")"
}

// MarkdownEscape backslash-escapes the characters Markdown would read as
// markup inside a line (IANA's fields hold [ids], <placeholders>,
// under_scores and the odd |).
func MarkdownEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune("\\`*_[]<>|", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// SortedProtocols lists the answer's protocols in the registry's order
// (tcp, udp, sctp, dccp).
func SortedProtocols(a model.PortAnswer) []string {
	protos := make([]string, 0, len(a.Protocols))
	for p := range a.Protocols {
		protos = append(protos, p)
	}
	sort.Slice(protos, func(i, j int) bool { return exportProtoRank(protos[i]) < exportProtoRank(protos[j]) })
	return protos
}

func exportProtoRank(p string) int {
	r, err := registry.ParseProtocol(p)
	if err != nil {
		return 99
	}
	return int(r)
}

func exportPortName(p *registry.PortName) string {
	if p == nil {
		return "none"
	}
	return fmt.Sprintf("%d %s", p.Port, p.Service)
}

// OneLine folds a multi-line field for aligned text output, cut at 160
// characters.
func OneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 160 {
		s = s[:157] + "..."
	}
	return s
}

// errWriter keeps the first write error so the writers can report it once.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return len(p), nil
	}
	n, err := e.w.Write(p)
	if err != nil {
		e.err = err
	}
	return n, nil
}

// Range writes a range's summary in format f.
func Range(w io.Writer, a model.RangeAnswer, f Format) error {
	switch f {
	case Text:
		return WriteRangeText(w, a)
	case Markdown:
		return WriteRangeMarkdown(w, a)
	case JSON:
		return WriteJSON(w, a)
	}
	return fmt.Errorf("unknown export format %q (want text, markdown or json)", f)
}

// RangeString is Range into a string.
func RangeString(a model.RangeAnswer, f Format) (string, error) {
	var b strings.Builder
	err := Range(&b, a, f)
	return b.String(), err
}

// rangeHeadline is "Ports 288-307: 20 ports, System range, tcp".
func rangeHeadline(a model.RangeAnswer) string {
	s := fmt.Sprintf("Ports %d-%d: %d ports, %s range", a.From, a.To, a.Ports, a.ClassesText())
	if len(a.Classes) > 1 {
		s += "s"
	}
	if a.Protocol != "" {
		s += ", " + a.Protocol
	}
	return s
}

// WriteRangeText writes a range's summary as plain text.
func WriteRangeText(w io.Writer, a model.RangeAnswer) error {
	ew := &errWriter{w: w}
	w = ew
	fmt.Fprintln(w, rangeHeadline(a))
	fmt.Fprintf(w, "Status: %s\n", a.CountsText())
	if a.Ephemeral != nil {
		fmt.Fprintf(w, "In this machine's ephemeral range: %s\n", a.Ephemeral)
	}
	if len(a.Unauthorized) > 0 {
		fmt.Fprintf(w, "Warning: IANA has reports of unauthorized use of %s.\n", joinPorts(a.Unauthorized))
	}
	if len(a.Services) > 0 {
		fmt.Fprintf(w, "\nAssigned services (%d):\n", len(a.Services))
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		for _, s := range a.Services {
			fmt.Fprintf(tw, "    %s\t%s\t%s\t%s\n", s.Ports, s.Protocols, s.Service, OneLine(s.Description))
		}
		tw.Flush()
	}
	return ew.err
}

// WriteRangeMarkdown writes a range's summary as Markdown with a table of
// its services.
func WriteRangeMarkdown(w io.Writer, a model.RangeAnswer) error {
	ew := &errWriter{w: w}
	w = ew
	fmt.Fprintf(w, "## %s\n\n", rangeHeadline(a))
	fmt.Fprintf(w, "Status: %s\n\n", a.CountsText())
	if a.Ephemeral != nil {
		fmt.Fprintf(w, "In this machine's ephemeral range: %s\n\n", a.Ephemeral)
	}
	if len(a.Unauthorized) > 0 {
		fmt.Fprintf(w, "> **Warning:** IANA has reports of unauthorized use of %s.\n\n", joinPorts(a.Unauthorized))
	}
	if len(a.Services) > 0 {
		fmt.Fprint(w, "| Port | Protocol | Service | Description |\n|---|---|---|---|\n")
		for _, s := range a.Services {
			fmt.Fprintf(w, "| %s | %s | %s | %s |\n", s.Ports, s.Protocols, MarkdownEscape(s.Service), MarkdownEscape(OneLine(s.Description)))
		}
	}
	return ew.err
}

func joinPorts(ports []uint16) string {
	parts := make([]string, len(ports))
	for i, p := range ports {
		parts[i] = strconv.Itoa(int(p))
	}
	return strings.Join(parts, ", ")
}

// Dash is s, or "-" for an empty table cell.
func Dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
