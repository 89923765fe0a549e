package judge

import (
	"sync/atomic"

	"github.com/portolan/portolan/model/identity"
	"github.com/portolan/portolan/model/listen"
	"github.com/portolan/portolan/registry"
)

// Input is what the engine needs to know about one listener.
type Input struct {
	Protocol string // "tcp" or "udp"
	Port     uint16
	Address  string
	Scope    Scope
	// Ephemeral: the port is in the Dynamic range or this machine's
	// ephemeral range (the OS hands such ports out itself).
	Ephemeral bool
	// Service and Status are the registry's primary service name for the
	// port on Protocol ("" if none) and its status.
	Service string
	Status  registry.Status
	// PID is the process holding the socket (0 when it cannot be seen);
	// Facts are what the kernel says of it (nil when unknown). Comm and
	// User are the process's name and user as listed.
	PID   int32
	Facts *identity.Facts
	Comm  string
	User  string
	// Approved: the listener matches an approval of the baseline.
	// BaselineExists: a baseline was ever approved. SeenBeforeBaseline:
	// the listener (its approval key) was there when the baseline was
	// made, so it is not new.
	Approved, BaselineExists, SeenBeforeBaseline bool
}

// Verdict is the engine's answer for one listener.
type Verdict struct {
	Severity listen.Severity
	// Reasons are shared between listeners: do not modify them.
	Reasons []listen.Finding
	// Program is the knowledge entry of the program (nil: unknown or not
	// identified).
	Program *Program
	// Key is the listener's approval key.
	Key ApprovalKey
}

// Has tells whether the verdict gives reason r.
func (v *Verdict) Has(r listen.Reason) bool {
	for _, f := range v.Reasons {
		if f.Reason == r {
			return true
		}
	}
	return false
}

// Engine judges listeners. Replace its knowledge with SetKnowledge; it is
// safe for concurrent use.
type Engine struct {
	knowledge atomic.Pointer[Knowledge]
}

// NewEngine returns an engine using k (nil: the built-in knowledge).
func NewEngine(k *Knowledge) *Engine {
	e := &Engine{}
	e.SetKnowledge(k)
	return e
}

// SetKnowledge replaces the table (after the user edited it; nil: the
// built-in one).
func (e *Engine) SetKnowledge(k *Knowledge) {
	if k == nil {
		k = DefaultKnowledge()
	}
	e.knowledge.Store(k)
}

// Knowledge is the table in use.
func (e *Engine) Knowledge() *Knowledge { return e.knowledge.Load() }

// Judge decides the verdict of one listener.
func (e *Engine) Judge(in *Input) Verdict {
	k := e.knowledge.Load()
	var set findingSet
	beyond := in.Scope.beyondLoopback()
	// raised is an alert beyond loopback and a notice on it.
	raised := listen.SeverityNotice
	if beyond {
		raised = listen.SeverityAlert
	}
	f := in.Facts
	identified := f != nil && f.Program() != "" && in.PID != 0
	var m matched
	if identified {
		m = k.lookup(f)
	}
	prog := m.program

	// Who the program is.
	if f != nil {
		switch {
		case f.Deleted && f.Replaced:
			set.add(listen.ReasonReplaced, listen.SeverityNotice)
		case f.Deleted:
			set.add(listen.ReasonDeleted, listen.SeverityAlert)
		}
		if f.Place.Has(identity.PlaceTemp) {
			set.add(listen.ReasonTempFolder, listen.SeverityAlert)
		}
		if f.Place.Has(identity.PlaceDevice) {
			set.add(listen.ReasonDeviceFolder, listen.SeverityAlert)
		}
		if f.Place.Has(identity.PlaceWorldWritable) || f.File && f.Mode.Perm()&0o002 != 0 {
			set.add(listen.ReasonWorldWritable, listen.SeverityAlert)
		}
		atHome := prog != nil && prog.atHome(normPath(f.Program()))
		if f.Place.Has(identity.PlaceHidden) && !atHome {
			set.add(listen.ReasonHiddenFolder, raised)
		}
		if f.Place.Has(identity.PlaceCache) && !atHome {
			set.add(listen.ReasonCacheFolder, raised)
		}
		if prog != nil && len(prog.Packages) > 0 && f.FromNoPackage() {
			set.add(listen.ReasonNoPackage, listen.SeverityNotice)
		}
	}
	comm := in.Comm
	if f != nil && f.Comm != "" {
		comm = f.Comm
	}
	// A socket found through a process's descriptors belongs to user
	// space: a kernel thread's name there is a disguise.
	kernelName := f != nil && f.KernelThreadName || f == nil && identity.LooksLikeKernelThread(comm)
	if in.PID != 0 && (f == nil || !f.KernelThread) && kernelName {
		set.add(listen.ReasonKernelName, listen.SeverityAlert)
	}
	if f != nil && f.NameDiffers && !set.has(listen.ReasonKernelName) {
		if m.masquerade {
			set.add(listen.ReasonMasquerade, listen.SeverityAlert)
		} else {
			set.add(listen.ReasonNameDiffers, listen.SeverityNotice)
		}
	}

	// What it does.
	role := Role("")
	if prog != nil {
		role = prog.Role
	}
	// A script run by a shell is still a shell holding the socket.
	if (m.exeRole == RoleShell || m.exeRole == RoleNetTool) && role != RoleNetTool {
		role = m.exeRole
	}
	switch role {
	case RoleShell:
		set.add(listen.ReasonShell, raised)
	case RoleNetTool:
		set.add(listen.ReasonNetTool, raised)
	}
	tcp := in.Protocol != "udp"
	registered := in.Status == registry.Assigned && in.Service != ""
	usualPort := false
	switch {
	case !identified:
		if beyond {
			set.add(listen.ReasonUnidentified, listen.SeverityNotice)
		}
	case prog == nil:
		switch {
		case registered:
			set.add(listen.ReasonUnexpectedProcess, raised)
		case beyond:
			set.add(listen.ReasonUnknownExposed, listen.SeverityNotice)
		}
	case role == RoleShell || role == RoleNetTool:
		// Their reason says it all: they have no usual ports.
	default:
		l := prog.usual(tcp, in.Port, in.Ephemeral)
		switch {
		case l == nil:
			set.add(listen.ReasonUnusualPort, listen.SeverityNotice)
		case in.Scope.reach() > l.Scope.reach() && in.Scope == ScopeAll:
			set.add(listen.ReasonAllInterfaces, listen.SeverityNotice)
			usualPort = true
		case in.Scope.reach() > l.Scope.reach():
			set.add(listen.ReasonBeyondLoopback, listen.SeverityNotice)
			usualPort = true
		default:
			usualPort = true
		}
	}
	if !beyond && !usualPort && !in.Ephemeral {
		switch in.Status {
		case registry.Unassigned:
			set.add(listen.ReasonUnassigned, listen.SeverityNotice)
		case registry.Reserved:
			set.add(listen.ReasonReserved, listen.SeverityNotice)
		}
	}

	// The baseline.
	if in.BaselineExists && !in.Approved && !in.SeenBeforeBaseline {
		set.add(listen.ReasonNew, raised)
	}
	if in.Approved {
		set.drop(listen.Reason.Tamper)
	}
	fs, sev := set.findings()
	return Verdict{Severity: sev, Reasons: fs, Program: prog, Key: KeyOf(in)}
}

func (s findingSet) has(r listen.Reason) bool { return s&(1<<(2*reasonIndex[r])) != 0 }
