package record

import (
	"os"
	"runtime"

	"github.com/portolan/portolan/model/history"
	"github.com/portolan/portolan/model/judge"
	"github.com/portolan/portolan/model/listen"
)

// DefaultPath is the history file of this user on this system
// (history.DefaultPath with the real environment).
func DefaultPath() (string, error) {
	return history.DefaultPath(history.Env{GOOS: runtime.GOOS, Getenv: os.Getenv, Home: os.UserHomeDir})
}

// Severity is the listener's severity (the verdict engine's) as the
// history keeps it.
func Severity(l *listen.Listener) history.Severity {
	switch l.Severity {
	case listen.SeverityAlert:
		return history.SeverityAlert
	case listen.SeverityNotice:
		return history.SeverityNotice
	}
	return history.SeverityNone
}

// Observation converts one listener; isEphemeral tells which ports are
// in the OS's ephemeral range (nil: none).
func Observation(l *listen.Listener, isEphemeral func(uint16) bool) history.Observation {
	return judge.ObservationOf(l, isEphemeral != nil && isEphemeral(l.Port))
}

// Observations converts a poll's listeners.
func Observations(ls []listen.Listener, isEphemeral func(uint16) bool) []history.Observation {
	out := make([]history.Observation, len(ls))
	for i := range ls {
		out[i] = Observation(&ls[i], isEphemeral)
	}
	return out
}
