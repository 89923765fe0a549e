package model

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"time"
)

// ListenerCSVHeader is the CSV header of a listener listing: the JSON keys,
// then note.
var ListenerCSVHeader = []string{"protocol", "family", "address", "port", "scope", "pid", "process", "exe", "cmdline", "user", "started", "service", "reasons", "note"}

// WriteListenersCSV writes listeners as CSV (`portolan listeners --csv` and
// the panel's export): pid and started are empty when unknown (note says
// why), reasons are joined by "; ".
func WriteListenersCSV(w io.Writer, ls []Listener) error {
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
			l.Process, l.Exe, l.Cmdline, l.User, started, l.Service, ReasonsText(l.Reasons, "; "), l.Note})
	}
	cw.Flush()
	return cw.Error()
}

// WriteListenersJSON writes listeners as a JSON list of their JSON forms.
func WriteListenersJSON(w io.Writer, ls []Listener) error {
	out := make([]ListenerJSON, len(ls))
	for i := range ls {
		out[i] = ls[i].JSON()
	}
	return WriteJSON(w, out)
}

// ReasonsText joins reasons with sep; none or one costs no allocation (the
// listener table calls it for every visible cell).
func ReasonsText(rs []Reason, sep string) string {
	switch len(rs) {
	case 0:
		return ""
	case 1:
		return string(rs[0])
	}
	var b strings.Builder
	for i, r := range rs {
		if i > 0 {
			b.WriteString(sep)
		}
		b.WriteString(string(r))
	}
	return b.String()
}
