package record

import (
	"context"
	"errors"
	"strings"
	"sync"

	"github.com/portolan/portolan/model/history"
	"github.com/portolan/portolan/model/listen"
)

// Recorder writes the poller's results into a history and words what the
// user must hear, once each: the history's notices (a file moved aside,
// old events dropped for the size cap), a recording error (a full disk)
// until recording works again, and that another recorder is writing.
// Its methods may be called from any goroutine, one at a time or not.
type Recorder struct {
	Store *history.Store
	// IsEphemeral tells which ports are in the OS's ephemeral range (nil:
	// none).
	IsEphemeral func(port uint16) bool

	mu       sync.Mutex
	told     int    // the store's notices already told
	failing  string // the error told, until a poll is written again
	skipping bool   // that another recorder writes was told
}

// Poll records one poll result. A failed poll records nothing: its
// listeners are unknown, not gone. messages are what to tell the user
// now (each said once); the program goes on whatever happened.
func (r *Recorder) Poll(ctx context.Context, p listen.PollResult) (res history.Result, messages []string) {
	if p.Err != nil {
		return history.Result{}, nil
	}
	res, err := r.Store.Record(ctx, p.Time, Observations(p.Listeners, r.IsEphemeral))
	r.mu.Lock()
	defer r.mu.Unlock()
	messages = r.newNotices()
	switch {
	case err != nil:
		msg := "The listener history is not being recorded: " + err.Error()
		if errors.Is(err, history.ErrDamaged) {
			msg += ". Start Portolan again to set the damaged file aside and begin a new history."
		}
		if !sameFault(r.failing, msg) {
			messages = append(messages, msg)
		}
		r.failing = msg
	case res.Written:
		if r.failing != "" || r.skipping {
			messages = append(messages, "The listener history is being recorded again.")
		}
		r.failing, r.skipping = "", false
	case res.Skipped != "" && !r.skipping:
		r.skipping = true
		messages = append(messages, "The listener history is not recorded here: "+res.Skipped+".")
	}
	return res, messages
}

// Stop gives up writing (the window's pause): another recorder takes
// over at its next poll. The next Poll takes writing up again if free.
func (r *Recorder) Stop() error {
	r.mu.Lock()
	r.skipping = false
	r.mu.Unlock()
	return r.Store.StopWriting()
}

// Notices are the history's messages not told yet (those of Open, before
// the first poll).
func (r *Recorder) Notices() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.newNotices()
}

func (r *Recorder) newNotices() []string {
	all := r.Store.Notices()
	if len(all) <= r.told {
		return nil
	}
	out := all[r.told:]
	r.told = len(all)
	return out
}

// sameFault tells whether two messages report one fault: a full disk says
// the same at every poll while recording rests; other errors are told
// again only when their words change.
func sameFault(a, b string) bool {
	full := history.ErrFull.Error()
	return a == b || (strings.Contains(a, full) && strings.Contains(b, full))
}
