package history

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"time"
)

// ErrFull is wrapped by Record's error when the disk (or the history's
// hard size limit) is full: recording rests for Options.RetryFull and the
// caller goes on without it.
var ErrFull = errors.New("no space left for the history")

// Result says what Record did with a poll.
type Result struct {
	// Written is set when this recorder wrote the poll; Events are the
	// events it added, oldest first.
	Written bool
	Events  []Event
	// Skipped says, in words, why the poll was not written (another
	// recorder is writing, or the poll is older than the last recorded).
	Skipped string
}

// recorder is the writer's state: the writer lock and, while it is held, a
// mirror of the present listeners and of every identity, so a poll is
// diffed without reading the database. Nobody else writes these while the
// lock is held; the mirror is reloaded each time the lock is taken.
type recorder struct {
	mu         sync.Mutex
	lock       *writerLock
	stmts      *statements
	loaded     bool
	idents     map[IdentityKey]*identState
	byID       map[int64]*identState
	present    map[instanceKey]presence
	spare      map[instanceKey]presence // reused for the next poll's
	lastPoll   int64                    // Unix seconds of the last recorded poll
	lastEvent  int64                    // the last event id given
	recent     int                      // events in the recent table
	lastSettle time.Time
	lastPrune  time.Time
	fullUntil  time.Time
	fullErr    error
}

type identState struct {
	key     IdentityKey
	id      int64
	family  string
	present int // instances present
}

// instanceKey is one identity on one actual port: the unit that is new,
// gone or changed.
type instanceKey struct {
	id   int64
	port uint16
}

type presence struct {
	pid      int32
	severity int
}

// Record writes one poll: the listeners observed at pollTime. It diffs
// them against the present listeners of the history (not against this
// process's last poll), so recorders taking turns neither repeat nor miss
// an event, and writes the events in one transaction.
//
// Only the holder of the writer lock writes; Record takes the lock when it
// is free, so another recorder takes over within a poll when the writer
// stops or dies. A poll not written says why in Result.Skipped, with a nil
// error. Several observations of one identity on one port (worker
// processes sharing a socket) count as one, with the lowest PID and the
// highest severity.
func (s *Store) Record(ctx context.Context, pollTime time.Time, obs []Observation) (Result, error) {
	r := &s.rec
	r.mu.Lock()
	defer r.mu.Unlock()
	now := s.opts.Now()
	if now.Before(r.fullUntil) {
		return Result{}, r.fullErr
	}
	if r.lock == nil {
		l, err := tryLockWriter(s.lockPath())
		if errors.Is(err, errLocked) {
			return Result{Skipped: fmt.Sprintf("another recorder (PID %d) is recording", lockHolder(s.lockPath()))}, nil
		}
		if err != nil {
			return Result{}, err
		}
		r.lock, r.loaded = l, false
	}
	if !r.loaded {
		if err := s.loadMirror(ctx); err != nil {
			return Result{}, s.fault(now, "reading the present listeners", err)
		}
	}
	t := pollTime.Unix()
	// A poll no newer than the last recorded one lost a race with it (taken
	// before, written after); diffing it would undo newer events. A clock
	// set back by more than a minute is a new clock, and is recorded.
	if t <= r.lastPoll && r.lastPoll-t < 60 {
		return Result{Skipped: "the poll is no newer than the last recorded one"}, nil
	}
	d := r.diff(obs)
	res, err := s.write(ctx, t, d)
	if err != nil {
		return Result{}, s.fault(now, "recording a poll", err)
	}
	r.fullErr = nil
	// Housekeeping: the poll is written whatever happens here.
	if r.recent >= settleRows || (r.recent > 0 && now.Sub(r.lastSettle) >= settleEvery) {
		r.lastSettle = now
		if err := s.settle(ctx); err != nil {
			return res, s.fault(now, "moving recent events", err)
		}
	}
	if now.Sub(r.lastPrune) >= s.opts.PruneEvery {
		r.lastPrune = now
		if err := s.prune(ctx, pollTime); err != nil {
			return res, s.fault(now, "pruning old events", err)
		}
	}
	return res, nil
}

// ErrDamaged is wrapped by Record's error when SQLite finds the database
// damaged: open it again with Options.Verify to move it aside and start a
// new one.
var ErrDamaged = errors.New("the history is damaged")

// fault words a recording error. A full disk makes recording rest for
// RetryFull; every later poll until then gets the same error at once.
func (s *Store) fault(now time.Time, doing string, err error) error {
	r := &s.rec
	switch {
	case isCode(err, codeFull):
		r.fullUntil = now.Add(s.opts.RetryFull)
		r.fullErr = fmt.Errorf("history: %w: recording stopped, and is tried again in %s (%s: %w)", ErrFull, s.opts.RetryFull, doing, err)
		return r.fullErr
	case isCode(err, codeCorrupt, codeNotADB):
		return fmt.Errorf("history: %s: %w (%w)", doing, ErrDamaged, err)
	}
	return fmt.Errorf("history: %s: %w", doing, err)
}

func (s *Store) loadMirror(ctx context.Context) error {
	r := &s.rec
	idents := map[IdentityKey]*identState{}
	byID := map[int64]*identState{}
	rows, err := s.db.QueryContext(ctx, `SELECT id, port, protocol, address, exe, process, user, scope, family FROM identities`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var k IdentityKey
		st := &identState{}
		if err := rows.Scan(&st.id, &k.Port, &k.Protocol, &k.Address, &k.Exe, &k.Process, &k.User, &k.Scope, &st.family); err != nil {
			rows.Close()
			return err
		}
		st.key = k
		idents[k] = st
		byID[st.id] = st
	}
	if err := rows.Close(); err != nil {
		return err
	}
	present := map[instanceKey]presence{}
	rows, err = s.db.QueryContext(ctx, `SELECT identity, port, pid, severity FROM present`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var k instanceKey
		var p presence
		if err := rows.Scan(&k.id, &k.port, &p.pid, &p.severity); err != nil {
			rows.Close()
			return err
		}
		present[k] = p
		if st := byID[k.id]; st != nil {
			st.present++
		}
	}
	if err := rows.Close(); err != nil {
		return err
	}
	var lastPoll, lastEvent sql.NullInt64
	var recent int
	err = s.db.QueryRowContext(ctx, `SELECT (SELECT value FROM meta WHERE key = 'last_poll'),
		(SELECT value FROM meta WHERE key = 'last_event'), (SELECT count(*) FROM recent)`).Scan(&lastPoll, &lastEvent, &recent)
	if err != nil {
		return err
	}
	r.idents, r.byID, r.present = idents, byID, present
	r.lastPoll, r.lastEvent, r.recent = lastPoll.Int64, lastEvent.Int64, recent
	r.loaded = true
	return nil
}

// pollDiff is what one poll changes.
type pollDiff struct {
	events []pendingEvent
	// newIdents are identities seen for the first time, in the order of
	// their first event, with their address families.
	newIdents []IdentityKey
	families  []string
	after     map[instanceKey]presence // the present set after the poll
}

type pendingEvent struct {
	kind EventKind
	id   int64 // 0 until a new identity is written
	port uint16
	pres presence
	// fresh is 1 + the identity's index in newIdents, or 0 for a known
	// identity.
	fresh int32
}

func (r *recorder) diff(obs []Observation) pollDiff {
	// Known identities are matched by one map look-up each, then handled
	// by (id, port); only identities never seen need their key hashed
	// again.
	type fresh struct {
		key    IdentityKey
		port   uint16
		family string
		pres   presence
	}
	type freshKey struct {
		key  IdentityKey
		port uint16
	}
	merge := func(into *presence, p presence) {
		if p.pid != 0 && (into.pid == 0 || p.pid < into.pid) {
			into.pid = p.pid
		}
		into.severity = max(into.severity, p.severity)
	}
	// The map of the poll before last is reused (Record keeps it).
	after := r.spare
	if after == nil {
		after = make(map[instanceKey]presence, len(obs))
	}
	clear(after)
	d := pollDiff{after: after}
	order := make([]instanceKey, 0, len(obs))
	var news []fresh
	var newIndex map[freshKey]int
	for i := range obs {
		o := &obs[i]
		k := KeyOf(o)
		p := presence{pid: o.PID, severity: severityCode(o.Severity)}
		if st := r.idents[k]; st != nil {
			ik := instanceKey{st.id, o.Port}
			if before, dup := d.after[ik]; dup {
				merge(&before, p)
				d.after[ik] = before
				continue
			}
			d.after[ik] = p
			order = append(order, ik)
			continue
		}
		if newIndex == nil {
			newIndex = map[freshKey]int{}
		}
		fk := freshKey{k, o.Port}
		if j, dup := newIndex[fk]; dup {
			merge(&news[j].pres, p)
			continue
		}
		newIndex[fk] = len(news)
		news = append(news, fresh{k, o.Port, o.Family, p})
	}
	for _, ik := range order {
		p := d.after[ik]
		before, ok := r.present[ik]
		switch {
		case !ok:
			d.events = append(d.events, pendingEvent{kind: EventNew, id: ik.id, port: ik.port, pres: p})
		case before != p:
			d.events = append(d.events, pendingEvent{kind: EventChanged, id: ik.id, port: ik.port, pres: p})
		}
	}
	var identIndex map[IdentityKey]int32
	for _, n := range news {
		if identIndex == nil {
			identIndex = map[IdentityKey]int32{}
		}
		at, ok := identIndex[n.key]
		if !ok {
			d.newIdents = append(d.newIdents, n.key)
			d.families = append(d.families, n.family)
			at = int32(len(d.newIdents))
			identIndex[n.key] = at
		}
		d.events = append(d.events, pendingEvent{kind: EventNew, port: n.port, pres: n.pres, fresh: at})
	}
	if len(r.present) > 0 {
		var gone []pendingEvent
		for ik, p := range r.present {
			if _, ok := d.after[ik]; !ok {
				gone = append(gone, pendingEvent{kind: EventGone, id: ik.id, port: ik.port, pres: p})
			}
		}
		sortPending(gone)
		d.events = append(gone, d.events...)
	}
	return d
}

// StopWriting gives the writer lock up, so another recorder takes over at
// its next poll: call it when this one stops polling for a while (the
// window's pause), or another recorder would skip every poll meanwhile.
// The next Record takes the lock again if it is free.
func (s *Store) StopWriting() error {
	r := &s.rec
	r.mu.Lock()
	defer r.mu.Unlock()
	err := r.lock.release()
	r.lock, r.loaded = nil, false
	return err
}
