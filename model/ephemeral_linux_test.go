package model

import (
	"os"
	"path/filepath"
	"testing"
)

func TestReadLinuxEphemeral(t *testing.T) {
	dir := t.TempDir()
	write := func(s string) string {
		p := filepath.Join(dir, "range")
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	r := readLinuxEphemeral(write("1024\t5000\n"))
	if r.Low != 1024 || r.High != 5000 || r.Err != nil || !r.Contains(1024) || r.Contains(5001) {
		t.Errorf("good file: %+v", r)
	}
	for _, bad := range []string{"", "1 2 3", "9000 80", "x y", "70000 80000"} {
		r := readLinuxEphemeral(write(bad))
		if r.Err == nil || r.Low != 32768 || r.High != 60999 {
			t.Errorf("%q: %+v, want the kernel default with an error", bad, r)
		}
	}
	if r := readLinuxEphemeral(filepath.Join(dir, "missing")); r.Err == nil || r.Source != "Linux default" {
		t.Errorf("missing file: %+v", r)
	}
	// This machine's own range is readable and sane.
	if r := LocalEphemeralRange(); r.Err != nil || r.Low == 0 || r.Low > r.High {
		t.Errorf("local range: %+v", r)
	}
}
