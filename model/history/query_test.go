package history

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"
)

// history3h records three hours: sshd all along, nc (an alert) during the
// second hour, spotify on ephemeral ports 22 and then 5353 (which is not
// ephemeral, but a test may say anything).
func history3h(t *testing.T) *Store {
	s := openTest(t, Options{})
	nc := obs("nc", 4444, 66)
	nc.Severity = SeverityAlert
	for m := 0; m < 180; m += 10 {
		at := t0.Add(time.Duration(m) * time.Minute)
		os := []Observation{obs("sshd", 22, int32(100+m/60))}
		if m >= 60 && m < 120 {
			os = append(os, nc)
		}
		record(t, s, at, os...)
	}
	return s
}

func TestEventsSinceWithFilter(t *testing.T) {
	t.Parallel()
	s := history3h(t)
	ctx := context.Background()
	es, err := s.Events(ctx, EventQuery{Since: t0.Add(61 * time.Minute)})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"14:00:00 gone tcp:4444 nc pid=66 alert", "14:00:00 changed tcp:22 sshd pid=102 none"}
	if got := eventTexts(es); !slices.Equal(got, want) {
		t.Fatalf("since 13:01: %q, want %q", got, want)
	}
	es, _ = s.Events(ctx, EventQuery{Keep: func(e Event) bool { return e.Key.Process == "sshd" }})
	if got := eventTexts(es); len(got) != 3 || !strings.Contains(got[0], "new") {
		t.Fatalf("sshd's events %q, want new then two changes", got)
	}
	es, _ = s.Events(ctx, EventQuery{Since: t0.Add(time.Hour), Until: t0.Add(2 * time.Hour)})
	if got := eventTexts(es); len(got) != 2 || !strings.Contains(got[1], "new tcp:4444 nc") {
		t.Fatalf("13:00-14:00: %q, want sshd's change and nc's arrival", got)
	}
	es, _ = s.Events(ctx, EventQuery{Limit: 1})
	if len(es) != 1 || es[0].Kind != EventChanged || es[0].Key.Process != "sshd" {
		t.Fatalf("the newest event: %q", eventTexts(es))
	}
	// A limit keeps the newest that pass, oldest first, across the recent
	// and the settled events alike.
	all := allEvents(t, s)
	for _, settle := range []bool{false, true} {
		if settle {
			s.rec.mu.Lock()
			err := s.settle(ctx)
			s.rec.mu.Unlock()
			if err != nil {
				t.Fatal(err)
			}
		}
		for n := 1; n <= len(all)+1; n++ {
			es, err := s.Events(ctx, EventQuery{Limit: n})
			if want := all[max(0, len(all)-n):]; err != nil || !slices.Equal(eventTexts(es), eventTexts(want)) {
				t.Fatalf("limit %d (settled %v): %q, want %q (%v)", n, settle, eventTexts(es), eventTexts(want), err)
			}
		}
		es, _ = s.Events(ctx, EventQuery{Limit: 2, Since: t0.Add(30 * time.Minute), Keep: func(e Event) bool { return e.Key.Process == "nc" }})
		if got := eventTexts(es); len(got) != 2 || !strings.Contains(got[0], "new tcp:4444") || !strings.Contains(got[1], "gone tcp:4444") {
			t.Fatalf("nc's last 2 (settled %v): %q", settle, got)
		}
	}
}

func TestPortHistory(t *testing.T) {
	t.Parallel()
	s := history3h(t)
	// An ephemeral listener passes by port 22 too.
	spot := obs("spotify", 22, 7)
	spot.Ephemeral = true
	record(t, s, t0.Add(3*time.Hour), obs("sshd", 22, 102), spot)
	h, err := s.PortHistory(context.Background(), 22, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Events) != 2 || h.Events[1].Key.Process != "spotify" {
		t.Fatalf("port 22's last 2 events: %q", eventTexts(h.Events))
	}
	var names []string
	for _, ih := range h.Identities {
		names = append(names, ih.Process)
		if ih.Process == "sshd" && (len(ih.Events) != 2 || ih.Events[1].PID != 102 || ih.TimesSeen != 1 || !ih.Present) {
			t.Errorf("sshd on 22: %+v, events %q", ih.Identity, eventTexts(ih.Events))
		}
	}
	if !slices.Equal(names, []string{"spotify", "sshd"}) {
		t.Fatalf("port 22's identities %q, want the ephemeral spotify and sshd", names)
	}
	if h, _ := s.PortHistory(context.Background(), 9, 10); len(h.Identities)+len(h.Events) != 0 {
		t.Fatalf("an unused port has history %+v", h)
	}
}

func TestTimeline(t *testing.T) {
	t.Parallel()
	s := history3h(t)
	tl, err := s.Timeline(context.Background(), t0.Add(179*time.Minute), 4)
	if err != nil {
		t.Fatal(err)
	}
	type row struct{ polls, listeners, alerts, events, alertEvents int }
	var got []row
	for _, b := range tl {
		got = append(got, row{b.Polls, b.Listeners, b.Alerts, b.Events, b.AlertEvents})
	}
	want := []row{{0, 0, 0, 0, 0}, {6, 1, 0, 1, 0}, {6, 2, 1, 2, 1}, {6, 1, 0, 2, 0}}
	if !slices.Equal(got, want) {
		t.Fatalf("timeline %v, want %v", got, want)
	}
	if !tl[1].Start.Equal(t0) || !tl[0].Start.Equal(t0.Add(-time.Hour)) {
		t.Fatalf("hours start at %v, %v", tl[0].Start, tl[1].Start)
	}
}

func TestJSONAndCSVRows(t *testing.T) {
	t.Parallel()
	s := history3h(t)
	es := allEvents(t, s)
	b, _ := json.Marshal(EventsJSON(es[:1]))
	want := `[{"time":"2025-03-01T12:00:00Z","event":"new","protocol":"tcp","family":"ipv4","address":"127.0.0.1","port":22,"scope":"loopback","pid":100,"process":"sshd","exe":"/usr/bin/sshd","user":"alice","severity":"none"}]`
	if string(b) != want {
		t.Fatalf("event JSON\n%s\nwant\n%s", b, want)
	}
	if got := es[0].CSV(); len(got) != len(EventCSVHeader) || got[0] != "2025-03-01T12:00:00Z" || got[7] != "100" {
		t.Fatalf("event CSV %q", got)
	}
	if b, _ := json.Marshal(EventsJSON(nil)); string(b) != "[]" {
		t.Fatalf("no events = %s, want []", b)
	}
	spot := obs("spotify", 41000, 0)
	spot.Ephemeral = true
	record(t, s, t0.Add(4*time.Hour), spot)
	ids, _ := s.Identities(context.Background(), func(id Identity) bool { return id.Process != "nc" })
	b, _ = json.Marshal(IdentitiesJSON(ids))
	want = `[{"protocol":"tcp","address":"127.0.0.1","port":"ephemeral","scope":"loopback","exe":"/usr/bin/spotify","process":"spotify","user":"alice","first_seen":"2025-03-01T16:00:00Z","last_seen":"2025-03-01T16:00:00Z","times_seen":1,"present":true},` +
		`{"protocol":"tcp","address":"127.0.0.1","port":22,"scope":"loopback","exe":"/usr/bin/sshd","process":"sshd","user":"alice","first_seen":"2025-03-01T12:00:00Z","last_seen":"2025-03-01T14:50:00Z","times_seen":1,"present":false}]`
	if string(b) != want {
		t.Fatalf("identity JSON\n%s\nwant\n%s", b, want)
	}
	var back []IdentityJSON
	if err := json.Unmarshal(b, &back); err != nil || back[0].Port != Ephemeral || back[1].Port != 22 {
		t.Fatalf("identity JSON does not read back: %+v, %v", back, err)
	}
	if got := ids[0].CSV(); got[2] != "ephemeral" || got[len(got)-1] != "true" || len(got) != len(IdentityCSVHeader) {
		t.Fatalf("identity CSV %q", got)
	}
}
