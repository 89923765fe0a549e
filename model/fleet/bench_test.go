package fleet

import (
	"context"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/portolan/portolan/model/fleet/internal/genfleet"
)

// benchFleet is 1,000 hosts x 50 listeners (50,000 rows) in one shape.
func benchFleet(b *testing.B, shape string) string {
	b.Helper()
	dir := b.TempDir()
	o := genfleet.Options{Hosts: 1000, Listeners: 50, Files: 4, Seed: 1}
	write := map[string]func(string, genfleet.Options) error{
		"osqueryi": genfleet.WriteOsqueryi, "fleetctl": genfleet.WriteFleetctl,
		"snapshots": genfleet.WriteSnapshots, "events": genfleet.WriteEvents,
	}[shape]
	if err := write(filepath.Join(dir, shape), o); err != nil {
		b.Fatal(err)
	}
	return dir
}

// BenchmarkLoadSummary loads and summarises 50,000 rows of each shape:
// rows/s, input MB/s, and the live heap the loaded fleet keeps.
func BenchmarkLoadSummary(b *testing.B) {
	for _, shape := range []string{"osqueryi", "fleetctl", "snapshots", "events"} {
		b.Run(shape, func(b *testing.B) {
			dir := benchFleet(b, shape)
			var f *Fleet
			var bytes int64
			b.ResetTimer()
			for range b.N {
				var err error
				f, err = Load(context.Background(), []string{dir}, Options{Progress: func(p Progress) { bytes = p.Bytes }})
				if err != nil {
					b.Fatal(err)
				}
				v, _ := f.View("")
				if s := v.Summary(); s.Listeners != 50000 {
					b.Fatalf("%d listeners", s.Listeners)
				}
			}
			sec := b.Elapsed().Seconds() / float64(b.N)
			b.ReportMetric(50000/sec, "rows/s")
			b.ReportMetric(float64(bytes)/1e6/sec, "MB/s")
			b.StopTimer()
			runtime.GC()
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			b.ReportMetric(float64(ms.HeapAlloc)/1e6, "heap-MB")
			runtime.KeepAlive(f)
		})
	}
}

// BenchmarkViewAndRare is the window's work on the Fyne goroutine at each
// keystroke of the host filter: a view of 1,000 hosts x 50 listeners under
// a pattern, its counts, and the Rare list.
func BenchmarkViewAndRare(b *testing.B) {
	dir := benchFleet(b, "fleetctl")
	f, err := Load(context.Background(), []string{dir}, Options{})
	if err != nil {
		b.Fatal(err)
	}
	for _, filter := range []string{"", "host-0001*"} {
		b.Run("filter="+filter, func(b *testing.B) {
			for b.Loop() {
				v, err := f.View(filter)
				if err != nil {
					b.Fatal(err)
				}
				if len(v.Rare(3)) == 0 {
					b.Fatal("no rare ports")
				}
			}
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/keystroke")
		})
	}
}
