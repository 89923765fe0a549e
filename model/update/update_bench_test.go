package update_test

import (
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/portolan/portolan/model/update"
	"github.com/portolan/portolan/registry/ianatest"
)

// Target (registry update issue): an update of the full CSV (parse, check,
// index, swap) < 150 ms once the bytes are here. Run:
//
//	go test ./model -run XXX -bench Update -benchmem

// BenchmarkUpdateInstall is the work after the download: hash, parse, check,
// index, write + fsync + rename the CSV, then the metadata.
func BenchmarkUpdateInstall(b *testing.B) {
	data, err := os.ReadFile(ianatest.Path(b))
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	prev := func() int { return 14062 }
	for b.Loop() {
		sum := sha256.Sum256(data)
		reg, meta, reason, err := update.Install(dir, data, sum, update.CacheMeta{Fetched: time.Now()}, prev)
		if err != nil {
			b.Fatal(reason)
		}
		if err := update.WriteMeta(dir, meta); err != nil {
			b.Fatal(err)
		}
		if len(reg.Records()) != 14500 {
			b.Fatalf("records = %d", len(reg.Records()))
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/update")
}

// BenchmarkUpdateFirstOverLoopback is a whole first update from a local
// server into an empty cache folder (so the embedded snapshot is read to
// compare record counts), download included.
func BenchmarkUpdateFirstOverLoopback(b *testing.B) {
	data, err := os.ReadFile(ianatest.Path(b))
	if err != nil {
		b.Fatal(err)
	}
	srv := &updServe{body: data}
	ts := updServer(b, srv)
	base := b.TempDir()
	i := 0
	for b.Loop() {
		i++
		u := &update.Updater{URL: ts.URL, CacheDir: fmt.Sprintf("%s/%d", base, i), Timeout: 10 * time.Second}
		if res, err := u.Update(context.Background(), nil); err != nil || res.Outcome != update.Replaced {
			b.Fatalf("%+v %v", res, err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/update")
}
