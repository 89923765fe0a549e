package listen_test

import (
	"context"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/portolan/portolan/model/history"
	"github.com/portolan/portolan/model/internal/listentest"
	"github.com/portolan/portolan/model/judge"
	"github.com/portolan/portolan/model/listen"
)

// The poller with the real verdicts of model/judge, which imports listen:
// hence an external test.

func TestPollerPollOnce(t *testing.T) {
	a := listentest.Listener("tcp", "127.0.0.1", 22, "sshd")
	b := listentest.Listener("tcp", "0.0.0.0", 290, "nc")
	os := &listen.ScriptedOS{Steps: []func(context.Context) (listen.Snapshot, error){
		listen.Listing(b, a), // unsorted: the poller sorts
		listen.Listing(a, b),
		listen.Failing("netlink broke"),
		listen.Listing(listen.WithPID(a, 7)),
	}}
	p := listen.NewPoller(os, judge.NewVerdicts(listentest.Space(), nil, nil))
	ctx := context.Background()

	r := p.PollOnce(ctx)
	if r.Err != nil || r.Seq != 1 || len(r.Diff.New) != 2 || listen.Endpoints(r.Listeners) != "tcp 127.0.0.1:22,tcp 0.0.0.0:290" {
		t.Fatalf("poll 1: %+v", r)
	}
	// No identity reader here: nc's process is not identified, which is
	// a notice once others can reach it.
	if r.Listeners[0].Service != "ssh" || !r.Listeners[1].HasReason(listen.ReasonUnidentified) ||
		r.Listeners[1].Severity != listen.SeverityNotice || r.Listeners[0].Severity != listen.SeverityNone {
		t.Errorf("not judged: %+v", r.Listeners)
	}
	if r = p.PollOnce(ctx); r.Err != nil || !r.Diff.Empty() || r.Seq != 2 {
		t.Fatalf("poll 2: %+v", r)
	}
	if r = p.PollOnce(ctx); r.Err == nil || !strings.Contains(r.Err.Error(), "netlink broke") || r.Listeners != nil {
		t.Fatalf("poll 3: %+v", r)
	}
	// The next poll goes on, diffed against the last good one.
	r = p.PollOnce(ctx)
	if r.Err != nil || len(r.Diff.Gone) != 1 || len(r.Diff.Changed) != 1 || r.Seq != 4 {
		t.Fatalf("poll 4: %+v", r.Diff)
	}
}

// TestPollerRunNoLeakWithRealSource polls the real OS a few times through
// Run and checks every goroutine ends.
func TestPollerRunNoLeakWithRealSource(t *testing.T) {
	before := runtime.NumGoroutine()
	p := listen.NewPoller(listen.NewSystemSource(), judge.NewVerdicts(listentest.Space(), nil, nil))
	p.SetIdentity(judge.NewIdentityReader())
	ctx, cancel := context.WithCancel(context.Background())
	results := make(chan listen.PollResult)
	done := make(chan struct{})
	go func() {
		p.Run(ctx, func(r listen.PollResult) { results <- r })
		close(done)
	}()
	for i := 0; i < 20; i++ {
		if r := <-results; r.Err != nil {
			t.Fatal(r.Err)
		}
		p.RefreshNow()
	}
	cancel()
	go func() {
		for range results {
		}
	}()
	<-done
	close(results)
	if n := listen.SettledGoroutines(before); n > before {
		t.Errorf("goroutines: %d before, %d after", before, n)
	}
}

// TestPollerReusesUnchangedListing: a source that hands back its last
// listing costs no judging or diffing, and a delivered listing is never
// written again, even when verdicts change. Approving one listener does
// not make the other new; a listener that appears afterwards is.
func TestPollerReusesUnchangedListing(t *testing.T) {
	shared := []listen.Listener{listentest.Listener("tcp", "127.0.0.1", 22, "sshd"), listentest.Listener("tcp", "127.0.0.1", 80, "nginx")}
	listing := shared
	src := listen.SocketSourceFunc(func(context.Context) (listen.Snapshot, error) { return listen.Snapshot{Listeners: listing}, nil })
	ctx := context.Background()
	store, err := history.Open(ctx, history.Options{Path: filepath.Join(t.TempDir(), "history.db")})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	v := judge.NewVerdicts(listentest.Space(), nil, judge.NewBaseline(ctx, store))
	p := listen.NewPoller(src, v)
	r1 := p.PollOnce(ctx)
	if len(r1.Diff.New) != 2 || r1.Listeners[1].Service != "http" {
		t.Fatalf("poll 1: %+v", r1)
	}
	r2 := p.PollOnce(ctx)
	if !r2.Diff.Empty() || &r2.Listeners[0] != &r1.Listeners[0] {
		t.Errorf("poll 2 did not reuse the listing: %+v", r2.Diff)
	}
	if n, err := v.Approve(ctx, r2.Listeners, r2.Time, r2.Listeners[0]); err != nil || n != 1 {
		t.Fatalf("approving: %d, %v", n, err)
	}
	r3 := p.PollOnce(ctx)
	if &r3.Listeners[0] == &r1.Listeners[0] {
		t.Fatal("approving did not judge the listing again")
	}
	if !r3.Diff.Empty() || r3.Listeners[1].HasReason(listen.ReasonNew) || r3.Listeners[1].Flagged() {
		t.Fatalf("poll 3 after approving sshd: nginx %v %v, diff %+v", r3.Listeners[1].Severity, r3.Listeners[1].Findings, r3.Diff)
	}
	r4 := p.PollOnce(ctx)
	if !r4.Diff.Empty() || &r4.Listeners[0] != &r3.Listeners[0] {
		t.Errorf("poll 4: %+v", r4.Diff)
	}
	v.SetKnowledge(nil)
	if r5 := p.PollOnce(ctx); !r5.Diff.Empty() { // nothing hinged on the knowledge here
		t.Errorf("poll 5: %+v", r5.Diff)
	}
	// A listener that appears after the baseline was made is new: a
	// notice on loopback, an alert beyond it.
	late := []listen.Listener{listentest.Listener("tcp", "0.0.0.0", 8000, "agent"), listentest.Listener("tcp", "127.0.0.1", 8001, "agent")}
	listing = append(slices.Clone(shared), late...)
	r6 := p.PollOnce(ctx)
	for _, l := range r6.Listeners {
		want := listen.SeverityNone
		switch l.Port {
		case 8000:
			want = listen.SeverityAlert
		case 8001:
			want = listen.SeverityNotice
		}
		if l.Severity != want || (l.Port >= 8000) != l.HasReason(listen.ReasonNew) {
			t.Errorf("poll 6: %s is %v %v, want %v", l.Endpoint(), l.Severity, l.Findings, want)
		}
	}
}
