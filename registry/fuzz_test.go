package registry

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// fuzzCheckRegistry asserts what must hold of any registry a parser returns,
// whatever the input.
func fuzzCheckRegistry(t *testing.T, reg *Registry, source string) {
	t.Helper()
	if reg == nil {
		t.Fatal("nil registry without an error")
	}
	recs := reg.Records()
	if c := reg.Counts(); c["records"] != len(recs) || c["skipped"] != len(reg.Skipped()) {
		t.Fatalf("Counts %v for %d records, %d skipped", c, len(recs), len(reg.Skipped()))
	}
	for _, s := range reg.Skipped() {
		if s.Line <= 0 || s.Reason == "" {
			t.Fatalf("skipped row %+v: want a line > 0 and a reason", s)
		}
	}
	for i := range recs {
		r := &recs[i]
		if r.Source != source {
			t.Fatalf("record %d: Source %q, want %q", i, r.Source, source)
		}
		if r.Line <= 0 {
			t.Fatalf("record %d (%+v): Line %d", i, *r, r.Line)
		}
		if r.Protocol > DCCP {
			t.Fatalf("record %d: protocol %d", i, r.Protocol)
		}
		if !r.HasPort {
			if r.Service == "" {
				t.Fatalf("record %d has neither a name nor a port: %+v", i, *r)
			}
			if r.Low != 0 || r.High != 0 {
				t.Fatalf("record %d: no port but Low-High %d-%d", i, r.Low, r.High)
			}
			continue
		}
		if r.Low > r.High {
			t.Fatalf("record %d: Low %d > High %d", i, r.Low, r.High)
		}
		for _, p := range []uint16{r.Low, r.Low + (r.High-r.Low)/2, r.High} {
			if !r.Contains(p) {
				t.Fatalf("record %d does not contain its own port %d", i, p)
			}
			pr := reg.Lookup(p)
			found := false
			for j := 0; j < pr.Len(); j++ {
				found = found || pr.At(j) == r
			}
			if !found {
				t.Fatalf("Lookup(%d) lacks record %d (%+v)", p, i, *r)
			}
			if r.Service != "" {
				if st := reg.Status(p, ProtoNone); st != Assigned {
					t.Fatalf("port %d: combined status %v with an assigned record", p, st)
				}
				protos := []Protocol{r.Protocol}
				if r.Protocol == ProtoNone {
					protos = Transports[:]
				}
				for _, proto := range protos {
					if st := reg.Status(p, proto); st != Assigned {
						t.Fatalf("port %d/%s: status %v with an assigned record", p, proto, st)
					}
					// (Primary skips protocol-less records such as IANA's
					// "swx 7300-7359": only ask it of records with a protocol.)
					if r.Protocol != ProtoNone && reg.Primary(p, proto) == nil {
						t.Fatalf("port %d/%s: no primary record", p, proto)
					}
				}
			}
		}
		n := reg.NeighboursOf(r.Low, ProtoNone)
		if n.Run != nil && (n.Run.From > r.Low || n.Run.To < r.Low) {
			t.Fatalf("NeighboursOf(%d).Run = %+v does not hold the port", r.Low, *n.Run)
		}
		if n.Previous != nil && n.Previous.Port >= r.Low || n.Next != nil && n.Next.Port <= r.Low {
			t.Fatalf("NeighboursOf(%d) = %+v", r.Low, n)
		}
	}
	// Every record Lookup returns covers the port.
	for _, p := range []uint16{0, 1, 22, 80, 1023, 6003, 49151, 65535} {
		pr := reg.Lookup(p)
		for j := 0; j < pr.Len(); j++ {
			if !pr.At(j).Contains(p) {
				t.Fatalf("Lookup(%d) returned %+v", p, *pr.At(j))
			}
		}
	}
}

// fuzzCheckParse runs a parser and checks its result: an error wraps
// ErrNotRegistry and comes without a registry; a registry is consistent.
func fuzzCheckParse(t *testing.T, reg *Registry, err error) {
	t.Helper()
	if err != nil {
		if reg != nil {
			t.Fatalf("a registry came back with the error %v", err)
		}
		if !errors.Is(err, ErrNotRegistry) {
			t.Fatalf("error %v does not wrap ErrNotRegistry", err)
		}
		return
	}
	fuzzCheckRegistry(t, reg, "fuzz")
}

func fuzzAddFile(f *testing.F, path string) {
	data, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
}

// The CSV seeds are small on purpose: every input that gets past the
// header costs a full index build (about 1 ms), and the fuzzer minimises
// each new interesting input by trying to remove every span of its bytes,
// so a 2 KB seed such as testdata/sample.csv kept both workers minimising
// for their whole 60 s allowance, at near 0 executions a second. The rows
// below hold what sample.csv exercises: a multi-line quoted field, doubled
// quotes, references, a range without a protocol, a port-less name.
func FuzzParseCSV(f *testing.F) {
	const header = "Service Name,Port Number,Transport Protocol,Description,Assignee,Contact,Registration Date,Modification Date,Reference,Service Code,Unauthorized Use Reported,Assignment Notes\n"
	const short = "Service Name,Port Number,Transport Protocol,Description\n"
	for _, s := range []string{
		"",
		header,
		short + "http,80,tcp,\"WWW\n\"\"x\"\"\"\n,1-2,,Unassigned\nd,,udp,\"[RFC1, Section 2]\"\n",
		header + "x11,6000-6063,tcp,X,[A],[B],2001-01-01,,[RFC1][draft-x-1],9,port 6003,\"n\n\nm\"\r\n",
		"\ufeff" + header + "ssh,22,tcp,SSH,,,,,[RFC4251],,,\n",
		header + ",288-299,,Unassigned,,,,,,,,\n,300,udp,Reserved,,,,,,,,\n",
		header + "x,70000,tcp,bad,,,,,,,,\nx,1,ddp,bad,,,,,,,,\n,,,,,,,,,,,\nshort,1\n",
		header + "q,1,tcp,\"broken \"quote,,,,,,,,\n",
		header + "n,5-1,udp,backwards,,,,,,,,\n",
		"Service Name,Port Number\nssh,22\n",
		"Service Name,Port Number,Transport Protocol,Description\nx11,6000-6063,tcp,X\n,0-65535,,Unassigned\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzCheckCSVRecords(t, data)
		reg, err := ParseCSV(bytes.NewReader(data), "fuzz")
		fuzzCheckParse(t, reg, err)
		if err == nil && len(reg.Records()) == 0 {
			t.Fatal("ParseCSV returned a registry with no records and no error")
		}
	})
}

// fuzzCheckCSVRecords holds csvRecords to encoding/csv: up to the first
// record encoding/csv cannot read, both give the same records starting on
// the same lines (blank one-field records aside: csvRecords passes over
// blank lines), and csvRecords reports no error among them.
func fuzzCheckCSVRecords(t *testing.T, data []byte) {
	t.Helper()
	if len(data) >= MaxLineBytes {
		return // csvRecords refuses longer records; encoding/csv does not
	}
	type rec struct {
		line   int
		fields []string
	}
	blank := func(fields []string) bool { return len(fields) == 1 && strings.TrimSpace(fields[0]) == "" }
	var want []rec
	cr := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff"))))
	cr.FieldsPerRecord = -1
	complete := true
	for {
		fields, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			complete = false
			break
		}
		if line, _ := cr.FieldPos(0); !blank(fields) {
			want = append(want, rec{line, fields})
		}
	}
	ours := newCSVRecords(bytes.NewReader(data), defaultLimits())
	for i := 0; ; i++ {
		line, fields, err := ours.next()
		if err == nil && blank(fields) {
			i--
			continue
		}
		if err == io.EOF {
			if complete && i < len(want) {
				t.Fatalf("csvRecords ends after %d records, encoding/csv reads %d", i, len(want))
			}
			return
		}
		if i >= len(want) {
			if complete {
				t.Fatalf("csvRecords reads record %d (%q, %v), encoding/csv ends after %d", i+1, fields, err, len(want))
			}
			return
		}
		if err != nil {
			t.Fatalf("record %d: csvRecords fails (%v) where encoding/csv reads %q on line %d", i+1, err, want[i].fields, want[i].line)
		}
		if line != want[i].line || !slices.Equal(fields, want[i].fields) {
			t.Fatalf("record %d: csvRecords reads %q on line %d, encoding/csv %q on line %d", i+1, fields, line, want[i].fields, want[i].line)
		}
	}
}

func FuzzParseXML(f *testing.F) {
	fuzzAddFile(f, "testdata/sample.xml")
	for _, s := range []string{
		"",
		"<html><body>moved</body></html>",
		`<registry id="service-names-port-numbers"><record><name>a</name><protocol>tcp</protocol><number>1</number></record></registry>`,
		"<registry>\n<record><name>a</name><number>1-2</number></record>\n<record><number>70000</number></record>\n<record><protocol>ddp</protocol><number>3</number></record>\n</registry>",
		"<registry><record><name>a</name><number>1</number></record><record><name>b</nme></record></registry>",
		"<registry><record><name>cut",
		`<registry><record><name>n</name><number>0-65535</number><xref type="rfc" data="rfc8765#section-6.1"/><xref type="text">free [text]</xref><assignee><xref type="person" data="A"/></assignee><contact>c</contact><xref type="person" data="p"/></record></registry>`,
		`<registry><registry><record><description>Unassigned</description><number>5-9</number><note><paragraph>a<xref type="uri" data="http://x"/></paragraph><paragraph>b<br/></paragraph></note></record></registry><people><person id="x"><name>X</name></person></people></registry>`,
		"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><registry><record><name>\xe9</name><number>1</number></record></registry>",
		`<registry id="protocol-numbers"/>`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		reg, err := ParseXML(bytes.NewReader(data), "fuzz")
		fuzzCheckParse(t, reg, err)
		if err == nil && len(reg.Records()) == 0 {
			t.Fatal("ParseXML returned a registry with no records and no error")
		}
	})
}

// Small seeds, as for FuzzParseCSV: they hold what servicesFixture
// exercises without its 450 bytes to minimise.
func FuzzParseServices(f *testing.F) {
	for _, s := range []string{
		"",
		"\ufeffsctp-disc 9/sctp#c\nlonely\n   # indented\nempty-proto\t5/\n",
		"# only a comment\n",
		"ssh 22/tcp\n",
		"http 80/tcp www www-http # WWW\r\n",
		"x11 6000-6063/tcp\necho 7/tcp/udp/sctp/dccp\n",
		"at-rtmp 201/ddp\nbad 70000/tcp\nnoslash 5\n",
		"a 0-65535/udp b c d\n",
		"a 5-1/tcp\na /tcp\na 1/\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		reg, err := ParseServices(bytes.NewReader(data), "fuzz")
		fuzzCheckParse(t, reg, err)
		if err != nil {
			return
		}
		if len(reg.Records()) == 0 {
			t.Fatal("ParseServices returned a registry with no records and no error")
		}
		for _, r := range reg.Records() {
			if !r.HasPort || r.Protocol == ProtoNone || r.Service == "" || strings.ContainsAny(r.Service, " \t#") {
				t.Fatalf("services record %+v", r)
			}
		}
	})
}

func FuzzParseReferences(f *testing.F) {
	for _, s := range []string{
		"", "[RFC4251]", "[RFC7858][RFC8094][RFC9250]", "[RFC8765, Section 6.1]", "[RFC 793, Sec. 3.1]",
		"[Jon_Postel]", "[IESG][IETF_Chair]", "[http://example.org/a]", "[RFC-ietf-emailcore-rfc5321bis-43]",
		"[3GPP TS 24.379]", "free text [RFC1] more", "[[x]]", "[", "]", "[]", "[ ]", "[RFC99999999999999999999]",
		"[n/a]", "[1]", "a]b[c",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		refs := ParseReferences(s)
		if again := ParseReferences(s); !reflect.DeepEqual(refs, again) {
			t.Fatalf("not deterministic: %+v then %+v", refs, again)
		}
		for _, r := range refs {
			if r.Text == "" || r.Text != strings.TrimSpace(r.Text) {
				t.Fatalf("%q: reference text %q is empty or untrimmed", s, r.Text)
			}
			if r.Kind > RefPerson {
				t.Fatalf("%q: kind %d", s, r.Kind)
			}
			_ = r.Kind.String()
			switch r.Kind {
			case RefRFC:
				if r.RFC < 0 || !strings.HasPrefix(r.String(), "RFC ") || !strings.HasPrefix(r.URL(), "https://www.rfc-editor.org/rfc/rfc") {
					t.Fatalf("%q: RFC reference %+v: %q %q", s, r, r.String(), r.URL())
				}
				if (r.Section != "") != strings.Contains(r.URL(), "#section-") {
					t.Fatalf("%q: section %q but URL %q", s, r.Section, r.URL())
				}
			case RefURL:
				if r.URL() != r.Text {
					t.Fatalf("%q: URL reference %+v has URL %q", s, r, r.URL())
				}
			case RefPerson, RefText:
				if r.URL() != "" || r.String() != r.Text {
					t.Fatalf("%q: %+v has URL %q, String %q", s, r, r.URL(), r.String())
				}
			case RefDraft:
				if !strings.HasPrefix(r.URL(), "https://datatracker.ietf.org/doc/draft-") {
					t.Fatalf("%q: draft URL %q", s, r.URL())
				}
			}
		}
		trimmed := strings.TrimSpace(s)
		if trimmed == "" {
			if len(refs) != 0 {
				t.Fatalf("blank input gave %+v", refs)
			}
			return
		}
		if !strings.ContainsAny(s, "[]") {
			// Unbracketed text is one free-text reference...
			if len(refs) != 1 || refs[0].Kind != RefText || refs[0].Text != trimmed {
				t.Fatalf("%q gave %+v, want one text reference", s, refs)
			}
			// ...and in brackets, one reference with the same text.
			br := ParseReferences("[" + s + "]")
			if len(br) != 1 || br[0].Text != trimmed || br[0] != classifyReference(trimmed) {
				t.Fatalf("[%s] gave %+v", s, br)
			}
		}
	})
}
