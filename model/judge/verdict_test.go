package judge

import (
	"slices"
	"testing"

	"github.com/portolan/portolan/model/internal/listentest"
	"github.com/portolan/portolan/model/listen"
)

func TestVerdicts(t *testing.T) {
	v := &Verdicts{Space: listentest.Space(), Known: DefaultKnownProcs()}
	for _, c := range []struct {
		l       listen.Listener
		service string
		want    []listen.Reason
	}{
		{listentest.Listener("tcp", "0.0.0.0", 22, "sshd"), "ssh", []listen.Reason{listen.ReasonAllInterfaces}},
		{listentest.Listener("tcp", "127.0.0.1", 22, "sshd"), "ssh", nil},
		{listentest.Listener("tcp", "127.0.0.1", 22, "python3"), "ssh", []listen.Reason{listen.ReasonUnexpectedProcess}},
		{listentest.Listener("tcp", "::", 22, "systemd"), "ssh", []listen.Reason{listen.ReasonAllInterfaces}}, // socket activation
		{listentest.Listener("tcp", "127.0.0.1", 22, ""), "ssh", nil},                                         // process unknown: no guess
		{listentest.Listener("tcp", "127.0.0.1", 80, "caddy"), "http", nil},
		{listentest.Listener("tcp", "127.0.0.1", 80, "NGINX"), "http", nil},
		{listentest.Listener("udp", "127.0.0.53", 53, "systemd-resolve"), "domain", nil}, // a 15-character comm
		{listentest.Listener("tcp", "127.0.0.1", 6000, "Xorg"), "x11", nil},
		{listentest.Listener("tcp", "127.0.0.1", 290, "nc"), "", []listen.Reason{listen.ReasonUnassigned}},
		{listentest.Listener("tcp", "0.0.0.0", 290, "nc"), "", []listen.Reason{listen.ReasonUnassigned, listen.ReasonAllInterfaces}},
		{listentest.Listener("tcp", "127.0.0.1", 1023, "nc"), "", []listen.Reason{listen.ReasonReserved}},
		{listentest.Listener("tcp", "127.0.0.1", 50000, "nc"), "", nil},                                       // dynamic, loopback
		{listentest.Listener("tcp", "127.0.0.1", 40000, "nc"), "", nil},                                       // ephemeral, loopback
		{listentest.Listener("tcp", "0.0.0.0", 50000, "nc"), "", []listen.Reason{listen.ReasonEphemeralAll}},  // dynamic, all
		{listentest.Listener("udp", "::", 40000, "nc"), "", []listen.Reason{listen.ReasonEphemeralAll}},       // ephemeral, all
		{listentest.Listener("tcp", "192.168.1.5", 22, "dropbear"), "ssh", nil},                               // one address
		{listentest.Listener("tcp", "127.0.0.1", 8080, "java"), "", []listen.Reason{listen.ReasonUnassigned}}, // no record in this registry
	} {
		ls := []listen.Listener{c.l}
		v.Judge(ls)
		if ls[0].Service != c.service || !slices.Equal(ls[0].Reasons, c.want) {
			t.Errorf("%s %s: service %q reasons %q; want %q %q", c.l.Endpoint(), c.l.Process, ls[0].Service, ls[0].Reasons, c.service, c.want)
		}
		if ls[0].Flagged() != (len(c.want) > 0) {
			t.Errorf("%s: Flagged() = %v", c.l.Endpoint(), ls[0].Flagged())
		}
	}
	l := listentest.Listener("tcp", "127.0.0.1", 22, "python3")
	v.Judge([]listen.Listener{l})
	if got := v.Expected(&listen.Listener{Service: "ssh"}); !slices.Contains(got, "sshd") {
		t.Errorf("Expected(ssh) = %v", got)
	}
	noKnown := &Verdicts{Space: listentest.Space()}
	ls := []listen.Listener{listentest.Listener("tcp", "127.0.0.1", 22, "python3")}
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
	v := &Verdicts{Space: listentest.Space(), Known: DefaultKnownProcs(), Baseline: b}
	ls := []listen.Listener{listentest.Listener("tcp", "127.0.0.1", 22, "sshd"), listentest.Listener("tcp", "127.0.0.1", 80, "nginx")}
	v.Judge(ls)
	if ls[0].Flagged() || ls[1].Flagged() {
		t.Errorf("flagged as new before any baseline: %v %v", ls[0].Reasons, ls[1].Reasons)
	}
	if _, err := b.Approve(ls[0]); err != nil {
		t.Fatal(err)
	}
	v.Judge(ls)
	if ls[0].Flagged() || !slices.Equal(ls[1].Reasons, []listen.Reason{listen.ReasonNew}) {
		t.Errorf("after approving the first: %v / %v", ls[0].Reasons, ls[1].Reasons)
	}
	if !ls[1].HasReason(listen.ReasonNew) || ls[1].HasReason(listen.ReasonUnassigned) {
		t.Error("HasReason")
	}
}

func TestReasonsAreShortAndExplained(t *testing.T) {
	seen := map[listen.Reason]bool{}
	for _, r := range listen.Reasons {
		if len(r) == 0 || len(r) > 40 || seen[r] {
			t.Errorf("reason %q: empty, long or repeated", r)
		}
		seen[r] = true
		if r.Explain() == "" {
			t.Errorf("reason %q has no explanation", r)
		}
	}
	// Every combination is a distinct, ordered, unmodifiable slice.
	for m := uint(1); m < 1<<len(listen.Reasons); m++ {
		rs := reasonSet(m)
		if cap(rs) != len(rs) || len(rs) == 0 {
			t.Fatalf("mask %b: %v (cap %d)", m, rs, cap(rs))
		}
	}
}
