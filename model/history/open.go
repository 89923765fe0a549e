package history

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"time"
)

// Opening: the connection settings, and what is done with a file in the
// history's place that is not a usable history.

// errUnusable: the file is not a history this Portolan can use, and may
// be set aside.
type errUnusable struct{ why error }

func (e errUnusable) Error() string { return e.why.Error() }
func (e errUnusable) Unwrap() error { return e.why }

func (s *Store) dsn() string {
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", s.opts.BusyTimeout.Milliseconds()))
	// NORMAL in WAL mode: a commit survives the process being killed (it is
	// in the WAL), only an OS crash may lose the last ones; FULL would
	// sync at every poll.
	q.Add("_pragma", "synchronous(NORMAL)")
	// Statement journals (each multi-row INSERT has one) stay in memory
	// instead of a temporary file written at every poll.
	q.Add("_pragma", "temp_store(MEMORY)")
	if s.opts.maxPages > 0 {
		q.Add("_pragma", fmt.Sprintf("max_page_count(%d)", s.opts.maxPages))
	}
	q.Set("_txlock", "immediate")
	return "file:" + (&url.URL{Path: s.opts.Path}).EscapedPath() + "?" + q.Encode()
}

// openChecked opens the file and makes sure it is a Portolan history of a
// known schema: errUnusable when it is foreign or damaged.
func (s *Store) openChecked(ctx context.Context) (*sql.DB, error) {
	if err := checkHeader(s.opts.Path); err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", s.dsn())
	if err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	db.SetMaxOpenConns(4)
	db.SetMaxIdleConns(2)
	fail := func(err error) (*sql.DB, error) {
		db.Close()
		if isCode(err, codeCorrupt, codeNotADB) {
			return nil, errUnusable{fmt.Errorf("it is damaged (%w)", err)}
		}
		return nil, fmt.Errorf("history: %s: %w", s.opts.Path, err)
	}
	if err := db.PingContext(ctx); err != nil {
		return fail(err)
	}
	var appID, version, tables int
	err = db.QueryRowContext(ctx, `SELECT (SELECT application_id FROM pragma_application_id),
		(SELECT user_version FROM pragma_user_version), (SELECT count(*) FROM sqlite_schema)`).Scan(&appID, &version, &tables)
	if err != nil {
		return fail(err)
	}
	if appID != applicationID && (tables > 0 || version > 0) {
		db.Close()
		return nil, errUnusable{fmt.Errorf("it is a SQLite database of another program (application id %#x)", appID)}
	}
	if s.opts.Verify {
		var check string
		if err := db.QueryRowContext(ctx, "PRAGMA quick_check(1)").Scan(&check); err != nil {
			return fail(err)
		}
		if check != "ok" {
			db.Close()
			return nil, errUnusable{fmt.Errorf("it is damaged (%s)", check)}
		}
	}
	// Only now, once it is known to be a history, is the file written:
	// auto_vacuum (for a new file: pruning then gives pages back to the
	// disk), then WAL mode.
	if tables == 0 {
		if _, err := db.ExecContext(ctx, "PRAGMA auto_vacuum = INCREMENTAL"); err != nil {
			return fail(err)
		}
	}
	if err := useWAL(ctx, db); err != nil {
		return fail(err)
	}
	if err := migrate(ctx, db); err != nil {
		return fail(err)
	}
	return db, nil
}

// openRetrying is openChecked, tried again while the file is busy: two
// processes creating or converting the history at once get SQLITE_BUSY
// from steps that wait for no busy handler (the switch to WAL).
func (s *Store) openRetrying(ctx context.Context) (*sql.DB, error) {
	deadline := time.Now().Add(s.opts.BusyTimeout)
	for {
		db, err := s.openChecked(ctx)
		if err == nil || !isCode(err, codeBusy) || time.Now().After(deadline) {
			return db, err
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(10 * time.Millisecond):
		}
	}
}

// useWAL turns the file to WAL mode (kept in the file).
func useWAL(ctx context.Context, db *sql.DB) error {
	var mode string
	err := db.QueryRowContext(ctx, "PRAGMA journal_mode = WAL").Scan(&mode)
	if err == nil && mode != "wal" {
		err = fmt.Errorf("the journal mode stays %q, not WAL", mode)
	}
	return err
}

// sqliteHeader opens every SQLite 3 file.
const sqliteHeader = "SQLite format 3\x00"

// checkHeader: a file that is not SQLite at all is unusable; no file or an
// empty one is a new history.
func checkHeader(path string) error {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("history: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return fmt.Errorf("history: %w", err)
	}
	if !st.Mode().IsRegular() {
		return fmt.Errorf("history: %s is not a regular file", path)
	}
	if st.Size() == 0 {
		return nil
	}
	head := make([]byte, len(sqliteHeader))
	if n, _ := f.ReadAt(head, 0); n < len(head) || string(head) != sqliteHeader {
		return errUnusable{errors.New("it is not a SQLite database")}
	}
	return nil
}

// setAsideAndRetry moves an unusable file (with its WAL) to
// history.db.corrupt-TIMESTAMP and starts a new history. It takes the
// writer lock first: a file another recorder is writing is left alone.
func (s *Store) setAsideAndRetry(ctx context.Context, bad errUnusable) (*sql.DB, error) {
	lock, err := tryLockWriter(s.lockPath())
	if err != nil {
		if errors.Is(err, errLocked) {
			return nil, fmt.Errorf("history: %s cannot be used (%v) and another recorder (PID %d) has it open; it is left alone", s.opts.Path, bad, lockHolder(s.lockPath()))
		}
		return nil, err
	}
	aside := s.opts.Path + ".corrupt-" + s.opts.Now().UTC().Format("20060102T150405.000Z")
	if err := os.Rename(s.opts.Path, aside); err != nil {
		lock.release()
		return nil, fmt.Errorf("history: %s cannot be used (%v) and could not be moved aside: %w", s.opts.Path, bad, err)
	}
	// The WAL belongs to the old file: applied to a new one it would
	// damage it. It goes with it; the shared-memory index is rebuilt.
	os.Rename(s.opts.Path+"-wal", aside+"-wal")
	os.Remove(s.opts.Path + "-shm")
	s.addNotice(fmt.Sprintf("The history %s could not be used (%v). It was moved to %s and a new history started.", s.opts.Path, bad, aside))
	s.rec.lock = lock
	db, err := s.openRetrying(ctx)
	if err != nil {
		lock.release()
		s.rec.lock = nil
		return nil, err
	}
	return db, nil
}
