package judge

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/portolan/portolan/model/history"
	"github.com/portolan/portolan/model/listen"
)

// Baseline is the approved listeners, kept in the listener history
// (model/history: one transaction per approval, so approvals made at once
// by several windows and commands are all kept), and what "new since the
// baseline" means there: first seen after the baseline was made (the
// first approval), as the history's first_seen says. Approving one
// listener therefore never makes the others new. It is safe for
// concurrent use.
type Baseline struct {
	store *history.Store
	// reloadEvery bounds how long a reading of the approvals is used
	// without asking the history whether they changed.
	reloadEvery time.Duration

	mu      sync.Mutex
	cur     atomic.Pointer[approvals]
	checked time.Time // when the history was last asked
	err     error     // the last reading's error
}

// approvals is one reading of the history: the approvals and the
// listener identities first seen no later than the baseline was made.
type approvals struct {
	set    *history.ApprovalSet
	before map[history.IdentityKey]struct{}
	read   time.Time
}

func (a *approvals) exists() bool { return a != nil && !a.set.Made.IsZero() }

func (a *approvals) seenBefore(o *history.Observation) bool {
	_, ok := a.before[history.KeyOf(o)]
	return ok
}

// DefaultReloadEvery is how often the Baseline asks the history whether
// the approvals changed (a cheap query; other processes' approvals show
// within this time).
const DefaultReloadEvery = time.Second

// NewBaseline keeps the approvals of store. It reads them at once; an
// error is kept for Err and the baseline is empty until a reading works.
func NewBaseline(ctx context.Context, store *history.Store) *Baseline {
	b := &Baseline{store: store, reloadEvery: DefaultReloadEvery}
	b.reload(ctx, true)
	return b
}

// Store is the history the approvals live in.
func (b *Baseline) Store() *history.Store { return b.store }

// Err is why the approvals could not be read last time (nil when they
// could).
func (b *Baseline) Err() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.err
}

// Exists tells whether anything was ever approved.
func (b *Baseline) Exists() bool { return b.cur.Load().exists() }

// Made is when the baseline was made (zero when nothing was approved).
func (b *Baseline) Made() time.Time {
	if a := b.cur.Load(); a != nil {
		return a.set.Made
	}
	return time.Time{}
}

// Len is the number of approvals.
func (b *Baseline) Len() int {
	if a := b.cur.Load(); a != nil {
		return a.set.Len()
	}
	return 0
}

// current is the last reading, refreshed when it is older than
// reloadEvery and the history's approvals changed.
func (b *Baseline) current() *approvals {
	b.reload(context.Background(), false)
	return b.cur.Load()
}

// revision changes with the approvals (Verdicts.Generation).
func (b *Baseline) revision() int64 {
	if a := b.current(); a != nil {
		return a.set.Revision
	}
	return 0
}

// reload reads the approvals again when forced, or when reloadEvery has
// passed and their revision changed (or a minute has passed: identities
// recorded late may have been first seen before the baseline).
func (b *Baseline) reload(ctx context.Context, force bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := time.Now()
	cur := b.cur.Load()
	if !force && now.Sub(b.checked) < b.reloadEvery {
		return
	}
	b.checked = now
	if !force && cur != nil && now.Sub(cur.read) < time.Minute {
		rev, err := b.store.ApprovalsRevision(ctx)
		if err == nil && rev == cur.set.Revision {
			return
		}
	}
	a, err := readApprovals(ctx, b.store)
	b.err = err
	if err == nil {
		a.read = now
		b.cur.Store(a)
	}
}

func readApprovals(ctx context.Context, store *history.Store) (*approvals, error) {
	set, err := store.Approvals(ctx)
	if err != nil {
		return nil, err
	}
	a := &approvals{set: set, before: map[history.IdentityKey]struct{}{}}
	if set.Made.IsZero() {
		return a, nil
	}
	// first_seen is kept in whole seconds, as Made is.
	_, err = store.Identities(ctx, func(id history.Identity) bool {
		if !id.FirstSeen.After(set.Made) {
			a.before[id.IdentityKey] = struct{}{}
		}
		return false
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// Approve approves the chosen listeners. present is the whole listing
// they were chosen from, polled at pollTime: it is recorded first (unless
// another recorder is writing, which records it anyway), so that the
// listeners there at the first approval count as seen before the
// baseline and are not "new". It returns how many approvals were added.
// The change shows at the next poll (Verdicts.Generation changes).
func (v *Verdicts) Approve(ctx context.Context, present []listen.Listener, pollTime time.Time, chosen ...listen.Listener) (int, error) {
	b := v.Baseline()
	if b == nil {
		return 0, fmt.Errorf("approving: the listener history could not be opened, so there is nowhere to keep approvals")
	}
	if len(present) > 0 {
		res, err := b.store.Record(ctx, pollTime, v.Observations(present))
		if err != nil {
			return 0, fmt.Errorf("approving: recording the listeners present: %w", err)
		}
		if res.Written {
			// Another recorder (portolan record) takes over from here.
			b.store.StopWriting()
		}
	}
	n, err := b.store.Approve(ctx, v.Observations(chosen)...)
	b.reload(ctx, true)
	return n, err
}

// Revoke withdraws every approval covering one of the listeners and
// returns how many it removed.
func (v *Verdicts) Revoke(ctx context.Context, ls ...listen.Listener) (int, error) {
	b := v.Baseline()
	if b == nil {
		return 0, fmt.Errorf("revoking: the listener history could not be opened")
	}
	n, err := b.store.Revoke(ctx, v.Observations(ls)...)
	b.reload(ctx, true)
	return n, err
}

// KeyText is what an approval of the listener covers, in words: "tcp all
// 22 /usr/sbin/sshd", "udp all ephemeral /usr/sbin/avahi-daemon"; for a
// process that could not be seen, "udp [::]:5353, any program".
func (v *Verdicts) KeyText(l *listen.Listener) string {
	o := v.Observation(l)
	if o.Exe == "" {
		who := "any program"
		if o.Process != "" {
			who = "a process named " + o.Process
		}
		return o.Protocol + " " + listen.HostPort(o.Address, o.Port) + ", " + who
	}
	k := ApprovalKey{Exe: o.Exe, Protocol: o.Protocol, Scope: Scope(o.Scope), Port: o.Port, Ephemeral: o.Ephemeral}
	if k.Ephemeral {
		k.Port = 0
	}
	return k.String()
}
