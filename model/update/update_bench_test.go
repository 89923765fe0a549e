package update_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/portolan/portolan/model/update"
	"github.com/portolan/portolan/registry"
	"github.com/portolan/portolan/registry/ianatest"
)

// Target (registry update issue): an update of the full CSV (parse, check,
// index, swap) < 150 ms once the bytes are here. Run:
//
//	go test ./model -run XXX -bench Update -benchmem

// BenchmarkUpdateInstall is the work after the download: hash, parse,
// check (distinct records against the embedded snapshot), index, write +
// fsync + rename the metadata, then the CSV.
func BenchmarkUpdateInstall(b *testing.B) {
	data, current := ianaAndEmbedded(b)
	dir := b.TempDir()
	for b.Loop() {
		reg, err := update.Install(dir, data, current)
		if err != nil {
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

// BenchmarkShrinkCheck is the default registry check of an update: the
// distinct records of the registry in use and of the download, and, when
// the download is smaller, the diff that names what would vanish.
func BenchmarkShrinkCheck(b *testing.B) {
	data, err := os.ReadFile(ianatest.Path(b))
	if err != nil {
		b.Fatal(err)
	}
	embedded, err := registry.Embedded()
	if err != nil {
		b.Fatal(err)
	}
	iana, err := registry.ParseFormat(bytes.NewReader(data), registry.FormatCSV, "iana")
	if err != nil {
		b.Fatal(err)
	}
	cut, err := registry.ParseFormat(bytes.NewReader(data[:bytes.LastIndexByte(data[:len(data)*84/100], '\n')+1]), registry.FormatCSV, "cut")
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name             string
		current, updated *registry.Registry
		refused          bool
	}{{"grows", embedded, iana, false}, {"shrinks", iana, cut, true}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if got := update.ShrinkCheck(c.current, c.updated); (len(got) > 0) != c.refused {
					b.Fatalf("findings %q", got)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/check")
		})
	}
}

// BenchmarkLoadCachedIANA is a start with IANA's file installed: read the
// CSV and check its SHA-256, then open the compact form made at install
// ("compact"), or, when that is missing, parse the CSV and write the
// compact form again ("csv-and-rewrite", what every start paid before
// compact forms, plus the rewrite). Each answers 22/tcp.
func BenchmarkLoadCachedIANA(b *testing.B) {
	data, current := ianaAndEmbedded(b)
	dir := b.TempDir()
	if _, err := update.Install(dir, data, current); err != nil {
		b.Fatal(err)
	}
	for _, removeCompact := range []bool{false, true} {
		name := map[bool]string{false: "compact", true: "csv-and-rewrite"}[removeCompact]
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if removeCompact {
					os.Remove(filepath.Join(dir, update.CompactName))
				}
				reg, _, err := update.LoadCached(dir)
				if err != nil {
					b.Fatal(err)
				}
				if r := reg.Primary(22, registry.TCP); r == nil || r.Service != "ssh" {
					b.Fatalf("22/tcp: %+v", r)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/load")
		})
	}
}

// ianaAndEmbedded is IANA's CSV (the benchmark skips without it) and the
// embedded snapshot, the registry in use before a first update.
func ianaAndEmbedded(b *testing.B) ([]byte, *registry.Registry) {
	data, err := os.ReadFile(ianatest.Path(b))
	if err != nil {
		b.Fatal(err)
	}
	current, err := registry.Embedded()
	if err != nil {
		b.Fatal(err)
	}
	return data, current
}
