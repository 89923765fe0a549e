package listen

import (
	"errors"
	"testing"
	"time"
)

func listener(port uint16, pid int32, flagged bool) Listener {
	l := Listener{Protocol: "tcp", Family: "ipv4", Address: "127.0.0.1", Port: port, PID: pid, Process: "p"}
	if flagged {
		l.Severity, l.Findings = SeverityAlert, []Finding{{ReasonNew, SeverityAlert}}
	}
	return l
}

// poller hands the session results as Poller does: each listing
// diffed against the last good one.
type poller struct {
	prev []Listener
	at   time.Time
}

func (p *poller) poll(ls ...Listener) PollResult {
	p.at = p.at.Add(time.Second)
	r := PollResult{Time: p.at, Snapshot: Snapshot{Listeners: ls}, Diff: DiffListeners(p.prev, ls)}
	p.prev = ls
	return r
}

func TestSessionNewGoneAndFlagged(t *testing.T) {
	t.Parallel()
	var s Session
	var p poller
	a, b, c := listener(22, 1, false), listener(290, 2, true), listener(8000, 3, true)
	if step := s.Apply(p.poll(a, b)); step != First || s.Flagged() != 1 || len(s.Listeners()) != 2 {
		t.Fatalf("first poll: step %v, %d flagged of %d", step, s.Flagged(), len(s.Listeners()))
	}
	if s.IsNew(&a) {
		t.Error("a listener of the first listing is new")
	}
	// c appears, a goes.
	if step := s.Apply(p.poll(b, c)); step != Changed || s.Flagged() != 2 {
		t.Fatalf("second poll: step %v, %d flagged", step, s.Flagged())
	}
	if !s.IsNew(&c) || s.IsNew(&b) {
		t.Errorf("new: c %v (want true), b %v (want false)", s.IsNew(&c), s.IsNew(&b))
	}
	if g := s.Gone(); len(g) != 1 || g[0].Listener.Port != 22 || g[0].Poll != 2 {
		t.Errorf("gone = %+v, want 22 at poll 2", g)
	}
	// The same listing: c stays new, a stays gone, until DefaultNewPolls
	// and DefaultGonePolls polls have passed.
	listing := []Listener{b, c}
	for range DefaultNewPolls {
		if step := s.Apply(p.poll(listing...)); step != Changed {
			t.Fatalf("poll %d: step %v, want Changed while the highlights last", s.Polls(), step)
		}
	}
	if s.IsNew(&c) || len(s.Gone()) != 0 {
		t.Errorf("after %d polls: c new %v, gone %v", s.Polls(), s.IsNew(&c), s.Gone())
	}
	r := p.poll(listing...)
	r.Listeners = s.Listeners() // the poller hands back the same slice when nothing changed
	if step := s.Apply(r); step != Unchanged {
		t.Errorf("nothing left to change: step %v, want Unchanged", step)
	}
}

func TestSessionFailedPollKeepsTheListing(t *testing.T) {
	t.Parallel()
	var s Session
	var p poller
	s.Apply(p.poll(listener(290, 2, true)))
	if step := s.Apply(PollResult{Err: errors.New("permission denied")}); step != Failed {
		t.Errorf("step %v, want Failed", step)
	}
	if len(s.Listeners()) != 1 || s.Flagged() != 1 || s.Polls() != 1 {
		t.Errorf("after a failure: %d listeners, %d flagged, %d polls", len(s.Listeners()), s.Flagged(), s.Polls())
	}
}

func TestSessionListenerBackIsNotGone(t *testing.T) {
	t.Parallel()
	s := Session{GonePolls: 10}
	var p poller
	a := listener(8000, 3, false)
	s.Apply(p.poll(a))
	s.Apply(p.poll())
	if len(s.Gone()) != 1 {
		t.Fatalf("gone = %v", s.Gone())
	}
	back := listener(8000, 4, false) // restarted: another process on the endpoint
	s.Apply(p.poll(back))
	if len(s.Gone()) != 0 || !s.IsNew(&back) {
		t.Errorf("a listener back on its endpoint: gone %v, new %v", s.Gone(), s.IsNew(&back))
	}
}
