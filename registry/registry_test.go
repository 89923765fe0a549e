package registry

import (
	"strings"
	"sync"
	"testing"

	"github.com/portolan/portolan/registry/ianatest"
)

var (
	embeddedOnce sync.Once
	embeddedReg  *Registry
	embeddedErr  error
)

func embedded(t testing.TB) *Registry {
	t.Helper()
	embeddedOnce.Do(func() { embeddedReg, embeddedErr = Embedded() })
	if embeddedErr != nil {
		t.Fatal(embeddedErr)
	}
	return embeddedReg
}

var (
	ianaOnce sync.Once
	ianaReg  *Registry
	ianaErr  error
)

func iana(t testing.TB) *Registry {
	t.Helper()
	path := ianatest.Path(t)
	ianaOnce.Do(func() { ianaReg, ianaErr = LoadFile(path) })
	if ianaErr != nil {
		t.Fatal(ianaErr)
	}
	return ianaReg
}

func TestEmbeddedSnapshotAnswers(t *testing.T) {
	reg := embedded(t)
	if got := reg.Source().String(); got != "embedded snapshot, data to 2026-07" {
		t.Errorf("source = %q", got)
	}
	if n := len(reg.Skipped()); n != 0 {
		t.Errorf("embedded snapshot skipped %d rows: %v", n, reg.Skipped()[:min(n, 3)])
	}
	for _, proto := range []Protocol{TCP, UDP, ProtoNone} {
		if st := reg.Status(290, proto); st != Unassigned {
			t.Errorf("290/%v status = %v, want unassigned", proto, st)
		}
		n := reg.NeighboursOf(290, proto)
		if n.Run == nil || n.Run.From != 288 || n.Run.To != 299 {
			t.Errorf("290/%v run = %+v, want 288-299", proto, n.Run)
		}
	}
	if ClassOf(290) != System {
		t.Error("290 is not System")
	}
	if n := reg.NeighboursOf(290, TCP); n.Next == nil || n.Next.Port != 300 || n.Next.Service != "tacacss" {
		t.Errorf("next assigned after 290/tcp = %+v, want 300 tacacss", n.Next)
	}
	if n := reg.NeighboursOf(290, UDP); n.Next == nil || n.Next.Port != 308 || n.Next.Service != "novastorbakcup" {
		t.Errorf("next assigned after 290/udp = %+v, want 308 novastorbakcup", n.Next)
	}
	if st := reg.Status(300, UDP); st != Reserved {
		t.Errorf("300/udp = %v, want reserved", st)
	}
	if r := reg.Primary(22, TCP); r == nil || r.Service != "ssh" || r.Description != "The Secure Shell (SSH) Protocol" {
		t.Errorf("22/tcp = %+v", r)
	}
	if r := reg.Primary(80, TCP); r == nil || r.Service != "http" {
		t.Errorf("80/tcp primary = %+v, want http", r)
	}
	if got := strings.Join(reg.Aliases(80, TCP), ","); got != "www,www-http" {
		t.Errorf("80/tcp aliases = %q, want www,www-http", got)
	}
	if r := reg.Primary(6000, TCP); r == nil || r.Service != "x11" || r.PortText() != "6000-6063" {
		t.Errorf("6000/tcp = %+v, want x11 6000-6063", r)
	}
	if !reg.Unauthorized(6003) || reg.Unauthorized(6002) {
		t.Error("the known unauthorized use of x11 should mark 6003 only")
	}
	if r := reg.Primary(853, UDP); r == nil || r.Service != "domain-s" || !strings.Contains(r.Description, "DTLS or QUIC") {
		t.Errorf("853/udp = %+v", r)
	}
	if st := reg.Status(0, ProtoNone); st != Reserved {
		t.Errorf("0 = %v, want reserved", st)
	}
	if st := reg.Status(49152, ProtoNone); st != Unassigned || ClassOf(49152) != Dynamic {
		t.Errorf("49152 = %v %v, want unassigned dynamic", st, ClassOf(49152))
	}
	if hits := reg.Search("secure shell", 5); len(hits) == 0 || hits[0].Port != 22 {
		t.Errorf("search secure shell = %+v, want 22 first", hits)
	}
}

func TestRealIANACSV(t *testing.T) {
	reg := iana(t)
	if got := len(reg.Records()); got != 14500 {
		t.Errorf("records = %d, want 14500", got)
	}
	if n := len(reg.Skipped()); n != 0 {
		t.Errorf("skipped %d rows: %v", n, reg.Skipped()[:min(n, 3)])
	}
	if d := reg.Source().Date; d != "2026-02-25" {
		t.Errorf("date = %q, want the newest date 2026-02-25", d)
	}
	ssh := reg.Primary(22, TCP)
	if ssh == nil || len(ssh.References) != 1 || ssh.References[0].Kind != RefRFC || ssh.References[0].RFC != 4251 {
		t.Errorf("22/tcp references = %+v, want RFC 4251", ssh)
	}
	http := reg.Primary(80, TCP)
	if http == nil || http.Assignee != "[IESG]" || len(http.References) != 1 || http.References[0].RFC != 9110 {
		t.Errorf("80/tcp = %+v, want assignee IESG and RFC 9110", http)
	}
	dns := reg.Primary(853, UDP)
	if dns == nil || len(dns.References) != 3 {
		t.Fatalf("853/udp = %+v, want three references", dns)
	}
	for i, want := range []int{7858, 8094, 9250} {
		if dns.References[i].RFC != want {
			t.Errorf("853/udp reference %d = %+v, want RFC %d", i, dns.References[i], want)
		}
	}
	// 716 is pana on udp only: not "unassigned" on tcp, assigned combined.
	if st := reg.Status(716, TCP); st != NotListed {
		t.Errorf("716/tcp = %v, want not listed", st)
	}
	if st := reg.Status(716, ProtoNone); st != Assigned {
		t.Errorf("716 combined = %v, want assigned", st)
	}
	if n := reg.NeighboursOf(290, TCP); n.Run == nil || *n.Run != (PortRun{288, 299}) || n.NearestFree != 290 {
		t.Errorf("290/tcp neighbours = %+v", n)
	}
	if n := reg.NeighboursOf(22, ProtoNone); n.NearestFree < 0 || reg.Status(uint16(n.NearestFree), ProtoNone) != Unassigned {
		t.Errorf("nearest free from 22 = %d", n.NearestFree)
	}
	for _, p := range []uint16{28017, 28018, 28019} {
		if !reg.Unauthorized(p) {
			t.Errorf("%d should carry the reported unauthorized use", p)
		}
	}
}

func TestStatusRules(t *testing.T) {
	b := NewBuilder("test")
	b.Add(Record{Service: "onlyudp", HasPort: true, Low: 10, High: 10, Protocol: UDP, Description: "x"})
	b.Add(Record{HasPort: true, Low: 11, High: 20, Description: "Unassigned"})
	b.Add(Record{HasPort: true, Low: 15, High: 15, Protocol: TCP, Description: "Reserved"})
	b.Add(Record{HasPort: true, Low: 21, High: 21, Protocol: TCP, Description: "De-registered"})
	reg := b.Build()
	cases := []struct {
		port  uint16
		proto Protocol
		want  Status
	}{
		{10, UDP, Assigned}, {10, TCP, NotListed}, {10, ProtoNone, Assigned},
		{12, TCP, Unassigned}, {12, SCTP, Unassigned}, {15, TCP, Reserved}, {15, UDP, Unassigned},
		{15, ProtoNone, Reserved}, {21, TCP, Other}, {21, UDP, NotListed}, {21, ProtoNone, Other},
		{22, TCP, Unassigned}, {60000, ProtoNone, Unassigned},
	}
	for _, c := range cases {
		if got := reg.Status(c.port, c.proto); got != c.want {
			t.Errorf("%d/%v = %v, want %v", c.port, c.proto, got, c.want)
		}
	}
	if n := reg.NeighboursOf(12, UDP); n.Run == nil || *n.Run != (PortRun{11, 20}) {
		t.Errorf("udp run around 12 = %+v, want 11-20", n.Run)
	}
	if n := reg.NeighboursOf(12, TCP); n.Run == nil || *n.Run != (PortRun{11, 14}) {
		t.Errorf("tcp run around 12 = %+v, want 11-14", n.Run)
	}
	// 9 and 11 are both one away: the lower one wins the tie.
	if n := reg.NeighboursOf(10, TCP); n.Run != nil || n.NearestFree != 9 {
		t.Errorf("10/tcp = %+v, want no run and nearest free 9", n)
	}
}

func TestSearchRanking(t *testing.T) {
	reg := embedded(t)
	cases := []struct {
		query   string
		port    uint16
		service string
		score   int
	}{
		{"22", 22, "ssh", ScorePort},
		{"ssh", 22, "ssh", ScoreExactName},
		{"SSH", 22, "ssh", ScoreExactName},
		{"secure shell", 22, "ssh", 0},
		{"290", 290, "", ScorePort},
	}
	for _, c := range cases {
		hits := reg.Search(c.query, 10)
		if len(hits) == 0 {
			t.Errorf("%q: no hits", c.query)
			continue
		}
		h := hits[0]
		if h.Port != c.port || h.Service != c.service || c.score != 0 && h.Score != c.score {
			t.Errorf("%q: first hit %+v, want %d %q score %d", c.query, h, c.port, c.service, c.score)
		}
	}
	hits := reg.Search("288-307", 0)
	if hits[0].Port != 288 || hits[0].To != 307 || hits[0].Score != ScoreRange {
		t.Errorf("range hit = %+v", hits[0])
	}
	if !strings.Contains(hits[0].Description, "20 ports, 1 assigned") {
		t.Errorf("range summary = %q, want 20 ports, 1 assigned (300/tcp)", hits[0].Description)
	}
	// A prefix finds names that start with it, shorter first.
	hits = reg.Search("http", 20)
	if hits[0].Service != "http" || hits[0].Protocol != "tcp/udp/sctp" {
		t.Errorf("http first = %+v", hits[0])
	}
	for i := 1; i < len(hits); i++ {
		if hits[i].Score > hits[i-1].Score {
			t.Fatalf("hits not ranked: %+v", hits)
		}
	}
	if hits := reg.Search("no-such-thing-here", 5); len(hits) != 0 {
		t.Errorf("nonsense query found %+v", hits)
	}
}

func TestParseCSVErrors(t *testing.T) {
	_, err := ParseCSV(strings.NewReader("<html><body>Error</body></html>\n"), "x")
	if err == nil || !strings.Contains(err.Error(), "Service Name") {
		t.Errorf("HTML page: err = %v, want a message naming the expected header", err)
	}
	_, err = ParseCSV(strings.NewReader(""), "x")
	if err == nil {
		t.Error("empty file: no error")
	}
	src := "Service Name,Port Number,Transport Protocol,Description,Assignee,Contact,Registration Date,Modification Date,Reference,Service Code,Known Unauthorized Uses,Assignment Notes\n" +
		"ssh,22,tcp,SSH,,,,,[RFC4251],,,\n" +
		"bad,70000,tcp,too high,,,,,,,,\n" +
		"odd,23,ip,odd proto,,,,,,,,\n" +
		"short,24\n" +
		",30-20,,Unassigned,,,,,,,,\n" +
		"x11,6000-6063,tcp,X,,,,,,,Known Unauthorized Use on port 6003,\"multi\nline\"\n"
	reg, err := ParseCSV(strings.NewReader(src), "t.csv")
	if err != nil {
		t.Fatal(err)
	}
	if got := len(reg.Records()); got != 2 {
		t.Errorf("records = %d, want 2", got)
	}
	lines := []int{}
	for _, s := range reg.Skipped() {
		lines = append(lines, s.Line)
	}
	if want := []int{3, 4, 5, 6}; !equalInts(lines, want) {
		t.Errorf("skipped lines = %v, want %v (%+v)", lines, want, reg.Skipped())
	}
	x11 := reg.Primary(6001, TCP)
	if x11 == nil || x11.Notes != "multi\nline" || x11.Line != 7 || !reg.Unauthorized(6003) {
		t.Errorf("x11 = %+v", x11)
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestReferences(t *testing.T) {
	refs := ParseReferences("[RFC8765, Section 6.1][Jon_Postel][http://example.org/x][RFC-ietf-emailcore-rfc5321bis-43][3GPP TS 24.379]")
	if len(refs) != 5 {
		t.Fatalf("refs = %+v", refs)
	}
	if refs[0].Kind != RefRFC || refs[0].RFC != 8765 || refs[0].Section != "6.1" ||
		refs[0].URL() != "https://www.rfc-editor.org/rfc/rfc8765#section-6.1" || refs[0].String() != "RFC 8765, Section 6.1" {
		t.Errorf("rfc = %+v %s", refs[0], refs[0].URL())
	}
	if refs[1].Kind != RefPerson || refs[1].URL() != "" {
		t.Errorf("person = %+v", refs[1])
	}
	if refs[2].Kind != RefURL || refs[2].URL() != "http://example.org/x" {
		t.Errorf("url = %+v", refs[2])
	}
	if refs[3].Kind != RefDraft || refs[3].URL() != "https://datatracker.ietf.org/doc/draft-ietf-emailcore-rfc5321bis/" {
		t.Errorf("draft = %+v %s", refs[3], refs[3].URL())
	}
	if refs[4].Kind != RefText {
		t.Errorf("text = %+v", refs[4])
	}
}

// Every port maps to records that cover it, and nothing else.
func TestLookupCoversExactly(t *testing.T) {
	reg := embedded(t)
	for p := 0; p < NumPorts; p++ {
		pr := reg.Lookup(uint16(p))
		for i := 0; i < pr.Len(); i++ {
			if !pr.At(i).Contains(uint16(p)) {
				t.Fatalf("port %d lists a record that does not cover it: %+v", p, pr.At(i))
			}
		}
	}
	count := 0
	for i := range reg.Records() {
		r := &reg.Records()[i]
		if r.HasPort {
			count += int(r.High) - int(r.Low) + 1
		}
	}
	if count != reg.ports.entries() {
		t.Errorf("index holds %d entries, records cover %d", reg.ports.entries(), count)
	}
}

func TestReferenceEdgeCases(t *testing.T) {
	refs := ParseReferences("[TR-352][1][draft-herbert-gue-02][RFC99999999999999999999][IESG]")
	want := []RefKind{RefText, RefText, RefDraft, RefText, RefPerson}
	if len(refs) != len(want) {
		t.Fatalf("refs = %+v", refs)
	}
	for i, k := range want {
		if refs[i].Kind != k {
			t.Errorf("%q: kind %v, want %v", refs[i].Text, refs[i].Kind, k)
		}
	}
	if u := refs[2].URL(); u != "https://datatracker.ietf.org/doc/draft-herbert-gue/" {
		t.Errorf("draft URL = %s", u)
	}
}

// A file of many whole-space ranges must not blow up the index.
func TestRangeCap(t *testing.T) {
	b := NewBuilder("hostile")
	for i := 0; i < 100; i++ {
		b.Add(Record{HasPort: true, Low: 0, High: 65535, Description: "Unassigned", Line: i + 2})
	}
	reg := b.Build()
	if kept, skipped := len(reg.Records()), len(reg.Skipped()); kept != MaxPortEntries/NumPorts || skipped != 100-kept {
		t.Errorf("kept %d, skipped %d", kept, skipped)
	}
	if s := reg.Skipped()[0]; s.Line != MaxPortEntries/NumPorts+2 || !strings.Contains(s.Reason, "too many port ranges") {
		t.Errorf("first skip = %+v", s)
	}
}

// A port-less-protocol assignment (swx 7300-7359) names the port on each protocol.
func TestProtocolLessAssignment(t *testing.T) {
	b := NewBuilder("t")
	b.Add(Record{Service: "swx", HasPort: true, Low: 7300, High: 7359, Description: "The Swiss Exchange"})
	reg := b.Build()
	if r := reg.Primary(7301, TCP); r == nil || r.Service != "swx" {
		t.Errorf("Primary(7301, tcp) = %+v", r)
	}
	if n := reg.NeighboursOf(7000, UDP); n.Next == nil || n.Next.Port != 7300 || n.Next.Service != "swx" {
		t.Errorf("next after 7000/udp = %+v", n.Next)
	}
}
