// Package record feeds the listener poller into the listener history: it
// is where a poll's listeners become history observations (through
// judge.ObservationOf, the one conversion, which approvals use too), where a history event or
// identity is seen as a listener by the filter language of model/listen,
// and where a poll's recording is turned into messages told once. The
// window, `portolan watch` and `portolan record` all record through it.
//
// It imports model/listen, model/history and model/judge (for that
// conversion only); it must not import model, ui, cmd or Fyne (the
// ephemeral range and the registry's service names come in as functions).
package record
