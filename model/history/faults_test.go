package history

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A file in the history's place that is not a Portolan history, or is
// damaged, is moved aside with a notice, and a new history works.
func TestUnusableFileIsMovedAside(t *testing.T) {
	t.Parallel()
	damaged := func(t *testing.T, path string) {
		// A real history whose pages after the first are overwritten.
		s := openTest(t, Options{Path: path})
		for k := 0; k < 30; k++ {
			record(t, s, stepTime(k), scenarioStep(k)...)
		}
		s.Close()
		os.Remove(path + "-wal")
		f, err := os.OpenFile(path, os.O_RDWR, 0)
		if err != nil {
			t.Fatal(err)
		}
		junk := []byte(strings.Repeat("\xde\xad\xbe\xef", 4096))
		f.WriteAt(junk, 4096)
		f.Close()
	}
	cases := map[string]func(t *testing.T, path string){
		"text": func(t *testing.T, path string) {
			os.WriteFile(path, []byte("these are somebody's notes, not a database\n"), 0o600)
		},
		"another program's SQLite": func(t *testing.T, path string) {
			db, err := sql.Open("sqlite", path)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := db.Exec("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO photos (name) VALUES ('cat')"); err != nil {
				t.Fatal(err)
			}
			db.Close()
		},
		"header then garbage": func(t *testing.T, path string) {
			os.WriteFile(path, []byte(sqliteHeader+strings.Repeat("garbage!", 1000)), 0o600)
		},
		"damaged pages": damaged,
	}
	for name, makeFile := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			path := filepath.Join(dir, FileName)
			makeFile(t, path)
			before, _ := os.ReadFile(path)
			s := openTest(t, Options{Path: path, Verify: true, Now: func() time.Time { return t0 }})
			notices := s.Notices()
			aside := path + ".corrupt-20250301T120000.000Z"
			if len(notices) != 1 || !strings.Contains(notices[0], aside) {
				t.Fatalf("notices %q, want one naming %s", notices, aside)
			}
			kept, err := os.ReadFile(aside)
			if err != nil || string(kept) != string(before) {
				t.Fatalf("the file set aside differs from the original (%v)", err)
			}
			res := record(t, s, t0, obs("sshd", 22, 1))
			if !res.Written || len(allEvents(t, s)) != 1 {
				t.Fatalf("the new history does not record: %+v", res)
			}
		})
	}
}

// A history of a newer schema is not ours to change: an error, the file
// untouched.
func TestNewerSchemaIsLeftAlone(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), FileName)
	s := openTest(t, Options{Path: path})
	record(t, s, t0, obs("sshd", 22, 1))
	if _, err := s.db.Exec("PRAGMA user_version = 99"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	_, err := Open(context.Background(), Options{Path: path})
	var newer errNewerSchema
	if !errors.As(err, &newer) || !strings.Contains(err.Error(), "newer Portolan") {
		t.Fatalf("Open of a newer schema = %v, want the newer-schema error", err)
	}
	if m, _ := filepath.Glob(path + ".corrupt*"); len(m) != 0 {
		t.Fatalf("a newer history was moved aside: %v", m)
	}
}

// A full disk (a hard page limit here) stops recording with ErrFull, keeps
// what was committed, rests, and the store goes on answering queries.
func TestFullDiskStopsRecording(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), FileName)
	clock := t0
	s := openTest(t, Options{Path: path, maxPages: 30, RetryFull: time.Minute, Now: func() time.Time { return clock }})
	var full error
	var committed int
	for k := 0; k < 2000 && full == nil; k++ {
		res, err := s.Record(context.Background(), stepTime(k), scenarioStep(k))
		if err != nil {
			full = err
			break
		}
		committed = k
		_ = res
	}
	if !errors.Is(full, ErrFull) || !strings.Contains(full.Error(), "recording stopped") {
		t.Fatalf("filling the disk gave %v, want ErrFull saying recording stopped", full)
	}
	// Resting: the next poll is refused at once, without touching the file.
	clock = clock.Add(30 * time.Second)
	if _, err := s.Record(context.Background(), stepTime(committed+2), nil); !errors.Is(err, ErrFull) {
		t.Fatalf("a poll while resting = %v, want ErrFull", err)
	}
	last, err := s.LastPoll(context.Background())
	if err != nil || !last.Equal(stepTime(committed)) {
		t.Fatalf("last poll %v (%v), want the last committed step %v", last, err, stepTime(committed))
	}
	if es := allEvents(t, s); len(es) == 0 {
		t.Fatal("the committed events are gone")
	}
	s.Close()
	integrityCheck(t, path)
}

func TestNewHistoryGivesPagesBack(t *testing.T) {
	t.Parallel()
	s := openTest(t, Options{})
	var mode int
	if err := s.db.QueryRow("PRAGMA auto_vacuum").Scan(&mode); err != nil || mode != 2 {
		t.Fatalf("auto_vacuum = %d (%v), want 2 (incremental)", mode, err)
	}
	var journal string
	if err := s.db.QueryRow("PRAGMA journal_mode").Scan(&journal); err != nil || journal != "wal" {
		t.Fatalf("journal_mode = %q (%v), want wal", journal, err)
	}
}

// Without Verify, damage is found when recording reaches it: ErrDamaged,
// and Open with Verify then sets the file aside.
func TestDamageFoundLaterIsErrDamaged(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), FileName)
	s := openTest(t, Options{Path: path})
	for k := 0; k < 30; k++ {
		record(t, s, stepTime(k), scenarioStep(k)...)
	}
	s.Close()
	// Overwrite every page but the first (the schema stays readable).
	st, _ := os.Stat(path)
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteAt([]byte(strings.Repeat("\xde\xad\xbe\xef", int(st.Size()-4096)/4)), 4096)
	f.Close()
	s2, err := Open(context.Background(), Options{Path: path})
	if err == nil {
		defer s2.Close()
		_, err = s2.Record(context.Background(), stepTime(40), scenarioStep(40))
	}
	if !errors.Is(err, ErrDamaged) {
		t.Fatalf("recording into a damaged history: %v, want ErrDamaged", err)
	}
	if s2 != nil {
		s2.Close()
	}
	s3 := openTest(t, Options{Path: path, Verify: true})
	if n := strings.Join(s3.Notices(), "\n"); !strings.Contains(n, "moved to") {
		t.Fatalf("with Verify: notices %q, want the file moved aside", n)
	}
}
