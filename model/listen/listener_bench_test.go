//go:build unix

package listen_test

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/portolan/portolan/model"
	"github.com/portolan/portolan/model/identity"
	"github.com/portolan/portolan/model/identity/rpmdb"
	"github.com/portolan/portolan/model/judge"
	"github.com/portolan/portolan/model/listen"
	psnet "github.com/shirou/gopsutil/v4/net"
)

// The listener benchmarks run against a child process holding N listening
// sockets on 127.0.0.1 (half TCP, half UDP). Run them with
//
//	go test -run XXX -bench listen.Listener -benchtime 20x ./model/listen
//
// Metrics: ss-ms, first-ms, steady-ms (wall time of `ss -tulpnH`, of a
// first poll with empty caches, and of a poll in which nothing changed,
// both judged and diffed as the poller does), their ratios first/ss and
// steady/ss, and gopsutil/ss for gopsutil's plain net.Connections.

func benchVerdicts(b *testing.B) *judge.Verdicts {
	b.Helper()
	reg, _, err := model.LoadRegistry("")
	if err != nil {
		b.Fatal(err)
	}
	return judge.NewVerdicts(model.NewSpace(reg), nil, nil)
}

// benchPackages are the package databases every poller of a benchmark
// shares: their path index is built once per machine and kept until the
// database changes (about 66 ms for 3,000 packages; docs/performance.md),
// so a first poll's figure is that of a new reader, not of a new index.
var benchPackages = []identity.PackageDB{identity.NewDpkg("/var/lib/dpkg"), rpmdb.Open(rpmdb.DefaultPath)}

// newBenchPoller is a poller as the program makes it: the system source,
// the verdicts and a new identity reader.
func newBenchPoller(v *judge.Verdicts) *listen.Poller {
	p := listen.NewPoller(listen.NewSystemSource(), v)
	p.SetIdentity(identity.NewReader(identity.Options{Packages: benchPackages}))
	return p
}

// countChild counts the listeners of pid.
func countChild(ls []listen.Listener, pid int) int {
	n := 0
	for i := range ls {
		if ls[i].PID == int32(pid) {
			n++
		}
	}
	return n
}

func BenchmarkListenerPoll(b *testing.B) {
	ssPath, err := exec.LookPath("ss")
	if err != nil {
		b.Skip("ss (iproute2) is not installed: nothing to compare with; apt-get install iproute2")
	}
	for _, n := range []int{100, 1000, 10000} {
		b.Run(fmt.Sprintf("sockets=%d", n), func(b *testing.B) {
			child := listen.StartSocketChild(b, n)
			v := benchVerdicts(b)
			ctx := context.Background()
			steady := newBenchPoller(v)
			if r := steady.PollOnce(ctx); r.Err != nil || countChild(r.Listeners, child.PID()) != n {
				b.Fatalf("first poll: %v, %d of %d sockets", r.Err, countChild(r.Listeners, child.PID()), n)
			}
			var out bytes.Buffer
			var ssT, firstT, steadyT, gopsT time.Duration
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				out.Reset()
				cmd := exec.Command(ssPath, "-tulpnH")
				cmd.Stdout = &out
				t0 := time.Now()
				if err := cmd.Run(); err != nil {
					b.Fatal(err)
				}
				ssT += time.Since(t0)
				if lines := bytes.Count(out.Bytes(), []byte("\n")); lines < n {
					b.Fatalf("ss listed %d lines for %d sockets", lines, n)
				}

				t0 = time.Now()
				r := newBenchPoller(v).PollOnce(ctx)
				firstT += time.Since(t0)
				if r.Err != nil || countChild(r.Listeners, child.PID()) != n {
					b.Fatalf("first poll: %v, %d of %d sockets", r.Err, countChild(r.Listeners, child.PID()), n)
				}

				t0 = time.Now()
				r = steady.PollOnce(ctx)
				steadyT += time.Since(t0)
				if r.Err != nil || countChild(r.Listeners, child.PID()) != n {
					b.Fatalf("steady poll: %v", r.Err)
				}

				t0 = time.Now()
				if _, err := psnet.ConnectionsWithoutUidsWithContext(ctx, "inet"); err != nil {
					b.Fatal(err)
				}
				gopsT += time.Since(t0)
			}
			ms := func(d time.Duration) float64 { return d.Seconds() * 1000 / float64(b.N) }
			b.ReportMetric(ms(ssT), "ss-ms")
			b.ReportMetric(ms(firstT), "first-ms")
			b.ReportMetric(ms(steadyT), "steady-ms")
			b.ReportMetric(firstT.Seconds()/ssT.Seconds(), "first/ss")
			b.ReportMetric(steadyT.Seconds()/ssT.Seconds(), "steady/ss")
			b.ReportMetric(gopsT.Seconds()/ssT.Seconds(), "gopsutil/ss")
		})
	}
}

// BenchmarkListenerCPU is the CPU time of steady polls at 1,000 sockets,
// as a share of one core when polling every second.
func BenchmarkListenerCPU(b *testing.B) {
	child := listen.StartSocketChild(b, 1000)
	p := newBenchPoller(benchVerdicts(b))
	ctx := context.Background()
	if r := p.PollOnce(ctx); r.Err != nil || countChild(r.Listeners, child.PID()) != 1000 {
		b.Fatalf("first poll: %v", r.Err)
	}
	cpu := func() time.Duration {
		var ru syscall.Rusage
		syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
		return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	b.ResetTimer()
	c0 := cpu()
	for i := 0; i < b.N; i++ {
		if r := p.PollOnce(ctx); r.Err != nil {
			b.Fatal(r.Err)
		}
	}
	perPoll := (cpu() - c0).Seconds() / float64(b.N)
	b.ReportMetric(perPoll*100, "cpu-%-at-1s")
}

// BenchmarkListenerGrowth runs 1,000 polls through listen.Poller.Run at 1,000
// sockets and reports the growth of the live heap and of goroutines.
func BenchmarkListenerGrowth(b *testing.B) {
	child := listen.StartSocketChild(b, 1000)
	poll, stop := runPoller(b, newBenchPoller(benchVerdicts(b)), child, 1000)
	for i := 0; i < 10; i++ {
		poll()
	}
	h0, g0 := liveHeap(), runtime.NumGoroutine()
	b.ResetTimer()
	for i := 0; i < 1000; i++ {
		poll()
	}
	b.StopTimer()
	h1, g1 := liveHeap(), runtime.NumGoroutine()
	stop()
	b.Logf("live heap %d -> %d bytes, goroutines %d -> %d", h0, h1, g0, g1)
	b.ReportMetric(float64(h1-h0)/1024, "heap-growth-KB")
	b.ReportMetric(float64(g1-g0), "goroutine-growth")
	b.ReportMetric(0, "ns/op")
}

// runPoller runs p through listen.Poller.Run, as the window does; poll asks for one
// poll and checks it saw the child's n sockets, stop ends Run and waits.
func runPoller(tb testing.TB, p *listen.Poller, child *listen.SocketChild, n int) (poll, stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	results := make(chan listen.PollResult)
	done := make(chan struct{})
	go func() {
		p.Run(ctx, func(r listen.PollResult) { results <- r })
		close(done)
	}()
	poll = func() {
		p.RefreshNow()
		r := <-results
		if got := countChild(r.Listeners, child.PID()); r.Err != nil || got != n {
			tb.Fatalf("poll %d: %v, %d of %d sockets", r.Seq, r.Err, got, n)
		}
	}
	stop = func() {
		cancel()
		<-done
	}
	return poll, stop
}

// liveHeap is the heap still in use after two collections.
func liveHeap() int64 {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return int64(ms.HeapAlloc)
}
