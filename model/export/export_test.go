package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/portolan/portolan/model"
	"github.com/portolan/portolan/model/identity"
	"github.com/portolan/portolan/model/listen"
	"github.com/portolan/portolan/registry"
)

func exportTestSpace(t testing.TB) *model.Space {
	t.Helper()
	reg, err := registry.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	return &model.Space{Reg: reg, Ephemeral: model.EphemeralRange{Low: 32768, High: 60999, Source: "test"}}
}

// The text is `portolan port 290` as the CLI printed it before sharing
// this writer.
const text290 = `Port 290: unassigned, System range

tcp: unassigned
    record             288-299: Unassigned
    unassigned run     288-299 (12 ports)
    previous assigned  287 k-block
    next assigned      300 tacacss

udp: unassigned
    record             288-299: Unassigned
    unassigned run     288-299 (12 ports)
    previous assigned  287 k-block
    next assigned      308 novastorbakcup

sctp: unassigned
    record             288-299: Unassigned
    unassigned run     288-299 (12 ports)
    previous assigned  179 bgp
    next assigned      443 https

dccp: unassigned
    record             288-299: Unassigned
    unassigned run     288-299 (12 ports)
    previous assigned  9 discard
    next assigned      1021 exp1

Nearest free (unassigned, non-dynamic) port: 290
`

func TestExportPortText(t *testing.T) {
	s := exportTestSpace(t)
	got, err := PortString(s, s.Answer(290, registry.ProtoNone), Text)
	if err != nil {
		t.Fatal(err)
	}
	if got != text290 {
		t.Errorf("text for 290:\n%s\nwant:\n%s", got, text290)
	}
	got, _ = PortString(s, s.Answer(50000, registry.ProtoNone), Text)
	for _, want := range []string{"Port 50000: unassigned, Dynamic range, in this machine's ephemeral range 32768-60999\n",
		"IANA never assigns ports of the Dynamic range (49152-65535).\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("text for 50000 lacks %q:\n%s", want, got)
		}
	}
	got, _ = PortString(s, s.Answer(6003, registry.TCP), Text)
	if !strings.Contains(got, "Warning: IANA has a report of unauthorized use of this port.") || strings.Contains(got, "\nudp:") {
		t.Errorf("text for 6003/tcp:\n%s", got)
	}
}

func TestExportPortJSONIsTheCLIJSON(t *testing.T) {
	s := exportTestSpace(t)
	a := s.Answer(80, registry.ProtoNone)
	got, err := PortString(s, a, JSON)
	if err != nil {
		t.Fatal(err)
	}
	want, err := json.MarshalIndent(a, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	// The same document as encoding/json gives, bar HTML escaping.
	var gotV, wantV any
	if err := json.Unmarshal([]byte(got), &gotV); err != nil {
		t.Fatalf("JSON does not read back: %v", err)
	}
	_ = json.Unmarshal(want, &wantV)
	if g, w := fmt.Sprint(gotV), fmt.Sprint(wantV); g != w {
		t.Errorf("JSON differs from the answer:\n%s\nwant\n%s", g, w)
	}
	// Indented by two spaces, placeholders not escaped, newline at the end.
	if !strings.HasPrefix(got, "{\n  \"port\": 80,\n") || !strings.Contains(got, "u=<username>") || !strings.HasSuffix(got, "}\n") {
		t.Errorf("JSON form:\n%s", got)
	}
}

func TestExportPortMarkdown(t *testing.T) {
	s := exportTestSpace(t)
	got, err := PortString(s, s.Answer(22, registry.ProtoNone), Markdown)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"## Port 22: assigned, System range\n",
		"### tcp: assigned, ssh\n",
		"- **22 ssh**: The Secure Shell (SSH) Protocol\n",
		"  - References: [RFC 4251](https://www.rfc-editor.org/rfc/rfc4251)\n",
		"  - Notes: Defined TXT keys: u=\\<username\\> p=\\<password\\>\n",
		"  - Assignee: \\[Randall\\_Stewart\\]\n",
		"- Previous assigned: 21 ftp\n",
		"Nearest free (unassigned, non-dynamic) port: **26**\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("Markdown lacks %q:\n%s", want, got)
		}
	}
	got, _ = PortString(s, s.Answer(6003, registry.ProtoNone), Markdown)
	if !strings.Contains(got, "> **Warning:** IANA has a report of unauthorized use of this port.") {
		t.Errorf("Markdown for 6003 has no warning:\n%s", got)
	}
	if _, err := PortString(s, s.Answer(22, registry.ProtoNone), "yaml"); err == nil {
		t.Error("an unknown format gave no error")
	}
}

func TestReferenceURL(t *testing.T) {
	refs := registry.ParseReferences("[RFC8765, Section 6.1][Jon_Postel][3GPP TS 24.379]")
	want := []string{
		"https://www.rfc-editor.org/rfc/rfc8765#section-6.1",
		"https://www.iana.org/assignments/service-names-port-numbers/service-names-port-numbers.xhtml?search=53",
		"https://www.iana.org/assignments/service-names-port-numbers/service-names-port-numbers.xhtml?search=53",
	}
	for i, ref := range refs {
		if got := referenceURL(ref, 53); got != want[i] {
			t.Errorf("%v -> %s, want %s", ref, got, want[i])
		}
	}
}

func TestAnswerRange(t *testing.T) {
	s := exportTestSpace(t)
	a := s.AnswerRange(307, 288, registry.ProtoNone) // ends in either order
	if a.From != 288 || a.To != 307 || a.Ports != 20 || a.ClassesText() != "System" || a.Ephemeral != nil {
		t.Fatalf("range = %+v", a)
	}
	counts := map[registry.Status]int{}
	for p := 288; p <= 307; p++ {
		counts[s.Reg.Status(uint16(p), registry.ProtoNone)]++
	}
	total := 0
	for _, st := range model.StatusOrder {
		if a.Counts[st] != counts[st] {
			t.Errorf("%v: %d, counted %d", st, a.Counts[st], counts[st])
		}
		total += a.Counts[st]
	}
	if total != 20 {
		t.Errorf("counts add up to %d", total)
	}
	if len(a.Services) != 1 || a.Services[0].Service != "tacacss" || a.Services[0].Protocols != "tcp" || a.Services[0].Port != 300 {
		t.Errorf("services = %+v", a.Services)
	}
	// Records are folded over protocols and listed once, where they start.
	x := s.AnswerRange(5990, 6010, registry.ProtoNone)
	var x11 []model.RangeService
	for _, svc := range x.Services {
		if svc.Service == "x11" {
			x11 = append(x11, svc)
		}
	}
	if len(x11) != 1 || x11[0].Ports != "6000-6063" || x11[0].Protocols != "tcp/udp" {
		t.Errorf("x11 in 5990-6010 = %+v", x11)
	}
	if len(x.Unauthorized) != 1 || x.Unauthorized[0] != 6003 {
		t.Errorf("unauthorized = %v, want [6003]", x.Unauthorized)
	}
	// A range starting inside a record still lists it.
	if y := s.AnswerRange(6010, 6020, registry.UDP); len(y.Services) != 1 || y.Services[0].Protocols != "udp" {
		t.Errorf("6010-6020/udp services = %+v", y.Services)
	}
	d := s.AnswerRange(49000, 50000, registry.ProtoNone)
	if d.ClassesText() != "User and Dynamic" || d.Ephemeral == nil || *d.Ephemeral != (registry.PortRun{From: 49000, To: 50000}) {
		t.Errorf("49000-50000 = %+v %v", d.Classes, d.Ephemeral)
	}
}

func TestExportRange(t *testing.T) {
	s := exportTestSpace(t)
	a := s.AnswerRange(5990, 6010, registry.ProtoNone)
	text, err := RangeString(a, Text)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Ports 5990-6010: 21 ports, User range\n", "Warning: IANA has reports of unauthorized use of 6003.\n", "6000-6063  tcp/udp"} {
		if !strings.Contains(text, want) {
			t.Errorf("range text lacks %q:\n%s", want, text)
		}
	}
	md, _ := RangeString(a, Markdown)
	if !strings.Contains(md, "| 6000-6063 | tcp/udp | x11 | X Window System |") {
		t.Errorf("range Markdown:\n%s", md)
	}
	js, _ := RangeString(a, JSON)
	if !strings.Contains(js, `"counts": {`) || !strings.Contains(js, `"assigned": `) || !strings.Contains(js, `"unauthorized_use_reported": [`) {
		t.Errorf("range JSON:\n%s", js)
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestExportReportsWriteErrors(t *testing.T) {
	s := exportTestSpace(t)
	for _, f := range Formats {
		if err := Port(failWriter{}, s, s.Answer(80, registry.ProtoNone), f); err == nil {
			t.Errorf("%s: a failing writer gave no error", f)
		}
	}
	var b bytes.Buffer
	if err := Range(&b, s.AnswerRange(1, 2, registry.TCP), Text); err != nil || b.Len() == 0 {
		t.Errorf("range text: %v %q", err, b.String())
	}
}

// Issue 12, item 10: cells a spreadsheet would run as formulas are written
// as text, with a leading single quote; other cells are as they were.
func TestListenersCSVNeutralisesFormulas(t *testing.T) {
	l := listen.Listener{Protocol: "tcp", Family: "ipv4", Address: "127.0.0.1", Port: 8080, Scope: listen.ScopeLoopback, PID: 4242,
		Process: "=1+1+cmd|'/C calc'!A0", Exe: "+SUM(A1)", Cmdline: "-2+3 --serve", User: "@evil", Service: "\tx", Note: "\rnote",
		Facts: &identity.Facts{Unit: "=evil.service", Package: "+pkg", Container: "-c", Runtime: ""}}
	plain := listen.Listener{Protocol: "udp", Family: "ipv6", Address: "::", Port: 53, Scope: listen.ScopeAll,
		Process: "dns-1=ok", Exe: "/usr/sbin/named", Cmdline: "named -f", User: "bind"}
	var b bytes.Buffer
	if err := WriteListenersCSV(&b, []listen.Listener{l, plain}); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil || len(rows) != 3 {
		t.Fatalf("rows %v, %v", rows, err)
	}
	for i, want := range map[int]string{6: "'=1+1+cmd|'/C calc'!A0", 7: "'+SUM(A1)", 8: "'-2+3 --serve", 9: "'@evil", 11: "'\tx", 14: "'=evil.service", 15: "'-c", 16: "'+pkg", 17: "'\rnote"} {
		if rows[1][i] != want {
			t.Errorf("%s = %q, want %q", ListenerCSVHeader[i], rows[1][i], want)
		}
	}
	if got := strings.Join(rows[2], ","); got != "udp,ipv6,::,53,all,,dns-1=ok,/usr/sbin/named,named -f,bind,,,none,,,,," {
		t.Errorf("a row with nothing to neutralise became %q", got)
	}
}
