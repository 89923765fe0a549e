package listen

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/portolan/portolan/model/identity"
)

// Poll intervals.
const (
	DefaultPollInterval = 2 * time.Second
	MinPollInterval     = 500 * time.Millisecond
	MaxPollInterval     = 60 * time.Second
	// DefaultPollTimeout bounds one poll.
	DefaultPollTimeout = 10 * time.Second
)

// PollResult is the outcome of one poll. Its listings are shared with
// the poller (and, when nothing changed, with the previous result): read
// them, do not modify them (copy to sort differently).
type PollResult struct {
	// Seq counts polls from 1.
	Seq int
	// Time is when the poll started; Took how long it ran.
	Time time.Time
	Took time.Duration
	// Snapshot holds the current listeners, judged (empty when Err is set).
	Snapshot
	// Diff is against the last successful poll; on the first, every
	// listener is new.
	Diff Diff
	// Err is why the poll failed (or timed out); the poller goes on.
	Err error
}

// Diff is what changed between two polls.
type Diff struct {
	New  []Listener
	Gone []Listener
	// Changed are listeners on the same protocol, address and port whose
	// process, user, verdicts or notes differ.
	Changed []Change
}

// Change is one listener before and after.
type Change struct {
	Before, After Listener
}

// Empty tells whether nothing changed.
func (d Diff) Empty() bool { return len(d.New)+len(d.Gone)+len(d.Changed) == 0 }

// Poller polls a SocketSource off the UI thread: every interval, at once
// on RefreshNow, not while paused. Run delivers each result to a callback
// on the poller's goroutine; a UI applies it with fyne.Do:
//
//	p := listen.NewPoller(listen.NewSystemSource(), verdicts)
//	go p.Run(ctx, func(r listen.PollResult) { fyne.Do(func() { panel.apply(r) }) })
//	p.Pause(); p.Resume(); p.RefreshNow(); p.SetInterval(5 * time.Second)
//
// Cancelling ctx stops Run; it returns once no poll is running.
type Poller struct {
	src      SocketSource
	verdicts Judge
	// ids says who each listener's process is (nil: nobody is asked).
	ids *identity.Reader

	mu       sync.Mutex
	interval time.Duration
	timeout  time.Duration
	paused   bool
	refresh  bool
	wake     chan struct{}

	pollMu   sync.Mutex // one poll at a time; guards the fields below
	prev     []Listener
	prevGen  uint64     // the verdicts' generation prev was judged in
	polls    int        // polls that got a listing, for rechecking identities
	lastSrc  []Listener // the source's last listing (prev, or what prev was copied from)
	seq      int
	inflight *snapshotCall
}

type snapshotCall struct {
	done chan struct{}
	snap Snapshot
	err  error
}

// Judge gives listeners their service and verdicts (model/judge.Verdicts
// is the one the program uses; this package cannot import it, as judge
// reads listeners). Generation changes whenever a verdict may have changed:
// the poller judges an unchanged listing again only then.
type Judge interface {
	Judge(ls []Listener)
	Generation() uint64
}

// RecheckEvery is how many polls pass between two identity.Reader.Recheck
// calls (one readlink per process: deleted or exec'd since its facts were
// read?). A change judges the listing again even if no socket changed.
const RecheckEvery = 3

// NewPoller polls src, judging listeners with v (nil: no verdicts). Call
// SetIdentity before Run to have every listener's process identified.
func NewPoller(src SocketSource, v Judge) *Poller {
	return &Poller{
		src: src, verdicts: v,
		interval: DefaultPollInterval, timeout: DefaultPollTimeout,
		wake: make(chan struct{}, 1),
	}
}

// SetIdentity makes the poller fill each listener's Facts from r, which
// caches them per process (PID and start time); nil stops it. The poller
// keeps r's cache to what is listening (Sweep after each judged poll) and
// rechecks it every RecheckEvery polls.
func (p *Poller) SetIdentity(r *identity.Reader) {
	p.pollMu.Lock()
	p.ids = r
	p.pollMu.Unlock()
}

// CheckPollInterval says whether d is an allowed interval (0.5 s to 60 s).
func CheckPollInterval(d time.Duration) error {
	if d < MinPollInterval || d > MaxPollInterval {
		return fmt.Errorf("the poll interval must be from %v to %v, not %v", MinPollInterval, MaxPollInterval, d)
	}
	return nil
}

// SetInterval changes the time between polls (0.5 s to 60 s).
func (p *Poller) SetInterval(d time.Duration) error {
	if err := CheckPollInterval(d); err != nil {
		return err
	}
	p.mu.Lock()
	p.interval = d
	p.mu.Unlock()
	p.signal()
	return nil
}

// Interval is the time between polls.
func (p *Poller) Interval() time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.interval
}

// SetTimeout bounds each poll (default 10 s); a poll that takes longer is
// reported as failed.
func (p *Poller) SetTimeout(d time.Duration) {
	p.mu.Lock()
	p.timeout = max(d, time.Millisecond)
	p.mu.Unlock()
}

// Pause stops polling until Resume (RefreshNow still polls).
func (p *Poller) Pause() {
	p.mu.Lock()
	p.paused = true
	p.mu.Unlock()
	p.signal()
}

// Resume polls again, at once.
func (p *Poller) Resume() {
	p.mu.Lock()
	p.paused, p.refresh = false, true
	p.mu.Unlock()
	p.signal()
}

// Paused tells whether polling is paused.
func (p *Poller) Paused() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.paused
}

// RefreshNow asks for a poll at once, paused or not.
func (p *Poller) RefreshNow() {
	p.mu.Lock()
	p.refresh = true
	p.mu.Unlock()
	p.signal()
}

func (p *Poller) signal() {
	select {
	case p.wake <- struct{}{}:
	default:
	}
}

// Run polls until ctx is cancelled, calling emit with each result from
// Run's goroutine. The first poll is immediate.
func (p *Poller) Run(ctx context.Context, emit func(PollResult)) {
	defer p.drain()
	timer := time.NewTimer(0)
	defer timer.Stop()
	next := time.Now()
	for {
		select {
		case <-ctx.Done():
			return
		case <-timer.C:
		case <-p.wake:
		}
		p.mu.Lock()
		refresh, paused, interval := p.refresh, p.paused, p.interval
		p.refresh = false
		p.mu.Unlock()
		now := time.Now()
		if refresh || (!paused && !now.Before(next)) {
			r := p.PollOnce(ctx)
			if ctx.Err() != nil {
				return
			}
			emit(r)
			now = time.Now()
			next = now.Add(interval)
		} else if next.Sub(now) > interval { // the interval was shortened
			next = now.Add(interval)
		}
		if paused {
			timer.Stop()
		} else {
			timer.Reset(next.Sub(now))
		}
	}
}

// drain waits (a timeout at most) for a snapshot that outlived its poll.
func (p *Poller) drain() {
	p.pollMu.Lock()
	c := p.inflight
	p.pollMu.Unlock()
	if c == nil {
		return
	}
	p.mu.Lock()
	timeout := p.timeout
	p.mu.Unlock()
	select {
	case <-c.done:
	case <-time.After(timeout):
	}
}

// PollOnce polls now, on the caller's goroutine, and returns the result
// (the command line uses it; Run calls it on every tick).
func (p *Poller) PollOnce(ctx context.Context) PollResult {
	p.pollMu.Lock()
	defer p.pollMu.Unlock()
	p.seq++
	r := PollResult{Seq: p.seq, Time: time.Now()}
	defer func() { r.Took = time.Since(r.Time) }()
	if c := p.inflight; c != nil {
		select {
		case <-c.done:
			p.inflight = nil
		default:
			r.Err = fmt.Errorf("the previous poll is still running")
			return r
		}
	}
	p.mu.Lock()
	timeout := p.timeout
	p.mu.Unlock()
	pctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	// The snapshot runs on its own goroutine so that a source that does
	// not honour its context cannot stall the poller.
	c := &snapshotCall{done: make(chan struct{})}
	go func() {
		defer close(c.done)
		defer func() {
			if v := recover(); v != nil {
				c.err = fmt.Errorf("listing the listeners failed: %v", v)
			}
		}()
		c.snap, c.err = p.src.Snapshot(pctx)
	}()
	grace := time.NewTimer(timeout + timeout/4)
	defer grace.Stop()
	select {
	case <-c.done:
	case <-grace.C:
		p.inflight = c
		r.Err = fmt.Errorf("listing the listeners timed out after %v", timeout)
		return r
	}
	if c.err != nil {
		if pctx.Err() == context.DeadlineExceeded && ctx.Err() == nil {
			r.Err = fmt.Errorf("listing the listeners timed out after %v", timeout)
		} else {
			r.Err = fmt.Errorf("listing the listeners: %w", c.err)
		}
		return r
	}
	r.Snapshot = c.snap
	ls := r.Listeners
	var gen uint64
	if p.verdicts != nil {
		gen = p.verdicts.Generation()
	}
	// A program file deleted, or a process exec'd, since its facts were
	// read changes verdicts without changing any socket.
	p.polls++
	rechecked := p.ids != nil && p.polls%RecheckEvery == 0 && p.ids.Recheck()
	if len(ls) > 0 && len(ls) == len(p.lastSrc) && &ls[0] == &p.lastSrc[0] {
		// The source found nothing new and handed back the listing it gave
		// last time, which was judged and delivered then.
		if gen == p.prevGen && !rechecked {
			r.Listeners = p.prev
			return r
		}
		// Delivered listings are never written again: judge a copy.
		ls = slices.Clone(p.prev)
		r.Listeners = ls
	} else {
		p.lastSrc = ls
	}
	SortListeners(ls) // a no-op when the source sorted them
	p.identify(ls)
	if p.verdicts != nil {
		p.verdicts.Judge(ls)
	}
	r.Diff = DiffListeners(p.prev, ls)
	p.prev, p.prevGen = ls, gen
	return r
}

// identify fills the Facts of every listener whose process is known, then
// lets the reader forget the processes no longer listening.
func (p *Poller) identify(ls []Listener) {
	if p.ids == nil {
		return
	}
	for i := range ls {
		if l := &ls[i]; l.PID != 0 {
			l.Facts = p.ids.Facts(l.PID, l.Started)
		} else {
			l.Facts = nil
		}
	}
	p.ids.Sweep()
}

// DiffListeners compares two listings sorted by SortListeners. Listeners
// pair up by protocol, family, address and port (several sockets on one
// address and port pair in order).
func DiffListeners(prev, cur []Listener) Diff {
	var d Diff
	switch { // the first poll, or everything gone: share, do not copy
	case len(prev) == 0:
		d.New = cur[:len(cur):len(cur)]
		return d
	case len(cur) == 0:
		d.Gone = prev[:len(prev):len(prev)]
		return d
	}
	i, j := 0, 0
	for i < len(prev) || j < len(cur) {
		var c int
		switch {
		case i == len(prev):
			c = 1
		case j == len(cur):
			c = -1
		case sameEndpoint(&prev[i], &cur[j]):
			c = 0
		default:
			c = compareEndpoints(&prev[i], &cur[j])
		}
		switch {
		case c < 0:
			d.Gone = append(d.Gone, prev[i])
			i++
		case c > 0:
			d.New = append(d.New, cur[j])
			j++
		default:
			i2, j2 := i+1, j+1
			for i2 < len(prev) && sameEndpoint(&prev[i2], &prev[i]) {
				i2++
			}
			for j2 < len(cur) && sameEndpoint(&cur[j2], &cur[j]) {
				j2++
			}
			for ; i < i2 && j < j2; i, j = i+1, j+1 {
				if !sameListener(&prev[i], &cur[j]) {
					d.Changed = append(d.Changed, Change{Before: prev[i], After: cur[j]})
				}
			}
			d.Gone = append(d.Gone, prev[i:i2]...)
			d.New = append(d.New, cur[j:j2]...)
			i, j = i2, j2
		}
	}
	return d
}

func compareEndpoints(a, b *Listener) int {
	// Each key is compared only when the ones before it are equal (cmp.Or
	// would compare all four strings every time): this is most of sorting
	// 10,000 listeners.
	if c := strings.Compare(a.Protocol, b.Protocol); c != 0 {
		return c
	}
	if a.Port != b.Port {
		return cmp.Compare(a.Port, b.Port)
	}
	if c := strings.Compare(a.Family, b.Family); c != 0 {
		return c
	}
	return strings.Compare(a.Address, b.Address)
}

func sameEndpoint(a, b *Listener) bool {
	return a.Port == b.Port && a.Address == b.Address && a.Protocol == b.Protocol && a.Family == b.Family
}

// sameListener compares what a person sees of a listener.
func sameListener(a, b *Listener) bool {
	return a.PID == b.PID && a.Process == b.Process && a.Exe == b.Exe && a.Cmdline == b.Cmdline &&
		a.User == b.User && a.Started.Equal(b.Started) && a.State == b.State && a.Scope == b.Scope &&
		a.Note == b.Note && a.Service == b.Service && a.Severity == b.Severity && slices.Equal(a.Findings, b.Findings)
}
