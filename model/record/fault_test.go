package record

import (
	"fmt"
	"testing"

	"github.com/portolan/portolan/model/history"
)

// A full disk says the same at every poll while recording rests (told
// once); another error is told again only when its words change.
func TestSameFault(t *testing.T) {
	t.Parallel()
	full := func(doing string) string {
		return "The listener history is not being recorded: " +
			fmt.Errorf("history: %w: recording stopped (%s: disk I/O)", history.ErrFull, doing).Error()
	}
	for _, c := range []struct {
		a, b string
		same bool
	}{
		{"", full("recording a poll"), false},
		{full("recording a poll"), full("pruning old events"), true},
		{"history: locked", "history: locked", true},
		{"history: locked", "history: gone", false},
		{full("recording a poll"), "history: gone", false},
	} {
		if got := sameFault(c.a, c.b); got != c.same {
			t.Errorf("sameFault(%q, %q) = %v", c.a, c.b, got)
		}
	}
}
