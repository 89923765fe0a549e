package listen

import (
	"cmp"
	"context"
	"encoding/json"
	"net/netip"
	"slices"
	"strconv"
	"time"
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
	// Service is the registry's name for the port on Protocol ("" if none);
	// Reasons are the verdicts (see Verdicts). Both are filled by Judge.
	Service string
	Reasons []Reason
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

// Flagged reports whether any verdict asks to look at the listener.
func (l *Listener) Flagged() bool { return len(l.Reasons) > 0 }

// HasReason reports whether r is one of the listener's verdicts.
func (l *Listener) HasReason(r Reason) bool { return slices.Contains(l.Reasons, r) }

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
	Reasons  []Reason   `json:"reasons"`
	// Note says why process fields are empty; absent when nothing is.
	Note string `json:"note,omitempty"`
}

// JSON converts the listener to its JSON form: pid and started are null
// when unknown, reasons is always a list.
func (l *Listener) JSON() ListenerJSON {
	j := ListenerJSON{
		Protocol: l.Protocol, Family: l.Family, Address: l.Address, Port: l.Port,
		Scope: l.Scope, Process: l.Process, Exe: l.Exe, Cmdline: l.Cmdline,
		User: l.User, Service: l.Service, Reasons: l.Reasons, Note: l.Note,
	}
	if l.PID != 0 {
		pid := l.PID
		j.PID = &pid
	}
	if !l.Started.IsZero() {
		t := l.Started.UTC().Truncate(time.Second)
		j.Started = &t
	}
	if j.Reasons == nil {
		j.Reasons = []Reason{}
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
