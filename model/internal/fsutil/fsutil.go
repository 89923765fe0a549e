// Package fsutil holds the small file helpers the model packages share:
// the rule for Portolan's user folders, the atomic file write, and the
// removal of the temporary files a write leaves when the process dies
// (stale.go). It imports nothing of Portolan's.
package fsutil

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
)

// UserDir is $env if set, else base()/portolan: the one rule for the
// config folder (baseline, known processes) and the cache folder (registry
// downloads). what names the folder in the error.
func UserDir(env string, base func() (string, error), what string) (string, error) {
	if d := os.Getenv(env); d != "" {
		return d, nil
	}
	d, err := base()
	if err != nil {
		return "", fmt.Errorf("this system has no %s (%v); set %s", what, err, env)
	}
	return filepath.Join(d, "portolan"), nil
}

// AtomicWrite replaces path with data: a temporary file in the same
// folder, synced, then renamed over it, so a reader or a crash sees the old
// file or the new one, never a part. The temporary file is removed on every
// failure; when the process dies first, RemoveStaleTemps finds it later (its
// name holds the writer's PID). The folder is created with dirPerm if
// needed.
func AtomicWrite(path string, data []byte, dirPerm os.FileMode) error {
	return Writer{}.Write(path, data, dirPerm)
}

// Writer is AtomicWrite with a seam for tests: BeforeRename, if set, runs
// once the temporary file is complete and may fail the write.
type Writer struct {
	BeforeRename func(tmp string) error
}

// Write is AtomicWrite (see there).
func (w Writer) Write(path string, data []byte, dirPerm os.FileMode) (err error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, dirPerm); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, tempPattern(filepath.Base(path)))
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if _, err = f.Write(data); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	if w.BeforeRename != nil {
		if err = w.BeforeRename(tmp); err != nil {
			return err
		}
	}
	if err = os.Rename(tmp, path); err != nil {
		return err
	}
	if d, derr := os.Open(dir); derr == nil { // make the rename durable (not on Windows)
		d.Sync()
		d.Close()
	}
	return nil
}

// RenameFree renames from to the first of to, to.1, to.2... that does not
// exist, and returns that name: a file set aside never replaces another.
func RenameFree(from, to string) (string, error) {
	for i := 0; i < 1000; i++ {
		dst := to
		if i > 0 {
			dst += "." + strconv.Itoa(i)
		}
		if _, err := os.Lstat(dst); errors.Is(err, fs.ErrNotExist) {
			return dst, os.Rename(from, dst)
		}
	}
	return "", fmt.Errorf("%s: too many copies set aside already", to)
}
