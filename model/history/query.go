package history

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"
)

// identityColumns are read by scanIdentity, in this order, from
// identityFrom; last_seen of a present identity is the last recorded poll.
const (
	identityColumns = `i.id, i.port, i.protocol, i.address, i.exe, i.process, i.user, i.scope, i.family,
	i.first_seen, i.times_seen, p.identity IS NOT NULL,
	CASE WHEN p.identity IS NOT NULL THEN coalesce(lp.value, i.last_seen) ELSE i.last_seen END`
	identityFrom = ` identities i LEFT JOIN (SELECT DISTINCT identity FROM present) p ON p.identity = i.id
	LEFT JOIN (SELECT value FROM meta WHERE key = 'last_poll') lp `
)

type scanner interface{ Scan(dest ...any) error }

func scanIdentity(sc scanner, extra ...any) (Identity, error) {
	var id Identity
	var first, last int64
	dest := append([]any{&id.ID, &id.Port, &id.Protocol, &id.Address, &id.Exe, &id.Process, &id.User, &id.Scope,
		&id.Family, &first, &id.TimesSeen, &id.Present, &last}, extra...)
	if err := sc.Scan(dest...); err != nil {
		return id, err
	}
	id.FirstSeen, id.LastSeen = time.Unix(first, 0).UTC(), time.Unix(last, 0).UTC()
	return id, nil
}

// eventColumns are read by scanEvent from events e joined to identities i.
const eventColumns = `e.id, e.time, e.kind, e.port, e.pid, e.severity,
	i.id, i.port, i.protocol, i.address, i.exe, i.process, i.user, i.scope, i.family`

func scanEvent(sc scanner) (Event, error) {
	var e Event
	var t int64
	var sev int
	k := &e.Key
	err := sc.Scan(&e.ID, &t, &e.Kind, &e.Port, &e.PID, &sev,
		&e.IdentityID, &k.Port, &k.Protocol, &k.Address, &k.Exe, &k.Process, &k.User, &k.Scope, &e.Family)
	e.Time, e.Severity = time.Unix(t, 0).UTC(), severityOf(sev)
	return e, err
}

func collectEvents(rows *sql.Rows, keep func(Event) bool) ([]Event, error) {
	defer rows.Close()
	var es []Event
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return nil, err
		}
		if keep == nil || keep(e) {
			es = append(es, e)
		}
	}
	return es, rows.Err()
}

// EventQuery chooses events.
type EventQuery struct {
	// Since and Until bound the events' time: Since <= time < Until; a
	// zero bound is open.
	Since, Until time.Time
	// Keep, when set, chooses events (the caller's filter language).
	Keep func(Event) bool
	// Limit keeps only the newest Limit events that pass (0: all).
	Limit int
}

// Events are the events that q chooses, oldest first.
func (s *Store) Events(ctx context.Context, q EventQuery) ([]Event, error) {
	var from int64
	var since, until int64 = 0, 1 << 62
	if !q.Since.IsZero() {
		since = q.Since.Unix()
		// Event ids follow time: start at the first event of Since's hour
		// rather than reading every older event.
		err := s.db.QueryRowContext(ctx, `SELECT coalesce((SELECT first_event FROM hours WHERE hour >= ? ORDER BY hour LIMIT 1),
			(SELECT coalesce(value, 0) + 1 FROM meta WHERE key = 'last_event'), 1)`, hourOf(since)).Scan(&from)
		if err != nil {
			return nil, fmt.Errorf("history: events: %w", err)
		}
	}
	if !q.Until.IsZero() {
		until = q.Until.Unix()
	}
	// One view of both tables; every recent id is above every settled one.
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("history: events: %w", err)
	}
	defer tx.Rollback()
	if q.Limit > 0 {
		return newestEvents(ctx, tx, q, from, since, until)
	}
	var es []Event
	for _, table := range []string{"events", "recent"} {
		rows, err := tx.QueryContext(ctx, `SELECT `+eventColumns+` FROM `+table+` e JOIN identities i ON i.id = e.identity
			WHERE e.id >= ? AND e.time >= ? AND e.time < ? ORDER BY e.id`, from, since, until)
		if err != nil {
			return nil, fmt.Errorf("history: events: %w", err)
		}
		more, err := collectEvents(rows, q.Keep)
		if err != nil {
			return nil, fmt.Errorf("history: events: %w", err)
		}
		es = append(es, more...)
	}
	return es, nil
}

// newestEvents answers a query with a Limit: it reads newest first (the
// recent table, then the settled one) and stops at the Limit-th event that
// passes, so the History tab's newest 2,000 of a busy week cost 2,000
// rows, not the week's.
func newestEvents(ctx context.Context, tx *sql.Tx, q EventQuery, from, since, until int64) ([]Event, error) {
	var es []Event
	for _, table := range []string{"recent", "events"} {
		rows, err := tx.QueryContext(ctx, `SELECT `+eventColumns+` FROM `+table+` e JOIN identities i ON i.id = e.identity
			WHERE e.id >= ? AND e.time >= ? AND e.time < ? ORDER BY e.id DESC`, from, since, until)
		if err != nil {
			return nil, fmt.Errorf("history: events: %w", err)
		}
		for len(es) < q.Limit && rows.Next() {
			e, err := scanEvent(rows)
			if err != nil {
				rows.Close()
				return nil, fmt.Errorf("history: events: %w", err)
			}
			if q.Keep == nil || q.Keep(e) {
				es = append(es, e)
			}
		}
		if err := errors.Join(rows.Err(), rows.Close()); err != nil {
			return nil, fmt.Errorf("history: events: %w", err)
		}
		if len(es) == q.Limit {
			break
		}
	}
	slices.Reverse(es)
	return es, nil
}

// Identities are the listener identities that keep chooses (all when nil),
// sorted by protocol, port, address and executable; an ephemeral identity
// sorts before the numbered ports.
func (s *Store) Identities(ctx context.Context, keep func(Identity) bool) ([]Identity, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+identityColumns+` FROM`+identityFrom+`
		ORDER BY i.protocol, i.port, i.address, i.exe, i.process, i.user, i.scope`)
	if err != nil {
		return nil, fmt.Errorf("history: listeners: %w", err)
	}
	defer rows.Close()
	var ids []Identity
	for rows.Next() {
		id, err := scanIdentity(rows)
		if err != nil {
			return nil, fmt.Errorf("history: listeners: %w", err)
		}
		if keep == nil || keep(id) {
			ids = append(ids, id)
		}
	}
	return ids, rows.Err()
}

// IdentityHistory is one listener identity of a port and its last events
// on that port.
type IdentityHistory struct {
	Identity
	Events []Event // oldest first
}

// PortHistory is what the history knows of one port: every identity seen
// on it (those with the port itself, and ephemeral ones that had it among
// their last events or have it now), each with its last events there, and
// the port's last events of all identities.
type PortHistory struct {
	Port       uint16
	Identities []IdentityHistory
	Events     []Event // oldest first
}

// PortHistory answers the detail pane: the port's identities and their
// last n events on it, and its last n events.
func (s *Store) PortHistory(ctx context.Context, port uint16, n int) (PortHistory, error) {
	h := PortHistory{Port: port}
	fail := func(err error) (PortHistory, error) {
		return PortHistory{}, fmt.Errorf("history: port %d: %w", port, err)
	}
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true}) // one consistent view
	if err != nil {
		return fail(err)
	}
	defer tx.Rollback()
	rowsOf := func(q string, args ...any) (*sql.Rows, error) {
		stmt, err := s.query(ctx, tx, q)
		if err != nil {
			return nil, err
		}
		return stmt.QueryContext(ctx, args...)
	}
	events := func(q string, args ...any) ([]Event, error) {
		rows, err := rowsOf(q, args...)
		if err != nil {
			return nil, err
		}
		return collectEvents(rows, nil)
	}
	// The recent events are not indexed by port (that would cost every
	// poll): they are read once, and the settled ones through the index.
	recent, err := events(`SELECT `+eventColumns+` FROM recent e JOIN identities i ON i.id = e.identity
		WHERE e.port = ? ORDER BY e.id`, port)
	if err != nil {
		return fail(err)
	}
	settled, err := events(portEvents(""), port, n)
	if err != nil {
		return fail(err)
	}
	h.Events = lastEvents(settled, recent, n, 0)

	rows, err := rowsOf(portIdentities, port, n)
	if err != nil {
		return fail(err)
	}
	seen := map[int64]bool{}
	for rows.Next() {
		id, err := scanIdentity(rows)
		if err != nil {
			rows.Close()
			return fail(err)
		}
		seen[id.ID] = true
		h.Identities = append(h.Identities, IdentityHistory{Identity: id})
	}
	if err := rows.Close(); err != nil {
		return fail(err)
	}
	for _, e := range recent { // identities seen on the port only lately
		if seen[e.IdentityID] {
			continue
		}
		seen[e.IdentityID] = true
		rows, err := rowsOf(`SELECT `+identityColumns+` FROM`+identityFrom+`WHERE i.id = ?`, e.IdentityID)
		if err != nil {
			return fail(err)
		}
		for rows.Next() {
			id, err := scanIdentity(rows)
			if err != nil {
				rows.Close()
				return fail(err)
			}
			h.Identities = append(h.Identities, IdentityHistory{Identity: id})
		}
		if err := rows.Close(); err != nil {
			return fail(err)
		}
	}
	slices.SortFunc(h.Identities, func(a, b IdentityHistory) int {
		return cmp.Or(cmp.Compare(a.Protocol, b.Protocol), cmp.Compare(a.Port, b.Port),
			cmp.Compare(a.Address, b.Address), cmp.Compare(a.Exe, b.Exe), cmp.Compare(a.ID, b.ID))
	})
	for i := range h.Identities {
		ih := &h.Identities[i]
		settled, err := events(portEvents(" AND identity = ?3"), port, n, ih.ID)
		if err != nil {
			return fail(err)
		}
		ih.Events = lastEvents(settled, recent, n, ih.ID)
	}
	return h, nil
}

// lastEvents are the last n of settled (newest first) and recent (oldest
// first, all newer), those of identity id only when id is not 0, oldest
// first.
func lastEvents(settled, recent []Event, n int, id int64) []Event {
	var out []Event
	for _, e := range slices.Backward(settled) {
		out = append(out, e)
	}
	for _, e := range recent {
		if id == 0 || e.IdentityID == id {
			out = append(out, e)
		}
	}
	if len(out) > n {
		out = out[len(out)-n:]
	}
	return out
}

// portIdentities are the identities of port ?1 (but those only in recent
// events): with that port, present on it, or among its last ?2 events.
const portIdentities = `SELECT ` + identityColumns + ` FROM` + identityFrom + `WHERE i.port = ?1
	OR i.id IN (SELECT identity FROM present WHERE port = ?1)
	OR i.id IN (SELECT identity FROM (SELECT identity FROM events WHERE port = ?1 ORDER BY id DESC LIMIT ?2))`

// portEvents is the query of a port's last ?2 settled events, newest
// first (?1 the port, more an extra condition).
func portEvents(more string) string {
	return `SELECT ` + eventColumns + ` FROM (SELECT * FROM events WHERE port = ?1` + more + ` ORDER BY id DESC LIMIT ?2) e
		JOIN identities i ON i.id = e.identity ORDER BY e.id DESC`
}

// HourBucket is one hour of the timeline.
type HourBucket struct {
	Start time.Time // the hour's first second, UTC
	// Polls is how many polls were recorded in the hour: 0 means nothing
	// was recording (the counts are then unknown, not zero).
	Polls int
	// Listeners and Alerts are the most listeners, and listeners with
	// severity alert, present at once during the hour.
	Listeners, Alerts int
	// Events and AlertEvents count the hour's events, and those (new or
	// changed) with severity alert.
	Events, AlertEvents int
}

// Timeline is the last n hours up to and including the hour of end,
// oldest first: the chart of listeners and alerts (n = 168 for 7 days).
func (s *Store) Timeline(ctx context.Context, end time.Time, n int) ([]HourBucket, error) {
	last := hourOf(end.Unix())
	first := last - int64(n) + 1
	out := make([]HourBucket, n)
	for i := range out {
		out[i].Start = time.Unix((first+int64(i))*3600, 0).UTC()
	}
	rows, err := s.db.QueryContext(ctx, `SELECT hour, polls, listeners, alerts, events, alert_events
		FROM hours WHERE hour BETWEEN ? AND ?`, first, last)
	if err != nil {
		return nil, fmt.Errorf("history: timeline: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var h int64
		var b HourBucket
		if err := rows.Scan(&h, &b.Polls, &b.Listeners, &b.Alerts, &b.Events, &b.AlertEvents); err != nil {
			return nil, fmt.Errorf("history: timeline: %w", err)
		}
		b.Start = out[h-first].Start
		out[h-first] = b
	}
	return out, rows.Err()
}

// LastPoll is the time of the last recorded poll (zero if none): what a
// present identity's "present" is as of.
func (s *Store) LastPoll(ctx context.Context) (time.Time, error) {
	var t sql.NullInt64
	err := s.db.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'last_poll'`).Scan(&t)
	if err == sql.ErrNoRows || !t.Valid {
		return time.Time{}, nil
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("history: %w", err)
	}
	return time.Unix(t.Int64, 0).UTC(), nil
}
