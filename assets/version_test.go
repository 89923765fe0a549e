package assets

import (
	"os"
	"testing"

	"github.com/portolan/portolan/assets/internal/fyneapp"
)

// TestVersionMatchesFyneApp: version_gen.go is FyneApp.toml's version
// (after changing the version there, run go generate ./assets).
func TestVersionMatchesFyneApp(t *testing.T) {
	toml, err := os.ReadFile("../FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	want, err := fyneapp.Version(toml)
	if err != nil {
		t.Fatal(err)
	}
	if Version != want {
		t.Errorf("Version = %q, FyneApp.toml says %q: run go generate ./assets", Version, want)
	}
	if _, err := fyneapp.Version([]byte("[Details]\n  Name = \"x\"\n[Other]\n  Version = \"9\"\n")); err == nil {
		t.Error("a Version outside [Details] was taken")
	}
}
