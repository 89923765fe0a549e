package update

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/portolan/portolan/model/internal/fsutil"
	"github.com/portolan/portolan/registry"
)

// The cache folder's layout (see docs/registry.md).
const (
	// CacheDirEnv overrides the cache folder (tests, portable installs).
	CacheDirEnv = "PORTOLAN_CACHE_DIR"
	// CachedCSVName is the last good download, byte for byte as served.
	CachedCSVName = "service-names-port-numbers.csv"
	// CacheMetaName holds CacheMeta as JSON.
	CacheMetaName = "service-names-port-numbers.json"
)

// CacheDir is where downloads are kept: $PORTOLAN_CACHE_DIR, else the
// user's cache folder (os.UserCacheDir) + "/portolan".
func CacheDir() (string, error) {
	return fsutil.UserDir(CacheDirEnv, os.UserCacheDir, "cache folder for downloads")
}

// CacheMeta is what the cache folder remembers beside the downloaded CSV.
type CacheMeta struct {
	// Of the cached copy: where and when it came from, the server's
	// validators for the next conditional request, and what it holds.
	URL          string    `json:"url,omitempty"`
	ETag         string    `json:"etag,omitempty"`
	LastModified string    `json:"last_modified,omitempty"`
	Fetched      time.Time `json:"fetched,omitzero"`
	Size         int64     `json:"size,omitempty"`
	SHA256       string    `json:"sha256,omitempty"`
	Records      int       `json:"records,omitempty"`
	Date         string    `json:"date,omitempty"` // the data's newest date

	// Of the last check, whatever its outcome: for "is a check due".
	LastCheck   time.Time `json:"last_check,omitzero"`
	LastOutcome Outcome   `json:"last_outcome,omitempty"`
	LastMessage string    `json:"last_message,omitempty"`
}

func readMeta(dir string) (CacheMeta, error) {
	var m CacheMeta
	data, err := os.ReadFile(filepath.Join(dir, CacheMetaName))
	if err != nil {
		return m, err
	}
	if err := json.Unmarshal(data, &m); err != nil {
		return CacheMeta{}, fmt.Errorf("%s: %w", CacheMetaName, err)
	}
	return m, nil
}

func writeMeta(dir string, m CacheMeta) error {
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return fsutil.AtomicWrite(filepath.Join(dir, CacheMetaName), append(data, '\n'), 0o755)
}

// ErrNoCache says there is no cached download (not an error to report).
var ErrNoCache = errors.New("no cached download")

// Cached tells where the cached download came from.
type Cached struct {
	// Path is the cached CSV; Fetched and URL say when and where it was
	// downloaded (Fetched is the file's time when the metadata is lost).
	Path    string
	Fetched time.Time
	URL     string
}

// LoadCached parses the cached download in dir; ErrNoCache when there is
// none.
func LoadCached(dir string) (*registry.Registry, Cached, error) {
	path := filepath.Join(dir, CachedCSVName)
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, Cached{}, ErrNoCache
	}
	if err != nil {
		return nil, Cached{}, err
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
		return nil, Cached{}, err
	}
	return reg, Cached{Path: path, Fetched: fetched, URL: meta.URL}, nil
}

// cachedSourceName names the cached download in the status bar:
// "IANA download of 2026-03-02".
func cachedSourceName(fetched time.Time) string {
	if fetched.IsZero() {
		return "IANA download"
	}
	return "IANA download of " + fetched.Local().Format("2006-01-02")
}
