// Package uitest is the set-up the ui packages' tests share: the
// embedded registry, loaded once, and IANA's own file when it is there.
// Only tests import it; it imports registry, never Fyne. Queue stands
// in for fyne.Do in tests of background work.
package uitest

import (
	"sync"
	"testing"

	"github.com/portolan/portolan/registry"
	"github.com/portolan/portolan/registry/ianatest"
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

// IANA loads IANA's CSV, and skips the test or benchmark when the file
// is absent.
func IANA(tb testing.TB) *registry.Registry {
	tb.Helper()
	path := ianatest.Path(tb)
	reg, err := registry.LoadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return reg
}
