package update

import (
	"path/filepath"

	"github.com/portolan/portolan/registry"
)

// previousState is the default registry before an update.
type previousState struct {
	source  registry.Source
	records int
	meta    CacheMeta // of the cached copy; zeroed when it does not match
	cached  bool      // a cached copy is in use
	load    func() (*registry.Registry, error)
}

// previous works out which registry is in use before an update, as
// LoadCached decides it (the cached copy when it matches its recorded
// checksum, else the embedded snapshot), without parsing it until load.
func previous(dir string) previousState {
	meta, _ := readMeta(dir)
	path := filepath.Join(dir, CachedCSVName)
	if data, err := readCapped(path, MaxBytes); err == nil {
		if meta.SHA256 == sha256Hex(data) && meta.Records > 0 {
			name := cachedSourceName(meta.Fetched)
			return previousState{
				source:  registry.Source{Kind: string(registry.FormatCSV), Name: name, Date: meta.Date},
				records: meta.Records,
				meta:    meta,
				cached:  true,
				// Without repair: by the time a diff loads it, the
				// update may have replaced the compact form.
				load: func() (*registry.Registry, error) { return loadVerified(dir, data, meta, false) },
			}
		}
	}
	// No cached copy, or not the one the metadata vouches for: the
	// embedded snapshot is in use, and only the time of the last check is
	// kept.
	keep := CacheMeta{LastCheck: meta.LastCheck, LastOutcome: meta.LastOutcome, LastMessage: meta.LastMessage}
	return previousState{
		source: registry.Source{Kind: "embedded", Name: registry.EmbeddedSourceName, Date: registry.SnapshotDate},
		meta:   keep,
		load:   registry.Embedded,
	}
}
