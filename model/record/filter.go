package record

import (
	"github.com/portolan/portolan/model/history"
	"github.com/portolan/portolan/model/listen"
)

// Matcher chooses history events and identities with the filter language
// of the listeners (listen.Filter), by seeing each as the listener it
// was. The history keeps a severity, not the reasons: a severity other
// than none stands in as the one reason ("alert", "notice"), so
// `flagged`, `reason=alert` and the word alert choose by it. An event's
// kind (new, gone, changed) and an identity's state (present, gone,
// "ephemeral port") are words of its note, so the word gone chooses gone
// events; `new` keeps its meaning, new since the baseline, which the
// history does not know, and matches nothing.
type Matcher struct {
	Filter *listen.Filter
	// Service names a port's registered service, for the service key and
	// words (nil: no service is known).
	Service func(protocol string, port uint16) string
}

// Empty tells whether the matcher keeps everything.
func (m Matcher) Empty() bool { return m.Filter.Empty() }

// EventListener is the listener an event was, as the filter sees it.
func (m Matcher) EventListener(e *history.Event) listen.Listener {
	l := listen.Listener{Protocol: e.Key.Protocol, Family: e.Family, Address: e.Key.Address, Port: e.Port,
		Scope: listen.Scope(e.Key.Scope), PID: e.PID, Process: e.Key.Process, Exe: e.Key.Exe, User: e.Key.User,
		Note: e.Kind.String(), Severity: listenSeverity(e.Severity)}
	if m.Service != nil {
		l.Service = m.Service(l.Protocol, l.Port)
	}
	return l
}

// IdentityListener is the listener an identity is, as the filter sees
// it: an ephemeral identity has port 0.
func (m Matcher) IdentityListener(id *history.Identity) listen.Listener {
	l := listen.Listener{Protocol: id.Protocol, Family: id.Family, Address: id.Address, Scope: listen.Scope(id.Scope),
		Process: id.Process, Exe: id.Exe, User: id.User, Note: "gone"}
	if id.Present {
		l.Note = "present"
	}
	if id.Port == history.Ephemeral {
		l.Note += ", ephemeral port"
	} else {
		l.Port = uint16(id.Port)
		if m.Service != nil {
			l.Service = m.Service(l.Protocol, l.Port)
		}
	}
	return l
}

// KeepEvent is the matcher as an EventQuery.Keep (nil when it keeps
// everything).
func (m Matcher) KeepEvent() func(history.Event) bool {
	if m.Empty() {
		return nil
	}
	return func(e history.Event) bool {
		l := m.EventListener(&e)
		return m.Filter.Match(&l)
	}
}

// KeepIdentity is the matcher for Store.Identities (nil when it keeps
// everything).
func (m Matcher) KeepIdentity() func(history.Identity) bool {
	if m.Empty() {
		return nil
	}
	return func(id history.Identity) bool {
		l := m.IdentityListener(&id)
		return m.Filter.Match(&l)
	}
}

// listenSeverity is a recorded severity as a listener's, for the filter
// (severity=, flagged, alert, notice choose by it).
func listenSeverity(s history.Severity) listen.Severity {
	switch s {
	case history.SeverityAlert:
		return listen.SeverityAlert
	case history.SeverityNotice:
		return listen.SeverityNotice
	}
	return listen.SeverityNone
}
