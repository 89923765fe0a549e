// Package model is the port space that the window and the command line
// share: a port's full answer (PortAnswer) and a range's (RangeAnswer)
// built from a registry, this machine's ephemeral range, the selection
// and its back/forward history, the other port lists found on the system
// (overlays), and which registry is in use (LoadRegistry, RegistryChoice).
//
// Its subpackages each own one concern: listen (the sockets of this
// machine), judge (verdicts on them), update (IANA downloads and their
// cache), export (the writers of text, Markdown, JSON and CSV), and
// internal/fsutil (atomic writes, user folders).
//
// It imports registry and model/update (for the cached download); it must
// not import Fyne, ui, cmd, or model/listen, model/judge and model/export,
// which import it.
package model
