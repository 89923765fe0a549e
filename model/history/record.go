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
	mu        sync.Mutex
	lock      *writerLock
	stmts     *statements
	loaded    bool
	idents    map[IdentityKey]*identState
	byID      map[int64]*identState
	present   map[instanceKey]presence
	lastPoll  int64 // Unix seconds of the last recorded poll
	lastEvent int64 // the events' AUTOINCREMENT counter
	lastPrune time.Time
	fullUntil time.Time
	fullErr   error
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
			return Result{}, fmt.Errorf("history: reading the present listeners: %w", err)
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
		if isCode(err, codeFull) {
			r.fullUntil = now.Add(s.opts.RetryFull)
			r.fullErr = fmt.Errorf("history: %w: recording stopped, and is tried again in %s (%w)", ErrFull, s.opts.RetryFull, err)
			return Result{}, r.fullErr
		}
		return Result{}, fmt.Errorf("history: recording a poll: %w", err)
	}
	r.fullErr = nil
	if now.Sub(r.lastPrune) >= s.opts.PruneEvery {
		r.lastPrune = now
		if err := s.prune(ctx, pollTime); err != nil {
			return res, fmt.Errorf("history: pruning old events: %w", err)
		}
	}
	return res, nil
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
	err = s.db.QueryRowContext(ctx, `SELECT (SELECT value FROM meta WHERE key = 'last_poll'),
		(SELECT seq FROM sqlite_sequence WHERE name = 'events')`).Scan(&lastPoll, &lastEvent)
	if err != nil {
		return err
	}
	r.idents, r.byID, r.present = idents, byID, present
	r.lastPoll, r.lastEvent = lastPoll.Int64, lastEvent.Int64
	r.loaded = true
	return nil
}

// pollDiff is what one poll changes.
type pollDiff struct {
	events []pendingEvent
	// newIdents are identities seen for the first time, in the order of
	// their first event.
	newIdents []IdentityKey
	families  map[IdentityKey]string
	after     map[instanceKey]presence // the present set after the poll
}

type pendingEvent struct {
	kind  EventKind
	key   IdentityKey // of an identity that may not have an id yet
	id    int64       // 0 for an identity in newIdents
	port  uint16
	pres  presence
	isNew bool // the identity is in newIdents
}

func (r *recorder) diff(obs []Observation) pollDiff {
	type cur struct {
		key    IdentityKey
		family string
		port   uint16
		pres   presence
	}
	type obsKey struct {
		key  IdentityKey
		port uint16
	}
	seen := make(map[obsKey]int, len(obs))
	curs := make([]cur, 0, len(obs))
	for i := range obs {
		o := &obs[i]
		k := obsKey{KeyOf(o), o.Port}
		p := presence{pid: o.PID, severity: severityCode(o.Severity)}
		if j, ok := seen[k]; ok {
			c := &curs[j]
			if p.pid != 0 && (c.pres.pid == 0 || p.pid < c.pres.pid) {
				c.pres.pid = p.pid
			}
			c.pres.severity = max(c.pres.severity, p.severity)
			continue
		}
		seen[k] = len(curs)
		curs = append(curs, cur{k.key, o.Family, o.Port, p})
	}
	d := pollDiff{after: make(map[instanceKey]presence, len(curs)), families: map[IdentityKey]string{}}
	for _, c := range curs {
		st := r.idents[c.key]
		if st == nil {
			if _, ok := d.families[c.key]; !ok {
				d.families[c.key] = c.family
				d.newIdents = append(d.newIdents, c.key)
			}
			d.events = append(d.events, pendingEvent{kind: EventNew, key: c.key, port: c.port, pres: c.pres, isNew: true})
			continue
		}
		ik := instanceKey{st.id, c.port}
		d.after[ik] = c.pres
		before, ok := r.present[ik]
		switch {
		case !ok:
			d.events = append(d.events, pendingEvent{kind: EventNew, key: c.key, id: st.id, port: c.port, pres: c.pres})
		case before != c.pres:
			d.events = append(d.events, pendingEvent{kind: EventChanged, key: c.key, id: st.id, port: c.port, pres: c.pres})
		}
	}
	if len(r.present) > 0 {
		var gone []pendingEvent
		for ik, p := range r.present {
			if _, ok := d.after[ik]; !ok {
				gone = append(gone, pendingEvent{kind: EventGone, key: r.byID[ik.id].key, id: ik.id, port: ik.port, pres: p})
			}
		}
		sortPending(gone)
		d.events = append(gone, d.events...)
	}
	return d
}
