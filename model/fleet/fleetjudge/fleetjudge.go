// Package fleetjudge gives a fleet's listeners (model/fleet's rows) the
// verdicts of model/judge's engine, as this machine's listeners get them:
// the same knowledge and rules, with what osquery reported standing for
// what the kernel says here (identity.FromReport), and each host's own
// ephemeral range.
//
// It imports model/fleet, model/judge, model/identity, model/listen (the
// address scope), model and registry, and no Fyne. model/fleet does not
// import the verdict engine (its rows get verdicts through
// fleet.Options.Judge), so the engine stays free to read fleets one day.
package fleetjudge

import (
	"net/netip"
	"strings"
	"sync"
	"time"
	"unsafe"

	"github.com/portolan/portolan/model"
	"github.com/portolan/portolan/model/fleet"
	"github.com/portolan/portolan/model/identity"
	"github.com/portolan/portolan/model/judge"
	"github.com/portolan/portolan/model/listen"
	"github.com/portolan/portolan/registry"
)

// Judge judges fleet rows. Thousands of hosts run the same programs on
// the same ports, so it remembers the facts of each distinct process and
// the verdict of each distinct listener (all that the engine reads of a
// row but the host), and judges each once. It is safe for concurrent use.
type Judge struct {
	engine *judge.Engine
	reg    *registry.Registry

	mu       sync.Mutex
	facts    map[processKey]*identity.Facts
	verdicts map[listenerKey]verdict
}

// verdict is one answer in the form fleet.Row keeps.
type verdict struct {
	severity string
	reasons  []string
}

// processKey is everything FromReport reads of a row but the PID and start
// time (which no verdict reads). Sharing the facts also lets the engine's
// knowledge remember its match per process.
type processKey struct {
	exe, comm, cmdline   strID
	cgroup, netNamespace strID
	onDisk               int8
}

// strID names a string by its bytes' address and length. model/fleet
// interns the strings that repeat from host to host, so equal columns are
// mostly the same bytes: hashing two words instead of a command line makes
// judging half a million rows several times faster. Equal strings at
// different addresses only cost a second look-up (same answer).
type strID struct {
	p *byte
	n int
}

func idOf(s string) strID { return strID{unsafe.StringData(s), len(s)} }

// listenerKey is everything Input gives the engine but the host.
type listenerKey struct {
	facts     *identity.Facts
	port      uint16
	udp       bool
	scope     uint8 // scopeIndex
	ephemeral bool
	pidKnown  bool
}

// scopeIndex numbers the scopes for listenerKey (hashing a word per row
// shows in the profile).
func scopeIndex(s judge.Scope) uint8 {
	switch s {
	case judge.ScopeLoopback:
		return 1
	case judge.ScopeAddress:
		return 2
	}
	return 0
}

// cacheLimit bounds what a Judge remembers; a map is emptied when full (a
// fleet has far fewer distinct processes and listeners).
const cacheLimit = 1 << 16

// New judges with engine over reg (nil: no service names; every port
// counts as unassigned).
func New(engine *judge.Engine, reg *registry.Registry) *Judge {
	return &Judge{engine: engine, reg: reg, facts: map[processKey]*identity.Facts{}, verdicts: map[listenerKey]verdict{}}
}

// Row is the verdict of r: the severity's word ("alert", "notice",
// "none") and the reasons' phrases. The slices are shared between rows: do
// not modify them. It is fleet.Options.Judge and Fleet.Rejudge's function.
func (j *Judge) Row(r *fleet.Row) (severity string, reasons []string) {
	j.mu.Lock()
	defer j.mu.Unlock()
	var facts *identity.Facts
	if hasProcess(r) {
		facts = j.factsOf(r)
	}
	// The key first: the registry is only asked about listeners not seen.
	key := listenerKey{facts: facts, udp: r.Protocol == "udp", port: r.Port, scope: scopeIndex(ScopeOf(r.Address)),
		ephemeral: ephemeral(r), pidKnown: r.PID != 0}
	if v, ok := j.verdicts[key]; ok {
		return v.severity, v.reasons
	}
	in := input(r, j.reg, func(*fleet.Row) *identity.Facts { return facts })
	got := j.engine.Judge(&in)
	v := verdict{severity: got.Severity.String()}
	if len(got.Reasons) > 0 {
		v.reasons = make([]string, len(got.Reasons))
		for i, f := range got.Reasons {
			v.reasons[i] = string(f.Reason)
		}
	}
	if len(j.verdicts) >= cacheLimit {
		clear(j.verdicts)
	}
	j.verdicts[key] = v
	return v.severity, v.reasons
}

// factsOf returns the shared facts of r's process (j.mu held).
func (j *Judge) factsOf(r *fleet.Row) *identity.Facts {
	key := processKey{exe: idOf(r.Exe), comm: idOf(r.Process), cmdline: idOf(r.Cmdline), cgroup: idOf(r.CgroupPath),
		netNamespace: idOf(r.NetNamespace), onDisk: r.OnDisk}
	if f, ok := j.facts[key]; ok {
		return f
	}
	f := reported(r)
	f.PID, f.Started = 0, time.Time{} // shared by every process like it
	if len(j.facts) >= cacheLimit {
		clear(j.facts)
		clear(j.verdicts) // keyed by the facts' pointers
	}
	j.facts[key] = f
	return f
}

// Input is what the engine is told of a row: the registry's service and
// status of the port, the address's scope, whether the port is in the
// host's ephemeral range (by its platform's default; the IANA Dynamic
// range when the platform is unknown), and the facts the row's process
// columns tell. A row without a process (osquery saw none) has no facts.
// There is no baseline for other hosts.
func Input(r *fleet.Row, reg *registry.Registry) judge.Input {
	return input(r, reg, reported)
}

func input(r *fleet.Row, reg *registry.Registry, factsOf func(*fleet.Row) *identity.Facts) judge.Input {
	proto := registry.TCP
	if r.Protocol == "udp" {
		proto = registry.UDP
	}
	in := judge.Input{Protocol: r.Protocol, Port: r.Port, Address: r.Address, Scope: ScopeOf(r.Address),
		Ephemeral: ephemeral(r), PID: r.PID, Comm: r.Process, User: r.User}
	if reg != nil {
		if rec := reg.Primary(r.Port, proto); rec != nil {
			in.Service = rec.Service
		}
		in.Status = reg.Status(r.Port, proto)
	}
	if hasProcess(r) {
		in.Facts = factsOf(r)
	}
	return in
}

// hasProcess tells whether osquery named the row's process.
func hasProcess(r *fleet.Row) bool { return r.Exe != "" || r.Process != "" }

// reported is the facts of a row's process columns.
func reported(r *fleet.Row) *identity.Facts {
	var started time.Time
	if r.Started > 0 {
		started = time.Unix(r.Started, 0)
	}
	return identity.FromReport(identity.Reported{PID: r.PID, Started: started, Comm: r.Process, Cmdline: r.Cmdline,
		Exe: r.Exe, OnDisk: r.OnDisk, Cgroup: r.CgroupPath, NetNS: r.NetNamespace})
}

// ephemeral tells whether the row's port is one its host hands out itself.
func ephemeral(r *fleet.Row) bool {
	eph, _ := model.DefaultEphemeralRange(r.Platform)
	return registry.ClassOf(r.Port) == registry.Dynamic || eph.Contains(r.Port)
}

// ScopeOf is where an address osquery reports can be reached from: an
// unknown or unreadable one ("", "*") counts as every interface, the
// widest.
func ScopeOf(address string) judge.Scope {
	switch address { // most rows, without parsing
	case "0.0.0.0", "::", "*", "":
		return judge.ScopeAll
	case "127.0.0.1", "::1":
		return judge.ScopeLoopback
	}
	a := strings.Trim(address, "[]")
	ip, err := netip.ParseAddr(a)
	if err != nil {
		if a == "" || a == "*" {
			return judge.ScopeAll
		}
		return judge.ScopeAddress
	}
	return judge.Scope(listen.ScopeOf(ip, false))
}
