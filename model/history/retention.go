package history

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// pruneBatch is how many events one pruning transaction deletes at most,
// so a recorder coming back after months never holds the database long.
const pruneBatch = 50000

// prune drops what is past retention, then, while the database is over
// its size cap, the oldest events, with a notice. The caller holds the
// writer lock (rec.mu).
func (s *Store) prune(ctx context.Context, pollTime time.Time) error {
	if s.rec.recent > 0 { // so that events alone hold every event
		if err := s.settle(ctx); err != nil {
			return err
		}
	}
	cutoff := pollTime.Add(-s.opts.Retention).Unix()
	keepFrom, err := s.firstEventAtOrAfter(ctx, cutoff)
	if err != nil {
		return err
	}
	if err := s.deleteEventsBefore(ctx, keepFrom, cutoff); err != nil {
		return err
	}
	// Events are deleted by whole hours: an identity is forgotten once its
	// last event is before the hour of the cutoff.
	if err := s.dropForgottenIdentities(ctx, hourOf(cutoff)*3600); err != nil {
		return err
	}
	if err := s.enforceSizeCap(ctx); err != nil {
		return err
	}
	return s.giveBackPages(ctx)
}

// firstEventAtOrAfter is the id of the first event recorded in the hour of
// t or later (lastEvent+1 if none): every event before it is older than
// that hour.
func (s *Store) firstEventAtOrAfter(ctx context.Context, t int64) (int64, error) {
	var id sql.NullInt64
	err := s.db.QueryRowContext(ctx, `SELECT first_event FROM hours WHERE hour >= ? ORDER BY hour LIMIT 1`, hourOf(t)).Scan(&id)
	if err == sql.ErrNoRows || (err == nil && !id.Valid) {
		return s.rec.lastEvent + 1, nil
	}
	return id.Int64, err
}

// deleteEventsBefore deletes the events with id < keepFrom, in batches,
// and the hours before hourOf(before).
func (s *Store) deleteEventsBefore(ctx context.Context, keepFrom, before int64) error {
	for {
		var oldest sql.NullInt64
		if err := s.db.QueryRowContext(ctx, `SELECT min(id) FROM events`).Scan(&oldest); err != nil {
			return err
		}
		if !oldest.Valid || oldest.Int64 >= keepFrom {
			break
		}
		upTo := min(keepFrom, oldest.Int64+pruneBatch)
		if _, err := s.db.ExecContext(ctx, `DELETE FROM events WHERE id < ?`, upTo); err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	_, err := s.db.ExecContext(ctx, `DELETE FROM hours WHERE hour < ?`, hourOf(before))
	return err
}

// dropForgottenIdentities deletes the identities absent since before
// cutoff whose every event is gone, and forgets them in the mirror.
func (s *Store) dropForgottenIdentities(ctx context.Context, cutoff int64) error {
	rows, err := s.db.QueryContext(ctx, `DELETE FROM identities WHERE last_event < ?
		AND NOT EXISTS (SELECT 1 FROM present WHERE identity = identities.id) RETURNING id`, cutoff)
	if err != nil {
		return err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, id)
	}
	if err := rows.Close(); err != nil {
		return err
	}
	r := &s.rec
	for _, id := range ids {
		if st := r.byID[id]; st != nil {
			delete(r.idents, st.key)
			delete(r.byID, id)
		}
	}
	return nil
}

// usedBytes is the database's size less its free pages.
func (s *Store) usedBytes(ctx context.Context) (used, free int64, err error) {
	var pages, freePages, pageSize int64
	err = s.db.QueryRowContext(ctx, `SELECT (SELECT page_count FROM pragma_page_count),
		(SELECT freelist_count FROM pragma_freelist_count), (SELECT page_size FROM pragma_page_size)`).Scan(&pages, &freePages, &pageSize)
	return (pages - freePages) * pageSize, freePages * pageSize, err
}

// enforceSizeCap drops the oldest events until the history uses at most
// nine tenths of MaxBytes, and says so.
func (s *Store) enforceSizeCap(ctx context.Context) error {
	used, _, err := s.usedBytes(ctx)
	if err != nil || used <= s.opts.MaxBytes {
		return err
	}
	var oldest, newest sql.NullInt64
	if err := s.db.QueryRowContext(ctx, `SELECT min(id), max(id) FROM events`).Scan(&oldest, &newest); err != nil {
		return err
	}
	if !oldest.Valid {
		return nil // nothing to drop: identities alone cannot fill it
	}
	// Events are most of the size: drop the share that brings it to 90 %.
	share := float64(used-s.opts.MaxBytes*9/10) / float64(used)
	keepFrom := oldest.Int64 + int64(share*float64(newest.Int64-oldest.Int64+1)) + 1
	var keptTime sql.NullInt64
	if err := s.db.QueryRowContext(ctx, `SELECT min(time) FROM events WHERE id >= ?`, keepFrom).Scan(&keptTime); err != nil {
		return err
	}
	before := s.rec.lastPoll + 1
	if keptTime.Valid {
		before = keptTime.Int64
	}
	if err := s.deleteEventsBefore(ctx, keepFrom, before); err != nil {
		return err
	}
	s.addNotice(fmt.Sprintf("The history reached its size limit (%d MB): events before %s were dropped.",
		s.opts.MaxBytes>>20, time.Unix(before, 0).UTC().Format(time.RFC3339)))
	return nil
}

// giveBackPages returns free pages to the disk once they are an eighth of
// the file (auto_vacuum=incremental).
func (s *Store) giveBackPages(ctx context.Context) error {
	used, free, err := s.usedBytes(ctx)
	if err != nil || free*8 < used+free {
		return err
	}
	_, err = s.db.ExecContext(ctx, `PRAGMA incremental_vacuum`)
	return err
}
