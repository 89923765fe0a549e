package judge

import (
	"sync"

	"github.com/portolan/portolan/model"
	"github.com/portolan/portolan/model/listen"
	"github.com/portolan/portolan/registry"
)

// Verdicts decides the reasons to look at listeners. Fill its fields
// before the first Judge; afterwards change the table and the baseline
// with SetKnown and SetBaseline (approving into the Baseline is fine at
// any time: it is safe for concurrent use).
type Verdicts struct {
	// Space is the registry and the ephemeral range (required).
	Space *model.Space
	// Known is the known-processes table; nil skips that check.
	Known *KnownProcs
	// Baseline holds the approved listeners; nil, or a baseline never
	// saved, skips the "new" check.
	Baseline *Baseline

	mu  sync.RWMutex
	gen uint64 // bumped by the setters
}

// SetKnown replaces the known-processes table (after the user edited it).
func (v *Verdicts) SetKnown(k *KnownProcs) {
	v.mu.Lock()
	v.Known = k
	v.gen++
	v.mu.Unlock()
}

// SetSpace replaces the registry the verdicts read (after an update or
// an opened file).
func (v *Verdicts) SetSpace(s *model.Space) {
	v.mu.Lock()
	v.Space = s
	v.gen++
	v.mu.Unlock()
}

// SetBaseline replaces the baseline.
func (v *Verdicts) SetBaseline(b *Baseline) {
	v.mu.Lock()
	v.Baseline = b
	v.gen++
	v.mu.Unlock()
}

// Generation changes whenever a verdict may have changed: a setter was
// called, or the baseline was approved into or revoked from. The poller
// judges an unchanged listing again only then.
func (v *Verdicts) Generation() uint64 {
	v.mu.RLock()
	defer v.mu.RUnlock()
	g := v.gen
	if v.Baseline != nil {
		g += v.Baseline.Version()
	}
	return g
}

// Judge fills Service and Reasons of every listener. The Reasons slices
// are shared between listeners: do not modify them.
func (v *Verdicts) Judge(ls []listen.Listener) {
	v.mu.RLock()
	space, known, baseline := v.Space, v.Known, v.Baseline
	v.mu.RUnlock()
	if baseline != nil && !baseline.Exists() {
		baseline = nil
	}
	for i := range ls {
		judge(&ls[i], space, known, baseline)
	}
}

func judge(l *listen.Listener, space *model.Space, known *KnownProcs, baseline *Baseline) {
	proto := registry.TCP
	if l.Protocol == "udp" {
		proto = registry.UDP
	}
	reg := space.Reg
	l.Service = ""
	if r := reg.Primary(l.Port, proto); r != nil {
		l.Service = r.Service
	}
	ephemeral := registry.ClassOf(l.Port) == registry.Dynamic || space.Ephemeral.Contains(l.Port)
	var mask uint
	switch reg.Status(l.Port, proto) {
	case registry.Unassigned:
		if !ephemeral {
			mask |= 1 << 0
		}
	case registry.Reserved:
		mask |= 1 << 1
	}
	if l.Scope == listen.ScopeAll {
		if ephemeral {
			mask |= 1 << 2
		} else {
			mask |= 1 << 4
		}
	}
	if known != nil && l.Service != "" && (l.Process != "" || l.Exe != "") {
		if checked, ok := known.Matches(l.Service, l.Process, l.Exe); checked && !ok {
			mask |= 1 << 3
		}
	}
	if baseline != nil && !baseline.Approved(l) {
		mask |= 1 << 5
	}
	l.Reasons = reasonSet(mask)
}

// Expected names the programs the known-processes table expects on the
// listener's service (after Judge), or nil.
func (v *Verdicts) Expected(l *listen.Listener) []string {
	v.mu.RLock()
	known := v.Known
	v.mu.RUnlock()
	if known == nil || l.Service == "" {
		return nil
	}
	return known.For(l.Service)
}

var (
	reasonSetsOnce sync.Once
	reasonSets     [1 << len(listen.Reasons)][]listen.Reason
)

// reasonSet returns the shared slice of the reasons whose bits are set
// (bit i is Reasons[i]); nil for none. Sharing spares a poll of thousands
// of listeners as many allocations.
func reasonSet(mask uint) []listen.Reason {
	if mask == 0 {
		return nil
	}
	reasonSetsOnce.Do(func() {
		for m := 1; m < len(reasonSets); m++ {
			var rs []listen.Reason
			for i, r := range listen.Reasons {
				if m&(1<<i) != 0 {
					rs = append(rs, r)
				}
			}
			reasonSets[m] = rs[:len(rs):len(rs)]
		}
	})
	return reasonSets[mask]
}
