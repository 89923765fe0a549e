// Package historyui is the window's view of the listener history: the
// History tab of the listener panel (the recorded events, newest first,
// chosen with the listeners' filter language or by an hour of the
// timeline) and the timeline chart of listeners and alerts per hour over
// the last 7 days.
//
// It reads an open history (model/history) through the Source interface,
// off the UI goroutine, and reports what the user asked for (a row's port,
// a retention) through On* callbacks: the window owns the selection. It
// imports model/history, model/listen and model/record, never ui, cmd or
// the other views.
package historyui
