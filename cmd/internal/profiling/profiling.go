// Package profiling writes pprof profiles of a running window for
// scripts/bench-window.sh. The binaries call it only when built with
// -tags profile, so the programs people run carry none of it.
//
// It owns the profile files and must not import Fyne or ui/.
package profiling

import (
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"time"
)

// Environment variables read by FromEnv.
const (
	// EnvPrefix names the files: PREFIX.cpu.pprof, PREFIX.heap.pprof,
	// PREFIX.memstats.txt.
	EnvPrefix = "PORTOLAN_PROFILE"
	// EnvAfter is how long to wait before profiling (a Go duration).
	EnvAfter = "PORTOLAN_PROFILE_AFTER"
	// EnvFor is how long the CPU profile runs.
	EnvFor = "PORTOLAN_PROFILE_FOR"
)

// FromEnv starts profiling in the background when PORTOLAN_PROFILE is set:
// after PORTOLAN_PROFILE_AFTER (default 20 s) a CPU profile of
// PORTOLAN_PROFILE_FOR (default 60 s), with heap profiles at its start and
// end, and the runtime's memory statistics. Problems are reported on
// stderr: profiling must never stop the program.
func FromEnv() {
	prefix := os.Getenv(EnvPrefix)
	if prefix == "" {
		return
	}
	// Fine-grained heap samples (the default is one per 512 KB): the
	// program allocates little at idle, and a window's heap is small.
	runtime.MemProfileRate = 4096
	after := durationEnv(EnvAfter, 20*time.Second)
	span := durationEnv(EnvFor, 60*time.Second)
	go func() {
		time.Sleep(after)
		if err := Run(prefix, span); err != nil {
			fmt.Fprintln(os.Stderr, "profiling:", err)
		}
	}()
}

// Run writes a CPU profile of span, heap profiles at its start and end
// (PREFIX.heap0.pprof, PREFIX.heap.pprof: `go tool pprof -diff_base`
// of the two shows what was allocated at idle) and memory statistics.
func Run(prefix string, span time.Duration) error {
	if err := writeHeap(prefix + ".heap0.pprof"); err != nil {
		return err
	}
	cpu, err := os.Create(prefix + ".cpu.pprof")
	if err != nil {
		return fmt.Errorf("creating the CPU profile: %w", err)
	}
	defer cpu.Close()
	if err := pprof.StartCPUProfile(cpu); err != nil {
		return fmt.Errorf("starting the CPU profile: %w", err)
	}
	var start runtime.MemStats
	runtime.ReadMemStats(&start)
	time.Sleep(span)
	pprof.StopCPUProfile()

	var before runtime.MemStats
	runtime.ReadMemStats(&before) // as the process held it, before a forced GC
	runtime.GC()
	if err := writeHeap(prefix + ".heap.pprof"); err != nil {
		return err
	}
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	return os.WriteFile(prefix+".memstats.txt", []byte(memStatsText(&start, &before, &after, span)), 0o644)
}

// writeHeap writes a heap profile (as of the last GC).
func writeHeap(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("creating the heap profile: %w", err)
	}
	if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
		f.Close()
		return fmt.Errorf("writing the heap profile: %w", err)
	}
	return f.Close()
}

func memStatsText(start, before, after *runtime.MemStats, span time.Duration) string {
	mb := func(n uint64) string { return fmt.Sprintf("%.1f MB", float64(n)/(1<<20)) }
	return fmt.Sprintf(`before GC: HeapAlloc %s HeapInuse %s HeapIdle %s HeapReleased %s
after GC:  HeapAlloc %s HeapInuse %s HeapIdle %s HeapReleased %s
Sys %s (heap %s, stacks %s, mspan %s, gc %s, other %s)
during the CPU profile (%v): %d GCs, %s allocated in %d mallocs; goroutines %d
`,
		mb(before.HeapAlloc), mb(before.HeapInuse), mb(before.HeapIdle), mb(before.HeapReleased),
		mb(after.HeapAlloc), mb(after.HeapInuse), mb(after.HeapIdle), mb(after.HeapReleased),
		mb(after.Sys), mb(after.HeapSys), mb(after.StackSys), mb(after.MSpanSys), mb(after.GCSys), mb(after.OtherSys),
		span, before.NumGC-start.NumGC, mb(before.TotalAlloc-start.TotalAlloc), before.Mallocs-start.Mallocs, runtime.NumGoroutine())
}

func durationEnv(name string, def time.Duration) time.Duration {
	if d, err := time.ParseDuration(os.Getenv(name)); err == nil && d > 0 {
		return d
	}
	return def
}
