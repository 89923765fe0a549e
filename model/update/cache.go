package update

import (
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
	// CompactName is the cached download in registry's compact form, made
	// when it is installed: what a start opens (see compact.go).
	CompactName = "service-names-port-numbers.compact"
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
	// The compact form made from it (CompactName): the CRC-32C it records
	// of itself, in hex, and its size. Empty when there is none.
	CompactCRC  string `json:"compact_crc32c,omitempty"`
	CompactSize int64  `json:"compact_size,omitempty"`

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

// LoadCached opens the cached download in dir; ErrNoCache when there is
// none. The file must be the one an update checked and installed: its
// SHA-256 must match the one recorded in the metadata, else the error wraps
// ErrCacheDamaged (a file cut short by a full disk, edited by hand, or
// written without its metadata is not used). The registry then comes from
// the compact form made at install, not from parsing the CSV; when that is
// missing or damaged, the CSV is parsed and the compact form written again,
// without an error. It first removes what updates killed midway left
// behind.
func LoadCached(dir string) (*registry.Registry, Cached, error) {
	fsutil.RemoveStaleTemps(dir, cacheFiles, time.Now())
	path := filepath.Join(dir, CachedCSVName)
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, Cached{}, ErrNoCache
	}
	if err != nil {
		return nil, Cached{}, err
	}
	defer f.Close()
	meta, err := readMeta(dir)
	if err != nil || meta.SHA256 == "" {
		return nil, Cached{}, &DamagedError{path, "no checksum was recorded for it (" + CacheMetaName + " is missing or unreadable)"}
	}
	// Hashing the CSV and reading and checking the compact form are most of
	// a start with a cached download: they run side by side. The CSV is
	// hashed as it is read, into no buffer of its size: the compact form is
	// what the registry keeps.
	checked := make(chan error, 1)
	go func() {
		size, sum, err := hashCapped(path, f, MaxBytes)
		if err == nil {
			err = checkCSV(path, size, sum, meta)
		}
		checked <- err
	}()
	reg, compactErr := openCompact(dir, meta)
	if err := <-checked; err != nil {
		return nil, Cached{}, err
	}
	if compactErr != nil {
		// Parse what is hashed: the file may have been replaced meanwhile.
		data, err := readCapped(path, MaxBytes)
		if err == nil {
			err = checkCSV(path, int64(len(data)), sha256Hex(data), meta)
		}
		if err == nil {
			reg, err = parseCached(dir, data, meta, true)
		}
		if err != nil {
			return nil, Cached{}, err
		}
	}
	return reg, Cached{Path: path, Fetched: meta.Fetched, URL: meta.URL}, nil
}

// checkCSV is nil when a cached CSV of size bytes and SHA-256 sum is the
// one meta records, else a *DamagedError saying how it differs.
func checkCSV(path string, size int64, sum string, meta CacheMeta) error {
	if sum == meta.SHA256 {
		return nil
	}
	why := "its SHA-256 is not the one recorded when it was downloaded"
	if size != meta.Size {
		why = fmt.Sprintf("it is %s where %s was downloaded", SizeText(size), SizeText(meta.Size))
	}
	return &DamagedError{path, why}
}

// sha256Hex is data's SHA-256 as CacheMeta records it.
func sha256Hex(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// hashCapped reads f (at path), of at most limit bytes, to its end and
// gives its size and sha256Hex.
func hashCapped(path string, f io.Reader, limit int64) (int64, string, error) {
	h := sha256.New()
	n, err := io.CopyBuffer(h, io.LimitReader(f, limit+1), make([]byte, 64<<10))
	if err != nil {
		return n, "", err
	}
	if n > limit {
		return n, "", tooLarge(path, limit)
	}
	return n, hex.EncodeToString(h.Sum(nil)), nil
}

func tooLarge(path string, limit int64) error {
	return fmt.Errorf("%s is larger than %s, so it is not the registry", path, SizeText(limit))
}

// cacheFiles are the files of the cache folder that atomic writes replace.
var cacheFiles = []string{CachedCSVName, CacheMetaName, CompactName}

// readCapped reads a file of at most limit bytes.
func readCapped(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// One buffer of the file's size and a byte (to see that it grew), as
	// os.ReadFile does: growing one, as io.ReadAll does, cost a start more
	// than the reading.
	size := int64(512)
	if fi, err := f.Stat(); err == nil && fi.Size() > 0 {
		size = min(fi.Size(), limit) + 1
	}
	data := make([]byte, 0, size)
	for int64(len(data)) <= limit {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
		n, err := f.Read(data[len(data):min(cap(data), int(limit)+1)])
		data = data[:len(data)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	if int64(len(data)) > limit {
		return nil, tooLarge(path, limit)
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
