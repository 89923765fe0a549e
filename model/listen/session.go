// Package listen follows the sockets listening on this machine. This file
// is the session: what the listings of one run say together (which
// listeners are new, which went away, how many are flagged). It imports
// model, never Fyne or ui: the window and the listener panel share one
// Session, so each count is made once.
package listen

import (
	"slices"
	"time"
)

// Defaults of Session's fields.
const (
	DefaultNewPolls  = 3
	DefaultGonePolls = 3
)

// Key identifies a listener from one poll to the next: its endpoint, its
// process and its socket.
type Key struct {
	Endpoint
	PID   int32
	Inode uint64
}

// KeyOf is l's key.
func KeyOf(l *Listener) Key { return Key{EndpointOf(l), l.PID, l.Inode} }

// Endpoint is what the poller pairs listeners by between polls.
type Endpoint struct {
	Proto, Family, Addr string
	Port                uint16
}

// EndpointOf is l's endpoint.
func EndpointOf(l *Listener) Endpoint { return Endpoint{l.Protocol, l.Family, l.Address, l.Port} }

// Gone is a listener that went away, kept for a few polls.
type Gone struct {
	Listener Listener
	Poll     int       // the session's poll count when it went
	Time     time.Time // the poll's time
}

// Step is what Session.Apply made of a poll result.
type Step int

const (
	// Failed: the poll failed; the session keeps the listing before.
	Failed Step = iota
	// Unchanged: nothing to show anew (no change, no highlight to end).
	Unchanged
	// First: the first listing of the session.
	First
	// Changed: the listing, a highlight or a gone row changed.
	Changed
)

// Session follows the poll results of one run. The zero value is ready:
// NewPolls and GonePolls take their defaults when 0. Use it from one
// goroutine (the UI's).
type Session struct {
	// NewPolls is how many polls a new listener stays new.
	NewPolls int
	// GonePolls is how many polls a gone listener is kept.
	GonePolls int

	cur     []Listener // the last listing: shared with the poller, read-only
	started bool
	limited bool
	polls   int         // successful polls applied
	fresh   map[Key]int // new listeners: the poll they appeared in
	gone    []Gone
	flagged int
}

// Apply takes one poll result; a failed one changes nothing.
func (s *Session) Apply(r PollResult) Step {
	if r.Err != nil {
		return Failed
	}
	s.polls++
	s.limited = r.Limited
	same := len(r.Listeners) == len(s.cur) && (len(s.cur) == 0 || &r.Listeners[0] == &s.cur[0])
	if s.started && same && r.Diff.Empty() && len(s.fresh) == 0 && len(s.gone) == 0 {
		return Unchanged
	}
	s.cur = r.Listeners
	s.flagged = 0
	for i := range s.cur {
		if s.cur[i].Flagged() {
			s.flagged++
		}
	}
	step := Changed
	if !s.started {
		s.started, step = true, First
	} else {
		s.applyDiff(&r)
	}
	s.expire()
	return step
}

// applyDiff marks the new listeners and keeps the gone ones.
func (s *Session) applyDiff(r *PollResult) {
	if s.fresh == nil {
		s.fresh = map[Key]int{}
	}
	d := &r.Diff
	if len(d.New) > 0 && len(s.gone) > 0 {
		// A listener back on its endpoint is no longer gone.
		back := make(map[Endpoint]bool, len(d.New))
		for i := range d.New {
			back[EndpointOf(&d.New[i])] = true
		}
		s.gone = slices.DeleteFunc(s.gone, func(g Gone) bool { return back[EndpointOf(&g.Listener)] })
	}
	for i := range d.Gone {
		l := &d.Gone[i]
		delete(s.fresh, KeyOf(l))
		s.gone = append(s.gone, Gone{Listener: *l, Poll: s.polls, Time: r.Time})
	}
	for i := range d.New {
		s.fresh[KeyOf(&d.New[i])] = s.polls
	}
}

// expire ends the newness of listeners new for long enough and drops
// those gone for long enough.
func (s *Session) expire() {
	newPolls, gonePolls := s.NewPolls, s.GonePolls
	if newPolls <= 0 {
		newPolls = DefaultNewPolls
	}
	if gonePolls <= 0 {
		gonePolls = DefaultGonePolls
	}
	for k, at := range s.fresh {
		if s.polls-at >= newPolls {
			delete(s.fresh, k)
		}
	}
	if len(s.gone) > 0 {
		s.gone = slices.DeleteFunc(s.gone, func(g Gone) bool { return s.polls-g.Poll >= gonePolls })
	}
}

// Started tells whether a listing was applied.
func (s *Session) Started() bool { return s.started }

// Listeners are the current listeners (the last listing). The slice is
// shared: read it, do not modify it.
func (s *Session) Listeners() []Listener { return s.cur }

// Flagged is how many current listeners are alerts (severity alert).
func (s *Session) Flagged() int { return s.flagged }

// Limited tells whether the last listing could not see every process.
func (s *Session) Limited() bool { return s.limited }

// Polls is how many successful polls were applied.
func (s *Session) Polls() int { return s.polls }

// IsNew tells whether l appeared within the last NewPolls polls (not in
// the first listing).
func (s *Session) IsNew(l *Listener) bool {
	if len(s.fresh) == 0 {
		return false
	}
	_, ok := s.fresh[KeyOf(l)]
	return ok
}

// Gone are the listeners gone within the last GonePolls polls, oldest
// first. The slice is the session's: read it, do not modify it.
func (s *Session) Gone() []Gone { return s.gone }
