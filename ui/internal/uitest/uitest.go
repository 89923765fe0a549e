// Package uitest is the set-up the ui packages' tests share: the
// embedded registry, loaded once, and IANA's own file when it is there.
// Only tests import it; it imports registry, never Fyne.
package uitest

import (
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"

	"github.com/portolan/portolan/registry"
)

var embedded = sync.OnceValues(registry.Embedded)

// Embedded is the embedded registry snapshot, loaded once for all tests
// (read it, do not change it).
func Embedded(tb testing.TB) *registry.Registry {
	tb.Helper()
	reg, err := embedded()
	if err != nil {
		tb.Fatal(err)
	}
	return reg
}

// IANAPath is IANA's CSV for tests: PORTOLAN_IANA_CSV, or
// ../shared/iana/service-names-port-numbers.csv beside the repository.
func IANAPath() string {
	if p := os.Getenv("PORTOLAN_IANA_CSV"); p != "" {
		return p
	}
	_, here, _, _ := runtime.Caller(0) // <repo>/ui/internal/uitest/uitest.go
	repo := filepath.Join(filepath.Dir(here), "..", "..", "..")
	return filepath.Join(repo, "..", "shared", "iana", "service-names-port-numbers.csv")
}

// IANA loads IANA's CSV, and skips the test or benchmark when the file
// is absent.
func IANA(tb testing.TB) *registry.Registry {
	tb.Helper()
	path := IANAPath()
	if _, err := os.Stat(path); err != nil {
		tb.Skipf("the IANA test file %s is absent (set PORTOLAN_IANA_CSV)", path)
	}
	reg, err := registry.LoadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return reg
}
