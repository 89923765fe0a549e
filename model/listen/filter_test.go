package listen

import (
	"strconv"
	"strings"
	"testing"

	"github.com/portolan/portolan/model/identity"
)

func filterFixture() []Listener {
	sshd := lst("tcp", "0.0.0.0", 22, "sshd")
	sshd.PID, sshd.Service, sshd.Exe, sshd.Cmdline = 812, "ssh", "/usr/sbin/sshd", "sshd: /usr/sbin/sshd -D [listener]"
	sshd.Severity, sshd.Findings = SeverityNotice, []Finding{{ReasonAllInterfaces, SeverityNotice}}
	py := lst("tcp", "127.0.0.1", 290, "python3")
	py.PID, py.User, py.Cmdline = 4242, "alice", "python3 -m http.server 290"
	py.Severity, py.Findings = SeverityAlert, []Finding{{ReasonNew, SeverityAlert}, {ReasonUnassigned, SeverityNotice}}
	dns := lst("udp", "127.0.0.53", 53, "systemd-resolved")
	dns.PID, dns.User, dns.Service = 600, "systemd-resolve", "domain"
	mdns := lst("udp", "::", 5353, "")
	mdns.PID, mdns.User, mdns.Note, mdns.Service = 0, "avahi", NoteOtherUser, "mdns"
	mdns.Severity, mdns.Findings = SeverityNotice, []Finding{{ReasonAllInterfaces, SeverityNotice}}
	web := lst("tcp", "192.168.1.5", 8080, "java")
	web.PID = 999
	web.Facts = &identity.Facts{Exe: "/usr/bin/java", Unit: "jetty9.service", Package: "openjdk-17-jre-headless", Container: "3f2a1b4c5d6e", Runtime: "docker"}
	return []Listener{sshd, py, dns, mdns, web}
}

func TestFilterMatches(t *testing.T) {
	ls := filterFixture()
	for _, c := range []struct {
		filter string
		want   string // the ports that pass, in order
	}{
		{"", "22 290 53 5353 8080"},
		{"   ", "22 290 53 5353 8080"},
		{"proto=udp", "53 5353"},
		{"PROTO=TCP", "22 290 8080"},
		{"protocol=tcp,udp", "22 290 53 5353 8080"},
		{"port=290", "290"},
		{"port=20-300", "22 290 53"},
		{"port=22,8080", "22 8080"},
		{"proc=python", "290"},
		{"process=SYSTEMD", "53"},
		{"user=root", "22 8080"},
		{"user=alice", "290"},
		{"scope=all", "22 5353"},
		{"scope=loopback", "290 53"},
		{"scope=lo", "290 53"},
		{"scope=address", "8080"},
		{"family=6", "5353"},
		{"family=ipv4", "22 290 53 8080"},
		{"addr=127.", "290 53"},
		{"address=::", "5353"},
		{"pid=4242", "290"},
		{"exe=sbin", "22"},
		{"cmd=http.server", "290"},
		{"service=ssh", "22"},
		{"service=DOMAIN", "53"},
		{"reason=unassigned", "290"},
		{"flagged", "290"}, // alerts only
		{"new", "290"},
		{"!flagged", "22 53 5353 8080"},
		{"-flagged", "22 53 5353 8080"},
		{"-scope=loopback", "22 5353 8080"},
		{"flagged proto=tcp", "290"},
		{"severity=notice", "22 5353"},
		{"severity=alert,notice", "22 290 5353"},
		{"severity=none", "53 8080"},
		{"alert", "290"}, // the severity word
		{"notice", "22 5353"},
		{"unit=jetty", "8080"},
		{"package=openjdk", "8080"},
		{"container=docker", "8080"},
		{"container=3f2a", "8080"},
		{"python", "290"},
		{"sshd", "22"},
		{"ssh", "22"},        // process and service
		{"avahi", "5353"},    // the user
		{"elevated", "5353"}, // the note
		{"290", "290"},       // a number is the whole port
		{"80", ""},           // not 8080
		{"4242", "290"},      // or the PID
		{"all", "22 5353"},   // the scope word... and reasons
		{"SSHD all", "22"},
		{`cmd="-m http"`, "290"},
		{`"http.server 290"`, "290"},
		{"nothing-like-this", ""},
	} {
		f, err := ParseFilter(c.filter)
		if err != nil {
			t.Errorf("%q: %v", c.filter, err)
			continue
		}
		var got []string
		for i := range ls {
			if f.Match(&ls[i]) {
				got = append(got, strconv.Itoa(int(ls[i].Port)))
			}
		}
		if strings.Join(got, " ") != c.want {
			t.Errorf("%q matches %q, want %q", c.filter, strings.Join(got, " "), c.want)
		}
		if n := len(f.Apply(ls)); n != len(got) {
			t.Errorf("%q: Apply kept %d", c.filter, n)
		}
	}
}

func TestFilterErrors(t *testing.T) {
	for _, c := range []struct{ filter, want string }{
		{"prot=udp", "unknown key"},
		{"proto=icmp", "tcp or udp"},
		{"port=http", "not a port"},
		{"port=70000", "not a port"},
		{"port=300-200", "range"},
		{"scope=world", "loopback, all or address"},
		{"family=7", "ipv4 or ipv6"},
		{"pid=x", "process id"},
		{"user=", "needs a value"},
		{`proc="open`, "not closed"},
		{"port=22,", "empty value"},
		// Marks alone (issue 12, item 11): once accepted, showing nothing.
		{"-", `filter: "-" is not a term: a - or ! goes right before the term it leaves out`},
		{"!", `filter: "!" is not a term`},
		{"ssh --", `filter: "--" is not a term`},
		{",,,", `filter: ",,," holds nothing to look for: commas separate the values of a key`},
		{"!,", `filter: "!," holds nothing to look for`},
	} {
		_, err := ParseFilter(c.filter)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: error %v, want one with %q", c.filter, err, c.want)
		}
	}
}

func TestFilterZeroAndString(t *testing.T) {
	var f *Filter
	l := lst("tcp", "127.0.0.1", 1, "x")
	if !f.Match(&l) || !f.Empty() || f.String() != "" {
		t.Error("nil filter")
	}
	g := MustParseFilter("  proto=tcp  flagged ")
	if g.String() != "proto=tcp  flagged" || g.Empty() {
		t.Errorf("String = %q", g.String())
	}
}

func TestContainsFold(t *testing.T) {
	for _, c := range []struct {
		s, sub string
		want   bool
	}{{"Hello", "hell", true}, {"hello", "", true}, {"", "a", false}, {"ABC", "bc", true}, {"ab", "abc", false}} {
		if containsFold(c.s, c.sub) != c.want {
			t.Errorf("containsFold(%q, %q)", c.s, c.sub)
		}
	}
}
