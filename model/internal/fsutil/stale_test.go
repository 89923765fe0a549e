package fsutil

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"
)

// A process killed between writing its temporary file and renaming it
// leaves the file for good; the next start removes it, and nothing else.
func TestRemoveStaleTemps(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	const name = "registry.csv"
	dead := exitedPID(t)
	self := strconv.Itoa(os.Getpid())
	now := time.Now()
	old := now.Add(-2 * StaleTempAge)
	files := map[string]time.Time{
		name + "." + dead + ".123.tmp":  now, // its writer died: removed
		name + "." + self + ".456.tmp":  now, // a write of ours in progress: kept
		name + "." + self + ".457.tmp":  old, // ours, but too old to be in progress: removed
		name + ".789.tmp":               now, // old naming, no PID, fresh: kept
		name + ".790.tmp":               old, // old naming, stale: removed
		name:                            old, // the file itself: kept
		"notes.txt.791.tmp":             old, // another file's: kept
		name + ".backup.tmp":            old, // not a name of ours: kept
		name + "." + dead + ".x12.tmp":  old, // not ours either: kept
		"other.json." + dead + ".5.tmp": now, // another name we were not asked about: kept
	}
	for f, mtime := range files {
		p := filepath.Join(dir, f)
		if err := os.WriteFile(p, []byte("partial"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, mtime, mtime); err != nil {
			t.Fatal(err)
		}
	}
	removed := RemoveStaleTemps(dir, []string{name, "service.json"}, now)
	for i := range removed {
		removed[i] = filepath.Base(removed[i])
	}
	slices.Sort(removed)
	want := []string{name + "." + dead + ".123.tmp", name + "." + self + ".457.tmp", name + ".790.tmp"}
	slices.Sort(want)
	if !slices.Equal(removed, want) {
		t.Errorf("removed %q, want %q", removed, want)
	}
	for f := range files {
		_, err := os.Stat(filepath.Join(dir, f))
		if gone := os.IsNotExist(err); gone != slices.Contains(want, f) {
			t.Errorf("%s: gone = %v", f, gone)
		}
	}
	if RemoveStaleTemps(filepath.Join(dir, "missing"), []string{name}, now) != nil {
		t.Error("a missing folder gave removals")
	}
}

// AtomicWrite's temporary file carries the writer's PID, so that the
// cleaner can tell it from a dead process's.
func TestAtomicWriteTempNamesItsWriter(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var seen string
	w := Writer{BeforeRename: func(tmp string) error {
		seen = filepath.Base(tmp)
		return nil
	}}
	if err := w.Write(filepath.Join(dir, "a.json"), []byte("{}"), 0o700); err != nil {
		t.Fatal(err)
	}
	pid, ok := staleTempOwner(seen, []string{"a.json"})
	if !ok || pid != os.Getpid() {
		t.Errorf("temporary file %q: owner %d, %v; want this process", seen, pid, ok)
	}
}

// exitedPID is the PID of a process that has ended.
func exitedPID(t *testing.T) string {
	t.Helper()
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Skipf("cannot run a child process: %v", err)
	}
	return strconv.Itoa(cmd.Process.Pid)
}
