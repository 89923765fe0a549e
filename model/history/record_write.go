package history

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
	"strconv"
	"strings"
	"time"
)

func sortPending(es []pendingEvent) {
	slices.SortFunc(es, func(a, b pendingEvent) int {
		return cmp.Or(cmp.Compare(a.port, b.port), cmp.Compare(a.id, b.id))
	})
}

// The writes of a poll are a few statements prepared once. Rows go in
// many to a statement (one statement a row costs more than the rows): a
// batch is cut in chunks of 256, 128, ..., 1 rows, so at most nine shapes
// of each statement are ever compiled, and they are kept.
const (
	sqlInsertIdentity = `INSERT INTO identities
		(port, protocol, address, exe, process, user, scope, family, first_seen, last_seen, times_seen, last_event)
		VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, 0, ?9) RETURNING id`
	sqlUpsertHour = `INSERT INTO hours (hour, first_event, polls, listeners, alerts, events, alert_events)
		VALUES (?1, ?2, 1, ?3, ?4, ?5, ?6)
		ON CONFLICT (hour) DO UPDATE SET polls = polls + 1, listeners = max(listeners, excluded.listeners),
			alerts = max(alerts, excluded.alerts), events = events + excluded.events,
			alert_events = alert_events + excluded.alert_events`
	sqlSetLastPoll = `INSERT OR REPLACE INTO meta (key, value) VALUES ('last_poll', ?1), ('last_event', ?2)`
)

// A bulk statement: head, the rows as a VALUES list of width columns,
// then tail.
type bulk struct {
	name, head, tail string
	width            int
}

var (
	// rows: id, time, identity, port, kind, pid, severity
	bulkEvents = bulk{"events", "INSERT INTO recent (id, time, identity, port, kind, pid, severity) VALUES ", "", 7}
	// rows: identity, port
	bulkGone = bulk{"gone", "DELETE FROM present WHERE (identity, port) IN (VALUES ", ")", 2}
	// rows: identity, port, pid, severity
	bulkPresent = bulk{"present", "INSERT OR REPLACE INTO present (identity, port, pid, severity) VALUES ", "", 4}
	// ?1 last_event, ?2 last_seen; rows: identity, new events, left (0/1).
	// An identity's newest event that matters to retention is its gone:
	// changes happen while it is present.
	bulkIdentities = bulk{"identities", "UPDATE identities SET last_event = ?1, times_seen = times_seen + u.column2, " +
		"last_seen = CASE WHEN u.column3 THEN ?2 ELSE last_seen END FROM (VALUES ", ") AS u WHERE identities.id = u.column1", 3}
)

const maxChunk = 256

// sql is the statement for n rows. The rows' parameters are anonymous
// (?): numbered ones (?NNN) cost a linear name lookup each at binding;
// after a head's ?1 and ?2 they are numbered 3, 4...
func (b bulk) sql(n int) string {
	var q strings.Builder
	q.WriteString(b.head)
	for i := range n {
		if i > 0 {
			q.WriteByte(',')
		}
		q.WriteByte('(')
		for c := range b.width {
			if c > 0 {
				q.WriteByte(',')
			}
			q.WriteByte('?')
		}
		q.WriteByte(')')
	}
	q.WriteString(b.tail)
	return q.String()
}

// statements are the recorder's prepared statements.
type statements struct {
	insertIdentity, upsertHour, setLastPoll *sql.Stmt
	bulk                                    map[string]*sql.Stmt // by name/rows
}

func (s *Store) prepare(ctx context.Context) (*statements, error) {
	if s.rec.stmts != nil {
		return s.rec.stmts, nil
	}
	st := &statements{bulk: map[string]*sql.Stmt{}}
	for _, p := range []struct {
		dst **sql.Stmt
		sql string
	}{
		{&st.insertIdentity, sqlInsertIdentity}, {&st.upsertHour, sqlUpsertHour}, {&st.setLastPoll, sqlSetLastPoll},
	} {
		stmt, err := s.db.PrepareContext(ctx, p.sql)
		if err != nil {
			st.close()
			return nil, err
		}
		*p.dst = stmt
	}
	s.rec.stmts = st
	return st, nil
}

func (st *statements) close() {
	if st == nil {
		return
	}
	for _, s := range []*sql.Stmt{st.insertIdentity, st.upsertHour, st.setLastPoll} {
		if s != nil {
			s.Close()
		}
	}
	for _, s := range st.bulk {
		s.Close()
	}
}

// execBulk runs b over rows (width values each), in chunks; fixed are the
// parameters before the rows (?1, ?2...).
func (s *Store) execBulk(ctx context.Context, tx *sql.Tx, b bulk, fixed, rows []any) error {
	st := s.rec.stmts
	for len(rows) > 0 {
		n := maxChunk
		for n*b.width > len(rows) {
			n /= 2
		}
		key := b.name + "/" + strconv.Itoa(n)
		stmt := st.bulk[key]
		if stmt == nil {
			var err error
			if stmt, err = s.db.PrepareContext(ctx, b.sql(n)); err != nil {
				return err
			}
			st.bulk[key] = stmt
		}
		args := append(append(make([]any, 0, len(fixed)+n*b.width), fixed...), rows[:n*b.width]...)
		if _, err := tx.StmtContext(ctx, stmt).ExecContext(ctx, args...); err != nil {
			return err
		}
		rows = rows[n*b.width:]
	}
	return nil
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// write records a poll's diff in one transaction and, once it is
// committed, brings the mirror up to date. Nothing of the mirror changes
// when it fails.
func (s *Store) write(ctx context.Context, t int64, d pollDiff) (res Result, err error) {
	r := &s.rec
	st, err := s.prepare(ctx)
	if err != nil {
		return res, err
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return res, err
	}
	defer func() {
		if err != nil {
			tx.Rollback()
		}
	}()
	newIDs := make([]int64, len(d.newIdents))
	for i, k := range d.newIdents {
		err := tx.StmtContext(ctx, st.insertIdentity).QueryRowContext(ctx,
			k.Port, k.Protocol, k.Address, k.Exe, k.Process, k.User, k.Scope, d.families[i], t).Scan(&newIDs[i])
		if err != nil {
			return res, err
		}
	}
	// Resolve the new identities' ids; count each identity's new events
	// (times seen) and how its present instances change.
	type touch struct{ newEvents, delta int }
	touched := map[int64]*touch{}
	var order []int64
	events := make([]any, 0, len(d.events)*bulkEvents.width)
	var gone, upsert []any
	alertEvents := 0
	for i := range d.events {
		e := &d.events[i]
		if e.fresh > 0 {
			e.id = newIDs[e.fresh-1]
			d.after[instanceKey{e.id, e.port}] = e.pres
		}
		tc := touched[e.id]
		if tc == nil {
			tc = &touch{}
			touched[e.id] = tc
			order = append(order, e.id)
		}
		events = append(events, r.lastEvent+1+int64(i), t, e.id, int64(e.port), int64(e.kind), int64(e.pres.pid), int64(e.pres.severity))
		switch e.kind {
		case EventNew:
			tc.newEvents++
			tc.delta++
		case EventGone:
			tc.delta--
		}
		if e.kind == EventGone {
			gone = append(gone, e.id, int64(e.port))
		} else {
			upsert = append(upsert, e.id, int64(e.port), int64(e.pres.pid), int64(e.pres.severity))
		}
		if e.kind != EventGone && e.pres.severity == severityCode(SeverityAlert) {
			alertEvents++
		}
	}
	// An identity no longer present was last seen at the previous poll.
	var idents []any
	for _, id := range order {
		tc := touched[id]
		was := 0
		if st := r.byID[id]; st != nil {
			was = st.present
		}
		left := was > 0 && was+tc.delta == 0
		if tc.newEvents > 0 || left {
			idents = append(idents, id, int64(tc.newEvents), b2i(left))
		}
	}
	for _, w := range []struct {
		b           bulk
		fixed, rows []any
	}{
		{bulkEvents, nil, events},
		{bulkGone, nil, gone},
		{bulkPresent, nil, upsert},
		{bulkIdentities, []any{t, r.lastPoll}, idents},
	} {
		if err = s.execBulk(ctx, tx, w.b, w.fixed, w.rows); err != nil {
			return res, err
		}
	}
	alerts := 0
	for _, p := range d.after {
		if p.severity == severityCode(SeverityAlert) {
			alerts++
		}
	}
	if _, err = tx.StmtContext(ctx, st.upsertHour).ExecContext(ctx, hourOf(t), r.lastEvent+1, len(d.after), alerts, len(d.events), alertEvents); err != nil {
		return res, err
	}
	if _, err = tx.StmtContext(ctx, st.setLastPoll).ExecContext(ctx, t, r.lastEvent+int64(len(d.events))); err != nil {
		return res, err
	}
	if err = tx.Commit(); err != nil {
		return res, err
	}
	r.apply(t, d, &res)
	return res, nil
}

// apply brings the mirror to the committed poll and fills the result.
func (r *recorder) apply(t int64, d pollDiff, res *Result) {
	res.Written = true
	res.Events = make([]Event, len(d.events))
	at := time.Unix(t, 0).UTC()
	for i, e := range d.events {
		st := r.byID[e.id]
		if st == nil {
			st = &identState{key: d.newIdents[e.fresh-1], id: e.id, family: d.families[e.fresh-1]}
			r.idents[st.key] = st
			r.byID[e.id] = st
		}
		switch e.kind {
		case EventNew:
			st.present++
		case EventGone:
			st.present--
		}
		res.Events[i] = Event{ID: r.lastEvent + 1 + int64(i), Time: at, Kind: e.kind, IdentityID: e.id, Key: st.key,
			Family: st.family, Port: e.port, PID: e.pres.pid, Severity: severityOf(e.pres.severity)}
	}
	r.present, r.spare = d.after, r.present
	r.lastPoll = t
	r.lastEvent += int64(len(d.events))
	r.recent += len(d.events)
}

func hourOf(t int64) int64 { return t / 3600 }

// Recent events move to the events table (and its port index) once there
// are settleRows of them, or settleEvery after the last move: a port's
// history then scans at most settleRows unindexed rows.
const (
	settleRows  = 4096
	settleEvery = 5 * time.Minute
)

// settle moves the recent events to the events table in one transaction.
// The caller holds the writer lock.
func (s *Store) settle(ctx context.Context) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `INSERT INTO events SELECT * FROM recent ORDER BY id`); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM recent`); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	s.rec.recent = 0
	return nil
}
