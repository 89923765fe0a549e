package update

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
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

// previous works out which registry is in use before an update without
// parsing it when the metadata vouches for the cached copy.
func previous(dir string) previousState {
	meta, _ := readMeta(dir)
	path := filepath.Join(dir, CachedCSVName)
	if data, err := os.ReadFile(path); err == nil {
		sum := sha256.Sum256(data)
		if meta.SHA256 == hex.EncodeToString(sum[:]) && meta.Records > 0 {
			name := cachedSourceName(meta.Fetched)
			return previousState{
				source:  registry.Source{Kind: string(registry.FormatCSV), Name: name, Date: meta.Date},
				records: meta.Records,
				meta:    meta,
				cached:  true,
				load: func() (*registry.Registry, error) {
					return registry.ParseFormat(bytes.NewReader(data), registry.FormatCSV, name)
				},
			}
		}
		// The metadata does not describe this file: parse it to know.
		if reg, _, err := LoadCached(dir); err == nil {
			keep := CacheMeta{LastCheck: meta.LastCheck, LastOutcome: meta.LastOutcome, LastMessage: meta.LastMessage}
			return previousState{source: reg.Source(), records: len(reg.Records()), meta: keep, cached: true,
				load: func() (*registry.Registry, error) { return reg, nil }}
		}
	}
	keep := CacheMeta{LastCheck: meta.LastCheck, LastOutcome: meta.LastOutcome, LastMessage: meta.LastMessage}
	return previousState{
		source: registry.Source{Kind: "embedded", Name: registry.EmbeddedSourceName, Date: registry.SnapshotDate},
		meta:   keep,
		load:   registry.Embedded,
	}
}

func (p *previousState) recordCount() int {
	if p.records == 0 && p.load != nil {
		if reg, err := p.load(); err == nil {
			p.records = len(reg.Records())
		}
	}
	return p.records
}
