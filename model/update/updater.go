package update

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/portolan/portolan/model/internal/fsutil"
	"github.com/portolan/portolan/registry"
)

// The update's settings and limits.
const (
	// DefaultURL is IANA's own CSV of the registry.
	DefaultURL = "https://www.iana.org/assignments/service-names-port-numbers/service-names-port-numbers.csv"
	// DefaultTimeout bounds a whole update: connecting, waiting and
	// downloading the ~1.2 MB file.
	DefaultTimeout = 60 * time.Second
	// MaxBytes caps a download: IANA's file is about 1.2 MB.
	MaxBytes = 16 << 20
	// MinRecords is the fewest distinct records a download must hold to
	// be taken as IANA's registry (it has about 14,500).
	MinRecords = 5000
	// CheckInterval is how often a background check may run.
	CheckInterval = 7 * 24 * time.Hour
)

// Updater fetches IANA's registry into the cache folder. The zero value
// uses the defaults; set the fields for a mirror, for tests, or to shorten
// the timeout. Updates run one at a time within the program.
type Updater struct {
	URL      string        // "" = DefaultURL; https, or http on loopback only
	CacheDir string        // "" = CacheDir()
	Timeout  time.Duration // 0 = DefaultTimeout, for the whole update
	MaxBytes int64         // 0 = MaxBytes
	// Client makes the request; nil uses http.DefaultTransport (and so the
	// system's proxy settings) with redirects to https only.
	Client *http.Client
	// Now is the clock; nil is time.Now.
	Now func() time.Time
	// Check compares the registry in use with a download that is IANA's
	// registry; nil is ShrinkCheck.
	Check RegistryCheck
	// Force takes a download that Check refuses (the user asked: `registry
	// update --force`, or the window after a refusal). A download that is
	// not IANA's registry is refused all the same.
	Force bool

	// files writes the cached copy; tests make it fail.
	files fsutil.Writer
}

var updateMu sync.Mutex

func (u *Updater) url() string {
	if u.URL != "" {
		return u.URL
	}
	return DefaultURL
}

func (u *Updater) timeout() time.Duration {
	if u.Timeout > 0 {
		return u.Timeout
	}
	return DefaultTimeout
}

func (u *Updater) maxBytes() int64 {
	if u.MaxBytes > 0 {
		return u.MaxBytes
	}
	return MaxBytes
}

func (u *Updater) check() RegistryCheck {
	if u.Check != nil {
		return u.Check
	}
	return ShrinkCheck
}

func (u *Updater) now() time.Time {
	if u.Now != nil {
		return u.Now()
	}
	return time.Now()
}

// Dir is the cache folder the updater writes to.
func (u *Updater) Dir() (string, error) {
	if u.CacheDir != "" {
		return u.CacheDir, nil
	}
	return CacheDir()
}

// Meta reads the cache folder's metadata (zero when there is none yet).
func (u *Updater) Meta() (CacheMeta, error) {
	dir, err := u.Dir()
	if err != nil {
		return CacheMeta{}, err
	}
	m, err := readMeta(dir)
	if errors.Is(err, os.ErrNotExist) {
		return CacheMeta{}, nil
	}
	return m, err
}

// LastCheck is when an update last ran to its end, whatever the outcome;
// zero if never.
func (u *Updater) LastCheck() time.Time {
	m, _ := u.Meta()
	return m.LastCheck
}

// CheckDue tells the window whether a background check may run now (if the
// user allowed background checks): one a week at most.
func (u *Updater) CheckDue(now time.Time) bool { return CheckDue(u.LastCheck(), now) }

// CheckDue: never checked, or the last check is CheckInterval old, or it
// lies more than a day in the future (the clock was set back).
func CheckDue(last, now time.Time) bool {
	return last.IsZero() || now.Sub(last) >= CheckInterval || last.Sub(now) > 24*time.Hour
}

// Update fetches the registry from u.URL and, when the download is IANA's
// registry, complete and new, makes it the cached copy that LoadRegistry
// picks. Anything else leaves the registry in use as it was and says why.
//
// progress, if set, is called from Update's goroutine as bytes arrive:
// done so far and total, -1 when the server does not say. The result is
// never nil; the error is an *Error when the update failed (the
// result then has Outcome Failed and the message).
func (u *Updater) Update(ctx context.Context, progress func(done, total int64)) (*Result, error) {
	updateMu.Lock()
	defer updateMu.Unlock()
	src := u.url()
	res := &Result{URL: src}
	embeddedSrc := registry.Source{Kind: "embedded", Name: registry.EmbeddedSourceName, Date: registry.SnapshotDate}
	res.Previous, res.Source = embeddedSrc, embeddedSrc
	dir, err := u.Dir()
	if err != nil {
		return u.fail(res, "", CacheMeta{}, err.Error(), err)
	}
	fsutil.RemoveStaleTemps(dir, cacheFiles, time.Now()) // file ages are on the real clock
	prev := previous(dir)
	res.Previous, res.Source, res.Records = prev.source, prev.source, prev.records
	if prev.cached {
		res.Path = filepath.Join(dir, CachedCSVName)
	}
	fail := func(reason string, err error) (*Result, error) {
		return u.fail(res, dir, prev.meta, reason, err)
	}
	if err := checkURL(src); err != nil {
		return fail(err.Error(), err)
	}
	limit := u.timeout()
	parent := ctx
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, src, nil)
	if err != nil {
		return fail(fmt.Sprintf("%q is not a web address", src), err)
	}
	req.Header.Set("User-Agent", "Portolan (+https://github.com/portolan/portolan)")
	req.Header.Set("Accept", "text/csv, text/plain;q=0.5, */*;q=0.1")
	conditional := prev.cached && prev.meta.URL == src && (prev.meta.ETag != "" || prev.meta.LastModified != "")
	if conditional {
		if prev.meta.ETag != "" {
			req.Header.Set("If-None-Match", prev.meta.ETag)
		}
		if prev.meta.LastModified != "" {
			req.Header.Set("If-Modified-Since", prev.meta.LastModified)
		}
	}
	resp, err := u.client().Do(req)
	if err != nil {
		return fail(requestReason(parent, err, limit, req.URL.Host), err)
	}
	defer resp.Body.Close()
	res.HTTPStatus = resp.StatusCode
	meta := prev.meta
	switch {
	case resp.StatusCode == http.StatusNotModified:
		if !conditional {
			return fail("the server said \"not modified\" but there is no cached copy to keep", nil)
		}
		if v := resp.Header.Get("ETag"); v != "" {
			meta.ETag = v
		}
		if v := resp.Header.Get("Last-Modified"); v != "" {
			meta.LastModified = v
		}
		return u.current(res, dir, meta, "Already up to date (server said not modified)")
	case resp.StatusCode != http.StatusOK:
		return fail("the server answered "+statusText(resp), nil)
	}
	if isHTMLType(resp.Header.Get("Content-Type")) {
		return fail(webPageReason, nil)
	}
	maxBytes := u.maxBytes()
	if resp.ContentLength > maxBytes {
		return fail(fmt.Sprintf("the file is %s, larger than the %s limit", SizeText(resp.ContentLength), SizeText(maxBytes)), nil)
	}
	data, err := readBody(resp.Body, resp.ContentLength, maxBytes, progress)
	res.Bytes = int64(len(data))
	if err != nil {
		return fail(bodyReason(parent, err, limit, int64(len(data)), resp.ContentLength, maxBytes), err)
	}
	if looksLikeHTML(data) {
		return fail(webPageReason, nil)
	}
	if f := registry.DetectFormat(data[:min(len(data), 512)]); f != registry.FormatCSV {
		return fail(fmt.Sprintf("the download is not IANA's CSV registry (it begins %q)", firstLine(data)), nil)
	}
	sum := sha256.Sum256(data)
	meta.URL = src
	meta.ETag = resp.Header.Get("ETag")
	meta.LastModified = resp.Header.Get("Last-Modified")
	if prev.cached && hex.EncodeToString(sum[:]) == prev.meta.SHA256 {
		return u.current(res, dir, meta, "Already up to date (the download is the same as the cached copy)")
	}
	meta.Fetched = u.now()
	reg, reason, err := parseDownload(data, meta.Fetched)
	if err != nil {
		return fail(reason, err)
	}
	if current, err := prev.load(); err == nil {
		if found := u.check()(current, reg); len(found) > 0 {
			res.Refusals = found
			if !u.Force {
				res.Forceable = true
				return fail(strings.Join(found, "; "), ErrRefused)
			}
			res.Forced = true
		}
	}
	res.Message = fmt.Sprintf("Updated: %s records, data to %s (was: %s)", registry.Thousands(int64(len(reg.Records()))),
		dateOrUnknown(reg.Source().Date), prev.source)
	if res.Forced {
		res.Message += "; forced, although " + strings.Join(res.Refusals, "; ")
	}
	meta.Size, meta.SHA256 = int64(len(data)), hex.EncodeToString(sum[:])
	meta.Records, meta.Date = len(reg.Records()), reg.Source().Date
	meta.LastCheck, meta.LastOutcome, meta.LastMessage = u.now(), Replaced, res.Message
	if reason, err := commit(u.files, dir, data, meta); err != nil {
		return fail(reason, err)
	}
	res.Outcome = Replaced
	res.Registry = reg
	res.Source = reg.Source()
	res.Records = len(reg.Records())
	res.Path = filepath.Join(dir, CachedCSVName)
	res.previous = prev.load
	return res, nil
}

const webPageReason = "the server sent a web page, not the registry"

// ErrRefused is wrapped by the error of an update that RegistryCheck
// refused (Result.Forceable): Updater.Force would take the download.
var ErrRefused = errors.New("the download would shrink the registry in use")

// parseDownload reads a download and checks that it is IANA's registry:
// enough distinct records, few unreadable rows. The parse and index are
// what makes an update take time once the bytes are here (see
// BenchmarkUpdateInstall).
func parseDownload(data []byte, fetched time.Time) (*registry.Registry, string, error) {
	reg, err := registry.ParseFormat(bytes.NewReader(data), registry.FormatCSV, cachedSourceName(fetched))
	if err != nil {
		return nil, "the download is not IANA's CSV registry: " + err.Error(), err
	}
	rows, skipped := len(reg.Records()), len(reg.Skipped())
	if n := DistinctRecords(reg); n < MinRecords {
		reason := fmt.Sprintf("the download holds only %s records", registry.Thousands(int64(n)))
		if n < rows {
			reason = fmt.Sprintf("the download holds only %s distinct %s in its %s rows", registry.Thousands(int64(n)),
				map[bool]string{true: "record", false: "records"}[n == 1], registry.Thousands(int64(rows)))
		}
		reason += fmt.Sprintf(" (IANA's registry has over %s): it is not complete", registry.Thousands(MinRecords))
		return nil, reason, errors.New(reason)
	}
	if skipped > 0 { // a row lost is a record lost: refused, even when forced
		s := reg.Skipped()[0]
		reason := fmt.Sprintf("%s of its %s rows cannot be read (line %d: %s)", registry.Thousands(int64(skipped)),
			registry.Thousands(int64(rows+skipped)), s.Line, s.Reason)
		return nil, reason, errors.New(reason)
	}
	return reg, "", nil
}

// commit makes the download the cached copy: its metadata (with the new
// checksum) first, then the file. A failure of either, or a crash between
// the two, leaves a file that does not match its recorded checksum, which
// LoadCached refuses: the embedded snapshot is then used, and says so;
// an unchecked file is never used. (fail then puts the old metadata back.)
func commit(files fsutil.Writer, dir string, data []byte, meta CacheMeta) (string, error) {
	if err := writeMeta(dir, meta); err != nil {
		return fmt.Sprintf("cannot save the download's details in %s: %v", dir, err), err
	}
	if err := files.Write(filepath.Join(dir, CachedCSVName), data, 0o755); err != nil {
		return fmt.Sprintf("cannot save the download in %s: %v", dir, err), err
	}
	return "", nil
}

// current ends an update that found the cached copy up to date.
func (u *Updater) current(res *Result, dir string, meta CacheMeta, msg string) (*Result, error) {
	res.Outcome = Current
	res.Message = msg
	meta.LastCheck, meta.LastOutcome, meta.LastMessage = u.now(), res.Outcome, msg
	if err := writeMeta(dir, meta); err != nil {
		res.Warning = fmt.Sprintf("the time of this check could not be saved (%v)", err)
	}
	return res, nil
}

// fail ends an update that changed nothing; the check is still recorded.
func (u *Updater) fail(res *Result, dir string, meta CacheMeta, reason string, err error) (*Result, error) {
	res.Outcome = Failed
	res.Forced = false
	res.Reason = reason
	res.Message = "Update failed: " + reason + "; keeping " + res.Previous.String()
	res.Registry = nil
	if dir != "" {
		meta.LastCheck, meta.LastOutcome, meta.LastMessage = u.now(), res.Outcome, res.Message
		writeMeta(dir, meta) // best effort: the failure is the news
	}
	return res, &Error{Reason: res.Message, Err: err}
}
