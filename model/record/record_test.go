package record_test

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/portolan/portolan/model"
	"github.com/portolan/portolan/model/history"
	"github.com/portolan/portolan/model/listen"
	"github.com/portolan/portolan/model/record"
)

func openStore(t *testing.T, path string) *history.Store {
	t.Helper()
	if path == "" {
		path = filepath.Join(t.TempDir(), history.FileName)
	}
	s, err := history.Open(context.Background(), history.Options{Path: path, Verify: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// Real sockets opened and closed on loopback, seen by the real poller,
// are recorded as new and then gone, with this test's executable.
func TestRealSocketsRecordedNewAndGone(t *testing.T) {
	t.Parallel()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	tcp, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer tcp.Close()
	udp, err := net.ListenPacket("udp", "[::1]:0")
	if err != nil {
		t.Skipf("no IPv6 loopback: %v", err)
	}
	defer udp.Close()
	ports := map[string]uint16{
		"tcp": uint16(tcp.Addr().(*net.TCPAddr).Port),
		"udp": uint16(udp.LocalAddr().(*net.UDPAddr).Port),
	}
	eph := model.LocalEphemeralRange()
	rec := &record.Recorder{Store: openStore(t, ""), IsEphemeral: eph.Contains}
	poller := listen.NewPoller(listen.NewSystemSource(), nil)
	ctx := context.Background()
	// Polls a second apart: the history counts time in seconds.
	at := time.Now().Truncate(time.Second)
	poll := func() history.Result {
		t.Helper()
		r := poller.PollOnce(ctx)
		if r.Err != nil {
			t.Fatal(r.Err)
		}
		r.Time = at
		at = at.Add(time.Second)
		res, msgs := rec.Poll(ctx, r)
		if !res.Written || len(msgs) > 0 {
			t.Fatalf("poll not written: %+v, %q", res, msgs)
		}
		return res
	}
	ours := func(res history.Result) map[string]history.Event {
		got := map[string]history.Event{}
		for _, e := range res.Events {
			if ports[e.Key.Protocol] == e.Port && e.PID == int32(os.Getpid()) {
				got[e.Key.Protocol] = e
			}
		}
		return got
	}
	first := ours(poll())
	tcp.Close()
	udp.Close()
	second := ours(poll())
	for proto, port := range ports {
		n, g := first[proto], second[proto]
		if n.Kind != history.EventNew || g.Kind != history.EventGone {
			t.Errorf("%s port %d: first %v, then %v; want new, then gone", proto, port, n.Kind, g.Kind)
			continue
		}
		if n.Key.Exe != exe || n.Key.Process == "" || g.Key != n.Key {
			t.Errorf("%s port %d: exe %q (want %q), process %q, gone %+v", proto, port, n.Key.Exe, exe, n.Key.Process, g.Key)
		}
		if wantEph := eph.Contains(port); (n.Key.Port == history.Ephemeral) != wantEph {
			t.Errorf("%s port %d: identity port %s, in the ephemeral range %v", proto, port, n.Key.Port, wantEph)
		}
	}
	if first["udp"].Family != "ipv6" || first["udp"].Key.Address != "::1" || first["tcp"].Key.Scope != "loopback" {
		t.Errorf("endpoints: %+v", first)
	}
}

func TestObservation(t *testing.T) {
	t.Parallel()
	l := listen.Listener{Protocol: "udp", Family: "ipv6", Address: "fe80::1%eth0", Port: 40000, Scope: listen.ScopeAddress,
		PID: 7, Process: "p", Exe: "/bin/p", User: "u", Cmdline: "p -x"}
	o := record.Observation(&l, func(p uint16) bool { return p >= 32768 })
	want := history.Observation{Protocol: "udp", Family: "ipv6", Address: "fe80::1%eth0", Port: 40000, Ephemeral: true,
		Scope: "address", PID: 7, Process: "p", Exe: "/bin/p", User: "u", Severity: history.SeverityNone}
	if o != want {
		t.Errorf("got %+v\nwant %+v", o, want)
	}
	l.Severity = listen.SeverityAlert
	if o := record.Observation(&l, nil); o.Ephemeral || o.Severity != history.SeverityAlert {
		t.Errorf("flagged, no range: %+v", o)
	}
}

func TestMatcher(t *testing.T) {
	t.Parallel()
	ev := func(kind history.EventKind, proc string, port uint16, sev history.Severity) history.Event {
		return history.Event{Kind: kind, Port: port, PID: 42, Severity: sev, Family: "ipv4",
			Key: history.IdentityKey{Exe: "/usr/sbin/" + proc, Process: proc, User: "root", Protocol: "tcp",
				Address: "0.0.0.0", Port: history.PortKey(port), Scope: "all"}}
	}
	events := []history.Event{
		ev(history.EventNew, "sshd", 22, history.SeverityNone),
		ev(history.EventGone, "nc", 4444, history.SeverityAlert),
		ev(history.EventChanged, "nginx", 80, history.SeverityNotice),
	}
	service := func(proto string, port uint16) string {
		return map[uint16]string{22: "ssh", 80: "http"}[port]
	}
	for _, c := range []struct {
		filter string
		want   []string
	}{
		{"", []string{"sshd", "nc", "nginx"}},
		{"flagged", []string{"nc"}}, // flagged means an alert
		{"severity=notice", []string{"nginx"}},
		{"notice", []string{"nginx"}},
		{"alert", []string{"nc"}},
		{"gone", []string{"nc"}},
		{"-changed port=1-5000", []string{"sshd", "nc"}},
		{"service=http", []string{"nginx"}},
		{"exe=sbin/ss pid=42", []string{"sshd"}},
		{"22", []string{"sshd"}},
	} {
		m := record.Matcher{Filter: listen.MustParseFilter(c.filter), Service: service}
		keep := m.KeepEvent()
		if (keep == nil) != (c.filter == "") {
			t.Errorf("%q: keep is nil: %v", c.filter, keep == nil)
		}
		var got []string
		for _, e := range events {
			if keep == nil || keep(e) {
				got = append(got, e.Key.Process)
			}
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%q: %v, want %v", c.filter, got, c.want)
		}
	}

	ids := []history.Identity{
		{IdentityKey: history.IdentityKey{Process: "chrome", Protocol: "udp", Port: history.Ephemeral, Scope: "all"}, Present: true},
		{IdentityKey: history.IdentityKey{Process: "sshd", Protocol: "tcp", Port: 22, Scope: "all"}},
	}
	for filter, want := range map[string]string{"present": "chrome", "ephemeral": "chrome", "gone": "sshd", "service=ssh": "sshd", "port=22": "sshd"} {
		keep := record.Matcher{Filter: listen.MustParseFilter(filter), Service: service}.KeepIdentity()
		var got []string
		for _, id := range ids {
			if keep(id) {
				got = append(got, id.Process)
			}
		}
		if len(got) != 1 || got[0] != want {
			t.Errorf("identities %q: %v, want %s", filter, got, want)
		}
	}
}

// Messages are told once: the notice of a file moved aside, that another
// recorder writes, and that recording goes on again.
func TestRecorderMessagesOnce(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), history.FileName)
	if err := os.WriteFile(path, []byte("not a database at all"), 0o600); err != nil {
		t.Fatal(err)
	}
	a := &record.Recorder{Store: openStore(t, path)}
	if n := a.Notices(); len(n) != 1 || !strings.Contains(n[0], "moved to") {
		t.Fatalf("notices at open: %q", n)
	}
	if n := a.Notices(); n != nil {
		t.Errorf("notices told twice: %q", n)
	}
	b := &record.Recorder{Store: openStore(t, path)}
	b.Notices()
	ctx := context.Background()
	at := time.Date(2025, 6, 1, 10, 0, 0, 0, time.UTC)
	ls := []listen.Listener{{Protocol: "tcp", Family: "ipv4", Address: "127.0.0.1", Port: 8000, Scope: listen.ScopeLoopback, Process: "py"}}
	poll := func(r *record.Recorder) (history.Result, []string) {
		at = at.Add(time.Second)
		return r.Poll(ctx, listen.PollResult{Time: at, Snapshot: listen.Snapshot{Listeners: ls}})
	}
	if res, msgs := poll(a); !res.Written || len(res.Events) != 1 || msgs != nil {
		t.Fatalf("a: %+v %q", res, msgs)
	}
	res, msgs := poll(b)
	if res.Written || len(msgs) != 1 || !strings.Contains(msgs[0], "another recorder") {
		t.Fatalf("b while a writes: %+v %q", res, msgs)
	}
	if _, msgs := poll(b); msgs != nil {
		t.Errorf("b told twice: %q", msgs)
	}
	if err := a.Stop(); err != nil {
		t.Fatal(err)
	}
	ls = nil
	res, msgs = poll(b)
	if !res.Written || len(res.Events) != 1 || res.Events[0].Kind != history.EventGone || len(msgs) != 1 || !strings.Contains(msgs[0], "again") {
		t.Errorf("b after a stopped: %+v %q", res, msgs)
	}
	if res, msgs := a.Poll(ctx, listen.PollResult{Time: at, Err: os.ErrDeadlineExceeded}); res.Written || msgs != nil {
		t.Errorf("a failed poll: %+v %q", res, msgs)
	}
}
