package fleetjudge

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/portolan/portolan/model/fleet"
	"github.com/portolan/portolan/model/fleet/internal/genfleet"
	"github.com/portolan/portolan/model/judge"
)

// BenchmarkRejudge judges 1,000 hosts x 50 listeners (50,000 rows of
// genfleet's made-up fleet) with a fresh Judge each time, so the verdicts
// of the distinct listeners are worked out anew: rows/s, and how many
// distinct listeners the engine judged.
func BenchmarkRejudge(b *testing.B) {
	dir := b.TempDir()
	if err := genfleet.WriteFleetctl(filepath.Join(dir, "fleetctl"), genfleet.Options{Hosts: 1000, Listeners: 50, Files: 2, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	reg := testRegistry()
	f, err := fleet.Load(context.Background(), []string{dir}, fleet.Options{Registry: reg})
	if err != nil {
		b.Fatal(err)
	}
	engine := judge.NewEngine(nil)
	var distinct int
	for b.Loop() {
		j := New(engine, reg)
		f.Rejudge(j.Row)
		distinct = len(j.verdicts)
	}
	b.ReportMetric(float64(len(f.Rows))*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(distinct), "distinct")
}
