package update

import (
	"crypto/sha256"
	"encoding/hex"
	"time"

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

// Install is the work of an update once the bytes are here: parse, check
// against current, make the compact form, and make data the cached copy
// with its compact form and metadata.
func Install(dir string, data []byte, current *registry.Registry) (*registry.Registry, error) {
	reg, _, err := parseDownload(data, time.Now())
	if err != nil {
		return nil, err
	}
	if found := ShrinkCheck(current, reg); len(found) > 0 {
		return nil, ErrRefused
	}
	sum := sha256.Sum256(data)
	compact, id, err := compactOf(reg)
	if err != nil {
		return nil, err
	}
	meta := CacheMeta{Fetched: time.Now(), Size: int64(len(data)), SHA256: hex.EncodeToString(sum[:]), Records: reg.Len(),
		CompactCRC: id, CompactSize: int64(len(compact))}
	if _, err := commit(fsutil.Writer{}, dir, data, compact, meta); err != nil {
		return nil, err
	}
	return reg, nil
}

// SetBeforeRename makes u's file writes call f before renaming.
func SetBeforeRename(u *Updater, f func(tmp string) error) { u.files.BeforeRename = f }
