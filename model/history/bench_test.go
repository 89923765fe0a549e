package history

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// BenchmarkRecordPoll records polls of 500 listeners in which 100 change
// each time (40 go, 40 come, 20 change PID), a busy machine's worst poll,
// into a new history; ms/poll is the figure (target: under 1 ms).
func BenchmarkRecordPoll(b *testing.B) {
	recordFlipping(b, openTest(b, Options{}), t0)
}

// BenchmarkRecordQuietPoll records a poll of 500 listeners in which
// nothing changed: the usual poll.
func BenchmarkRecordQuietPoll(b *testing.B) {
	s := openTest(b, Options{})
	poll := make([]Observation, 500)
	for i := range poll {
		poll[i] = obs(fmt.Sprintf("daemon%d", i), uint16(1000+i), int32(5000+i))
	}
	at := t0
	record(b, s, at, poll...)
	cpu0 := cpuTime()
	for b.Loop() {
		at = at.Add(2 * time.Second)
		if res, err := s.Record(context.Background(), at, poll); err != nil || !res.Written || len(res.Events) != 0 {
			b.Fatalf("quiet poll: %+v, %v", res, err)
		}
	}
	reportPer(b, "poll", cpu0)
}

// reportPer reports the wall and CPU milliseconds per iteration under
// unit (e.g. "query"); cpu0 is cpuTime() before the loop.
func reportPer(b *testing.B, unit string, cpu0 time.Duration) {
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/"+unit)
	b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(b.N), "cpu-ms/"+unit)
	b.ReportMetric(0, "ns/op")
}

// Busy machine: 90 days, 5,000 identities (1,000 on ephemeral ports),
// 1.3 million events. The database is built once, with bulk inserts in
// the order recording makes (by time), then asked what the window asks.
const (
	busyIdentities = 5000
	busyEphemeral  = 1000
	busyEvents     = 1_300_000
	busyDays       = 90
)

func BenchmarkBusyMachine(b *testing.B) {
	path := filepath.Join(b.TempDir(), FileName)
	start := time.Now()
	hotPort := buildBusyHistory(b, path)
	built := time.Since(start)
	s := openTest(b, Options{Path: path})
	ctx := context.Background()
	if _, err := s.db.Exec("PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		b.Fatal(err)
	}
	st, _ := os.Stat(path)
	end := t0.Add(busyDays * 24 * time.Hour)
	b.Run("Size", func(b *testing.B) {
		for b.Loop() {
		}
		b.ReportMetric(float64(st.Size())/(1<<20), "MB")
		b.ReportMetric(float64(st.Size())/busyEvents, "bytes/event")
		b.ReportMetric(built.Seconds(), "s-to-build")
		b.ReportMetric(0, "ns/op")
	})
	b.Run("Open", func(b *testing.B) {
		cpu0 := cpuTime()
		for b.Loop() {
			s2, err := Open(ctx, Options{Path: path})
			if err != nil {
				b.Fatal(err)
			}
			s2.Close()
		}
		reportPer(b, "open", cpu0)
	})
	for _, port := range []uint16{443, hotPort, 45000} {
		b.Run(fmt.Sprintf("PortHistory/%d", port), func(b *testing.B) {
			var h PortHistory
			cpu0 := cpuTime()
			for b.Loop() {
				var err error
				if h, err = s.PortHistory(ctx, port, 20); err != nil {
					b.Fatal(err)
				}
			}
			if len(h.Events) == 0 {
				b.Fatalf("port %d has no history", port)
			}
			reportPer(b, "query", cpu0)
			b.ReportMetric(float64(len(h.Identities)), "identities")
		})
	}
	b.Run("EventsLastHour", func(b *testing.B) {
		var n int
		cpu0 := cpuTime()
		for b.Loop() {
			es, err := s.Events(ctx, EventQuery{Since: end.Add(-time.Hour)})
			if err != nil {
				b.Fatal(err)
			}
			n = len(es)
		}
		reportPer(b, "query", cpu0)
		b.ReportMetric(float64(n), "events")
	})
	b.Run("Timeline7Days", func(b *testing.B) {
		cpu0 := cpuTime()
		for b.Loop() {
			if _, err := s.Timeline(ctx, end, 168); err != nil {
				b.Fatal(err)
			}
		}
		reportPer(b, "query", cpu0)
	})
	// Last, as it adds to the history: the same polls into the busy one.
	defer b.Run("RecordPoll", func(b *testing.B) { recordFlipping(b, s, end.Add(time.Minute)) })
	b.Run("Identities", func(b *testing.B) {
		var n int
		cpu0 := cpuTime()
		for b.Loop() {
			ids, err := s.Identities(ctx, nil)
			if err != nil {
				b.Fatal(err)
			}
			n = len(ids)
		}
		reportPer(b, "query", cpu0)
		b.ReportMetric(float64(n), "identities")
	})
}

// recordFlipping records polls that flip between two sets of 500
// listeners differing by 100 changes (40 gone, 40 new, 20 new PIDs),
// from at on, one poll per iteration, and reports ms/poll.
func recordFlipping(b *testing.B, s *Store, at time.Time) {
	base := make([]Observation, 500)
	for i := range base {
		base[i] = obs(fmt.Sprintf("daemon%d", i), uint16(1000+i), int32(5000+i))
	}
	a := base[:460]
	bb := append([]Observation(nil), base[40:]...)
	for i := 100; i < 120; i++ {
		bb[i].PID += 100000
	}
	record(b, s, at, a...)
	cpu0 := cpuTime()
	for i := 0; b.Loop(); i++ {
		at = at.Add(2 * time.Second)
		poll := a
		if i%2 == 0 {
			poll = bb
		}
		res, err := s.Record(context.Background(), at, poll)
		if err != nil || len(res.Events) != 100 {
			b.Fatalf("poll %d: %d events, %v", i, len(res.Events), err)
		}
	}
	reportPer(b, "poll", cpu0)
}

// buildBusyHistory writes the busy machine's 90 days straight into the
// tables, as Record would have (events by time, present set, hours), and
// returns the port of the busiest identity.
func buildBusyHistory(b *testing.B, path string) uint16 {
	s := openTest(b, Options{Path: path})
	db := s.db
	rng := rand.New(rand.NewPCG(1, 2))
	ctx := context.Background()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	// Identities: ephemeral ones, 60 on the usual busy ports, the rest
	// spread over registered ports.
	common := []int{22, 53, 80, 443, 631, 5353}
	type ident struct {
		port    int // -1: ephemeral
		present bool
		cur     uint16
		pid     int32
	}
	ids := make([]ident, busyIdentities)
	var q strings.Builder
	for i := range ids {
		port := -1
		switch {
		case i < busyEphemeral:
		case i < busyEphemeral+60:
			port = common[i%len(common)]
		default:
			port = 1024 + rng.IntN(30000)
		}
		ids[i] = ident{port: port}
		fmt.Fprintf(&q, "INSERT INTO identities VALUES (%d, %d, 'tcp', '0.0.0.0', '/usr/lib/pkg%d/daemon%d', 'daemon%d', 'user%d', 'all', 'ipv4', %d, %d, 0, 0);\n",
			i+1, port, i%300, i, i, i%40, t0.Unix(), t0.Unix())
	}
	if _, err := tx.Exec(q.String()); err != nil {
		b.Fatal(err)
	}
	// Events: a Zipf choice of identity (some churn all day, most rarely),
	// at a steady rate over 90 days.
	zipf := rand.NewZipf(rng, 1.1, 4, busyIdentities-1)
	span := int64(busyDays * 24 * 3600)
	const rows = 500
	args := make([]any, 0, rows*7)
	flush := func() {
		if len(args) == 0 {
			return
		}
		// The newest events wait in recent, as many as ever do: the worst
		// case for a port's history, which scans them.
		table := "events"
		if args[0].(int64) > busyEvents-settleRows+1 {
			table = "recent"
		}
		stmt := "INSERT INTO " + table + " (id, time, identity, port, kind, pid, severity) VALUES " +
			strings.TrimSuffix(strings.Repeat("(?,?,?,?,?,?,?),", len(args)/7), ",")
		if _, err := tx.Exec(stmt, args...); err != nil {
			b.Fatal(err)
		}
		args = args[:0]
	}
	hourRows := map[int64][2]int64{} // hour -> first event, events
	busiest := map[int]int{}
	for n := int64(1); n <= busyEvents; n++ {
		t := t0.Unix() + n*span/busyEvents
		i := int(zipf.Uint64())
		id := &ids[i]
		busiest[i]++
		kind := EventNew
		switch {
		case !id.present:
			id.present, id.pid = true, int32(1000+rng.IntN(4_000_000))
			id.cur = uint16(id.port)
			if id.port < 0 {
				id.cur = uint16(32768 + rng.IntN(28232))
			}
		case rng.IntN(10) < 7:
			kind, id.present = EventGone, false
		default:
			kind, id.pid = EventChanged, int32(1000+rng.IntN(4_000_000))
		}
		sev := 0
		if r := rng.IntN(100); r < 2 {
			sev = 2
		} else if r < 10 {
			sev = 1
		}
		args = append(args, n, t, i+1, id.cur, int(kind), id.pid, sev)
		if len(args) == rows*7 || n == busyEvents-settleRows+1 {
			flush()
		}
		h := hourOf(t)
		hr, ok := hourRows[h]
		if !ok {
			hr[0] = n
		}
		hr[1]++
		hourRows[h] = hr
	}
	flush()
	for h, hr := range hourRows {
		if _, err := tx.Exec(`INSERT INTO hours VALUES (?, ?, 1800, ?, ?, ?, ?)`, h, hr[0], 300, 3, hr[1], hr[1]/50); err != nil {
			b.Fatal(err)
		}
	}
	present := 0
	for i, id := range ids {
		if id.present {
			present++
			if _, err := tx.Exec(`INSERT INTO present VALUES (?, ?, ?, 0)`, i+1, id.cur, id.pid); err != nil {
				b.Fatal(err)
			}
		}
	}
	if _, err := tx.Exec(`UPDATE identities SET times_seen = 3, last_event = ?, last_seen = ?;
		INSERT OR REPLACE INTO meta VALUES ('last_event', ?), ('last_poll', ?)`, t0.Unix()+span, t0.Unix()+span, busyEvents, t0.Unix()+span); err != nil {
		b.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	hot, most := 0, 0
	for i, n := range busiest {
		if ids[i].port > 0 && n > most {
			hot, most = i, n
		}
	}
	var count, recent int
	db.QueryRow("SELECT (SELECT count(*) FROM events) + (SELECT count(*) FROM recent), (SELECT count(*) FROM recent)").Scan(&count, &recent)
	if count != busyEvents || recent != settleRows-1 {
		b.Fatalf("built %d events, %d recent; want %d, %d", count, recent, busyEvents, settleRows-1)
	}
	s.Close()
	return uint16(ids[hot].port)
}
