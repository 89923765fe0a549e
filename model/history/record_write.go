package history

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
	"strings"
	"time"
)

func sortPending(es []pendingEvent) {
	slices.SortFunc(es, func(a, b pendingEvent) int {
		return cmp.Or(cmp.Compare(a.port, b.port), cmp.Compare(a.id, b.id))
	})
}

// write records a poll's diff in one transaction and, once it is
// committed, brings the mirror up to date. Nothing of the mirror changes
// when it fails.
func (s *Store) write(ctx context.Context, t int64, d pollDiff) (res Result, err error) {
	r := &s.rec
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return res, err
	}
	defer func() {
		if err != nil {
			tx.Rollback()
		}
	}()
	newIDs := make(map[IdentityKey]int64, len(d.newIdents))
	if len(d.newIdents) > 0 {
		stmt, err := tx.PrepareContext(ctx, `INSERT INTO identities
			(port, protocol, address, exe, process, user, scope, family, first_seen, last_seen, times_seen, last_event)
			VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, 0, ?9) RETURNING id`)
		if err != nil {
			return res, err
		}
		for _, k := range d.newIdents {
			var id int64
			err := stmt.QueryRowContext(ctx, k.Port, k.Protocol, k.Address, k.Exe, k.Process, k.User, k.Scope, d.families[k], t).Scan(&id)
			if err != nil {
				stmt.Close()
				return res, err
			}
			newIDs[k] = id
		}
		stmt.Close()
	}
	// Resolve the new identities' ids; count each identity's new events
	// (times seen) and how its present instances change.
	type touch struct{ newEvents, delta int }
	touched := map[int64]*touch{}
	var order []int64
	for i := range d.events {
		e := &d.events[i]
		if e.isNew {
			e.id = newIDs[e.key]
			d.after[instanceKey{e.id, e.port}] = e.pres
		}
		tc := touched[e.id]
		if tc == nil {
			tc = &touch{}
			touched[e.id] = tc
			order = append(order, e.id)
		}
		switch e.kind {
		case EventNew:
			tc.newEvents++
			tc.delta++
		case EventGone:
			tc.delta--
		}
	}
	if err := writeEvents(ctx, tx, t, d.events); err != nil {
		return res, err
	}
	if err := writePresent(ctx, tx, d.events); err != nil {
		return res, err
	}
	// Identities: one update each for those with events; one that is no
	// longer present was last seen at the previous poll.
	if len(order) > 0 {
		stmt, err := tx.PrepareContext(ctx, `UPDATE identities SET last_event = ?1,
			times_seen = times_seen + ?2, last_seen = CASE WHEN ?3 THEN ?4 ELSE last_seen END WHERE id = ?5`)
		if err != nil {
			return res, err
		}
		for _, id := range order {
			tc := touched[id]
			was := 0
			if st := r.byID[id]; st != nil {
				was = st.present
			}
			left := was > 0 && was+tc.delta == 0
			if _, err := stmt.ExecContext(ctx, t, tc.newEvents, left, r.lastPoll, id); err != nil {
				stmt.Close()
				return res, err
			}
		}
		stmt.Close()
	}
	listeners, alerts, alertEvents := len(d.after), 0, 0
	for _, p := range d.after {
		if p.severity == severityCode(SeverityAlert) {
			alerts++
		}
	}
	for _, e := range d.events {
		if e.kind != EventGone && e.pres.severity == severityCode(SeverityAlert) {
			alertEvents++
		}
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO hours (hour, first_event, polls, listeners, alerts, events, alert_events)
		VALUES (?1, ?2, 1, ?3, ?4, ?5, ?6)
		ON CONFLICT (hour) DO UPDATE SET polls = polls + 1, listeners = max(listeners, excluded.listeners),
			alerts = max(alerts, excluded.alerts), events = events + excluded.events,
			alert_events = alert_events + excluded.alert_events`,
		hourOf(t), r.lastEvent+1, listeners, alerts, len(d.events), alertEvents)
	if err != nil {
		return res, err
	}
	if _, err = tx.ExecContext(ctx, `INSERT OR REPLACE INTO meta (key, value) VALUES ('last_poll', ?)`, t); err != nil {
		return res, err
	}
	if err = tx.Commit(); err != nil {
		return res, err
	}
	// Committed: the mirror follows.
	res.Written = true
	res.Events = make([]Event, len(d.events))
	for i, e := range d.events {
		st := r.byID[e.id]
		if st == nil {
			st = &identState{key: e.key, id: e.id, family: d.families[e.key]}
			r.idents[e.key] = st
			r.byID[e.id] = st
		}
		switch e.kind {
		case EventNew:
			st.present++
		case EventGone:
			st.present--
		}
		res.Events[i] = Event{ID: r.lastEvent + 1 + int64(i), Time: time.Unix(t, 0).UTC(), Kind: e.kind,
			IdentityID: e.id, Key: e.key, Family: st.family, Port: e.port, PID: e.pres.pid, Severity: severityOf(e.pres.severity)}
	}
	r.present = d.after
	r.lastPoll = t
	r.lastEvent += int64(len(d.events))
	return res, nil
}

func hourOf(t int64) int64 { return t / 3600 }

// maxRowsPerInsert keeps a multi-row INSERT under SQLite's limit of
// 32766 parameters.
const maxRowsPerInsert = 1000

// writeEvents inserts the events, many rows a statement: one statement a
// row costs more than the rows themselves.
func writeEvents(ctx context.Context, tx *sql.Tx, t int64, es []pendingEvent) error {
	for len(es) > 0 {
		n := min(len(es), maxRowsPerInsert)
		var q strings.Builder
		q.WriteString("INSERT INTO events (time, identity, port, kind, pid, severity) VALUES ")
		args := make([]any, 0, n*6)
		for i, e := range es[:n] {
			if i > 0 {
				q.WriteByte(',')
			}
			q.WriteString("(?,?,?,?,?,?)")
			args = append(args, t, e.id, e.port, int(e.kind), e.pres.pid, e.pres.severity)
		}
		if _, err := tx.ExecContext(ctx, q.String(), args...); err != nil {
			return err
		}
		es = es[n:]
	}
	return nil
}

// writePresent applies the events to the present table.
func writePresent(ctx context.Context, tx *sql.Tx, es []pendingEvent) error {
	var gone, upsert []pendingEvent
	for _, e := range es {
		if e.kind == EventGone {
			gone = append(gone, e)
		} else {
			upsert = append(upsert, e)
		}
	}
	for len(gone) > 0 {
		n := min(len(gone), maxRowsPerInsert)
		var q strings.Builder
		q.WriteString("DELETE FROM present WHERE (identity, port) IN (VALUES ")
		args := make([]any, 0, n*2)
		for i, e := range gone[:n] {
			if i > 0 {
				q.WriteByte(',')
			}
			q.WriteString("(?,?)")
			args = append(args, e.id, e.port)
		}
		q.WriteByte(')')
		if _, err := tx.ExecContext(ctx, q.String(), args...); err != nil {
			return err
		}
		gone = gone[n:]
	}
	for len(upsert) > 0 {
		n := min(len(upsert), maxRowsPerInsert)
		var q strings.Builder
		q.WriteString("INSERT OR REPLACE INTO present (identity, port, pid, severity) VALUES ")
		args := make([]any, 0, n*4)
		for i, e := range upsert[:n] {
			if i > 0 {
				q.WriteByte(',')
			}
			q.WriteString("(?,?,?,?)")
			args = append(args, e.id, e.port, e.pres.pid, e.pres.severity)
		}
		if _, err := tx.ExecContext(ctx, q.String(), args...); err != nil {
			return err
		}
		upsert = upsert[n:]
	}
	return nil
}
