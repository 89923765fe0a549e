package model

import (
	"sync"

	"github.com/portolan/portolan/registry"
)

// Reason is a short, stable phrase saying why a listener deserves a look.
// The panel colours rows by reason; JSON output carries the phrase.
type Reason string

// The reasons, in the order a listener lists them.
const (
	// ReasonUnassigned: the registry lists the port as unassigned (ports of
	// the Dynamic range and of this machine's ephemeral range, which the OS
	// hands out itself, are not flagged this way).
	ReasonUnassigned Reason = "unassigned port"
	// ReasonReserved: IANA reserves the port.
	ReasonReserved Reason = "reserved port"
	// ReasonEphemeralAll: a port of the Dynamic or the ephemeral range,
	// reachable on every interface.
	ReasonEphemeralAll Reason = "ephemeral port open on all interfaces"
	// ReasonUnexpectedProcess: the program is not one the known-processes
	// table names for the port's registered service (sshd for ssh, ...).
	ReasonUnexpectedProcess Reason = "unexpected program for this port"
	// ReasonAllInterfaces: reachable on every interface rather than on
	// loopback only (ReasonEphemeralAll says it for ephemeral ports).
	ReasonAllInterfaces Reason = "open on all interfaces"
	// ReasonNew: not in the approved baseline (only once a baseline exists).
	ReasonNew Reason = "new since baseline"
)

// Reasons lists every reason in display order.
var Reasons = [...]Reason{ReasonUnassigned, ReasonReserved, ReasonEphemeralAll, ReasonUnexpectedProcess, ReasonAllInterfaces, ReasonNew}

// Explain is a sentence about the reason, for tooltips and help.
func (r Reason) Explain() string {
	switch r {
	case ReasonUnassigned:
		return "IANA has not assigned this port to any service, so nothing standard should be using it."
	case ReasonReserved:
		return "IANA reserves this port; no service should be using it."
	case ReasonEphemeralAll:
		return "The port is one the OS hands out for outgoing connections, yet it is reachable from other machines."
	case ReasonUnexpectedProcess:
		return "The program is not one usually serving the port's registered service (see the known-processes table)."
	case ReasonAllInterfaces:
		return "The socket is reachable from every network this machine is on, not only from this machine."
	case ReasonNew:
		return "The listener was not there when the baseline was approved."
	}
	return ""
}

// Verdicts decides the reasons to look at listeners. Fill its fields
// before the first Judge; afterwards change the table and the baseline
// with SetKnown and SetBaseline (approving into the Baseline is fine at
// any time: it is safe for concurrent use).
type Verdicts struct {
	// Space is the registry and the ephemeral range (required).
	Space *Space
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
func (v *Verdicts) SetSpace(s *Space) {
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
func (v *Verdicts) Judge(ls []Listener) {
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

func judge(l *Listener, space *Space, known *KnownProcs, baseline *Baseline) {
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
	if l.Scope == ScopeAll {
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
func (v *Verdicts) Expected(l *Listener) []string {
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
	reasonSets     [1 << len(Reasons)][]Reason
)

// reasonSet returns the shared slice of the reasons whose bits are set
// (bit i is Reasons[i]); nil for none. Sharing spares a poll of thousands
// of listeners as many allocations.
func reasonSet(mask uint) []Reason {
	if mask == 0 {
		return nil
	}
	reasonSetsOnce.Do(func() {
		for m := 1; m < len(reasonSets); m++ {
			var rs []Reason
			for i, r := range Reasons {
				if m&(1<<i) != 0 {
					rs = append(rs, r)
				}
			}
			reasonSets[m] = rs[:len(rs):len(rs)]
		}
	})
	return reasonSets[mask]
}
