package model

import (
	"slices"
	"testing"

	"github.com/portolan/portolan/registry"
)

// testSpace is a registry of a few ports with Linux's ephemeral range.
func testSpace() *Space {
	b := registry.NewBuilder("test")
	add := func(svc string, port uint16, p registry.Protocol, desc string) {
		b.Add(registry.Record{Service: svc, HasPort: true, Low: port, High: port, Protocol: p, Description: desc})
	}
	add("ssh", 22, registry.TCP, "The Secure Shell (SSH) Protocol")
	add("ssh", 22, registry.UDP, "The Secure Shell (SSH) Protocol")
	add("http", 80, registry.TCP, "World Wide Web HTTP")
	add("domain", 53, registry.UDP, "Domain Name Server")
	add("", 290, registry.ProtoNone, "Unassigned")
	add("", 1023, registry.TCP, "Reserved")
	add("x11", 6000, registry.TCP, "X Window System")
	return &Space{Reg: b.Build(), Ephemeral: EphemeralRange{Low: 32768, High: 60999, Source: "test"}}
}

func lst(proto, addr string, port uint16, process string) Listener {
	ip := mustAddr(addr)
	l := Listener{Protocol: proto, Family: FamilyOf(ip), IP: ip, Address: addr, Port: port,
		Scope: ScopeOf(ip, false), Process: process, User: "root"}
	if process != "" {
		l.PID = 100
	}
	return l
}

func TestVerdicts(t *testing.T) {
	v := &Verdicts{Space: testSpace(), Known: DefaultKnownProcs()}
	for _, c := range []struct {
		l       Listener
		service string
		want    []Reason
	}{
		{lst("tcp", "0.0.0.0", 22, "sshd"), "ssh", []Reason{ReasonAllInterfaces}},
		{lst("tcp", "127.0.0.1", 22, "sshd"), "ssh", nil},
		{lst("tcp", "127.0.0.1", 22, "python3"), "ssh", []Reason{ReasonUnexpectedProcess}},
		{lst("tcp", "::", 22, "systemd"), "ssh", []Reason{ReasonAllInterfaces}}, // socket activation
		{lst("tcp", "127.0.0.1", 22, ""), "ssh", nil},                           // process unknown: no guess
		{lst("tcp", "127.0.0.1", 80, "caddy"), "http", nil},
		{lst("tcp", "127.0.0.1", 80, "NGINX"), "http", nil},
		{lst("udp", "127.0.0.53", 53, "systemd-resolve"), "domain", nil}, // a 15-character comm
		{lst("tcp", "127.0.0.1", 6000, "Xorg"), "x11", nil},
		{lst("tcp", "127.0.0.1", 290, "nc"), "", []Reason{ReasonUnassigned}},
		{lst("tcp", "0.0.0.0", 290, "nc"), "", []Reason{ReasonUnassigned, ReasonAllInterfaces}},
		{lst("tcp", "127.0.0.1", 1023, "nc"), "", []Reason{ReasonReserved}},
		{lst("tcp", "127.0.0.1", 50000, "nc"), "", nil},                         // dynamic, loopback
		{lst("tcp", "127.0.0.1", 40000, "nc"), "", nil},                         // ephemeral, loopback
		{lst("tcp", "0.0.0.0", 50000, "nc"), "", []Reason{ReasonEphemeralAll}},  // dynamic, all
		{lst("udp", "::", 40000, "nc"), "", []Reason{ReasonEphemeralAll}},       // ephemeral, all
		{lst("tcp", "192.168.1.5", 22, "dropbear"), "ssh", nil},                 // one address
		{lst("tcp", "127.0.0.1", 8080, "java"), "", []Reason{ReasonUnassigned}}, // no record in this registry
	} {
		ls := []Listener{c.l}
		v.Judge(ls)
		if ls[0].Service != c.service || !slices.Equal(ls[0].Reasons, c.want) {
			t.Errorf("%s %s: service %q reasons %q; want %q %q", c.l.Endpoint(), c.l.Process, ls[0].Service, ls[0].Reasons, c.service, c.want)
		}
		if ls[0].Flagged() != (len(c.want) > 0) {
			t.Errorf("%s: Flagged() = %v", c.l.Endpoint(), ls[0].Flagged())
		}
	}
	l := lst("tcp", "127.0.0.1", 22, "python3")
	v.Judge([]Listener{l})
	if got := v.Expected(&Listener{Service: "ssh"}); !slices.Contains(got, "sshd") {
		t.Errorf("Expected(ssh) = %v", got)
	}
	noKnown := &Verdicts{Space: testSpace()}
	ls := []Listener{lst("tcp", "127.0.0.1", 22, "python3")}
	noKnown.Judge(ls)
	if len(ls[0].Reasons) != 0 {
		t.Errorf("without a table: %v", ls[0].Reasons)
	}
}

func TestVerdictNewSinceBaseline(t *testing.T) {
	b, err := LoadBaseline(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	v := &Verdicts{Space: testSpace(), Known: DefaultKnownProcs(), Baseline: b}
	ls := []Listener{lst("tcp", "127.0.0.1", 22, "sshd"), lst("tcp", "127.0.0.1", 80, "nginx")}
	v.Judge(ls)
	if ls[0].Flagged() || ls[1].Flagged() {
		t.Errorf("flagged as new before any baseline: %v %v", ls[0].Reasons, ls[1].Reasons)
	}
	if _, err := b.Approve(ls[0]); err != nil {
		t.Fatal(err)
	}
	v.Judge(ls)
	if ls[0].Flagged() || !slices.Equal(ls[1].Reasons, []Reason{ReasonNew}) {
		t.Errorf("after approving the first: %v / %v", ls[0].Reasons, ls[1].Reasons)
	}
	if !ls[1].HasReason(ReasonNew) || ls[1].HasReason(ReasonUnassigned) {
		t.Error("HasReason")
	}
}

func TestReasonsAreShortAndExplained(t *testing.T) {
	seen := map[Reason]bool{}
	for _, r := range Reasons {
		if len(r) == 0 || len(r) > 40 || seen[r] {
			t.Errorf("reason %q: empty, long or repeated", r)
		}
		seen[r] = true
		if r.Explain() == "" {
			t.Errorf("reason %q has no explanation", r)
		}
	}
	// Every combination is a distinct, ordered, unmodifiable slice.
	for m := uint(1); m < 1<<len(Reasons); m++ {
		rs := reasonSet(m)
		if cap(rs) != len(rs) || len(rs) == 0 {
			t.Fatalf("mask %b: %v (cap %d)", m, rs, cap(rs))
		}
	}
}
