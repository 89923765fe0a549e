package registry

import (
	"bytes"
	"os"
	"runtime"
	"strings"
	"testing"

	"github.com/portolan/portolan/registry/ianatest"
)

// Targets: embedded load < 1 ms, and < 15 MB of heap with every record
// decoded and the search index built (issue 15); the full IANA CSV parsed
// and indexed < 50 ms with < 15 MB of heap; a port lookup < 100 ns; a search
// over the full registry < 1 ms (issue 2). Run:
//
//	go test ./registry -run XXX -bench . -benchmem

func BenchmarkEmbeddedLoad(b *testing.B) {
	for b.Loop() {
		if _, err := Embedded(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(retainedHeapMB(func() any {
		reg, _ := Embedded()
		reg.Records()
		reg.searchIndex()
		return reg
	}), "full-heap-MB")
}

// The headless answer to `port 22`: load, then everything model.Answer asks.
func BenchmarkEmbeddedLoadAndAnswer22(b *testing.B) {
	for b.Loop() {
		reg, err := Embedded()
		if err != nil {
			b.Fatal(err)
		}
		for _, p := range []Protocol{ProtoNone, TCP, UDP, SCTP, DCCP} {
			reg.NeighboursOf(22, p)
			reg.Aliases(22, p)
			if len(reg.RecordsFor(22, p)) == 0 && p != SCTP && p != DCCP {
				b.Fatal("no records for 22")
			}
		}
	}
}

// What the window and a search pay once: every record decoded.
func BenchmarkEmbeddedDecodeAll(b *testing.B) {
	for b.Loop() {
		reg, err := Embedded()
		if err != nil {
			b.Fatal(err)
		}
		reg.Records()
	}
}

// An installed download: made compact once at install, then opened (with
// every check a file gets) at each start.
func BenchmarkCompactIANA(b *testing.B) {
	data, err := os.ReadFile(ianatest.Path(b))
	if err != nil {
		b.Skipf("no IANA test file: %v", err)
	}
	reg, err := ParseCSV(bytes.NewReader(data), "iana")
	if err != nil {
		b.Fatal(err)
	}
	b.Run("make", func(b *testing.B) {
		for b.Loop() {
			if _, err := reg.Compact(); err != nil {
				b.Fatal(err)
			}
		}
	})
	compact, _ := reg.Compact()
	b.Run("open", func(b *testing.B) {
		for b.Loop() {
			if _, err := OpenCompact(compact); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(len(compact))/(1<<20), "MB")
	})
}

func BenchmarkParseAndIndexIANACSV(b *testing.B) {
	path, _ := ianatest.Find()
	data, err := os.ReadFile(path)
	if err != nil {
		b.Skipf("no IANA test file: %v", err)
	}
	var reg *Registry
	for b.Loop() {
		reg, err = ParseCSV(bytes.NewReader(data), path)
		if err != nil {
			b.Fatal(err)
		}
		reg.searchIndex() // "indexed" includes the lazily built name/word index
	}
	b.ReportMetric(retainedHeapMB(func() any {
		r, _ := ParseCSV(bytes.NewReader(data), path)
		r.searchIndex()
		return r
	}), "heap-MB")
	b.ReportMetric(float64(len(reg.Records())), "records")
}

// retainedHeapMB measures the live heap a value keeps after a GC.
func retainedHeapMB(build func() any) float64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	v := build()
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(v)
	return float64(after.HeapAlloc-before.HeapAlloc) / (1 << 20)
}

func BenchmarkPortLookup(b *testing.B) {
	reg := embedded(b)
	var n int
	port := uint16(0)
	for b.Loop() {
		pr := reg.Lookup(port)
		n += pr.Len() + int(reg.Status(port, TCP))
		port += 7919 // a prime stride visits ports in scattered order
	}
	if n == 0 {
		b.Fatal("no records found")
	}
}

func BenchmarkSearchIANA(b *testing.B) {
	reg := iana(b)
	queries := []string{"secure shell", "http", "22", "288-307", "x", "kerberos", "remote desktop protocol"}
	i := 0
	for b.Loop() {
		reg.Search(queries[i%len(queries)], 50)
		i++
	}
}

func BenchmarkNeighbours(b *testing.B) {
	reg := embedded(b)
	for b.Loop() {
		reg.NeighboursOf(50000, ProtoNone) // the worst case: the long Dynamic run
	}
}

// What a listener poll asks of a fresh registry: 1,000 ports the kernel
// handed out (32768-60999), each port's primary name and status.
func BenchmarkEmbeddedLoadAndLookup1000Ports(b *testing.B) {
	ports := make([]uint16, 1000)
	for i := range ports {
		ports[i] = uint16(32768 + (i*7919)%28232)
	}
	for b.Loop() {
		reg, err := Embedded()
		if err != nil {
			b.Fatal(err)
		}
		for _, p := range ports {
			reg.Primary(p, TCP)
			reg.Status(p, TCP)
		}
	}
}

// BenchmarkParseSmallCSV indexes a one-record file: the fixed cost every
// file pays (the port tables), which is what bounds a fuzzer's executions.
func BenchmarkParseSmallCSV(b *testing.B) {
	in := "Service Name,Port Number,Transport Protocol,Description,Assignee,Contact,Registration Date," +
		"Modification Date,Reference,Service Code,Unauthorized Use Reported,Assignment Notes\nssh,22,tcp,SSH,,,,,,,,\n"
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseCSV(strings.NewReader(in), "small"); err != nil {
			b.Fatal(err)
		}
	}
}
