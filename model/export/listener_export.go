package export

import (
	"encoding/csv"
	"io"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/portolan/portolan/model/listen"
)

// ListenerCSVHeader is the CSV header of a listener listing: the JSON keys,
// then note.
var ListenerCSVHeader = []string{"protocol", "family", "address", "port", "scope", "pid", "process", "exe", "cmdline", "user", "started", "service",
	"severity", "reasons", "unit", "container", "package", "note"}

// WriteListenersCSV writes listeners as CSV (`portolan listeners --csv` and
// the panel's export): pid and started are empty when unknown (note says
// why), reasons are joined by "; ". A cell a spreadsheet would run as a
// formula is made text (csvInert): a process may be named "=1+1+cmd|...".
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
		row := []string{l.Protocol, l.Family, l.Address, strconv.Itoa(int(l.Port)), string(l.Scope), pid,
			l.Process, l.Exe, l.Cmdline, l.User, started, l.Service, l.Severity.String(), listen.ReasonsText(l.Findings, "; "),
			l.Unit(), l.Container(), l.Package(), l.Note}
		for i := range row {
			row[i] = csvInert(row[i])
		}
		cw.Write(row)
	}
	cw.Flush()
	return cw.Error()
}

// WriteListenersJSON writes listeners as a JSON list of their JSON forms
// (listen.ListenerJSON; its fields are the keys), the same bytes as
// WriteJSON would give, in chunks of 64 KiB (see jsonlist.go).
func WriteListenersJSON(w io.Writer, ls []listen.Listener) error {
	return writeJSONList(w, listenerJSONPlan(), len(ls), func(i int, row *listen.ListenerJSON) { *row = ls[i].JSON() })
}

// listenerJSONPlan lays out listen.ListenerJSON once.
var listenerJSONPlan = sync.OnceValue(func() *jsonPlan {
	p, _ := planJSON(reflect.TypeFor[listen.ListenerJSON]())
	return p
})

// csvInert keeps a spreadsheet from reading a cell as a formula (CSV
// injection): a cell that begins with = + - @, a tab or a carriage return
// gets a leading single quote, as OWASP advises. The process names, command
// lines and users in a listing are chosen by whoever runs the process.
func csvInert(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
