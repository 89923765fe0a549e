package export

import (
	"encoding/csv"
	"io"
)

// WriteCSV writes a header and records as CSV, every cell made inert
// (csvInert): the one CSV writer of rows that others chose the words of
// (`portolan history --csv`; WriteListenersCSV does the same cell by cell).
func WriteCSV(w io.Writer, header []string, records [][]string) error {
	cw := csv.NewWriter(w)
	cw.Write(header)
	row := make([]string, 0, len(header))
	for _, rec := range records {
		row = row[:0]
		for _, cell := range rec {
			row = append(row, csvInert(cell))
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
