package record_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/portolan/portolan/model/history"
	"github.com/portolan/portolan/model/listen"
	"github.com/portolan/portolan/model/record"
)

// weekOfBusyMachine records 7 days of a busy machine's polls, one every
// 10 minutes, each with about 100 changes among 2,000 listeners of 200
// programs (a week of the 1.3 million events in 90 days of model/history's
// busy machine: about 100,000 events). It returns the end.
func weekOfBusyMachine(b *testing.B, s *history.Store) time.Time {
	b.Helper()
	start := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	ls := make([]listen.Listener, 2000)
	for i := range ls {
		ls[i] = listen.Listener{Protocol: "tcp", Family: "ipv4", Address: "127.0.0.1", Port: uint16(10000 + i),
			Scope: listen.ScopeLoopback, PID: int32(1000 + i), Process: fmt.Sprintf("prog%d", i%200),
			Exe: fmt.Sprintf("/usr/bin/prog%d", i%200), User: "alice"}
		if i%50 == 0 {
			ls[i].Severity, ls[i].Findings = listen.SeverityNotice, []listen.Finding{{Reason: listen.ReasonAllInterfaces, Severity: listen.SeverityNotice}}
		}
	}
	rec := &record.Recorder{Store: s}
	at := start
	for k := 0; k < 7*24*6; k++ {
		// 50 listeners leave for a poll and come back the next: about 100
		// events a poll.
		poll := make([]listen.Listener, 0, len(ls))
		for i := range ls {
			if (i+k)%40 != 0 {
				poll = append(poll, ls[i])
			}
		}
		res, msgs := rec.Poll(context.Background(), listen.PollResult{Time: at, Snapshot: listen.Snapshot{Listeners: poll}})
		if !res.Written || msgs != nil {
			b.Fatalf("poll %d: %+v %q", k, res, msgs)
		}
		at = at.Add(10 * time.Minute)
	}
	return at
}

// BenchmarkHistoryTab is what the History tab asks each time its filter or
// hour changes: the events of 7 days (the newest 2,000) through the
// filter, and the timeline.
func BenchmarkHistoryTab(b *testing.B) {
	s, err := history.Open(context.Background(), history.Options{Path: filepath.Join(b.TempDir(), history.FileName)})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	end := weekOfBusyMachine(b, s)
	all, _ := s.Events(context.Background(), history.EventQuery{})
	b.Logf("%d events in the week", len(all))
	service := func(string, uint16) string { return "" }
	for _, c := range []struct {
		name, filter string
		hour         bool
	}{
		{"AllWeek", "", false},
		{"FilterWeek", "proc=prog7 gone", false},
		{"FilterFlaggedWeek", "flagged", false},
		{"OneHour", "", true},
	} {
		b.Run(c.name, func(b *testing.B) {
			m := record.Matcher{Filter: listen.MustParseFilter(c.filter), Service: service}
			q := history.EventQuery{Keep: m.KeepEvent(), Limit: 2000, Since: end.Add(-7 * 24 * time.Hour)}
			if c.hour {
				q.Since, q.Until = end.Add(-30*time.Hour), end.Add(-29*time.Hour)
			}
			var n int
			for b.Loop() {
				es, err := s.Events(context.Background(), q)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := s.Timeline(context.Background(), end, 168); err != nil {
					b.Fatal(err)
				}
				n = len(es)
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/load")
			b.ReportMetric(float64(n), "rows")
			b.ReportMetric(0, "ns/op")
		})
	}
}

// BenchmarkRecordQuietPoll10k is the window's recording of a poll of
// 10,000 listeners in which nothing changed (a machine full of sockets):
// the conversion and the diff, on the recording goroutine.
func BenchmarkRecordQuietPoll10k(b *testing.B) {
	s, err := history.Open(context.Background(), history.Options{Path: filepath.Join(b.TempDir(), history.FileName)})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ls := make([]listen.Listener, 10000)
	for i := range ls {
		ls[i] = listen.Listener{Protocol: "tcp", Family: "ipv4", Address: "127.0.0.1", Port: uint16(30000 + i),
			Scope: listen.ScopeLoopback, PID: 4242, Process: "startbench", Exe: "/tmp/startbench", User: "root"}
	}
	rec := &record.Recorder{Store: s, IsEphemeral: func(p uint16) bool { return p >= 32768 }}
	at := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	for b.Loop() {
		res, _ := rec.Poll(context.Background(), listen.PollResult{Time: at, Snapshot: listen.Snapshot{Listeners: ls}})
		if !res.Written {
			b.Fatal(res.Skipped)
		}
		at = at.Add(time.Second)
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/poll")
	b.ReportMetric(0, "ns/op")
}
