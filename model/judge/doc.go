// Package judge decides what a listening socket deserves: a severity
// (alert, notice, none) and the reasons, each a stable phrase with a
// sentence (their vocabulary lives in model/listen, beside the Listener
// that carries them). The Engine weighs who the program really is
// (model/identity's facts, never the name a process gives itself alone),
// the knowledge of ordinary programs (programs.json, embedded, plus the
// user's own file) and the approvals.
//
// Verdicts is the listen.Judge of the poller: it builds the engine's
// Input from a listener, the registry and ephemeral range of a
// model.Space, and the Baseline, the approvals kept in the listener
// history (model/history), where "new" means first seen after the
// baseline was made. NewSetup loads all of it the one way the window and
// the command line share.
//
// It imports model, model/listen, model/identity (and its rpmdb),
// model/history, model/internal/fsutil and registry; it must not import
// Fyne, ui, cmd, model/update or model/export.
package judge
