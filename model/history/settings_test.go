package history

import (
	"testing"
	"time"
)

// A shorter retention set while recording drops the older events at the
// next poll, though pruning is not due yet.
func TestSetRetentionPrunesAtTheNextPoll(t *testing.T) {
	t.Parallel()
	var clock time.Time
	s := openTest(t, Options{Retention: 30 * 24 * time.Hour, Now: func() time.Time { return clock }})
	for k := range 10 {
		clock = t0.Add(time.Duration(k) * 24 * time.Hour)
		record(t, s, clock, obs("day", uint16(1000+k), 1))
	}
	if n := len(allEvents(t, s)); n != 19 {
		t.Fatalf("%d events before, want 19 (10 new, 9 gone)", n)
	}
	s.SetRetention(48 * time.Hour)
	if s.Retention() != 48*time.Hour {
		t.Fatalf("retention %v", s.Retention())
	}
	clock = clock.Add(time.Minute)
	record(t, s, clock, obs("day", 1009, 1))
	es := allEvents(t, s)
	if len(es) == 0 || es[0].Time.Before(clock.Add(-48*time.Hour).Truncate(time.Hour)) || len(es) != 6 {
		t.Fatalf("%d events from %v, want only the last two days'", len(es), es[0].Time)
	}
	s.SetRetention(0)
	if s.Retention() != DefaultRetention {
		t.Errorf("retention 0 gives %v", s.Retention())
	}
}
