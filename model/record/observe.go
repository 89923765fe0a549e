package record

import (
	"os"
	"runtime"

	"github.com/portolan/portolan/model/history"
	"github.com/portolan/portolan/model/listen"
)

// DefaultPath is the history file of this user on this system
// (history.DefaultPath with the real environment).
func DefaultPath() (string, error) {
	return history.DefaultPath(history.Env{GOOS: runtime.GOOS, Getenv: os.Getenv, Home: os.UserHomeDir})
}

// Severity is the listener's severity as the history keeps it. Listeners
// carry reasons, not a severity, until the verdict engine is wired into
// the poller: until then a flagged listener (any reason to look at it) is
// an alert, any other none. This function is the one place to change
// when listen.Listener gains a severity of its own.
func Severity(l *listen.Listener) history.Severity {
	if l.Flagged() {
		return history.SeverityAlert
	}
	return history.SeverityNone
}

// Observation converts one listener; isEphemeral tells which ports are
// in the OS's ephemeral range (nil: none).
func Observation(l *listen.Listener, isEphemeral func(uint16) bool) history.Observation {
	return history.Observation{
		Protocol:  l.Protocol,
		Family:    l.Family,
		Address:   l.Address,
		Port:      l.Port,
		Ephemeral: isEphemeral != nil && isEphemeral(l.Port),
		Scope:     string(l.Scope),
		PID:       l.PID,
		Process:   l.Process,
		Exe:       l.Exe,
		User:      l.User,
		Severity:  Severity(l),
	}
}

// Observations converts a poll's listeners.
func Observations(ls []listen.Listener, isEphemeral func(uint16) bool) []history.Observation {
	out := make([]history.Observation, len(ls))
	for i := range ls {
		out[i] = Observation(&ls[i], isEphemeral)
	}
	return out
}
