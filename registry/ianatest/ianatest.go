// Package ianatest finds IANA's own registry CSV for the tests of every
// package (registry, model, the command line, the window). The file is
// CC0 but large and never committed: it is $PORTOLAN_IANA_CSV, or
// ../shared/iana/service-names-port-numbers.csv beside the repository.
// Only tests import this package; it imports nothing of Portolan's.
package ianatest

import (
	"os"
	"path/filepath"
	"testing"
)

// Env names the file when set.
const Env = "PORTOLAN_IANA_CSV"

// Find is where the IANA CSV is, and whether it is there. Without $Env
// it looks beside the repository root (the first folder up from the
// working directory, a test's package folder, holding go.mod).
func Find() (path string, ok bool) {
	path = os.Getenv(Env)
	if path == "" {
		path = filepath.Join(root(), "..", "shared", "iana", "service-names-port-numbers.csv")
	}
	_, err := os.Stat(path)
	return path, err == nil
}

// Path is Find for a test: when the file is absent it skips tb with a
// message, or fails it in CI ($CI set), where the file must be present.
func Path(tb testing.TB) string {
	tb.Helper()
	path, ok := Find()
	if !ok {
		if os.Getenv("CI") != "" {
			tb.Fatalf("the IANA test file %s is missing in CI", path)
		}
		tb.Skipf("the IANA test file %s is absent (set %s)", path, Env)
	}
	return path
}

func root() string {
	dir, err := os.Getwd()
	if err != nil {
		return "."
	}
	for d := dir; ; {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d
		}
		up := filepath.Dir(d)
		if up == d {
			return dir
		}
		d = up
	}
}
