package judge

import (
	"sync"

	"github.com/portolan/portolan/model"
	"github.com/portolan/portolan/model/history"
	"github.com/portolan/portolan/model/listen"
	"github.com/portolan/portolan/registry"
)

// Verdicts judges the listeners of each poll: it is the listen.Judge the
// poller is given. It turns a listener into the engine's Input (the
// registry and ephemeral range of a model.Space, the identity facts the
// poller filled, the approvals of the Baseline) and writes the verdict
// back: Service, Severity and Findings. It is safe for concurrent use.
type Verdicts struct {
	engine *Engine

	mu       sync.RWMutex
	space    *model.Space
	baseline *Baseline // nil: no approvals, nothing is new
	gen      uint64    // bumped by the setters
}

// NewVerdicts judges over space with e (nil: the built-in knowledge) and
// the approvals of b (nil: none).
func NewVerdicts(space *model.Space, e *Engine, b *Baseline) *Verdicts {
	if e == nil {
		e = NewEngine(nil)
	}
	return &Verdicts{engine: e, space: space, baseline: b}
}

// Engine is the engine the verdicts use.
func (v *Verdicts) Engine() *Engine { return v.engine }

// Baseline is where approvals go (nil: none could be opened).
func (v *Verdicts) Baseline() *Baseline {
	v.mu.RLock()
	defer v.mu.RUnlock()
	return v.baseline
}

// SetSpace replaces the registry the verdicts read (after an update or an
// opened file).
func (v *Verdicts) SetSpace(s *model.Space) {
	v.mu.Lock()
	v.space = s
	v.gen++
	v.mu.Unlock()
}

// SetKnowledge replaces the knowledge of ordinary programs (nil: the
// built-in one).
func (v *Verdicts) SetKnowledge(k *Knowledge) {
	v.mu.Lock()
	v.engine.SetKnowledge(k)
	v.gen++
	v.mu.Unlock()
}

// Generation changes whenever a verdict may have changed: a setter was
// called, or the approvals changed (in this process or another). The
// poller judges an unchanged listing again only then.
func (v *Verdicts) Generation() uint64 {
	v.mu.RLock()
	g, b := v.gen, v.baseline
	v.mu.RUnlock()
	if b != nil {
		g += uint64(b.revision())
	}
	return g
}

// Judge fills Service, Severity and Findings of every listener. The
// Findings slices are shared between listeners: do not modify them.
func (v *Verdicts) Judge(ls []listen.Listener) {
	v.mu.RLock()
	space, b := v.space, v.baseline
	v.mu.RUnlock()
	var a *approvals
	if b != nil {
		a = b.current()
	}
	for i := range ls {
		l := &ls[i]
		in := input(space, a, l)
		verdict := v.engine.Judge(&in)
		l.Service, l.Severity, l.Findings = in.Service, verdict.Severity, verdict.Reasons
	}
}

// Verdict is the engine's full answer for one listener (the pane shows
// the program's knowledge entry and the approval key).
func (v *Verdicts) Verdict(l *listen.Listener) Verdict {
	v.mu.RLock()
	space, b := v.space, v.baseline
	v.mu.RUnlock()
	var a *approvals
	if b != nil {
		a = b.current()
	}
	in := input(space, a, l)
	return v.engine.Judge(&in)
}

// Ephemeral tells whether the OS hands port out itself: the Dynamic range,
// or this machine's ephemeral range.
func (v *Verdicts) Ephemeral(port uint16) bool {
	v.mu.RLock()
	space := v.space
	v.mu.RUnlock()
	return isEphemeral(space, port)
}

func isEphemeral(space *model.Space, port uint16) bool {
	return registry.ClassOf(port) == registry.Dynamic || space.Ephemeral.Contains(port)
}

// Observation is the listener in the words of the history (recording,
// approvals): the program is named by the file that says who it is (the
// script an interpreter runs, else the executable; Facts.Program), so
// that an approval and a listener identity survive a restart.
func (v *Verdicts) Observation(l *listen.Listener) history.Observation {
	return ObservationOf(l, v.Ephemeral(l.Port))
}

// Observations converts a listing (for history.Store.Record).
func (v *Verdicts) Observations(ls []listen.Listener) []history.Observation {
	v.mu.RLock()
	space := v.space
	v.mu.RUnlock()
	out := make([]history.Observation, len(ls))
	for i := range ls {
		out[i] = ObservationOf(&ls[i], isEphemeral(space, ls[i].Port))
	}
	return out
}

// ObservationOf is the one conversion of a listener into what the history
// records (eph: its port is in the ephemeral range). The executable is the
// one the kernel names (the identity facts), so approvals, "new" and the
// recorded identities agree.
func ObservationOf(l *listen.Listener, eph bool) history.Observation {
	exe := l.Exe
	if l.PID != 0 && l.Facts != nil && l.Facts.Program() != "" {
		exe = l.Facts.Program()
	}
	return history.Observation{Protocol: l.Protocol, Family: l.Family, Address: l.Address, Port: l.Port,
		Ephemeral: eph, Scope: string(l.Scope), PID: l.PID, Process: l.Process, Exe: exe, User: l.User,
		Severity: history.Severity(l.Severity.String())}
}

// input is what the engine needs to know of l.
func input(space *model.Space, a *approvals, l *listen.Listener) Input {
	proto := registry.TCP
	if l.Protocol == "udp" {
		proto = registry.UDP
	}
	in := Input{Protocol: l.Protocol, Port: l.Port, Address: l.Address, Scope: Scope(l.Scope),
		Ephemeral: isEphemeral(space, l.Port), Status: space.Reg.Status(l.Port, proto),
		PID: l.PID, Facts: l.Facts, Comm: l.Process, User: l.User}
	if r := space.Reg.Primary(l.Port, proto); r != nil {
		in.Service = r.Service
	}
	if a != nil && a.exists() {
		o := ObservationOf(l, in.Ephemeral)
		in.BaselineExists = true
		in.Approved = a.set.Approved(&o)
		in.SeenBeforeBaseline = a.seenBefore(&o)
	}
	return in
}
