package fsutil

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// StaleTempAge is how old a temporary file of Portolan's must be to be
// removed even when the process that wrote it may still run: no write
// takes anywhere near this long.
const StaleTempAge = time.Hour

// tempPattern names AtomicWrite's temporary file for base:
// "base.PID.RANDOM.tmp" (os.CreateTemp fills in RANDOM), so that a later
// process can tell whose it is.
func tempPattern(base string) string {
	return base + "." + strconv.Itoa(os.Getpid()) + ".*.tmp"
}

// RemoveStaleTemps removes from dir the temporary files that an atomic
// write of one of names left behind because its process died before the
// rename (a failed write removes its own): those whose writer is no longer
// running, and those older than StaleTempAge whoever wrote them. Files of
// other programs, and Portolan's own writes in progress, are left alone.
// It returns the paths removed; a file that cannot be removed is left for
// the next time, without error, since nothing depends on it.
func RemoveStaleTemps(dir string, names []string, now time.Time) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var removed []string
	for _, e := range entries {
		pid, ok := staleTempOwner(e.Name(), names)
		if !ok || !e.Type().IsRegular() {
			continue
		}
		fi, err := e.Info()
		if err != nil {
			continue
		}
		old := now.Sub(fi.ModTime()) > StaleTempAge
		orphan := pid > 0 && pid != os.Getpid() && !processRunning(pid)
		if !old && !orphan {
			continue
		}
		path := filepath.Join(dir, e.Name())
		if os.Remove(path) == nil {
			removed = append(removed, path)
		}
	}
	return removed
}

// staleTempOwner tells whether file is a temporary file of one of names,
// "NAME.PID.RANDOM.tmp" (ok, with the writer's PID) or the older
// "NAME.RANDOM.tmp" (ok, PID 0: unknown).
func staleTempOwner(file string, names []string) (pid int, ok bool) {
	for _, name := range names {
		middle, found := strings.CutPrefix(file, name+".")
		if !found {
			continue
		}
		if middle, found = strings.CutSuffix(middle, ".tmp"); !found {
			continue
		}
		first, random, hasPID := strings.Cut(middle, ".")
		if !hasPID {
			random = first
		}
		if !allDigits(random) || hasPID && !allDigits(first) {
			continue
		}
		if !hasPID {
			return 0, true
		}
		if n, err := strconv.Atoi(first); err == nil && n > 0 {
			return n, true
		}
	}
	return 0, false
}

func allDigits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}
