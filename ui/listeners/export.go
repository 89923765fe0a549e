package listeners

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/portolan/portolan/model"
)

// csvHeader is the CSV header: the listener's JSON keys, then note (as
// `portolan listeners --csv` writes it).
var csvHeader = []string{"protocol", "family", "address", "port", "scope", "pid", "process", "exe", "cmdline", "user", "started", "service", "reasons", "note"}

// writeCSV writes listeners as CSV: pid and started are empty when
// unknown (note says why), reasons are joined by "; ".
func writeCSV(w io.Writer, ls []model.Listener) error {
	cw := csv.NewWriter(w)
	cw.Write(csvHeader)
	for i := range ls {
		l := &ls[i]
		pid, started := "", ""
		if l.PID != 0 {
			pid = strconv.Itoa(int(l.PID))
		}
		if !l.Started.IsZero() {
			started = l.Started.UTC().Truncate(time.Second).Format(time.RFC3339)
		}
		cw.Write([]string{l.Protocol, l.Family, l.Address, strconv.Itoa(int(l.Port)), string(l.Scope), pid,
			l.Process, l.Exe, l.Cmdline, l.User, started, l.Service, reasonsText(l.Reasons, "; "), l.Note})
	}
	cw.Flush()
	return cw.Error()
}

// writeJSON writes listeners as `portolan listeners --json` does: a list
// of their JSON forms.
func writeJSON(w io.Writer, ls []model.Listener) error {
	out := make([]model.ListenerJSON, len(ls))
	for i := range ls {
		out[i] = ls[i].JSON()
	}
	return model.WriteJSON(w, out)
}

// exportFormat picks the format by the file's extension: JSON for .json,
// CSV otherwise.
func exportFormat(ext string) string {
	if strings.EqualFold(ext, ".json") {
		return "JSON"
	}
	return "CSV"
}

// writeExport writes listeners in the format of ext to w, whole or not at
// all: everything is written to memory first, so a failure of the
// listing leaves w untouched.
func writeExport(w io.Writer, ext string, ls []model.Listener) error {
	var buf bytes.Buffer
	var err error
	if exportFormat(ext) == "JSON" {
		err = writeJSON(&buf, ls)
	} else {
		err = writeCSV(&buf, ls)
	}
	if err != nil {
		return fmt.Errorf("could not write the listing: %w", err)
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("could not write the file: %w", err)
	}
	return nil
}
