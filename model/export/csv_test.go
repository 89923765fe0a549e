package export

import (
	"bytes"
	"encoding/csv"
	"slices"
	"testing"
)

// WriteCSV makes every cell of every record inert, the header as given.
func TestWriteCSVNeutralisesFormulas(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	header := []string{"a", "b", "c"}
	if err := WriteCSV(&b, header, [][]string{{"=cmd|x", "plain, with comma", "-1"}, {"@u", "", "ok=1"}}); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{header, {"'=cmd|x", "plain, with comma", "'-1"}, {"'@u", "", "ok=1"}}
	if !slices.EqualFunc(rows, want, slices.Equal) {
		t.Errorf("got %q, want %q", rows, want)
	}
}
