package update

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
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

// ErrCacheDamaged says the cached download is not the file that was
// downloaded and checked (errors.Is matches a *DamagedError).
var ErrCacheDamaged = errors.New("the cached download is damaged")

// DamagedError is LoadCached's refusal of a cached download that does not
// match the SHA-256 recorded with it, or that has none recorded.
type DamagedError struct {
	Path string // the cached CSV
	Why  string // in words: "it is 96 bytes where 1.1 MiB was downloaded"
}

func (e *DamagedError) Error() string {
	return "the cached download " + e.Path + " is damaged: " + e.Why
}

// Is makes errors.Is(err, ErrCacheDamaged) true.
func (e *DamagedError) Is(target error) bool { return target == ErrCacheDamaged }

// Cached tells where the cached download came from.
type Cached struct {
	// Path is the cached CSV; Fetched and URL say when and where it was
	// downloaded.
	Path    string
	Fetched time.Time
	URL     string
}

// LoadCached parses the cached download in dir; ErrNoCache when there is
// none. The file must be the one an update checked and installed: its
// SHA-256 must match the one recorded in the metadata, else the error wraps
// ErrCacheDamaged (a file cut short by a full disk, edited by hand, or
// written without its metadata is not used). It first removes what updates
// killed midway left behind.
func LoadCached(dir string) (*registry.Registry, Cached, error) {
	fsutil.RemoveStaleTemps(dir, cacheFiles, time.Now())
	path := filepath.Join(dir, CachedCSVName)
	data, err := readCapped(path, MaxBytes)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, Cached{}, ErrNoCache
	}
	if err != nil {
		return nil, Cached{}, err
	}
	meta, err := readMeta(dir)
	if err != nil || meta.SHA256 == "" {
		return nil, Cached{}, &DamagedError{path, "no checksum was recorded for it (" + CacheMetaName + " is missing or unreadable)"}
	}
	if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != meta.SHA256 {
		why := "its SHA-256 is not the one recorded when it was downloaded"
		if int64(len(data)) != meta.Size {
			why = fmt.Sprintf("it is %s where %s was downloaded", SizeText(int64(len(data))), SizeText(meta.Size))
		}
		return nil, Cached{}, &DamagedError{path, why}
	}
	reg, err := registry.ParseFormat(bytes.NewReader(data), registry.FormatCSV, cachedSourceName(meta.Fetched))
	if err != nil {
		return nil, Cached{}, err
	}
	return reg, Cached{Path: path, Fetched: meta.Fetched, URL: meta.URL}, nil
}

// cacheFiles are the files of the cache folder that atomic writes replace.
var cacheFiles = []string{CachedCSVName, CacheMetaName}

// readCapped reads a file of at most limit bytes.
func readCapped(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s is larger than %s, so it is not the registry", path, SizeText(limit))
	}
	return data, nil
}

// cachedSourceName names the cached download in the status bar:
// "IANA download of 2026-03-02".
func cachedSourceName(fetched time.Time) string {
	if fetched.IsZero() {
		return "IANA download"
	}
	return "IANA download of " + fetched.Local().Format("2006-01-02")
}
