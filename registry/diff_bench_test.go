package registry

import "testing"

// Target (registry update issue): the diff of two full registries < 100 ms.
// Run:
//
//	go test ./registry -run XXX -bench Diff -benchmem

func BenchmarkDiffEmbeddedToIANA(b *testing.B) {
	old, new := embedded(b), iana(b)
	var d *Diff
	for b.Loop() {
		d = Compare(old, new)
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/diff")
	b.ReportMetric(float64(d.Counts.Added+d.Counts.Removed+d.Counts.Changed), "entries")
}

func BenchmarkDiffIANAToItself(b *testing.B) {
	reg := iana(b)
	for b.Loop() {
		Compare(reg, reg)
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/diff")
}
