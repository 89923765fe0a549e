package registry

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
)

func xmlTestParseFile(t *testing.T, path string, parse func(f *os.File) (*Registry, error)) *Registry {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	reg, err := parse(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return reg
}

// recordsNamed finds records by service name, port or no port.
func recordsNamed(reg *Registry, name string) []*Record {
	var out []*Record
	recs := reg.Records()
	for i := range recs {
		if recs[i].Service == name {
			out = append(out, &recs[i])
		}
	}
	return out
}

func sampleXML(t *testing.T) *Registry {
	return xmlTestParseFile(t, "testdata/sample.xml", func(f *os.File) (*Registry, error) { return ParseXML(f, "sample.xml") })
}

func sampleCSV(t *testing.T) *Registry {
	return xmlTestParseFile(t, "testdata/sample.csv", func(f *os.File) (*Registry, error) { return ParseCSV(f, "sample.csv") })
}

// releaseIndependent drops the fields that differ by nature between two releases.
func releaseIndependent(r Record) Record {
	r.Line, r.Source = 0, ""
	return r
}

func TestXMLMatchesCSV(t *testing.T) {
	x, c := sampleXML(t), sampleCSV(t)
	if len(x.Skipped()) != 0 || len(c.Skipped()) != 0 {
		t.Fatalf("skipped rows: xml %v, csv %v", x.Skipped(), c.Skipped())
	}
	xr, cr := x.Records(), c.Records()
	if len(xr) != 17 || len(cr) != 17 {
		t.Fatalf("got %d XML and %d CSV records, want 17 each", len(xr), len(cr))
	}
	for i := range cr {
		a, b := releaseIndependent(xr[i]), releaseIndependent(cr[i])
		if !reflect.DeepEqual(a, b) {
			t.Errorf("record %d (%s %s/%s) differs:\n xml %#v\n csv %#v", i, b.Service, b.PortText(), b.Protocol, a, b)
		}
	}
	for _, r := range xr {
		if r.Source != "sample.xml" {
			t.Errorf("record %s: Source %q, want sample.xml", r.Service, r.Source)
		}
	}
	for _, port := range []uint16{9, 22, 80, 290, 300, 853, 991, 6003, 6080, 10809} {
		for _, proto := range append([]Protocol{ProtoNone}, Transports[:]...) {
			if xs, cs := x.Status(port, proto), c.Status(port, proto); xs != cs {
				t.Errorf("Status(%d, %q): xml %v, csv %v", port, proto, xs, cs)
			}
			if xn, cn := x.NeighboursOf(port, proto), c.NeighboursOf(port, proto); !reflect.DeepEqual(xn, cn) {
				t.Errorf("NeighboursOf(%d, %q): xml %+v, csv %+v", port, proto, xn, cn)
			}
			if xa, ca := x.Aliases(port, proto), c.Aliases(port, proto); !reflect.DeepEqual(xa, ca) {
				t.Errorf("Aliases(%d, %q): xml %v, csv %v", port, proto, xa, ca)
			}
		}
		if x.Unauthorized(port) != c.Unauthorized(port) {
			t.Errorf("Unauthorized(%d) differs", port)
		}
	}
	if x.Source().Date != c.Source().Date || x.Source().Date != "2025-07-15" {
		t.Errorf("source dates: xml %q, csv %q, want 2025-07-15", x.Source().Date, c.Source().Date)
	}
}

// TestXMLSampleAnswers pins what the sample says, so that both parsers
// agreeing on a wrong answer still fails.
func TestXMLSampleAnswers(t *testing.T) {
	reg := sampleXML(t)
	status := []struct {
		port  uint16
		proto Protocol
		want  Status
	}{
		{22, TCP, Assigned}, {22, UDP, Assigned}, {22, SCTP, NotListed},
		{80, ProtoNone, Assigned}, {80, UDP, NotListed},
		{290, TCP, Unassigned}, {290, ProtoNone, Unassigned},
		{300, TCP, Assigned}, {300, UDP, Reserved}, {300, ProtoNone, Assigned},
		{853, UDP, Assigned}, {6003, TCP, Assigned}, {6064, TCP, Unassigned},
	}
	for _, s := range status {
		if got := reg.Status(s.port, s.proto); got != s.want {
			t.Errorf("Status(%d, %q) = %v, want %v", s.port, s.proto, got, s.want)
		}
	}
	if !reg.Unauthorized(6003) || reg.Unauthorized(6004) {
		t.Error("Unauthorized: want 6003 only (from the x11 record)")
	}
	if got := reg.Aliases(80, TCP); !reflect.DeepEqual(got, []string{"www"}) {
		t.Errorf("Aliases(80/tcp) = %v, want [www]", got)
	}
	n := reg.NeighboursOf(290, TCP)
	// 81-287 are gaps of the sample (no statement at all), so unassigned too.
	if n.Run == nil || n.Run.From != 81 || n.Run.To != 299 {
		t.Errorf("NeighboursOf(290).Run = %+v, want 81-299", n.Run)
	}
	if n.Previous == nil || n.Previous.Port != 80 || n.Previous.Service != "http" {
		t.Errorf("NeighboursOf(290).Previous = %+v, want 80 http", n.Previous)
	}
	if n.Next == nil || n.Next.Port != 300 || n.Next.Service != "tacacss" {
		t.Errorf("NeighboursOf(290).Next = %+v, want 300 tacacss", n.Next)
	}

	http := reg.Primary(80, TCP)
	if http == nil || http.Service != "http" {
		t.Fatalf("Primary(80/tcp) = %+v", http)
	}
	wantNotes := "Defined TXT keys: u=<username> p=<password> path=<path to document>\n\nA second paragraph, written for this test fixture."
	if http.Notes != wantNotes {
		t.Errorf("http notes = %q, want %q", http.Notes, wantNotes)
	}
	if http.Assignee != "[IESG]" || http.Contact != "[IETF_Chair]" || http.Modified != "2021-10-01" {
		t.Errorf("http assignee/contact/modified = %q %q %q", http.Assignee, http.Contact, http.Modified)
	}

	ds := reg.RecordsFor(853, UDP)
	if len(ds) != 1 {
		t.Fatalf("853/udp: %d records", len(ds))
	}
	wantRefs := []Reference{{Kind: RefRFC, Text: "RFC7858", RFC: 7858}, {Kind: RefRFC, Text: "RFC8094", RFC: 8094}, {Kind: RefRFC, Text: "RFC9250", RFC: 9250}}
	if !reflect.DeepEqual(ds[0].References, wantRefs) || ds[0].Registered != "2015-10-08" || ds[0].Modified != "2022-04-01" {
		t.Errorf("853/udp = %+v", *ds[0])
	}

	push := recordsNamed(reg, "dns-push-tls")
	if len(push) != 1 || push[0].HasPort || push[0].Protocol != TCP {
		t.Fatalf("dns-push-tls = %+v", push)
	}
	if want := []Reference{{Kind: RefRFC, Text: "RFC8765, Section 6.1", RFC: 8765, Section: "6.1"}}; !reflect.DeepEqual(push[0].References, want) {
		t.Errorf("dns-push-tls references = %+v, want %+v", push[0].References, want)
	}
	if nbd := reg.Primary(10809, TCP); nbd == nil || len(nbd.References) != 1 || nbd.References[0].Kind != RefURL {
		t.Errorf("nbd = %+v, want one URL reference", nbd)
	}
	if d := reg.Primary(9, DCCP); d == nil || d.ServiceCode != "1145656131" {
		t.Errorf("discard/dccp = %+v, want service code 1145656131", d)
	}
	if r := reg.RecordsFor(300, UDP); len(r) != 1 || r[0].Notes != "Held back for TACACSS (see [RFC9887])" {
		t.Errorf("300/udp = %+v, want the inline xref as [RFC9887]", r)
	}
}

func TestXMLRecordLines(t *testing.T) {
	f, err := os.Open("testdata/sample.xml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var want []int
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		if strings.HasPrefix(strings.TrimSpace(sc.Text()), "<record") {
			want = append(want, n)
		}
	}
	var got []int
	for _, r := range sampleXML(t).Records() {
		got = append(got, r.Line)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("record lines = %v, want %v", got, want)
	}
}

func TestXMLPeopleIgnored(t *testing.T) {
	reg := sampleXML(t)
	for _, r := range reg.Records() {
		for _, s := range []string{r.Service, r.Description, r.Notes} {
			if strings.Contains(s, "Kohler") || strings.Contains(s, "Example Org") || strings.Contains(s, "mailto:") || strings.Contains(s, "belongs to the registry") {
				t.Errorf("record %+v holds text from outside the records", r)
			}
		}
	}
	if got := recordsNamed(reg, "Eddie Kohler"); len(got) != 0 {
		t.Errorf("a person became a record: %+v", got)
	}
	// The newest date is the records', not the people table's or the
	// registry's own <updated>.
	if d := reg.Source().Date; d != "2025-07-15" {
		t.Errorf("Source().Date = %q", d)
	}
}

func TestXMLNotRegistry(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"html", "<!DOCTYPE html>\n<html><head><title>IANA</title></head><body>moved</body></html>", "found <html>"},
		{"empty", "", "no element"},
		{"text", "this is not XML", "no element"},
		{"other registry", `<registry xmlns="http://www.iana.org/assignments" id="protocol-numbers"><record><value>6</value><name>TCP</name></record></registry>`, `"protocol-numbers"`},
		{"no records", `<registry id="service-names-port-numbers"><title>t</title></registry>`, "no <record>"},
		{"only bad records", "<registry>\n<record><number>99999</number></record>\n</registry>", "line 2"},
		{"broken before any record", "<registry>\n<title>t</titel>\n<record><name>a</name><number>1</number></record></registry>", "breaks off"},
		{"broken prolog", "<?xml version='1.0'?>\n<registry id='x\n", "not readable as XML"},
		{"unknown encoding", `<?xml version="1.0" encoding="EBCDIC"?><registry/>`, "not readable"},
	}
	for _, c := range cases {
		reg, err := ParseXML(strings.NewReader(c.in), "test")
		if err == nil {
			t.Errorf("%s: no error, %d records", c.name, len(reg.Records()))
			continue
		}
		if !errors.Is(err, ErrNotRegistry) {
			t.Errorf("%s: error %v does not wrap ErrNotRegistry", c.name, err)
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %q lacks %q", c.name, err, c.want)
		}
		if reg != nil {
			t.Errorf("%s: a registry came back with the error", c.name)
		}
	}
	// Through the format detection too.
	if _, err := Parse(strings.NewReader("<html><body/></html>"), "page.html"); !errors.Is(err, ErrNotRegistry) {
		t.Errorf("Parse(html) = %v, want ErrNotRegistry", err)
	}
}

func TestXMLBadRecordsSkipped(t *testing.T) {
	in := `<registry id="service-names-port-numbers">
  <record>
    <name>good</name><protocol>tcp</protocol><number>1000</number>
  </record>
  <record>
    <name>too-high</name><protocol>tcp</protocol><number>70000</number>
  </record>
  <record><name>apple</name><protocol>ddp</protocol><number>201</number></record>
  <record><description>Nothing here</description></record>
  <record><name>backwards</name><protocol>udp</protocol><number>10-5</number></record>
  <record><name>good2</name><protocol>udp</protocol><number>1001</number></record>
</registry>`
	reg, err := ParseXML(strings.NewReader(in), "test")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range reg.Records() {
		names = append(names, r.Service)
	}
	if !reflect.DeepEqual(names, []string{"good", "good2"}) {
		t.Errorf("records = %v, want [good good2]", names)
	}
	want := []struct {
		line   int
		reason string
	}{{5, "70000"}, {8, `"ddp"`}, {9, "neither a service name nor a port number"}, {10, "backwards"}}
	sk := reg.Skipped()
	if len(sk) != len(want) {
		t.Fatalf("skipped = %+v, want %d rows", sk, len(want))
	}
	for i, w := range want {
		if sk[i].Line != w.line || !strings.Contains(sk[i].Reason, w.reason) {
			t.Errorf("skipped[%d] = %+v, want line %d with %q", i, sk[i], w.line, w.reason)
		}
	}
	if reg.Counts()["skipped"] != 4 {
		t.Errorf("Counts = %v", reg.Counts())
	}
}

func TestXMLMalformedMidFile(t *testing.T) {
	for _, c := range []struct {
		name, tail string
		line       int
	}{
		{"mismatched tag", "  <record><name>bad</nme></record>\n  <record><name>lost</name><number>3</number></record>\n</registry>\n", 4},
		{"truncated", "  <record><name>cut", 4},
		{"unclosed root", "", 3},
	} {
		in := "<registry>\n  <record><name>a</name><protocol>tcp</protocol><number>1</number></record>\n  <record><name>b</name><protocol>tcp</protocol><number>2</number></record>\n" + c.tail
		reg, err := ParseXML(strings.NewReader(in), "test")
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if n := len(reg.Records()); n != 2 {
			t.Errorf("%s: %d records, want the 2 read before the break", c.name, n)
		}
		sk := reg.Skipped()
		if len(sk) != 1 || !strings.Contains(sk[0].Reason, "breaks off") || sk[0].Line < c.line {
			t.Errorf("%s: skipped = %+v, want one 'breaks off' row at line >= %d", c.name, sk, c.line)
		}
		if reg.Primary(2, TCP) == nil {
			t.Errorf("%s: port 2 lost", c.name)
		}
	}
}

func TestXMLFieldRules(t *testing.T) {
	in := `<?xml version="1.0" encoding="UTF-8"?>
<registry xmlns="http://www.iana.org/assignments">
  <record>
    <name>old-style</name><protocol>TCP</protocol><number> 7 </number>
    <xref type="person" data="Jon_Postel"/>
    <xref type="rfc" data="rfc8765#section-6.1"/>
    <xref type="note" data="1"/>
    <xref type="draft" data="RFC-ietf-emailcore-rfc5321bis-43"/>
    <description>encrypted admin requests<br/><br/>
IANA assigned this name, see <xref type="person" data="Jon_Postel"/>.</description>
    <registration-date>2001-02-03</registration-date>
    <modification-date>2004-05-06</modification-date>
    <code>42</code>
    <notes>first note</notes>
    <note><paragraph>p1</paragraph>between<paragraph>p2 <xref type="uri" data="http://example.org/x"/></paragraph></note>
    <unknown-child><name>not the name</name></unknown-child>
  </record>
  <record>
    <name>both-roles</name>
    <assignee><xref type="person" data="Org_A"/><xref type="person" data="Org_B"/></assignee>
    <contact>Plain Text Contact</contact>
    <xref type="person" data="Stray_Person"/>
  </record>
</registry>`
	reg, err := ParseXML(strings.NewReader(in), "test")
	if err != nil {
		t.Fatal(err)
	}
	recs := reg.Records()
	if len(recs) != 2 {
		t.Fatalf("%d records", len(recs))
	}
	r := recs[0]
	want := Record{
		Service: "old-style", HasPort: true, Low: 7, High: 7, Protocol: TCP,
		Description: "encrypted admin requests\nIANA assigned this name, see [Jon_Postel].",
		Assignee:    "[Jon_Postel]", Contact: "[Jon_Postel]",
		Registered: "2001-02-03", Modified: "2004-05-06",
		References: []Reference{
			{Kind: RefRFC, Text: "RFC8765, Section 6.1", RFC: 8765, Section: "6.1"},
			classifyReference("1"),
			{Kind: RefDraft, Text: "RFC-ietf-emailcore-rfc5321bis-43"},
		},
		ServiceCode: "42",
		Notes:       "first note\n\np1\n\nbetween\n\np2 [http://example.org/x]",
		Source:      "test", Line: 3,
	}
	if !reflect.DeepEqual(r, want) {
		t.Errorf("record 1:\n got %#v\nwant %#v", r, want)
	}
	r = recs[1]
	if r.HasPort || r.Protocol != ProtoNone || r.Assignee != "[Org_A][Org_B]" || r.Contact != "[Plain Text Contact]" {
		t.Errorf("record 2 = %+v", r)
	}
	if len(r.References) != 1 || r.References[0].Text != "Stray_Person" {
		t.Errorf("record 2: a stray person id with both roles given should be kept as a reference, got %+v", r.References)
	}
}

func TestXMLLatin1(t *testing.T) {
	in := "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<registry><record><name>caf\xe9</name><protocol>udp</protocol><number>5</number><description>Caf\xe9 \xb5</description></record></registry>"
	reg, err := ParseXML(strings.NewReader(in), "latin1")
	if err != nil {
		t.Fatal(err)
	}
	if r := reg.Records()[0]; r.Service != "café" || r.Description != "Café µ" {
		t.Errorf("got %q %q", r.Service, r.Description)
	}
}

func TestXMLByteOrderMark(t *testing.T) {
	in := "\ufeff<?xml version='1.0' encoding='UTF-8'?>\n<registry><record><name>a</name><number>1</number></record></registry>"
	reg, err := Parse(strings.NewReader(in), "bom.xml")
	if err != nil {
		t.Fatal(err)
	}
	if reg.Source().Kind != string(FormatXML) || len(reg.Records()) != 1 || reg.Records()[0].Line != 2 {
		t.Errorf("kind %q, records %+v", reg.Source().Kind, reg.Records())
	}
}

func TestLoadFileXML(t *testing.T) {
	reg, err := LoadFile("testdata/sample.xml")
	if err != nil {
		t.Fatal(err)
	}
	if s := reg.Source(); s.Kind != string(FormatXML) || s.Name != "testdata/sample.xml" {
		t.Errorf("source = %+v", s)
	}
	if got := len(reg.Records()); got != 17 {
		t.Errorf("%d records", got)
	}
}

// A large generated file parses with every record and without trouble.
func TestXMLManyRecords(t *testing.T) {
	var sb strings.Builder
	sb.WriteString(`<registry id="service-names-port-numbers">` + "\n")
	for p := 0; p < 20000; p++ {
		fmt.Fprintf(&sb, "<record><name>svc%d</name><protocol>tcp</protocol><number>%d</number><xref type=\"rfc\" data=\"rfc%d\"/></record>\n", p, p, p+1)
	}
	sb.WriteString("</registry>\n")
	reg, err := ParseXML(strings.NewReader(sb.String()), "big")
	if err != nil {
		t.Fatal(err)
	}
	if n := len(reg.Records()); n != 20000 {
		t.Fatalf("%d records", n)
	}
	if r := reg.Primary(19999, TCP); r == nil || r.Service != "svc19999" || r.Line != 20001 || r.References[0].RFC != 20000 {
		t.Errorf("last record = %+v", r)
	}
}
