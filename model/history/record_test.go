package history

import (
	"context"
	"slices"
	"testing"
	"time"
)

func TestRecordNewGoneChanged(t *testing.T) {
	t.Parallel()
	s := openTest(t, Options{})
	sec := func(n int) time.Time { return t0.Add(time.Duration(n) * time.Second) }

	res := record(t, s, sec(0), obs("sshd", 22, 100), obs("cupsd", 631, 200))
	want := []string{"12:00:00 new tcp:22 sshd pid=100 none", "12:00:00 new tcp:631 cupsd pid=200 none"}
	if got := eventTexts(res.Events); !res.Written || !slices.Equal(got, want) {
		t.Fatalf("first poll: written=%v events %q, want %q", res.Written, got, want)
	}
	// Nothing changed: no event.
	if res := record(t, s, sec(2), obs("sshd", 22, 100), obs("cupsd", 631, 200)); len(res.Events) != 0 {
		t.Fatalf("same poll gave events %q", eventTexts(res.Events))
	}
	// sshd restarted (new PID) and turned alert; cupsd went; nc came.
	restarted := obs("sshd", 22, 101)
	restarted.Severity = SeverityAlert
	res = record(t, s, sec(4), restarted, obs("nc", 4444, 300))
	want = []string{"12:00:04 gone tcp:631 cupsd pid=200 none", "12:00:04 changed tcp:22 sshd pid=101 alert",
		"12:00:04 new tcp:4444 nc pid=300 none"}
	if got := eventTexts(res.Events); !slices.Equal(got, want) {
		t.Fatalf("third poll: %q, want %q", got, want)
	}
	// cupsd is back: seen twice.
	record(t, s, sec(6), restarted, obs("nc", 4444, 300), obs("cupsd", 631, 201))

	all := eventTexts(allEvents(t, s))
	if len(all) != 6 {
		t.Fatalf("stored events %q, want 6", all)
	}
	ids, err := s.Identities(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]Identity{}
	for _, id := range ids {
		byName[id.Process] = id
	}
	cups := byName["cupsd"]
	if cups.TimesSeen != 2 || !cups.Present || !cups.FirstSeen.Equal(sec(0)) || !cups.LastSeen.Equal(sec(6)) {
		t.Errorf("cupsd identity = %+v, want seen twice, present, first %v, last %v", cups, sec(0), sec(6))
	}
	if ssh := byName["sshd"]; ssh.TimesSeen != 1 || !ssh.Present {
		t.Errorf("sshd identity = %+v, want seen once (a restart is a change) and present", ssh)
	}
	// nc goes: its last_seen is the last poll that saw it.
	record(t, s, sec(8), restarted, obs("cupsd", 631, 201))
	ids, _ = s.Identities(context.Background(), func(id Identity) bool { return id.Process == "nc" })
	if len(ids) != 1 || ids[0].Present || !ids[0].LastSeen.Equal(sec(6)) {
		t.Errorf("nc after it went = %+v, want absent, last seen %v", ids, sec(6))
	}
}

func TestEphemeralPortIsOneIdentity(t *testing.T) {
	t.Parallel()
	s := openTest(t, Options{})
	a := obs("spotify", 41000, 7)
	a.Ephemeral = true
	b := a
	b.Port, b.PID = 43210, 8
	record(t, s, t0, a)
	res := record(t, s, t0.Add(2*time.Second), b)
	if got := eventTexts(res.Events); len(got) != 2 || res.Events[0].Kind != EventGone || res.Events[1].Kind != EventNew {
		t.Fatalf("restart on another ephemeral port = %q, want gone then new", got)
	}
	if res.Events[0].IdentityID != res.Events[1].IdentityID || res.Events[1].Port != 43210 {
		t.Fatalf("events %+v: want one identity, the new event on 43210", res.Events)
	}
	ids, _ := s.Identities(context.Background(), nil)
	if len(ids) != 1 || ids[0].Port != Ephemeral || ids[0].TimesSeen != 2 {
		t.Fatalf("identities %+v, want one ephemeral identity seen twice", ids)
	}
}

func TestSharedSocketCountsOnce(t *testing.T) {
	t.Parallel()
	s := openTest(t, Options{})
	master, worker := obs("nginx", 80, 50), obs("nginx", 80, 51)
	worker.Severity = SeverityNotice
	res := record(t, s, t0, worker, master)
	if len(res.Events) != 1 || res.Events[0].PID != 50 || res.Events[0].Severity != SeverityNotice {
		t.Fatalf("two processes on one socket = %q, want one new with pid 50, notice", eventTexts(res.Events))
	}
	// A worker restarting is not an event: the lowest PID stays.
	worker.PID = 52
	if res := record(t, s, t0.Add(time.Second), master, worker); len(res.Events) != 0 {
		t.Fatalf("worker restart gave %q", eventTexts(res.Events))
	}
}

func TestStalePollIsSkipped(t *testing.T) {
	t.Parallel()
	s := openTest(t, Options{})
	record(t, s, t0.Add(10*time.Second), obs("a", 1, 1))
	res := record(t, s, t0.Add(5*time.Second))
	if res.Written || res.Skipped == "" {
		t.Fatalf("older poll: %+v, want skipped with a reason", res)
	}
	if n := len(allEvents(t, s)); n != 1 {
		t.Fatalf("the stale poll wrote: %d events", n)
	}
	// A clock set back by an hour is believed.
	if res := record(t, s, t0.Add(-time.Hour)); !res.Written || len(res.Events) != 1 {
		t.Fatalf("clock set back: %+v, want written with a gone event", res)
	}
}

func TestReopenDiffsAgainstStoredState(t *testing.T) {
	t.Parallel()
	path := t.TempDir() + "/h.db"
	s := openTest(t, Options{Path: path})
	record(t, s, t0, obs("a", 1, 1), obs("b", 2, 2))
	s.Close()
	s2 := openTest(t, Options{Path: path})
	res := record(t, s2, t0.Add(time.Minute), obs("a", 1, 1), obs("c", 3, 3))
	want := []string{"12:01:00 gone tcp:2 b pid=2 none", "12:01:00 new tcp:3 c pid=3 none"}
	if got := eventTexts(res.Events); !slices.Equal(got, want) {
		t.Fatalf("after reopening: %q, want %q", got, want)
	}
	ids, _ := s2.Identities(context.Background(), func(id Identity) bool { return id.Process == "b" })
	if len(ids) != 1 || !ids[0].LastSeen.Equal(t0) {
		t.Fatalf("b = %+v, want last seen at the first poll", ids)
	}
}
