package model

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"
	"weak"

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
	// Note says why the cached download was passed over, if it was.
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

// LoadRegistry opens the registry to use: the file at path (CSV, XML or
// services format) when path is set, else the cached IANA download when
// there is a good one, else the embedded snapshot. See ChooseRegistry.
func LoadRegistry(path string) (*registry.Registry, error) {
	reg, _, err := ChooseRegistry(path)
	return reg, err
}

// ChooseRegistry is LoadRegistry that also says which registry it chose.
// The cache folder is CacheDir(); a cached copy that cannot be read falls
// back to the embedded snapshot, with the reason in RegistryChoice.Note.
func ChooseRegistry(path string) (*registry.Registry, RegistryChoice, error) {
	dir, err := CacheDir()
	if err != nil {
		dir = "" // no cache folder: the embedded snapshot
	}
	return ChooseRegistryIn(dir, path)
}

// ChooseRegistryIn is ChooseRegistry with the cache folder given ("" for
// none).
func ChooseRegistryIn(cacheDir, path string) (*registry.Registry, RegistryChoice, error) {
	if path != "" {
		reg, err := registry.LoadFile(path)
		if err != nil {
			return nil, RegistryChoice{}, err
		}
		sel := RegistryChoice{Origin: OriginFile, Path: path, Source: reg.Source()}
		remember(reg, sel)
		return reg, sel, nil
	}
	var note string
	if cacheDir != "" {
		reg, sel, err := loadCached(cacheDir)
		switch {
		case err == nil:
			remember(reg, sel)
			return reg, sel, nil
		case err != errNoCache:
			note = fmt.Sprintf("the cached download %s cannot be used (%v); using the embedded snapshot",
				filepath.Join(cacheDir, CachedCSVName), err)
		}
	}
	reg, err := registry.Embedded()
	if err != nil {
		return nil, RegistryChoice{}, err
	}
	sel := RegistryChoice{Origin: OriginEmbedded, Source: reg.Source(), Note: note}
	remember(reg, sel)
	return reg, sel, nil
}

// errNoCache: there is no cached download (not an error to report).
var errNoCache = errors.New("no cached download")

// loadCached parses the cached download; errNoCache when there is none.
func loadCached(dir string) (*registry.Registry, RegistryChoice, error) {
	path := filepath.Join(dir, CachedCSVName)
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, RegistryChoice{}, errNoCache
	}
	if err != nil {
		return nil, RegistryChoice{}, err
	}
	defer f.Close()
	meta, _ := readMeta(dir)
	fetched := meta.Fetched
	if fetched.IsZero() {
		if fi, err := f.Stat(); err == nil {
			fetched = fi.ModTime()
		}
	}
	reg, err := registry.ParseFormat(f, registry.FormatCSV, cachedSourceName(fetched))
	if err != nil {
		return nil, RegistryChoice{}, err
	}
	sel := RegistryChoice{Origin: OriginCache, Path: path, Source: reg.Source(), Fetched: fetched, URL: meta.URL}
	return reg, sel, nil
}

// cachedSourceName names the cached download in the status bar:
// "IANA download of 2026-03-02".
func cachedSourceName(fetched time.Time) string {
	if fetched.IsZero() {
		return "IANA download"
	}
	return "IANA download of " + fetched.Local().Format("2006-01-02")
}

// The choices of the registries that ChooseRegistry returned, so that
// code handed a registry (the CLI through Env.LoadRegistry, the window) can
// say where it came from. Weak keys: a registry dropped by everyone else
// is not kept alive by this.
var choices sync.Map // weak.Pointer[registry.Registry] -> RegistryChoice

func remember(reg *registry.Registry, sel RegistryChoice) {
	wp := weak.Make(reg)
	if _, loaded := choices.Swap(wp, sel); !loaded {
		runtime.AddCleanup(reg, func(wp weak.Pointer[registry.Registry]) { choices.Delete(wp) }, wp)
	}
}

// ChoiceOf tells where a registry returned by LoadRegistry or
// ChooseRegistry came from; false for a registry made otherwise.
func ChoiceOf(reg *registry.Registry) (RegistryChoice, bool) {
	if reg == nil {
		return RegistryChoice{}, false
	}
	v, ok := choices.Load(weak.Make(reg))
	if !ok {
		return RegistryChoice{}, false
	}
	return v.(RegistryChoice), true
}
