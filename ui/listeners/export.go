package listeners

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/portolan/portolan/model/export"
	"github.com/portolan/portolan/model/listen"
)

// writeCSV and writeJSON are the listing formats of `portolan listeners`.
var (
	writeCSV  = export.WriteListenersCSV
	writeJSON = export.WriteListenersJSON
)

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
func writeExport(w io.Writer, ext string, ls []listen.Listener) error {
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
