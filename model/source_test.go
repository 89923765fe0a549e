package model

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/portolan/portolan/model/update"
)

func TestLoadRegistryIn(t *testing.T) {
	dir := t.TempDir()
	reg, choice, err := LoadRegistryIn(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	if choice.Origin != OriginEmbedded || choice.Note != "" || reg.Source().String() != "embedded snapshot, data to 2026-07" {
		t.Errorf("empty cache: %+v", choice)
	}
	// A damaged cached copy: the embedded snapshot, with a note.
	if err := os.WriteFile(filepath.Join(dir, update.CachedCSVName), []byte("<html>oops</html>\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, choice, err = LoadRegistryIn(dir, ""); err != nil {
		t.Fatal(err)
	}
	if choice.Origin != OriginEmbedded || !strings.Contains(choice.Note, "is damaged: no checksum was recorded for it") || !strings.Contains(choice.Note, "using the embedded snapshot") {
		t.Errorf("damaged cache: %+v", choice)
	}
	// A file given by the user wins over everything.
	path := filepath.Join("..", "registry", "testdata", "sample.csv")
	reg, choice, err = LoadRegistryIn(dir, path)
	if err != nil || choice.Origin != OriginFile || choice.Path != path || reg.Source().Name != path {
		t.Errorf("file: %+v, %v", choice, err)
	}
	if _, _, err := LoadRegistryIn(dir, filepath.Join(dir, "missing.csv")); err == nil {
		t.Error("a missing file gave no error")
	}
}
