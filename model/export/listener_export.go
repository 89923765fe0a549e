package export

import (
	"encoding/csv"
	"io"
	"strconv"
	"time"

	"github.com/portolan/portolan/model/listen"
)

// ListenerCSVHeader is the CSV header of a listener listing: the JSON keys,
// then note.
var ListenerCSVHeader = []string{"protocol", "family", "address", "port", "scope", "pid", "process", "exe", "cmdline", "user", "started", "service", "reasons", "note"}

// WriteListenersCSV writes listeners as CSV (`portolan listeners --csv` and
// the panel's export): pid and started are empty when unknown (note says
// why), reasons are joined by "; ".
func WriteListenersCSV(w io.Writer, ls []listen.Listener) error {
	cw := csv.NewWriter(w)
	cw.Write(ListenerCSVHeader)
	for i := range ls {
		l := &ls[i]
		pid, started := "", ""
		if l.PID != 0 {
			pid = strconv.Itoa(int(l.PID))
		}
		if !l.Started.IsZero() {
			started = l.Started.UTC().Format(time.RFC3339)
		}
		cw.Write([]string{l.Protocol, l.Family, l.Address, strconv.Itoa(int(l.Port)), string(l.Scope), pid,
			l.Process, l.Exe, l.Cmdline, l.User, started, l.Service, listen.ReasonsText(l.Reasons, "; "), l.Note})
	}
	cw.Flush()
	return cw.Error()
}

// WriteListenersJSON writes listeners as a JSON list of their JSON forms.
func WriteListenersJSON(w io.Writer, ls []listen.Listener) error {
	out := make([]listen.ListenerJSON, len(ls))
	for i := range ls {
		out[i] = ls[i].JSON()
	}
	return WriteJSON(w, out)
}
