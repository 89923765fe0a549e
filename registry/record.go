// Package registry reads the IANA "Service Name and Transport Protocol Port
// Number Registry" (CSV, XML or services(5) form) and answers, for every one
// of the 65,536 ports, what it is on each transport protocol. It imports no
// UI code.
package registry

import (
	"fmt"
	"strings"
)

// Protocol is a transport protocol of the registry. ProtoNone is a record
// with no protocol: an unassigned range, or a service name without a port.
type Protocol uint8

const (
	ProtoNone Protocol = iota
	TCP
	UDP
	SCTP
	DCCP
)

// Transports lists the four transport protocols in the registry's order.
var Transports = [...]Protocol{TCP, UDP, SCTP, DCCP}

func (p Protocol) String() string {
	switch p {
	case TCP:
		return "tcp"
	case UDP:
		return "udp"
	case SCTP:
		return "sctp"
	case DCCP:
		return "dccp"
	}
	return ""
}

// ParseProtocol reads "tcp", "udp", "sctp" or "dccp" (any case); the empty
// string is ProtoNone.
func ParseProtocol(s string) (Protocol, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "tcp":
		return TCP, nil
	case "udp":
		return UDP, nil
	case "sctp":
		return SCTP, nil
	case "dccp":
		return DCCP, nil
	case "":
		return ProtoNone, nil
	}
	return ProtoNone, fmt.Errorf("unknown transport protocol %q (want tcp, udp, sctp or dccp)", s)
}

// Status is what the registry says of a port on one protocol. The order is
// the priority used when several statements meet (see CombinedStatus).
type Status uint8

const (
	// Unassigned: the registry lists the port as free, or (Dynamic range,
	// gaps of a partial snapshot) says nothing of it on any protocol.
	Unassigned Status = iota
	// NotListed: the port has records on other protocols but none on this
	// one, so the registry makes no statement here. It is not "unassigned".
	NotListed
	// Other: de-registered, removed, deprecated, decommissioned and the like.
	Other
	// Reserved by IANA.
	Reserved
	// Assigned to a named service.
	Assigned
)

var statusNames = [...]string{"unassigned", "not listed", "other", "reserved", "assigned"}

func (s Status) String() string {
	if int(s) < len(statusNames) {
		return statusNames[s]
	}
	return fmt.Sprintf("status(%d)", s)
}

// MarshalText makes statuses readable in JSON output.
func (s Status) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// RangeClass is one of the three ranges of RFC 6335.
type RangeClass uint8

const (
	System  RangeClass = iota // 0-1023
	User                      // 1024-49151
	Dynamic                   // 49152-65535
)

func (c RangeClass) String() string {
	return [...]string{"system", "user", "dynamic"}[c]
}

// DynamicNote is the one sentence every view says of a Dynamic port.
const DynamicNote = "IANA never assigns ports of the Dynamic range (49152-65535)."

// Title is the range name for people: "System", "User", "Dynamic".
func (c RangeClass) Title() string {
	return [...]string{"System", "User", "Dynamic"}[c]
}

// MarshalText gives "system", "user" or "dynamic" in JSON.
func (c RangeClass) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// ClassOf returns the range class of a port.
func ClassOf(port uint16) RangeClass {
	switch {
	case port <= 1023:
		return System
	case port <= 49151:
		return User
	}
	return Dynamic
}

// Record is one row of the registry with all twelve IANA fields.
type Record struct {
	Service     string
	HasPort     bool
	Low, High   uint16 // equal for a single port
	Protocol    Protocol
	Description string
	Assignee    string
	Contact     string
	Registered  string // YYYY-MM-DD or empty
	Modified    string // YYYY-MM-DD or empty
	References  []Reference
	ServiceCode string
	// UnauthorizedUse is IANA's "Unauthorized Use Reported" text.
	UnauthorizedUse string
	Notes           string
	Source          string // which file or snapshot the record came from
	Line            int    // line (CSV, services) where the record starts
}

// Status classifies the record. A record with a service name is an
// assignment; otherwise its description says what the ports are.
func (r *Record) Status() Status {
	if r.Service != "" {
		return Assigned
	}
	return statusFromDescription(r.Description)
}

func statusFromDescription(desc string) Status {
	d := strings.ToLower(strings.TrimSpace(desc))
	d = strings.TrimPrefix(d, "(")
	switch {
	case strings.HasPrefix(d, "unassigned"):
		return Unassigned
	case strings.HasPrefix(d, "reserved"):
		return Reserved
	}
	return Other
}

// Contains reports whether the record covers port.
func (r *Record) Contains(port uint16) bool {
	return r.HasPort && r.Low <= port && port <= r.High
}

// PortText is "80" or "6000-6063" (empty for a record without a port).
func (r *Record) PortText() string {
	switch {
	case !r.HasPort:
		return ""
	case r.Low == r.High:
		return fmt.Sprint(r.Low)
	}
	return fmt.Sprintf("%d-%d", r.Low, r.High)
}
