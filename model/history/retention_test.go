package history

import (
	"context"
	"strings"
	"testing"
	"time"
)

// Events past retention are dropped as recording goes on, with the hours
// and the identities nothing refers to any more.
func TestRetentionPrunesAsItGoes(t *testing.T) {
	t.Parallel()
	var clock time.Time
	s := openTest(t, Options{Retention: 24 * time.Hour, PruneEvery: time.Nanosecond, Now: func() time.Time { return clock }})
	// Three days, a poll every 10 minutes; "old" lives only the first day.
	for k := 0; k < 3*24*6; k++ {
		clock = t0.Add(time.Duration(k) * 10 * time.Minute)
		os := []Observation{obs("sshd", 22, int32(100+k/6))} // a new PID every hour
		if k < 24*6 {
			os = append(os, obs("old", 7, 1))
		}
		record(t, s, clock, os...)
	}
	es := allEvents(t, s)
	cutoff := clock.Add(-24 * time.Hour).Truncate(time.Hour)
	if len(es) == 0 || es[0].Time.Before(cutoff) {
		t.Fatalf("oldest event %v, want none before %v", es[0].Time, cutoff)
	}
	if len(es) < 23 {
		t.Fatalf("only %d events kept of the last day, want sshd's hourly restarts", len(es))
	}
	ids, _ := s.Identities(context.Background(), nil)
	if len(ids) != 1 || ids[0].Process != "sshd" {
		t.Fatalf("identities %+v, want only sshd (old is forgotten)", ids)
	}
	tl, _ := s.Timeline(context.Background(), clock, 72)
	if tl[0].Polls != 0 || tl[71].Polls != 6 {
		t.Fatalf("timeline polls: first hour %d (want 0: pruned), last %d (want 6)", tl[0].Polls, tl[71].Polls)
	}
}

// Past MaxBytes the oldest events go, with a notice; the file stays near
// the cap.
func TestSizeCapDropsOldestEvents(t *testing.T) {
	t.Parallel()
	const maxBytes = 128 << 10
	var clock time.Time
	s := openTest(t, Options{MaxBytes: maxBytes, PruneEvery: time.Nanosecond, Now: func() time.Time { return clock }})
	for k := 0; k < 500; k++ {
		clock = stepTime(k)
		record(t, s, clock, scenarioStep(k)...)
	}
	used, free, err := s.usedBytes(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	// One poll's growth past the cap is allowed before the next prune.
	if used > maxBytes+32<<10 || free > used/4 {
		t.Fatalf("used %d bytes, free %d, cap %d", used, free, maxBytes)
	}
	notices := strings.Join(s.Notices(), "\n")
	if !strings.Contains(notices, "size limit") {
		t.Fatalf("notices %q, want the size limit named", notices)
	}
	es := allEvents(t, s)
	if len(es) == 0 || !es[0].Time.After(t0.Add(time.Minute)) || !es[len(es)-1].Time.Equal(clock) {
		t.Fatalf("kept events from %v to %v, want the newest, not the oldest", es[0].Time, es[len(es)-1].Time)
	}
}
