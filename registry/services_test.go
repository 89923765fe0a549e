package registry

import (
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
)

const servicesFixture = `# Network services, Internet style
#
# A hand-written services(5) file for tests.

ssh		22/tcp				# SSH Remote Login Protocol
http		80/tcp		www www-http	# WorldWideWeb HTTP
x11		6000-6063/tcp			# X Window   System
echo		7/tcp/udp
sctp-disc 9/sctp#no space before the comment
broken-no-slash 22
too-big		70000/tcp
at-rtmp		201/ddp				# Routing Table Maintenance Protocol
lonely
empty-proto	5/
kerberos	88/tcp		kerberos5 krb5	# Kerberos v5` + "\r\n" + `
   # an indented comment
`

func TestParseServicesFixture(t *testing.T) {
	reg, err := ParseServices(strings.NewReader(servicesFixture), "fixture")
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		svc   string
		port  string
		proto Protocol
		line  int
	}
	var got []row
	for _, r := range reg.Records() {
		got = append(got, row{r.Service, r.PortText(), r.Protocol, r.Line})
		if r.Source != "fixture" {
			t.Errorf("%s: Source %q", r.Service, r.Source)
		}
	}
	want := []row{
		{"ssh", "22", TCP, 5},
		{"http", "80", TCP, 6}, {"www", "80", TCP, 6}, {"www-http", "80", TCP, 6},
		{"x11", "6000-6063", TCP, 7},
		{"echo", "7", TCP, 8}, {"echo", "7", UDP, 8},
		{"sctp-disc", "9", SCTP, 9},
		{"kerberos", "88", TCP, 15}, {"kerberos5", "88", TCP, 15}, {"krb5", "88", TCP, 15},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("records:\n got %v\nwant %v", got, want)
	}

	wantSkips := []struct {
		line   int
		reason string
	}{
		{10, "lacks a /protocol"},
		{11, "70000"},
		{12, "unknown protocol ddp"},
		{13, `"lonely"`},
		{14, "lacks a protocol"},
	}
	sk := reg.Skipped()
	if len(sk) != len(wantSkips) {
		t.Fatalf("skipped = %+v, want %d rows", sk, len(wantSkips))
	}
	for i, w := range wantSkips {
		if sk[i].Line != w.line || !strings.Contains(sk[i].Reason, w.reason) {
			t.Errorf("skipped[%d] = %+v, want line %d with %q", i, sk[i], w.line, w.reason)
		}
	}

	if p := reg.Primary(80, TCP); p == nil || p.Service != "http" || p.Description != "WorldWideWeb HTTP" {
		t.Errorf("Primary(80/tcp) = %+v", p)
	}
	if a := reg.Aliases(80, TCP); !reflect.DeepEqual(a, []string{"www", "www-http"}) {
		t.Errorf("Aliases(80/tcp) = %v", a)
	}
	if a := reg.Aliases(88, TCP); !reflect.DeepEqual(a, []string{"kerberos5", "krb5"}) {
		t.Errorf("Aliases(88/tcp) = %v", a)
	}
	if k := reg.Primary(88, TCP); k == nil || k.Description != "Kerberos v5" {
		t.Errorf("kerberos = %+v (CRLF must not leak into the description)", k)
	}
	if x := reg.Primary(6003, TCP); x == nil || x.Service != "x11" || x.Description != "X Window System" {
		t.Errorf("Primary(6003/tcp) = %+v", x)
	}
	if s := reg.Primary(9, SCTP); s == nil || s.Description != "no space before the comment" {
		t.Errorf("Primary(9/sctp) = %+v", s)
	}
	for _, c := range []struct {
		port  uint16
		proto Protocol
		want  Status
	}{
		{22, TCP, Assigned}, {22, UDP, NotListed}, {7, UDP, Assigned}, {6063, TCP, Assigned},
		{6064, TCP, Unassigned}, {201, ProtoNone, Unassigned}, {23, TCP, Unassigned},
	} {
		if got := reg.Status(c.port, c.proto); got != c.want {
			t.Errorf("Status(%d, %q) = %v, want %v", c.port, c.proto, got, c.want)
		}
	}
	if www := reg.RecordsFor(80, TCP)[1]; www.Service != "www" || !strings.Contains(www.Notes, `"http"`) {
		t.Errorf("alias record = %+v", www)
	}
}

func TestParseServicesDetected(t *testing.T) {
	reg, err := Parse(strings.NewReader(servicesFixture), "services")
	if err != nil {
		t.Fatal(err)
	}
	if k := reg.Source().Kind; k != string(FormatServices) {
		t.Errorf("kind = %q", k)
	}
}

func TestParseServicesNotServices(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{"empty", "", "no entries"},
		{"comments only", "# nothing\n\n   \n#more\n", "no entries"},
		{"prose", "Dear reader,\nthis is a letter.\n", "ssh 22/tcp"},
		{"only bad lines", "apple 201/ddp\nfoo bar/tcp\n", "line 1: unknown protocol ddp"},
	} {
		reg, err := ParseServices(strings.NewReader(c.in), "x")
		if err == nil {
			t.Errorf("%s: no error, %d records", c.name, len(reg.Records()))
			continue
		}
		if !errors.Is(err, ErrNotRegistry) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %q, want ErrNotRegistry mentioning %q", c.name, err, c.want)
		}
	}
}

func TestParseServicesNoFinalNewline(t *testing.T) {
	reg, err := ParseServices(strings.NewReader("\ufeffssh 22/tcp"), "x")
	if err != nil {
		t.Fatal(err)
	}
	if p := reg.Primary(22, TCP); p == nil || p.Service != "ssh" || p.Line != 1 {
		t.Errorf("got %+v", reg.Records())
	}
}

// TestParseEtcServices reads this machine's /etc/services, when there is one.
func TestParseEtcServices(t *testing.T) {
	const path = "/etc/services"
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		t.Skip("no /etc/services on this machine")
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	reg, err := ParseServices(f, path)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if len(reg.Records()) < 10 {
		t.Errorf("only %d records", len(reg.Records()))
	}
	if p := reg.Primary(22, TCP); p == nil || p.Service != "ssh" {
		t.Errorf("22/tcp = %+v, want ssh", p)
	}
	for _, s := range reg.Skipped() {
		// Debian's file lists AppleTalk (ddp) services; nothing else should fail.
		if !strings.Contains(s.Reason, "unknown protocol") {
			t.Errorf("line %d skipped: %s", s.Line, s.Reason)
		}
	}
	// The detected format is services too.
	reg2, err := LoadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if reg2.Source().Kind != string(FormatServices) || len(reg2.Records()) != len(reg.Records()) {
		t.Errorf("LoadFile: kind %q, %d records", reg2.Source().Kind, len(reg2.Records()))
	}
}
