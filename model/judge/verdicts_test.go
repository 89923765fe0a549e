package judge

import (
	"context"
	"fmt"
	"net/netip"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/portolan/portolan/model/history"
	"github.com/portolan/portolan/model/identity"
	"github.com/portolan/portolan/model/internal/listentest"
	"github.com/portolan/portolan/model/listen"
)

// known is a listener of a process the identity reader identified as exe.
func known(proto, addr string, port uint16, exe string, pid int32) listen.Listener {
	l := listentest.Listener(proto, addr, port, identity.BaseName(exe))
	l.PID, l.Exe = pid, exe
	l.Facts = &identity.Facts{PID: pid, Exe: exe, Comm: l.Process, PackageDB: "dpkg", Package: "p", File: true, Mode: 0o755}
	return l
}

func openStore(t *testing.T, path string) *history.Store {
	t.Helper()
	s, err := history.Open(context.Background(), history.Options{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func newTestVerdicts(t *testing.T, store *history.Store) *Verdicts {
	t.Helper()
	b := NewBaseline(context.Background(), store)
	b.reloadEvery = 0 // ask the history at every poll
	return NewVerdicts(listentest.Space(), nil, b)
}

func TestVerdictsJudgeListeners(t *testing.T) {
	t.Parallel()
	v := NewVerdicts(listentest.Space(), nil, nil)
	ls := []listen.Listener{
		known("tcp", "0.0.0.0", 22, "/usr/sbin/sshd", 10),
		known("tcp", "0.0.0.0", 22, "/dev/shm/sshd", 11),
		known("udp", "0.0.0.0", 41234, "/usr/sbin/avahi-daemon", 12),
		listentest.Listener("tcp", "0.0.0.0", 80, ""), // another user's: not identified
	}
	ls[1].Facts.Place, ls[1].Facts.PlaceDir = identity.PlaceTemp|identity.PlaceDevice, "/dev/shm"
	ls[3].PID = 0
	v.Judge(ls)
	for i, want := range []listen.Severity{listen.SeverityNone, listen.SeverityAlert, listen.SeverityNone, listen.SeverityNotice} {
		if ls[i].Severity != want {
			t.Errorf("%s %s: %v %v, want %v", ls[i].Endpoint(), ls[i].Exe, ls[i].Severity, ls[i].Findings, want)
		}
	}
	if ls[0].Service != "ssh" || !ls[1].HasReason(listen.ReasonTempFolder) || !ls[3].HasReason(listen.ReasonUnidentified) {
		t.Errorf("services and reasons: %+v", ls)
	}
	if !v.Ephemeral(41234) || v.Ephemeral(22) || !v.Ephemeral(50000) {
		t.Error("the ephemeral range is not the space's")
	}
	o := v.Observation(&ls[2])
	if !o.Ephemeral || o.Exe != "/usr/sbin/avahi-daemon" || o.Scope != "all" || o.Severity != history.SeverityNone {
		t.Errorf("observation %+v", o)
	}
	if got := v.KeyText(&ls[2]); got != "udp all ephemeral /usr/sbin/avahi-daemon" {
		t.Errorf("key %q", got)
	}
}

// TestApprovingOneCalmsItAndNoOther: approving one listener makes it calm
// at once (its next poll) and leaves the others as they were; a listener
// that appears afterwards is new. Approvals key on the executable, so a
// restart on a new ephemeral port stays approved.
func TestApprovingOneCalmsItAndNoOther(t *testing.T) {
	t.Parallel()
	store := openStore(t, filepath.Join(t.TempDir(), "history.db"))
	v := newTestVerdicts(t, store)
	ls := []listen.Listener{
		known("tcp", "0.0.0.0", 8443, "/opt/app/server", 20),      // unknown, reachable
		known("udp", "0.0.0.0", 40001, "/opt/app/discovery", 21),  // unknown, reachable, ephemeral
		known("tcp", "127.0.0.1", 290, "/usr/local/bin/tool", 22), // an unassigned port on loopback
	}
	v.Judge(ls)
	before := []listen.Severity{ls[0].Severity, ls[1].Severity, ls[2].Severity}
	if before[2] != listen.SeverityNotice {
		t.Fatalf("the loopback tool on an unassigned port: %v", ls[2].Findings)
	}
	if n, err := v.Approve(context.Background(), ls, time.Now(), ls[1], ls[2]); err != nil || n != 2 {
		t.Fatalf("approve: %d, %v", n, err)
	}
	again := []listen.Listener{ls[0], ls[1], ls[2]}
	again[1].Port, again[1].PID = 45000, 31 // restarted on another ephemeral port
	v.Judge(again)
	if again[0].Severity != before[0] || again[0].HasReason(listen.ReasonNew) {
		t.Errorf("the unapproved listener changed: %v %v", again[0].Severity, again[0].Findings)
	}
	for _, l := range again[1:] {
		if l.Severity != listen.SeverityNone {
			t.Errorf("approved %s is %v %v", l.Endpoint(), l.Severity, l.Findings)
		}
	}
	late := []listen.Listener{known("tcp", "0.0.0.0", 8444, "/opt/app/server", 40)}
	v.Judge(late)
	if !late[0].HasReason(listen.ReasonNew) || late[0].Severity != listen.SeverityAlert {
		t.Errorf("a listener after the baseline: %v %v", late[0].Severity, late[0].Findings)
	}
}

// TestApprovalsAtOnceAreAllKept is issue 12's item 8 in goroutines: two
// windows (two stores of one history) and several goroutines each approve
// listeners at once; every approval is kept, and each window sees the
// other's.
func TestApprovalsAtOnceAreAllKept(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "history.db")
	windows := []*Verdicts{newTestVerdicts(t, openStore(t, path)), newTestVerdicts(t, openStore(t, path))}
	const n = 24
	all := make([]listen.Listener, n)
	for i := range all {
		all[i] = known("tcp", "0.0.0.0", uint16(9000+i), fmt.Sprintf("/opt/app/server%d", i), int32(100+i))
	}
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range all {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v := windows[i%2]
			if _, err := v.Approve(context.Background(), all, time.Now(), all[i]); err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	for w, v := range windows {
		ls := append([]listen.Listener(nil), all...)
		v.Judge(ls)
		for _, l := range ls {
			if l.Severity != listen.SeverityNone {
				t.Errorf("window %d: %s %v %v after approving", w, l.Exe, l.Severity, l.Findings)
			}
		}
		if got := v.Baseline().Len(); got != n {
			t.Errorf("window %d sees %d approvals of %d", w, got, n)
		}
	}
}

// TestObservationNamesTheScript: an interpreter's listener is approved
// and remembered as the script it runs.
func TestObservationNamesTheScript(t *testing.T) {
	t.Parallel()
	v := NewVerdicts(listentest.Space(), nil, nil)
	l := known("tcp", "127.0.0.1", 8000, "/usr/bin/python3.12", 7)
	l.Facts.Script = "/srv/app/serve.py"
	if o := v.Observation(&l); o.Exe != "/srv/app/serve.py" {
		t.Errorf("observation exe %q", o.Exe)
	}
	hidden := listentest.Listener("tcp", "0.0.0.0", 80, "")
	hidden.PID, hidden.IP = 0, netip.MustParseAddr("0.0.0.0")
	if o := v.Observation(&hidden); o.Exe != "" || o.PID != 0 {
		t.Errorf("an unseen process's observation: %+v", o)
	}
}
