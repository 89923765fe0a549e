package identity

import (
	"fmt"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"time"
)

// cpuTime is the user and system time this process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// benchProcesses starts n processes running 5 copies of sleep and returns
// their PIDs and start times.
func benchProcesses(b *testing.B, n int) ([]int32, []time.Time) {
	dir := b.TempDir()
	var pids []int32
	var starts []time.Time
	r := NewReader(Options{Packages: []PackageDB{}})
	for i := range n {
		exe := filepath.Join(dir, fmt.Sprintf("daemon%d", i%5))
		if i < 5 {
			copyProgram(b, "sleep", exe)
		}
		cmd := startProgram(b, exe, "600")
		waitExec(b, cmd.Process.Pid, exe)
		pids = append(pids, int32(cmd.Process.Pid))
		starts = append(starts, r.Facts(int32(cmd.Process.Pid), time.Time{}).Started)
	}
	return pids, starts
}

// BenchmarkFacts asks for the facts of 1,000 listeners owned by 50
// processes, as a poll does: cold (a new Reader, the package index already
// built) and cached (the same Reader, every poll after the first).
func BenchmarkFacts(b *testing.B) {
	const listeners, processes = 1000, 50
	pids, starts := benchProcesses(b, processes)
	dpkg := NewDpkg("/var/lib/dpkg")
	dbs := []PackageDB{dpkg}
	if dpkg.Available() {
		dpkg.Owner("/") // build the index once, outside the loops
	}
	poll := func(r *Reader) {
		for i := range listeners {
			p := i % processes
			if f := r.Facts(pids[p], starts[p]); f.Exe == "" {
				b.Fatalf("no executable for %d: %v", pids[p], f.Problems)
			}
		}
		r.Sweep()
	}
	// Wall time and CPU time (this process's, from getrusage): on a shared
	// machine the second says what the work costs.
	report := func(b *testing.B, cpu0 time.Duration) {
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1e6, "ms/poll")
		b.ReportMetric(float64((cpuTime()-cpu0).Nanoseconds())/float64(b.N)/1e6, "cpu-ms/poll")
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*listeners), "ns/listener")
	}
	b.Run("cold", func(b *testing.B) {
		cpu0 := cpuTime()
		for b.Loop() {
			poll(NewReader(Options{Packages: dbs}))
		}
		report(b, cpu0)
	})
	b.Run("cached", func(b *testing.B) {
		r := NewReader(Options{Packages: dbs})
		poll(r)
		b.ResetTimer()
		cpu0 := cpuTime()
		for b.Loop() {
			poll(r)
		}
		report(b, cpu0)
	})
	b.Run("recheck", func(b *testing.B) {
		r := NewReader(Options{Packages: dbs})
		poll(r)
		b.ResetTimer()
		for b.Loop() {
			if r.Recheck() {
				b.Fatal("nothing changed, yet Recheck says so")
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1e6, "ms/recheck")
	})
}

// BenchmarkDpkgIndex builds this machine's dpkg index (the first package
// question after start or after an install).
func BenchmarkDpkgIndex(b *testing.B) {
	d := NewDpkg("/var/lib/dpkg")
	if !d.Available() {
		b.Skip("no dpkg database here")
	}
	for b.Loop() {
		d.mu.Lock()
		d.index = nil
		err := d.refresh()
		d.mu.Unlock()
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(d.Size()), "paths")
	// The live heap with the index held, against that without it.
	var with, without runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&with)
	d.mu.Lock()
	d.index, d.names = nil, nil
	d.mu.Unlock()
	runtime.GC()
	runtime.ReadMemStats(&without)
	b.ReportMetric(float64(int64(with.HeapAlloc)-int64(without.HeapAlloc))/1e6, "kept-MB")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1e6, "ms/build")
}
