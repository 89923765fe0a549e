package cli

import (
	"fmt"
	"io"
	"net"
	"testing"

	"github.com/portolan/portolan/model/judge"
)

// BenchmarkListenersJSON is `portolan listeners --json` in process, as a
// start runs it (a fresh Env: registry, setup, one poll, the JSON written
// through Main's buffer), with n TCP listeners of its own on 127.0.0.1
// besides the machine's. scripts/bench-startup.sh times the whole process
// against ss; this is for profiles:
//
//	go test ./cmd/internal/cli -run XXX -bench ListenersJSON -cpuprofile cpu.out
func BenchmarkListenersJSON(b *testing.B) {
	b.Setenv(judge.ConfigDirEnv, b.TempDir())
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			ls := make([]net.Listener, 0, n)
			defer func() {
				for _, l := range ls {
					l.Close()
				}
			}()
			for range n {
				l, err := net.Listen("tcp", "127.0.0.1:0")
				if err != nil {
					b.Skipf("cannot hold %d listeners: %v (raise ulimit -n)", n, err)
				}
				ls = append(ls, l)
			}
			var bytes int64
			for b.Loop() {
				w := &countWriter{}
				if _, _, code := Main([]string{"listeners", "--json"}, w, io.Discard); code != 0 {
					b.Fatalf("exit %d", code)
				}
				bytes = w.n
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/run")
			b.ReportMetric(float64(bytes), "bytes")
		})
	}
}

type countWriter struct{ n int64 }

func (w *countWriter) Write(p []byte) (int, error) {
	w.n += int64(len(p))
	return len(p), nil
}
