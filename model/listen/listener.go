package listen

import (
	"cmp"
	"context"
	"encoding/json"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/portolan/portolan/model/identity"
)

// Listener is one socket waiting for others on this machine: a TCP socket
// in LISTEN, or a bound UDP socket with no remote address.
type Listener struct {
	// Protocol is "tcp" or "udp".
	Protocol string
	// Family is "ipv4" or "ipv6".
	Family string
	// IP is the local address without zone; Address is how people read it,
	// with "%eth0" when the socket is tied to one interface.
	IP      netip.Addr
	Address string
	Port    uint16
	// Scope is loopback, all interfaces or one address.
	Scope Scope
	// State is "LISTEN" (tcp) or "UNCONN" (udp).
	State string
	// PID is the process holding the socket, 0 when it is not known (Note
	// then says why).
	PID     int32
	Process string
	Exe     string
	Cmdline string
	// User is the process's user, or the socket owner's when the process is
	// not visible.
	User string
	// Started is when the process started (zero when unknown).
	Started time.Time
	// Inode is the socket's inode (Linux), for finding its process.
	Inode uint64
	// Note says why process details are missing: one of the Note constants,
	// or "" when everything is known.
	Note string
	// Facts are what the kernel says the process is (its executable,
	// package, unit or container, ...), filled by the Poller from its
	// identity.Reader; nil when unknown. Shared between polls: read only.
	Facts *identity.Facts
	// Service is the registry's name for the port on Protocol ("" if
	// none); Severity and Findings are the verdict: how much the listener
	// deserves a look and why, each reason with its own severity. All
	// three are filled by the Judge; Findings are shared between
	// listeners: read only.
	Service  string
	Severity Severity
	Findings []Finding
}

// Scope is where a listener can be reached from.
type Scope string

const (
	// ScopeLoopback: 127.0.0.0/8 or ::1, this machine only.
	ScopeLoopback Scope = "loopback"
	// ScopeAll: 0.0.0.0 or ::, every interface.
	ScopeAll Scope = "all"
	// ScopeAddress: one address (or one interface).
	ScopeAddress Scope = "address"
)

// Why process fields are blank. The panel shows the note in place of the
// process name.
const (
	// NoteOtherUser: without elevated rights the OS hides which process of
	// another user holds the socket.
	NoteOtherUser = "another user's process (run elevated to see it)"
	// NoteNoProcess: even with full rights no visible process holds the
	// socket (a kernel socket, or a process of another container).
	NoteNoProcess = "no visible process (kernel or another container)"
	// NoteExited: the process ended between listing and looking it up.
	NoteExited = "the process exited while being looked up"
	// NoteUnreadable: the process is known but some of its details could
	// not be read.
	NoteUnreadable = "some process details could not be read"
)

// NoticeLimited is the one-line notice for a snapshot taken without the
// rights to see every process.
const NoticeLimited = "Some sockets belong to other users' processes: run Portolan elevated (sudo) to see which."

// Flagged reports whether the listener is an alert: the status bar, the
// map marks, notifications and --flagged count these only.
func (l *Listener) Flagged() bool { return l.Severity == SeverityAlert }

// HasReason reports whether r is one of the listener's reasons.
func (l *Listener) HasReason(r Reason) bool {
	for _, f := range l.Findings {
		if f.Reason == r {
			return true
		}
	}
	return false
}

// Reasons are the phrases of the listener's findings.
func (l *Listener) Reasons() []Reason {
	rs := make([]Reason, len(l.Findings))
	for i, f := range l.Findings {
		rs[i] = f.Reason
	}
	return rs
}

// Unit is the systemd unit the process runs in ("" when unknown or none).
func (l *Listener) Unit() string {
	if l.Facts == nil {
		return ""
	}
	return l.Facts.Unit
}

// Container is the container the process runs in, as "RUNTIME ID"
// ("docker 3f2a1b4c5d6e"); "" when unknown or none.
func (l *Listener) Container() string {
	if l.Facts == nil || l.Facts.Container == "" {
		return ""
	}
	if l.Facts.Runtime == "" {
		return l.Facts.Container
	}
	return l.Facts.Runtime + " " + l.Facts.Container
}

// Package is the installed package the program comes from ("" when
// unknown or from none: Facts.FromNoPackage tells which).
func (l *Listener) Package() string {
	if l.Facts == nil {
		return ""
	}
	return l.Facts.Package
}

// Endpoint is "tcp 127.0.0.1:8080" or "udp [::1]:53".
func (l *Listener) Endpoint() string {
	return l.Protocol + " " + HostPort(l.Address, l.Port)
}

// HostPort joins an address and a port, bracketing IPv6 addresses.
func HostPort(addr string, port uint16) string {
	p := strconv.Itoa(int(port))
	for i := 0; i < len(addr); i++ {
		if addr[i] == ':' {
			return "[" + addr + "]:" + p
		}
	}
	return addr + ":" + p
}

// ProcessText is what a table shows for the process: its name, or the note
// saying why it is unknown.
func (l *Listener) ProcessText() string {
	if l.Process != "" {
		return l.Process
	}
	if l.Note != "" {
		return l.Note
	}
	return "-"
}

// ListenerJSON is the JSON form of a listener (`portolan listeners --json`,
// `portolan watch`): the keys are documented in docs/listeners.md.
type ListenerJSON struct {
	Protocol string     `json:"protocol"`
	Family   string     `json:"family"`
	Address  string     `json:"address"`
	Port     uint16     `json:"port"`
	Scope    Scope      `json:"scope"`
	PID      *int32     `json:"pid"`
	Process  string     `json:"process"`
	Exe      string     `json:"exe"`
	Cmdline  string     `json:"cmdline"`
	User     string     `json:"user"`
	Started  *time.Time `json:"started"`
	Service  string     `json:"service"`
	// Severity is alert, notice or none; Reasons are the phrases, most
	// telling first.
	Severity Severity `json:"severity"`
	Reasons  []Reason `json:"reasons"`
	// Unit, Container and Package say where the program comes from (""
	// when unknown).
	Unit      string `json:"unit"`
	Container string `json:"container"`
	Package   string `json:"package"`
	// Note says why process fields are empty; absent when nothing is.
	Note string `json:"note,omitempty"`
}

// JSON converts the listener to its JSON form: pid and started are null
// when unknown, reasons is always a list.
func (l *Listener) JSON() ListenerJSON {
	j := ListenerJSON{
		Protocol: l.Protocol, Family: l.Family, Address: l.Address, Port: l.Port,
		Scope: l.Scope, Process: l.Process, Exe: l.Exe, Cmdline: l.Cmdline,
		User: l.User, Service: l.Service, Severity: l.Severity, Reasons: l.Reasons(), Note: l.Note,
		Unit: l.Unit(), Container: l.Container(), Package: l.Package(),
	}
	if l.PID != 0 {
		pid := l.PID
		j.PID = &pid
	}
	if !l.Started.IsZero() {
		t := l.Started.UTC().Truncate(time.Second)
		j.Started = &t
	}
	return j
}

// MarshalJSON writes the documented JSON form.
func (l Listener) MarshalJSON() ([]byte, error) { return json.Marshal(l.JSON()) }

// Snapshot is the listeners of one poll.
type Snapshot struct {
	// Listeners are sorted by SortListeners.
	Listeners []Listener
	// Limited is set when some processes could not be inspected for lack
	// of rights: show NoticeLimited.
	Limited bool
}

// SocketSource is the OS behind the listeners. Snapshot lists the current
// listeners; it must honour ctx and is called from one goroutine at a time.
// When nothing changed it may return the very slice it returned last time
// (the poller then skips judging and diffing), so callers treat listings as
// read-only.
type SocketSource interface {
	Snapshot(ctx context.Context) (Snapshot, error)
}

// SocketSourceFunc adapts a function to SocketSource (tests use fakes).
type SocketSourceFunc func(ctx context.Context) (Snapshot, error)

// Snapshot calls f.
func (f SocketSourceFunc) Snapshot(ctx context.Context) (Snapshot, error) { return f(ctx) }

// SortListeners orders listeners by protocol, port, family, address, then
// PID and inode, the order of every listing.
func SortListeners(ls []Listener) {
	if listenersSorted(ls) {
		return
	}
	// Listeners are large: sort their indexes, then move each once, in
	// place, a cycle of the permutation at a time (a sorted copy would cost
	// 2.7 MB at 10,000 listeners, and copying it back).
	idx := make([]int32, len(ls))
	for i := range idx {
		idx[i] = int32(i)
	}
	slices.SortFunc(idx, func(a, b int32) int { return Compare(&ls[a], &ls[b]) })
	for start := range idx {
		if int(idx[start]) == start {
			continue
		}
		held := ls[start]
		j := start
		for {
			from := int(idx[j])
			idx[j] = int32(j) // placed
			if from == start {
				ls[j] = held
				break
			}
			ls[j] = ls[from]
			j = from
		}
	}
}

// listenersSorted tells whether ls is in SortListeners order.
func listenersSorted(ls []Listener) bool {
	for i := 1; i < len(ls); i++ {
		if Compare(&ls[i-1], &ls[i]) > 0 {
			return false
		}
	}
	return true
}

// Compare is the order of every listing (SortListeners, the panel's
// tie-break): protocol, port, family and address (compareEndpoints, the
// order diffs walk in), then PID and inode.
func Compare(a, b *Listener) int {
	if c := compareEndpoints(a, b); c != 0 {
		return c
	}
	return cmp.Or(cmp.Compare(a.PID, b.PID), cmp.Compare(a.Inode, b.Inode))
}

// ScopeOf classifies a local address.
func ScopeOf(ip netip.Addr, boundToDevice bool) Scope {
	ip = ip.Unmap()
	switch {
	case ip.IsLoopback():
		return ScopeLoopback
	case ip.IsUnspecified() && !boundToDevice:
		return ScopeAll
	}
	return ScopeAddress
}

// FamilyOf is "ipv4" or "ipv6".
func FamilyOf(ip netip.Addr) string {
	if ip.Is4() {
		return "ipv4"
	}
	return "ipv6"
}

// Who says who the program is, in words, from what the kernel and the
// package database say: "/usr/sbin/sshd · package openssh-server · unit
// ssh.service · user root". Without facts it is the executable (or the
// note) and the user.
func (l *Listener) Who() string {
	var parts []string
	add := func(s string) {
		if s != "" {
			parts = append(parts, s)
		}
	}
	f := l.Facts
	if f == nil || f.Program() == "" {
		if l.Exe != "" {
			add(l.Exe)
		} else {
			add(l.ProcessText())
		}
	} else {
		prog := f.Program()
		switch {
		case f.Deleted && f.Replaced && f.Script == "":
			prog += " (replaced since it started)"
		case f.Deleted && f.Script == "":
			prog += " (deleted)"
		}
		add(prog)
		if f.Script != "" {
			add("run by " + f.Exe)
		}
		switch {
		case f.Package != "":
			add("package " + f.Package)
		case f.FromNoPackage():
			add("from no installed package")
		}
		if f.Unit != "" {
			u := "unit " + f.Unit
			if f.UnitManager == "user" {
				u += " (the user's)"
			}
			add(u)
		}
		if c := l.Container(); c != "" {
			add("container " + c)
		}
		if f.NameDiffers || f.KernelThreadName {
			add("calls itself " + f.Comm)
		}
		if f.OtherNetNS {
			add("in another network namespace")
		}
	}
	if l.User != "" {
		add("user " + l.User)
	}
	return strings.Join(parts, " · ")
}
