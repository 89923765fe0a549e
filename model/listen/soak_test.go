//go:build unix

package listen_test

import (
	"os"
	"runtime"
	"testing"
	"time"

	"github.com/portolan/portolan/model"
	"github.com/portolan/portolan/model/judge"
	"github.com/portolan/portolan/model/listen"
)

// TestSoak runs the poller against 2,000 real sockets for PORTOLAN_SOAK
// (e.g. 60s; .ci/run sets it) and fails if the live heap or the goroutine
// count grows. Without the variable it is skipped: it is long by design.
func TestSoak(t *testing.T) {
	d, err := time.ParseDuration(os.Getenv("PORTOLAN_SOAK"))
	if err != nil || d <= 0 {
		t.Skip("set PORTOLAN_SOAK=60s to run the soak test")
	}
	const sockets = 2000
	child := listen.StartSocketChild(t, sockets)
	reg, _, err := model.LoadRegistry("")
	if err != nil {
		t.Fatal(err)
	}
	p := listen.NewPoller(listen.NewSystemSource(), judge.NewVerdicts(model.NewSpace(reg), nil, nil))
	p.SetIdentity(judge.NewIdentityReader())
	poll, stop := runPoller(t, p, child, sockets)
	for i := 0; i < 20; i++ { // warm the caches
		poll()
	}
	h0, g0 := liveHeap(), runtime.NumGoroutine()
	polls, maxHeap := 0, h0
	end := time.Now().Add(d)
	nextSample := time.Now().Add(5 * time.Second)
	for time.Now().Before(end) {
		poll()
		polls++
		time.Sleep(20 * time.Millisecond) // about 50 polls a second, far above the UI's rate
		if time.Now().After(nextSample) {
			if h := liveHeap(); h > maxHeap {
				maxHeap = h
			}
			nextSample = time.Now().Add(5 * time.Second)
		}
	}
	h1, g1 := liveHeap(), runtime.NumGoroutine()
	stop()
	t.Logf("%d polls of %d sockets in %v: live heap %d -> %d bytes (max %d), goroutines %d -> %d",
		polls, sockets, d, h0, h1, maxHeap, g0, g1)
	const slack = 1 << 20 // GC timing noise; a leak of a listing per poll is far larger
	if h1-h0 > slack || maxHeap-h0 > 2*slack {
		t.Errorf("the live heap grew from %d to %d bytes (max %d)", h0, h1, maxHeap)
	}
	if g1 > g0 {
		t.Errorf("goroutines grew from %d to %d", g0, g1)
	}
}
