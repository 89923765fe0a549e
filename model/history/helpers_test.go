package history

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"
)

// t0 is the scenarios' first poll.
var t0 = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

func openTest(t testing.TB, opts Options) *Store {
	t.Helper()
	if opts.Path == "" {
		opts.Path = filepath.Join(t.TempDir(), FileName)
	}
	s, err := Open(context.Background(), opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// obs is a listener of program name on port, loopback TCP.
func obs(name string, port uint16, pid int32) Observation {
	return Observation{Protocol: "tcp", Family: "ipv4", Address: "127.0.0.1", Port: port, Scope: "loopback",
		PID: pid, Process: name, Exe: "/usr/bin/" + name, User: "alice", Severity: SeverityNone}
}

func record(t testing.TB, s *Store, at time.Time, os ...Observation) Result {
	t.Helper()
	res, err := s.Record(context.Background(), at, os)
	if err != nil {
		t.Fatalf("Record(%s): %v", at.Format(time.TimeOnly), err)
	}
	return res
}

// eventText is an event in a line, for comparing sequences.
func eventText(e Event) string {
	return fmt.Sprintf("%s %s %s:%d %s pid=%d %s", e.Time.Format(time.TimeOnly), e.Kind, e.Key.Protocol, e.Port,
		e.Key.Process, e.PID, e.Severity)
}

func eventTexts(es []Event) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = eventText(e)
	}
	return out
}

func allEvents(t testing.TB, s *Store) []Event {
	t.Helper()
	es, err := s.Events(context.Background(), EventQuery{})
	if err != nil {
		t.Fatal(err)
	}
	return es
}

func integrityCheck(t testing.TB, path string) {
	t.Helper()
	s := openTest(t, Options{Path: path})
	var res string
	if err := s.db.QueryRow("PRAGMA integrity_check").Scan(&res); err != nil || res != "ok" {
		t.Fatalf("integrity_check of %s = %q, %v", path, res, err)
	}
}
