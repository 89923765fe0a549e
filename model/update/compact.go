package update

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"

	"github.com/portolan/portolan/model/internal/fsutil"
	"github.com/portolan/portolan/registry"
)

// The cached download is kept twice: the CSV byte for byte as served (the
// truth, checked by its SHA-256 at every load) and, beside it, the same
// registry in registry's compact form, made once when the download is
// installed. A start opens the compact form (a millisecond or two) instead
// of parsing the CSV (tens of milliseconds). The metadata names the compact
// form that goes with the CSV by the CRC-32C it records of itself
// (registry.CompactChecksum), which OpenCompact checks the bytes against;
// any other compact file (damaged, missing, left from an earlier download,
// from another version of Portolan) is passed over for the CSV, silently,
// and made again.

// maxCompactBytes caps the compact file read at start: IANA's 1.1 MiB CSV
// makes 1.9 MiB, and a download is at most MaxBytes.
const maxCompactBytes = 4 * MaxBytes

// compactOf is reg's compact form and its name for the metadata.
func compactOf(reg *registry.Registry) ([]byte, string, error) {
	data, err := reg.Compact()
	if err != nil {
		return nil, "", err
	}
	sum, ok := registry.CompactChecksum(data)
	if !ok {
		return nil, "", errors.New("the compact form has no checksum") // Compact always writes one
	}
	return data, compactID(sum), nil
}

// compactID is how CacheMeta.CompactCRC writes a checksum.
func compactID(sum uint32) string { return fmt.Sprintf("%08x", sum) }

// openCompact opens the compact form in dir when it is the one meta names.
func openCompact(dir string, meta CacheMeta) (*registry.Registry, error) {
	if meta.CompactCRC == "" {
		return nil, fmt.Errorf("%w: none is recorded for the cached download", registry.ErrCompact)
	}
	data, err := readCapped(filepath.Join(dir, CompactName), maxCompactBytes)
	if err != nil {
		return nil, err
	}
	if sum, ok := registry.CompactChecksum(data); !ok || compactID(sum) != meta.CompactCRC || int64(len(data)) != meta.CompactSize {
		return nil, fmt.Errorf("%w: %s is not the one made from the cached download", registry.ErrCompact, CompactName)
	}
	return registry.OpenCompact(data) // checks the bytes against that checksum
}

// loadVerified is the registry of the cached CSV data, whose SHA-256 has
// matched meta's: opened from its compact form when that is the one meta
// names, else parsed from data (see parseCached).
func loadVerified(dir string, data []byte, meta CacheMeta, repair bool) (*registry.Registry, error) {
	if reg, err := openCompact(dir, meta); err == nil {
		return reg, nil
	}
	return parseCached(dir, data, meta, repair)
}

// parseCached parses the cached CSV data. With repair, it also writes the
// compact form again (and names it in the metadata if it is not the one
// named), so that the next start opens it; that is best effort and silent,
// since the registry is good either way.
func parseCached(dir string, data []byte, meta CacheMeta, repair bool) (*registry.Registry, error) {
	reg, err := registry.ParseFormat(bytes.NewReader(data), registry.FormatCSV, cachedSourceName(meta.Fetched))
	if err != nil {
		return nil, err
	}
	if repair {
		repairCompact(dir, reg, meta)
	}
	return reg, nil
}

// repairCompact writes reg's compact form into dir. Compact gives the same
// bytes for the same registry, so the metadata usually names it already;
// else (a cache from before compact forms, another version's form) it is
// named there, unless an update has replaced the metadata meanwhile.
func repairCompact(dir string, reg *registry.Registry, meta CacheMeta) {
	data, id, err := compactOf(reg)
	if err != nil || fsutil.AtomicWrite(filepath.Join(dir, CompactName), data, 0o755) != nil {
		return
	}
	if id == meta.CompactCRC && int64(len(data)) == meta.CompactSize {
		return
	}
	now, err := readMeta(dir)
	if err != nil || now.SHA256 != meta.SHA256 {
		return
	}
	now.CompactCRC, now.CompactSize = id, int64(len(data))
	writeMeta(dir, now)
}
