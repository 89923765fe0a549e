package model

import (
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"github.com/portolan/portolan/model/update"
	"github.com/portolan/portolan/registry"
)

// Origin says where the registry in use comes from.
type Origin string

const (
	// OriginFile is a file the user opened or named with --registry.
	OriginFile Origin = "file"
	// OriginCache is the IANA download kept in the cache folder.
	OriginCache Origin = "cache"
	// OriginEmbedded is the snapshot built into the program.
	OriginEmbedded Origin = "embedded"
)

// RegistryChoice tells which registry is in use and why: for the status bar and
// `portolan registry info`.
type RegistryChoice struct {
	Origin Origin `json:"origin"`
	// Path is the file opened, or the cached download; empty for the
	// embedded snapshot.
	Path   string          `json:"path,omitempty"`
	Source registry.Source `json:"source"`
	// Fetched and URL say when and where the cached download came from.
	Fetched time.Time `json:"fetched,omitzero"`
	URL     string    `json:"url,omitempty"`
	// Note says why the cached download was passed over, if it was (the
	// CLI prints it on stderr, the window in its status bar).
	Note string `json:"note,omitempty"`
}

// Describe is one line for people: "cached IANA download, data to
// 2026-02-25 (fetched 2026-03-02 from https://...)".
func (s RegistryChoice) Describe() string {
	switch s.Origin {
	case OriginCache:
		d := "cached IANA download"
		if s.Source.Date != "" {
			d += ", data to " + s.Source.Date
		}
		if !s.Fetched.IsZero() {
			d += " (fetched " + s.Fetched.Local().Format("2006-01-02 15:04")
			if s.URL != "" {
				d += " from " + s.URL
			}
			d += ")"
		}
		return d
	case OriginFile:
		return "file " + s.Source.String()
	}
	return s.Source.String()
}

// LoadRegistry opens the registry to use and says where it came from: the
// file at path (CSV, XML or services format) when path is set, else the
// cached IANA download in update.CacheDir() when there is a good one, else
// the embedded snapshot. A cached copy that cannot be read, or is not the
// file that was downloaded (update.ErrCacheDamaged), falls back to the
// embedded snapshot, with the reason in RegistryChoice.Note.
func LoadRegistry(path string) (*registry.Registry, RegistryChoice, error) {
	dir, err := update.CacheDir()
	if err != nil {
		dir = "" // no cache folder: the embedded snapshot
	}
	return LoadRegistryIn(dir, path)
}

// LoadRegistryIn is LoadRegistry with the cache folder given ("" for
// none).
func LoadRegistryIn(cacheDir, path string) (*registry.Registry, RegistryChoice, error) {
	if path != "" {
		reg, err := registry.LoadFile(path)
		if err != nil {
			return nil, RegistryChoice{}, err
		}
		return reg, RegistryChoice{Origin: OriginFile, Path: path, Source: reg.Source()}, nil
	}
	var note string
	if cacheDir != "" {
		reg, c, err := update.LoadCached(cacheDir)
		switch {
		case err == nil:
			return reg, RegistryChoice{Origin: OriginCache, Path: c.Path, Source: reg.Source(), Fetched: c.Fetched, URL: c.URL}, nil
		case errors.Is(err, update.ErrCacheDamaged):
			note = err.Error() + "; using the embedded snapshot until an update fetches the registry again"
		case !errors.Is(err, update.ErrNoCache):
			note = fmt.Sprintf("the cached download %s cannot be used (%v); using the embedded snapshot",
				filepath.Join(cacheDir, update.CachedCSVName), err)
		}
	}
	reg, err := registry.Embedded()
	if err != nil {
		return nil, RegistryChoice{}, err
	}
	return reg, RegistryChoice{Origin: OriginEmbedded, Source: reg.Source(), Note: note}, nil
}
