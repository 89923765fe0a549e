package listen

import "strings"

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

// ReasonsText joins reasons with sep; none or one costs no allocation (the
// listener table calls it for every visible cell).
func ReasonsText(rs []Reason, sep string) string {
	switch len(rs) {
	case 0:
		return ""
	case 1:
		return string(rs[0])
	}
	var b strings.Builder
	for i, r := range rs {
		if i > 0 {
			b.WriteString(sep)
		}
		b.WriteString(string(r))
	}
	return b.String()
}
