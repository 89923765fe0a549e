package history

import (
	"fmt"
	"strconv"
	"time"
)

// Severity is a listener's verdict in words: "alert", "notice" or "none".
type Severity string

// The severities, from calm to loud.
const (
	SeverityNone   Severity = "none"
	SeverityNotice Severity = "notice"
	SeverityAlert  Severity = "alert"
)

// severityCode is how a severity is stored (small integers keep the event
// rows short); anything unknown is stored as none.
func severityCode(s Severity) int {
	switch s {
	case SeverityNotice:
		return 1
	case SeverityAlert:
		return 2
	}
	return 0
}

func severityOf(code int) Severity {
	switch code {
	case 1:
		return SeverityNotice
	case 2:
		return SeverityAlert
	}
	return SeverityNone
}

// Observation is one listener seen by one poll, in the words of this
// package: the caller converts its listener type to it.
type Observation struct {
	Protocol string // "tcp" or "udp"
	Family   string // "ipv4" or "ipv6"
	Address  string // as people read it, "%eth0" included
	Port     uint16
	// Ephemeral is set when Port is in the OS's ephemeral range: the
	// identity then keeps "an ephemeral port" instead of the number, so a
	// program that picks a new port at each start stays one identity.
	Ephemeral bool
	Scope     string // "loopback", "all" or "address"
	PID       int32  // 0 when unknown
	Process   string
	Exe       string
	User      string
	Severity  Severity
}

// PortKey is an identity's port: a number, or Ephemeral.
type PortKey int32

// Ephemeral is the PortKey of "an ephemeral port".
const Ephemeral PortKey = -1

// PortKeyOf is the identity port of an observation.
func PortKeyOf(o *Observation) PortKey {
	if o.Ephemeral {
		return Ephemeral
	}
	return PortKey(o.Port)
}

// String is the port number or "ephemeral".
func (p PortKey) String() string {
	if p == Ephemeral {
		return "ephemeral"
	}
	return strconv.Itoa(int(p))
}

// MarshalJSON writes a number, or the string "ephemeral".
func (p PortKey) MarshalJSON() ([]byte, error) {
	if p == Ephemeral {
		return []byte(`"ephemeral"`), nil
	}
	return strconv.AppendInt(nil, int64(p), 10), nil
}

// UnmarshalJSON reads what MarshalJSON writes.
func (p *PortKey) UnmarshalJSON(b []byte) error {
	if string(b) == `"ephemeral"` {
		*p = Ephemeral
		return nil
	}
	n, err := strconv.ParseUint(string(b), 10, 16)
	if err != nil {
		return fmt.Errorf("port %s is neither a port number nor \"ephemeral\"", b)
	}
	*p = PortKey(n)
	return nil
}

// IdentityKey is what makes a listener the same listener from one poll to
// the next, across restarts: the program, who runs it and where it
// listens. PIDs are not part of it.
type IdentityKey struct {
	Exe, Process, User string
	Protocol, Address  string
	Port               PortKey
	Scope              string
}

// KeyOf is the identity of an observation.
func KeyOf(o *Observation) IdentityKey {
	return IdentityKey{Exe: o.Exe, Process: o.Process, User: o.User, Protocol: o.Protocol,
		Address: o.Address, Port: PortKeyOf(o), Scope: o.Scope}
}

// Identity is one listener identity and what the history knows of it.
type Identity struct {
	ID int64
	IdentityKey
	Family    string
	FirstSeen time.Time
	// LastSeen is the last poll that saw it (for a present identity, the
	// last recorded poll).
	LastSeen time.Time
	// TimesSeen counts the times it appeared: its new events.
	TimesSeen int64
	Present   bool
}

// EventKind is what happened to a listener.
type EventKind int

// The event kinds; their words are "new", "gone" and "changed".
const (
	EventNew EventKind = iota
	EventGone
	EventChanged
)

func (k EventKind) String() string {
	switch k {
	case EventNew:
		return "new"
	case EventGone:
		return "gone"
	case EventChanged:
		return "changed"
	}
	return "event " + strconv.Itoa(int(k))
}

// ParseEventKind reads "new", "gone" or "changed".
func ParseEventKind(s string) (EventKind, error) {
	for k := EventNew; k <= EventChanged; k++ {
		if k.String() == s {
			return k, nil
		}
	}
	return 0, fmt.Errorf("%q is not an event (new, gone or changed)", s)
}

// Event is one change of one listener, as recorded.
type Event struct {
	ID   int64
	Time time.Time
	Kind EventKind
	// IdentityID and Key name the listener's identity (Family is its
	// address family); Port is the port it had, an ephemeral identity's
	// actual port.
	IdentityID int64
	Key        IdentityKey
	Family     string
	Port       uint16
	// PID and Severity are the listener's after the event (before it, for
	// gone).
	PID      int32
	Severity Severity
}
