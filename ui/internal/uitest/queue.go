package uitest

import (
	"testing"
	"time"
)

// Queue stands in for fyne.Do in tests of background work: the
// background posts (Deliver), the test runs what was posted on its own
// goroutine (Pump). Fyne's test driver would run it on the poster's,
// racing with the test.
type Queue chan func()

// NewQueue makes a queue with room for a few posts.
func NewQueue() Queue { return make(Queue, 64) }

// Deliver posts fn: an Options.Deliver or Loader.Deliver.
func (q Queue) Deliver(fn func()) { q <- fn }

// Pump runs what is posted until cond holds, failing after 20 s; what
// names what is awaited.
func (q Queue) Pump(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.After(20 * time.Second)
	for !cond() {
		select {
		case fn := <-q:
			fn()
		case <-deadline:
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}
