package history

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	_ "modernc.org/sqlite" // the "sqlite" driver, pure Go
)

// Defaults of Options.
const (
	DefaultRetention   = 90 * 24 * time.Hour
	DefaultMaxBytes    = 256 << 20
	DefaultPruneEvery  = 10 * time.Minute
	DefaultBusyTimeout = 5 * time.Second
	// DefaultRetryFull is how long recording rests after the disk was full
	// before it tries again.
	DefaultRetryFull = time.Minute
)

// Options say where the history is and how it is kept. Zero values take
// the defaults.
type Options struct {
	// Path is the database file (DefaultPath gives the usual one). Its
	// folder is created if needed.
	Path string
	// Retention is how long events are kept (DefaultRetention).
	Retention time.Duration
	// MaxBytes caps the database's size: past it the oldest events are
	// dropped, with a notice (DefaultMaxBytes).
	MaxBytes int64
	// PruneEvery is how often recording drops what is past retention or
	// the size cap (DefaultPruneEvery).
	PruneEvery time.Duration
	// BusyTimeout is how long a write waits for another process's
	// (DefaultBusyTimeout).
	BusyTimeout time.Duration
	// RetryFull is how long recording rests after a full disk
	// (DefaultRetryFull).
	RetryFull time.Duration
	// BaselineFile is a baseline.json to import into the approvals at Open;
	// once imported it is renamed to baseline.json.migrated. "" imports
	// nothing.
	BaselineFile string
	// IsEphemeral tells which ports are in the OS's ephemeral range, for
	// the import of BaselineFile (nil: none is).
	IsEphemeral func(port uint16) bool
	// Verify checks every page at Open (PRAGMA quick_check, about half a
	// second for a 50 MB history) and moves a damaged file aside. Without
	// it Open checks only what it reads (header, owner, schema), and
	// damage found later is reported as ErrDamaged. Recorders set it.
	Verify bool
	// Now is the clock for names and notices (time.Now).
	Now func() time.Time

	// maxPages is a hard page limit (PRAGMA max_page_count): tests use it
	// to fill the "disk".
	maxPages int64
}

func (o *Options) setDefaults() {
	if o.Retention <= 0 {
		o.Retention = DefaultRetention
	}
	if o.MaxBytes <= 0 {
		o.MaxBytes = DefaultMaxBytes
	}
	if o.PruneEvery <= 0 {
		o.PruneEvery = DefaultPruneEvery
	}
	if o.BusyTimeout <= 0 {
		o.BusyTimeout = DefaultBusyTimeout
	}
	if o.RetryFull <= 0 {
		o.RetryFull = DefaultRetryFull
	}
	if o.Now == nil {
		o.Now = time.Now
	}
}

// Store is an open history. Queries and approvals may be used from any
// goroutine; Record calls are serialised.
type Store struct {
	db   *sql.DB
	opts Options

	mu      sync.Mutex
	notices []string
	queries map[string]*sql.Stmt // prepared queries, by text

	rec recorder // guarded by rec.mu
}

// Open opens (or creates) the history at opts.Path. A file in its place
// that is not a Portolan history, or is damaged, is moved aside
// (history.db.corrupt-TIMESTAMP) and a new history started; Notices says
// so. A history written by a newer Portolan is an error and left alone.
func Open(ctx context.Context, opts Options) (*Store, error) {
	opts.setDefaults()
	if opts.Path == "" {
		return nil, errors.New("history: no database path")
	}
	if err := os.MkdirAll(filepath.Dir(opts.Path), 0o700); err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	s := &Store{opts: opts}
	db, err := s.openRetrying(ctx)
	var bad errUnusable
	if errors.As(err, &bad) {
		db, err = s.setAsideAndRetry(ctx, bad)
	}
	if err != nil {
		return nil, err
	}
	s.db = db
	if opts.BaselineFile != "" {
		if err := s.importBaselineFile(ctx, opts.BaselineFile); err != nil {
			s.addNotice(err.Error())
		}
	}
	return s, nil
}

func (s *Store) lockPath() string { return s.opts.Path + ".lock" }

// Path is the database file.
func (s *Store) Path() string { return s.opts.Path }

func (s *Store) addNotice(msg string) {
	s.mu.Lock()
	s.notices = append(s.notices, msg)
	s.mu.Unlock()
}

// Notices are the messages for the user since Open (a file moved aside,
// the baseline imported, old events dropped for the size cap), oldest
// first.
func (s *Store) Notices() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.notices...)
}

// Close releases the writer lock (if held) and closes the database.
func (s *Store) Close() error {
	s.rec.mu.Lock()
	s.rec.stmts.close()
	s.rec.stmts = nil
	lerr := s.rec.lock.release()
	s.rec.lock = nil
	s.rec.mu.Unlock()
	s.mu.Lock()
	for _, st := range s.queries {
		st.Close()
	}
	s.queries = nil
	s.mu.Unlock()
	err := s.db.Close()
	return errors.Join(err, lerr)
}

// query is q prepared once for the store's life (parsing costs more than
// running most of the queries here), bound to tx when given.
func (s *Store) query(ctx context.Context, tx *sql.Tx, q string) (*sql.Stmt, error) {
	s.mu.Lock()
	st := s.queries[q]
	s.mu.Unlock()
	if st == nil {
		var err error
		if st, err = s.db.PrepareContext(ctx, q); err != nil {
			return nil, err
		}
		s.mu.Lock()
		if s.queries == nil {
			s.queries = map[string]*sql.Stmt{}
		}
		if had := s.queries[q]; had != nil {
			st.Close()
			st = had
		} else {
			s.queries[q] = st
		}
		s.mu.Unlock()
	}
	if tx != nil {
		return tx.StmtContext(ctx, st), nil
	}
	return st, nil
}

// SQLite result codes this package acts on (the primary code, the low
// byte of an extended one).
const (
	codeBusy    = 5
	codeCorrupt = 11
	codeFull    = 13
	codeNotADB  = 26
)

func isCode(err error, codes ...int) bool {
	var se interface{ Code() int }
	if !errors.As(err, &se) {
		return false
	}
	for _, c := range codes {
		if se.Code()&0xff == c {
			return true
		}
	}
	return false
}
