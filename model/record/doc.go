// Package record feeds the listener poller into the listener history: it
// is the one place where a listen.Listener becomes a history.Observation
// (and where a severity is read off a listener), where a history event or
// identity is seen as a listener by the filter language of model/listen,
// and where a poll's recording is turned into messages told once. The
// window, `portolan watch` and `portolan record` all record through it.
//
// It imports model/listen and model/history only; it must not import
// model, model/judge, ui, cmd or Fyne (the ephemeral range and the
// registry's service names come in as functions).
package record
