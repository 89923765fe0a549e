// Package judge decides which listeners deserve a look: the verdicts
// (Verdicts, over the registry and ephemeral range of a model.Space), the
// table of programs known to serve each service (knownprocs.json plus the
// user's additions), and the baseline of approved listeners, both kept in
// the user's config folder (ConfigDir). NewSetup loads them the one way the
// window and the command line share.
//
// The reason codes it gives live in model/listen, beside the Listener that
// carries them. It imports model, model/listen, model/internal/fsutil and
// registry; it must not import Fyne, ui, cmd, model/update or model/export.
package judge
