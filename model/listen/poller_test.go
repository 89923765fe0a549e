package listen

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// scriptedOS is a fake OS: each Snapshot returns the next step.
type scriptedOS struct {
	mu    sync.Mutex
	Steps []func(ctx context.Context) (Snapshot, error)
	calls int
}

func (s *scriptedOS) Snapshot(ctx context.Context) (Snapshot, error) {
	s.mu.Lock()
	i := s.calls
	s.calls++
	s.mu.Unlock()
	if i >= len(s.Steps) {
		i = len(s.Steps) - 1
	}
	return s.Steps[i](ctx)
}

func listing(ls ...Listener) func(context.Context) (Snapshot, error) {
	return func(context.Context) (Snapshot, error) {
		out := append([]Listener(nil), ls...)
		return Snapshot{Listeners: out}, nil
	}
}

func failing(msg string) func(context.Context) (Snapshot, error) {
	return func(context.Context) (Snapshot, error) { return Snapshot{}, errors.New(msg) }
}

func withPID(l Listener, pid int32) Listener {
	l.PID = pid
	return l
}

func endpoints(ls []Listener) string {
	var s []string
	for i := range ls {
		s = append(s, ls[i].Endpoint())
	}
	return strings.Join(s, ",")
}

func TestDiffListeners(t *testing.T) {
	a := lst("tcp", "127.0.0.1", 22, "sshd")
	b := lst("udp", "::", 53, "dnsmasq")
	c := lst("tcp", "0.0.0.0", 80, "nginx")
	dupA := withPID(lst("tcp", "0.0.0.0", 80, "nginx"), 200) // SO_REUSEPORT twin
	sorted := func(ls ...Listener) []Listener { SortListeners(ls); return ls }

	d := DiffListeners(nil, sorted(a, b))
	if endpoints(d.New) != "tcp 127.0.0.1:22,udp [::]:53" || len(d.Gone)+len(d.Changed) != 0 {
		t.Errorf("first: %+v", d)
	}
	if d := DiffListeners(sorted(a, b), sorted(a, b)); !d.Empty() {
		t.Errorf("unchanged: %+v", d)
	}
	d = DiffListeners(sorted(a, b), sorted(b, c))
	if endpoints(d.New) != "tcp 0.0.0.0:80" || endpoints(d.Gone) != "tcp 127.0.0.1:22" || len(d.Changed) != 0 {
		t.Errorf("one in, one out: new %s gone %s", endpoints(d.New), endpoints(d.Gone))
	}
	a2 := withPID(a, 999) // restarted
	d = DiffListeners(sorted(a, b), sorted(a2, b))
	if len(d.Changed) != 1 || d.Changed[0].Before.PID != 100 || d.Changed[0].After.PID != 999 || len(d.New)+len(d.Gone) != 0 {
		t.Errorf("restart: %+v", d)
	}
	a3 := a
	a3.Severity, a3.Findings = SeverityNotice, []Finding{{ReasonNew, SeverityNotice}}
	if d := DiffListeners(sorted(a), sorted(a3)); len(d.Changed) != 1 {
		t.Errorf("new verdict: %+v", d)
	}
	d = DiffListeners(sorted(c, dupA), sorted(c))
	if len(d.Gone) != 1 || d.Gone[0].PID != 200 || len(d.New)+len(d.Changed) != 0 {
		t.Errorf("one of two twins gone: %+v", d)
	}
	d = DiffListeners(sorted(c), sorted(c, dupA))
	if len(d.New) != 1 || d.New[0].PID != 200 {
		t.Errorf("twin added: %+v", d)
	}
	d = DiffListeners(sorted(a, b), nil)
	if len(d.Gone) != 2 {
		t.Errorf("all gone: %+v", d)
	}
}

func TestPollerTimeouts(t *testing.T) {
	release := make(chan struct{})
	a := lst("tcp", "127.0.0.1", 22, "sshd")
	os := &scriptedOS{Steps: []func(context.Context) (Snapshot, error){
		func(ctx context.Context) (Snapshot, error) { // honours its context
			<-ctx.Done()
			return Snapshot{}, ctx.Err()
		},
		func(context.Context) (Snapshot, error) { // ignores it
			<-release
			return Snapshot{}, nil
		},
		listing(a),
	}}
	p := NewPoller(os, nil)
	p.SetTimeout(30 * time.Millisecond)
	ctx := context.Background()
	if r := p.PollOnce(ctx); r.Err == nil || !strings.Contains(r.Err.Error(), "timed out") {
		t.Fatalf("poll 1: %v", r.Err)
	}
	if r := p.PollOnce(ctx); r.Err == nil || !strings.Contains(r.Err.Error(), "timed out") {
		t.Fatalf("poll 2: %v", r.Err)
	}
	if r := p.PollOnce(ctx); r.Err == nil || !strings.Contains(r.Err.Error(), "still running") {
		t.Fatalf("poll 3: %v", r.Err)
	}
	close(release)
	deadline := time.Now().Add(5 * time.Second)
	for {
		r := p.PollOnce(ctx)
		if r.Err == nil {
			if len(r.Listeners) != 1 {
				t.Errorf("after recovery: %+v", r)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("never recovered: %v", r.Err)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestPollerSourcePanics(t *testing.T) {
	p := NewPoller(SocketSourceFunc(func(context.Context) (Snapshot, error) { panic("boom") }), nil)
	if r := p.PollOnce(context.Background()); r.Err == nil || !strings.Contains(r.Err.Error(), "boom") {
		t.Errorf("err = %v", r.Err)
	}
}

func TestPollerInterval(t *testing.T) {
	p := NewPoller(&scriptedOS{Steps: []func(context.Context) (Snapshot, error){listing()}}, nil)
	if p.Interval() != 2*time.Second {
		t.Errorf("default %v", p.Interval())
	}
	for _, d := range []time.Duration{0, 499 * time.Millisecond, 61 * time.Second} {
		if err := p.SetInterval(d); err == nil {
			t.Errorf("%v accepted", d)
		}
	}
	for _, d := range []time.Duration{500 * time.Millisecond, time.Second, time.Minute} {
		if err := p.SetInterval(d); err != nil || p.Interval() != d {
			t.Errorf("%v: %v", d, err)
		}
	}
}

// settledGoroutines waits for goroutines that are ending to end.
func settledGoroutines(limit int) int {
	n := runtime.NumGoroutine()
	for i := 0; i < 100 && n > limit; i++ {
		time.Sleep(10 * time.Millisecond)
		n = runtime.NumGoroutine()
	}
	return n
}

func TestPollerRun(t *testing.T) {
	before := runtime.NumGoroutine()
	a := lst("tcp", "127.0.0.1", 22, "sshd")
	b := lst("udp", "::", 5353, "avahi-daemon")
	os := &scriptedOS{Steps: []func(context.Context) (Snapshot, error){
		listing(a), failing("flaky"), listing(a, b),
	}}
	p := NewPoller(os, nil)
	p.interval = 10 * time.Millisecond // below the user minimum, for speed
	ctx, cancel := context.WithCancel(context.Background())
	results := make(chan PollResult, 100)
	done := make(chan struct{})
	go func() {
		p.Run(ctx, func(r PollResult) { results <- r })
		close(done)
	}()
	next := func() PollResult {
		select {
		case r := <-results:
			return r
		case <-time.After(5 * time.Second):
			t.Fatal("no poll result")
		}
		return PollResult{}
	}
	r1, r2, r3 := next(), next(), next()
	if r1.Err != nil || len(r1.Diff.New) != 1 || r2.Err == nil || r3.Err != nil || endpoints(r3.Diff.New) != "udp [::]:5353" {
		t.Fatalf("results: %+v / %v / %+v", r1.Diff, r2.Err, r3.Diff)
	}

	// Paused: nothing comes, except on RefreshNow.
	p.Pause()
	if !p.Paused() {
		t.Error("not paused")
	}
	time.Sleep(30 * time.Millisecond)
	for len(results) > 0 { // one may have been running when Pause came
		<-results
	}
	time.Sleep(60 * time.Millisecond)
	if n := len(results); n != 0 {
		t.Errorf("%d polls while paused", n)
	}
	p.RefreshNow()
	if r := next(); r.Err != nil {
		t.Error(r.Err)
	}
	time.Sleep(60 * time.Millisecond)
	if n := len(results); n != 0 {
		t.Errorf("%d polls after one refresh while paused", n)
	}
	p.Resume()
	next()
	next()

	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after cancel")
	}
	if n := settledGoroutines(before); n > before {
		t.Errorf("goroutines: %d before, %d after", before, n)
	}
}

// TestSystemSourceReturnsSameListingWhenUnchanged: the steady-state poll
// of the real source hands back its last listing.
func TestSystemSourceReturnsSameListingWhenUnchanged(t *testing.T) {
	openLoopback(t)
	src := NewSystemSource()
	ctx := context.Background()
	var first []Listener
	for i := 0; i < 5; i++ { // other programs may change the machine's sockets meanwhile
		a, err := src.Snapshot(ctx)
		if err != nil {
			t.Fatal(err)
		}
		b, err := src.Snapshot(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(a.Listeners) > 0 && len(b.Listeners) == len(a.Listeners) && &a.Listeners[0] == &b.Listeners[0] {
			return
		}
		first = a.Listeners
	}
	t.Errorf("the listing was rebuilt every time (%d listeners)", len(first))
}
