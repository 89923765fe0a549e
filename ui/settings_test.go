package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRescueSettings(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "preferences.json")
	if n := RescueSettings(path); n != "" {
		t.Errorf("missing file: %q", n)
	}
	os.WriteFile(path, []byte(`{"map.layout":"rows"}`), 0o644)
	if n := RescueSettings(path); n != "" {
		t.Errorf("good file: %q", n)
	}
	for i, want := range []string{".bak", ".bak.1"} {
		os.WriteFile(path, []byte(`{"map.layout": "ro`), 0o644)
		n := RescueSettings(path)
		if !strings.Contains(n, "damaged") || !strings.HasSuffix(strings.TrimSuffix(n, "."), want) {
			t.Errorf("damaged file %d: notice %q", i, n)
		}
		kept, err := os.ReadFile(path + want)
		if err != nil || string(kept) != `{"map.layout": "ro` {
			t.Errorf("the damaged file was not kept as %s: %q %v", want, kept, err)
		}
		if _, err := os.Stat(path); !os.IsNotExist(err) {
			t.Error("the damaged file is still in place for Fyne to overwrite")
		}
	}
}

func TestNoticeShownInWindow(t *testing.T) {
	m, _ := newTestWindow(t, Options{Select: -1, ManualPolling: true, NoBackground: true, Notice: "Your settings file was damaged"})
	if len(m.win.Canvas().Overlays().List()) == 0 {
		t.Error("the start-up notice is not shown")
	}
}
