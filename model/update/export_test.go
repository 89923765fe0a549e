package update

import (
	"github.com/portolan/portolan/model/internal/fsutil"
	"github.com/portolan/portolan/registry"
)

// What the external tests (package update_test, which also read the
// registry back through package model) borrow from inside.

var (
	ReadMeta     = readMeta
	WriteMeta    = writeMeta
	DurationText = durationText
)

// Install is install with the plain atomic write.
func Install(dir string, data []byte, sum [32]byte, meta CacheMeta, prevRecords func() int) (*registry.Registry, CacheMeta, string, error) {
	return install(fsutil.Writer{}, dir, data, sum, meta, prevRecords)
}

// SetBeforeRename makes u's file writes call f before renaming.
func SetBeforeRename(u *Updater, f func(tmp string) error) { u.files.BeforeRename = f }
