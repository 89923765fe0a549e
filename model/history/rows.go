package history

import (
	"strconv"
	"time"
)

// The rows of `portolan history`: JSON objects with the keys documented in
// issue 13 and docs, and CSV records with the same columns. CSV cells are
// returned raw; the caller's CSV writer neutralises formulas.

// EventJSON is an event as `portolan history --json` writes it; time is
// RFC 3339, event is "new", "gone" or "changed", pid is null when unknown.
type EventJSON struct {
	Time     string `json:"time"`
	Event    string `json:"event"`
	Protocol string `json:"protocol"`
	Family   string `json:"family"`
	Address  string `json:"address"`
	Port     uint16 `json:"port"`
	Scope    string `json:"scope"`
	PID      *int32 `json:"pid"`
	Process  string `json:"process"`
	Exe      string `json:"exe"`
	User     string `json:"user"`
	Severity string `json:"severity"`
}

// JSON is the event's JSON row.
func (e *Event) JSON() EventJSON {
	j := EventJSON{Time: e.Time.UTC().Format(time.RFC3339), Event: e.Kind.String(), Protocol: e.Key.Protocol,
		Family: e.Family, Address: e.Key.Address, Port: e.Port, Scope: e.Key.Scope, Process: e.Key.Process,
		Exe: e.Key.Exe, User: e.Key.User, Severity: string(e.Severity)}
	if e.PID != 0 {
		pid := e.PID
		j.PID = &pid
	}
	return j
}

// EventsJSON converts events to their JSON rows (an empty list, not null,
// when there are none).
func EventsJSON(es []Event) []EventJSON {
	out := make([]EventJSON, len(es))
	for i := range es {
		out[i] = es[i].JSON()
	}
	return out
}

// EventCSVHeader is the header of `portolan history --csv`: the JSON keys.
var EventCSVHeader = []string{"time", "event", "protocol", "family", "address", "port", "scope", "pid", "process", "exe", "user", "severity"}

// CSV is the event's CSV record (pid empty when unknown).
func (e *Event) CSV() []string {
	j := e.JSON()
	pid := ""
	if j.PID != nil {
		pid = strconv.Itoa(int(*j.PID))
	}
	return []string{j.Time, j.Event, j.Protocol, j.Family, j.Address, strconv.Itoa(int(j.Port)), j.Scope, pid,
		j.Process, j.Exe, j.User, j.Severity}
}

// IdentityJSON is an identity as `portolan history --listeners --json`
// writes it: port is a number or "ephemeral", times RFC 3339.
type IdentityJSON struct {
	Protocol  string  `json:"protocol"`
	Address   string  `json:"address"`
	Port      PortKey `json:"port"`
	Scope     string  `json:"scope"`
	Exe       string  `json:"exe"`
	Process   string  `json:"process"`
	User      string  `json:"user"`
	FirstSeen string  `json:"first_seen"`
	LastSeen  string  `json:"last_seen"`
	TimesSeen int64   `json:"times_seen"`
	Present   bool    `json:"present"`
}

// JSON is the identity's JSON row.
func (id *Identity) JSON() IdentityJSON {
	return IdentityJSON{Protocol: id.Protocol, Address: id.Address, Port: id.Port, Scope: id.Scope, Exe: id.Exe,
		Process: id.Process, User: id.User, FirstSeen: id.FirstSeen.UTC().Format(time.RFC3339),
		LastSeen: id.LastSeen.UTC().Format(time.RFC3339), TimesSeen: id.TimesSeen, Present: id.Present}
}

// IdentitiesJSON converts identities to their JSON rows.
func IdentitiesJSON(ids []Identity) []IdentityJSON {
	out := make([]IdentityJSON, len(ids))
	for i := range ids {
		out[i] = ids[i].JSON()
	}
	return out
}

// IdentityCSVHeader is the header of `portolan history --listeners --csv`.
var IdentityCSVHeader = []string{"protocol", "address", "port", "scope", "exe", "process", "user", "first_seen", "last_seen", "times_seen", "present"}

// CSV is the identity's CSV record.
func (id *Identity) CSV() []string {
	j := id.JSON()
	return []string{j.Protocol, j.Address, j.Port.String(), j.Scope, j.Exe, j.Process, j.User, j.FirstSeen, j.LastSeen,
		strconv.FormatInt(j.TimesSeen, 10), strconv.FormatBool(j.Present)}
}
