// Package history is Portolan's memory of listeners: an embedded SQLite
// database (modernc.org/sqlite, no cgo) holding every listener identity
// with when it was first and last seen, every event (new, gone, changed),
// the approvals that replace baseline.json, and an hourly timeline.
//
// It owns the database file, its schema and migrations, the writer lock
// that lets several recorders share one history, retention and the size
// cap, the import of baseline.json, and the JSON/CSV rows of the history
// commands. It speaks in its own input type, Observation (one listener of
// one poll); callers convert their listeners to it.
//
// It must not import the rest of Portolan (model, model/listen, ui, cmd,
// fyne) but the file helpers of model/internal/fsutil: the socket readers, verdicts and filter language live elsewhere
// and reach this package through Observation and func(Event) bool hooks.
package history
