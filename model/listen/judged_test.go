package listen_test

import (
	"context"
	"runtime"
	"strings"
	"testing"

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
	p := listen.NewPoller(os, &judge.Verdicts{Space: listentest.Space(), Known: judge.DefaultKnownProcs()})
	ctx := context.Background()

	r := p.PollOnce(ctx)
	if r.Err != nil || r.Seq != 1 || len(r.Diff.New) != 2 || listen.Endpoints(r.Listeners) != "tcp 127.0.0.1:22,tcp 0.0.0.0:290" {
		t.Fatalf("poll 1: %+v", r)
	}
	if r.Listeners[0].Service != "ssh" || !r.Listeners[1].HasReason(listen.ReasonUnassigned) {
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
	p := listen.NewPoller(listen.NewSystemSource(), &judge.Verdicts{Space: listentest.Space(), Known: judge.DefaultKnownProcs()})
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
// written again, even when verdicts change.
func TestPollerReusesUnchangedListing(t *testing.T) {
	shared := []listen.Listener{listentest.Listener("tcp", "127.0.0.1", 22, "sshd"), listentest.Listener("tcp", "127.0.0.1", 80, "nginx")}
	src := listen.SocketSourceFunc(func(context.Context) (listen.Snapshot, error) { return listen.Snapshot{Listeners: shared}, nil })
	b, err := judge.LoadBaseline(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	v := &judge.Verdicts{Space: listentest.Space(), Known: judge.DefaultKnownProcs(), Baseline: b}
	p := listen.NewPoller(src, v)
	ctx := context.Background()
	r1 := p.PollOnce(ctx)
	if len(r1.Diff.New) != 2 || r1.Listeners[1].Service != "http" {
		t.Fatalf("poll 1: %+v", r1)
	}
	r2 := p.PollOnce(ctx)
	if !r2.Diff.Empty() || &r2.Listeners[0] != &r1.Listeners[0] {
		t.Errorf("poll 2 did not reuse the listing: %+v", r2.Diff)
	}
	if _, err := b.Approve(shared[0]); err != nil {
		t.Fatal(err)
	}
	r3 := p.PollOnce(ctx)
	if len(r3.Diff.Changed) != 1 || !r3.Listeners[1].HasReason(listen.ReasonNew) || r3.Listeners[0].Flagged() {
		t.Fatalf("poll 3 after approving: %+v", r3.Diff)
	}
	if r1.Listeners[1].Flagged() || &r3.Listeners[0] == &r1.Listeners[0] {
		t.Error("a delivered listing was judged again in place")
	}
	r4 := p.PollOnce(ctx)
	if !r4.Diff.Empty() || &r4.Listeners[0] != &r3.Listeners[0] {
		t.Errorf("poll 4: %+v", r4.Diff)
	}
	v.SetKnown(nil)
	if r5 := p.PollOnce(ctx); !r5.Diff.Empty() { // nothing hinged on the table here
		t.Errorf("poll 5: %+v", r5.Diff)
	}
}
