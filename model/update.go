package model

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/tls"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/portolan/portolan/registry"
)

// The update's settings and limits.
const (
	// DefaultUpdateURL is IANA's own CSV of the registry.
	DefaultUpdateURL = "https://www.iana.org/assignments/service-names-port-numbers/service-names-port-numbers.csv"
	// DefaultUpdateTimeout bounds a whole update: connecting, waiting and
	// downloading the ~1.2 MB file.
	DefaultUpdateTimeout = 60 * time.Second
	// MaxUpdateBytes caps a download: IANA's file is about 1.2 MB.
	MaxUpdateBytes = 16 << 20
	// MinUpdateRecords is the fewest records a download must hold to be
	// taken as IANA's registry (it has about 14,500).
	MinUpdateRecords = 5000
	// MaxSkippedShare is the largest share of unreadable rows a download
	// may have (IANA's own file has none).
	MaxSkippedShare = 0.01
	// CheckInterval is how often a background check may run.
	CheckInterval = 7 * 24 * time.Hour
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
	return userDir(CacheDirEnv, os.UserCacheDir, "cache folder for downloads")
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
	LastCheck   time.Time     `json:"last_check,omitzero"`
	LastOutcome UpdateOutcome `json:"last_outcome,omitempty"`
	LastMessage string        `json:"last_message,omitempty"`
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
	return atomicWrite(filepath.Join(dir, CacheMetaName), append(data, '\n'), 0o755)
}

// UpdateOutcome is how an update ended.
type UpdateOutcome string

const (
	// UpdateReplaced: a new registry was downloaded, checked and is now
	// the cached copy in use.
	UpdateReplaced UpdateOutcome = "updated"
	// UpdateCurrent: the server said "not modified", or sent the same file.
	UpdateCurrent UpdateOutcome = "up-to-date"
	// UpdateFailed: nothing changed; Reason says why.
	UpdateFailed UpdateOutcome = "failed"
)

// UpdateResult is an update's outcome in words and figures. Its JSON form
// is the output of `portolan registry update --json`.
type UpdateResult struct {
	Outcome UpdateOutcome `json:"outcome"`
	// Message is the outcome for people: "Updated: 14,500 records, data to
	// 2026-02-25 (was: embedded snapshot, data to 2026-07)", "Already up to
	// date (server said not modified)", "Update failed: the server sent a
	// web page, not the registry; keeping embedded snapshot, data to 2026-07".
	Message string `json:"message"`
	// Reason is why an update failed, without the "Update failed" frame.
	Reason string `json:"reason,omitempty"`
	URL    string `json:"url"`
	// Source is the default registry after the update; Previous, before.
	Source   registry.Source `json:"source"`
	Previous registry.Source `json:"previous"`
	// Records is how many records Source holds (0 when not known: the
	// embedded snapshot is not read just to count them).
	Records int `json:"records,omitempty"`
	// Bytes is how much was downloaded; HTTPStatus what the server said.
	Bytes      int64 `json:"bytes"`
	HTTPStatus int   `json:"http_status,omitempty"`
	// Path is the cached copy, when there is one.
	Path string `json:"path,omitempty"`
	// Warning is set when the registry was replaced but its details could
	// not be saved (the next update will not be conditional).
	Warning string `json:"warning,omitempty"`

	// Registry is the new registry when Outcome is UpdateReplaced.
	Registry *registry.Registry `json:"-"`

	previous func() (*registry.Registry, error)
}

// Diff is what changed from the previous default registry to the new one,
// for the "What changed" view; nil when nothing was replaced.
func (r *UpdateResult) Diff() (*registry.Diff, error) {
	if r.Outcome != UpdateReplaced || r.Registry == nil || r.previous == nil {
		return nil, nil
	}
	old, err := r.previous()
	if err != nil {
		return nil, fmt.Errorf("cannot read the previous registry to compare: %w", err)
	}
	return registry.Compare(old, r.Registry), nil
}

// UpdateError is the error of a failed update; Reason is in words.
type UpdateError struct {
	Reason string
	Err    error
}

func (e *UpdateError) Error() string { return e.Reason }
func (e *UpdateError) Unwrap() error { return e.Err }

// Updater fetches IANA's registry into the cache folder. The zero value
// uses the defaults; set the fields for a mirror, for tests, or to shorten
// the timeout. Updates run one at a time within the program.
type Updater struct {
	URL      string        // "" = DefaultUpdateURL; https, or http on loopback only
	CacheDir string        // "" = CacheDir()
	Timeout  time.Duration // 0 = DefaultUpdateTimeout, for the whole update
	MaxBytes int64         // 0 = MaxUpdateBytes
	// Client makes the request; nil uses http.DefaultTransport (and so the
	// system's proxy settings) with redirects to https only.
	Client *http.Client
	// Now is the clock; nil is time.Now.
	Now func() time.Time
}

var updateMu sync.Mutex

func (u *Updater) url() string {
	if u.URL != "" {
		return u.URL
	}
	return DefaultUpdateURL
}

func (u *Updater) timeout() time.Duration {
	if u.Timeout > 0 {
		return u.Timeout
	}
	return DefaultUpdateTimeout
}

func (u *Updater) maxBytes() int64 {
	if u.MaxBytes > 0 {
		return u.MaxBytes
	}
	return MaxUpdateBytes
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

// checkURL accepts https, and plain http only to this machine (tests, a
// local mirror): the registry decides what the map says about ports.
func checkURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return fmt.Errorf("%q is not a web address (expected https://...)", raw)
	}
	switch u.Scheme {
	case "https":
		return nil
	case "http":
		host := u.Hostname()
		if host == "localhost" {
			return nil
		}
		if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
			return nil
		}
	}
	return fmt.Errorf("%q is not an https address (plain http is accepted only from this machine)", raw)
}

type redirectError struct{ err error }

func (e *redirectError) Error() string { return e.err.Error() }

func (u *Updater) client() *http.Client {
	if u.Client != nil {
		return u.Client
	}
	return &http.Client{CheckRedirect: func(req *http.Request, via []*http.Request) error {
		if len(via) >= 10 {
			return &redirectError{errors.New("the server redirected more than 10 times")}
		}
		if err := checkURL(req.URL.String()); err != nil {
			return &redirectError{fmt.Errorf("the server redirected to %s, which is not an https address", req.URL)}
		}
		return nil
	}}
}

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
		if reg, _, err := loadCached(dir); err == nil {
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

// Update fetches the registry from u.URL and, when the download is IANA's
// registry, complete and new, makes it the cached copy that LoadRegistry
// picks. Anything else leaves the registry in use as it was and says why.
//
// progress, if set, is called from Update's goroutine as bytes arrive:
// done so far and total, -1 when the server does not say. The result is
// never nil; the error is an *UpdateError when the update failed (the
// result then has Outcome UpdateFailed and the message).
func (u *Updater) Update(ctx context.Context, progress func(done, total int64)) (*UpdateResult, error) {
	updateMu.Lock()
	defer updateMu.Unlock()
	src := u.url()
	res := &UpdateResult{URL: src}
	embeddedSrc := registry.Source{Kind: "embedded", Name: registry.EmbeddedSourceName, Date: registry.SnapshotDate}
	res.Previous, res.Source = embeddedSrc, embeddedSrc
	dir, err := u.Dir()
	if err != nil {
		return u.fail(res, "", CacheMeta{}, err.Error(), err)
	}
	prev := previous(dir)
	res.Previous, res.Source, res.Records = prev.source, prev.source, prev.records
	if prev.cached {
		res.Path = filepath.Join(dir, CachedCSVName)
	}
	fail := func(reason string, err error) (*UpdateResult, error) {
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
		return fail(fmt.Sprintf("the file is %s, larger than the %s limit", sizeText(resp.ContentLength), sizeText(maxBytes)), nil)
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
	reg, meta, reason, err := install(dir, data, sum, meta, prev.recordCount)
	if err != nil {
		return fail(reason, err)
	}
	res.Outcome = UpdateReplaced
	res.Registry = reg
	res.Source = reg.Source()
	res.Records = len(reg.Records())
	res.Path = filepath.Join(dir, CachedCSVName)
	res.previous = prev.load
	res.Message = fmt.Sprintf("Updated: %s records, data to %s (was: %s)", thousands(int64(res.Records)), dateOrUnknown(res.Source.Date), prev.source)
	meta.LastCheck, meta.LastOutcome, meta.LastMessage = u.now(), res.Outcome, res.Message
	if err := writeMeta(dir, meta); err != nil {
		res.Warning = fmt.Sprintf("the update's details could not be saved (%v); the next update downloads the whole file", err)
	}
	return res, nil
}

const webPageReason = "the server sent a web page, not the registry"

// install parses and checks a download, then puts it in place of the
// cached copy. The parse, check and index are what makes an update take
// time once the bytes are here (see BenchmarkUpdateInstall).
func install(dir string, data []byte, sum [32]byte, meta CacheMeta, prevRecords func() int) (*registry.Registry, CacheMeta, string, error) {
	reg, err := registry.ParseFormat(bytes.NewReader(data), registry.FormatCSV, cachedSourceName(meta.Fetched))
	if err != nil {
		return nil, meta, "the download is not IANA's CSV registry: " + err.Error(), err
	}
	n, skipped := len(reg.Records()), len(reg.Skipped())
	if n < MinUpdateRecords {
		reason := fmt.Sprintf("the download holds only %s records (IANA's registry has over %s): it is not complete",
			thousands(int64(n)), thousands(MinUpdateRecords))
		return nil, meta, reason, errors.New(reason)
	}
	if float64(skipped) > MaxSkippedShare*float64(n+skipped) {
		s := reg.Skipped()[0]
		reason := fmt.Sprintf("%s of its %s rows cannot be read (line %d: %s)", thousands(int64(skipped)),
			thousands(int64(n+skipped)), s.Line, s.Reason)
		return nil, meta, reason, errors.New(reason)
	}
	if p := prevRecords(); p > 0 && n*4 < p*3 {
		reason := fmt.Sprintf("the download holds %s records where the registry in use has %s: it looks incomplete",
			thousands(int64(n)), thousands(int64(p)))
		return nil, meta, reason, errors.New(reason)
	}
	meta.Size = int64(len(data))
	meta.SHA256 = hex.EncodeToString(sum[:])
	meta.Records = n
	meta.Date = reg.Source().Date
	if err := atomicWrite(filepath.Join(dir, CachedCSVName), data, 0o755); err != nil {
		return nil, meta, fmt.Sprintf("cannot save the download in %s: %v", dir, err), err
	}
	return reg, meta, "", nil
}

// current ends an update that found the cached copy up to date.
func (u *Updater) current(res *UpdateResult, dir string, meta CacheMeta, msg string) (*UpdateResult, error) {
	res.Outcome = UpdateCurrent
	res.Message = msg
	meta.LastCheck, meta.LastOutcome, meta.LastMessage = u.now(), res.Outcome, msg
	if err := writeMeta(dir, meta); err != nil {
		res.Warning = fmt.Sprintf("the time of this check could not be saved (%v)", err)
	}
	return res, nil
}

// fail ends an update that changed nothing; the check is still recorded.
func (u *Updater) fail(res *UpdateResult, dir string, meta CacheMeta, reason string, err error) (*UpdateResult, error) {
	res.Outcome = UpdateFailed
	res.Reason = reason
	res.Message = "Update failed: " + reason + "; keeping " + res.Previous.String()
	res.Registry = nil
	if dir != "" {
		meta.LastCheck, meta.LastOutcome, meta.LastMessage = u.now(), res.Outcome, res.Message
		writeMeta(dir, meta) // best effort: the failure is the news
	}
	return res, &UpdateError{Reason: res.Message, Err: err}
}

var errTooBig = errors.New("download too large")

// readBody reads at most max bytes, reporting progress; a body shorter
// than its Content-Length is io.ErrUnexpectedEOF.
func readBody(r io.Reader, total, limit int64, progress func(done, total int64)) ([]byte, error) {
	if total < 0 {
		total = -1
	}
	report := func(done int64) {
		if progress != nil {
			progress(done, total)
		}
	}
	var buf bytes.Buffer
	if total > 0 {
		buf.Grow(int(total))
	}
	report(0)
	chunk := make([]byte, 64<<10)
	var done int64
	for {
		n, err := r.Read(chunk)
		if n > 0 {
			if done+int64(n) > limit {
				return buf.Bytes(), errTooBig
			}
			buf.Write(chunk[:n])
			done += int64(n)
			report(done)
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return buf.Bytes(), err
		}
	}
	if total >= 0 && done < total {
		return buf.Bytes(), io.ErrUnexpectedEOF
	}
	return buf.Bytes(), nil
}

// requestReason words a failure before the server's answer arrived.
func requestReason(parent context.Context, err error, limit time.Duration, host string) string {
	var re *redirectError
	var dnsErr *net.DNSError
	var certErr *tls.CertificateVerificationError
	switch {
	case parent.Err() != nil:
		return "the update was cancelled"
	case errors.Is(err, context.DeadlineExceeded) || isTimeout(err):
		return fmt.Sprintf("the server did not answer within %s (timed out)", durationText(limit))
	case errors.As(err, &re):
		return re.Error()
	case errors.As(err, &dnsErr):
		return fmt.Sprintf("cannot find the server %s (is the computer offline?)", host)
	case errors.As(err, &certErr):
		return fmt.Sprintf("the server's certificate is not valid for %s: %v", host, certErr.Err)
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return fmt.Sprintf("cannot reach the server %s: %v", host, err)
}

// bodyReason words a failure while the file was arriving.
func bodyReason(parent context.Context, err error, limit time.Duration, got, total, maxBytes int64) string {
	switch {
	case errors.Is(err, errTooBig):
		return fmt.Sprintf("the download grew past the %s limit, so it is not the registry", sizeText(maxBytes))
	case parent.Err() != nil:
		return "the update was cancelled"
	case errors.Is(err, context.DeadlineExceeded) || isTimeout(err):
		return fmt.Sprintf("the download timed out after %s (%s received)", durationText(limit), sizeText(got))
	case errors.Is(err, io.ErrUnexpectedEOF):
		if total > 0 {
			return fmt.Sprintf("the download was cut off after %s of %s bytes", thousands(got), thousands(total))
		}
		return fmt.Sprintf("the download was cut off after %s bytes", thousands(got))
	}
	return fmt.Sprintf("the download broke off after %s bytes: %v", thousands(got), err)
}

// durationText is "300ms", "45 seconds", "1 minute", "2 minutes".
func durationText(d time.Duration) string {
	plural := func(n int64, unit string) string {
		if n == 1 {
			return "1 " + unit
		}
		return strconv.FormatInt(n, 10) + " " + unit + "s"
	}
	switch {
	case d >= time.Minute && d%time.Minute == 0:
		return plural(int64(d/time.Minute), "minute")
	case d >= time.Second && d%time.Second == 0:
		return plural(int64(d/time.Second), "second")
	}
	return d.String()
}

func isTimeout(err error) bool {
	var te interface{ Timeout() bool }
	return errors.As(err, &te) && te.Timeout()
}

func statusText(resp *http.Response) string {
	if t := http.StatusText(resp.StatusCode); t != "" {
		return strconv.Itoa(resp.StatusCode) + " " + t
	}
	return strconv.Itoa(resp.StatusCode)
}

func isHTMLType(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && (mt == "text/html" || mt == "application/xhtml+xml")
}

// looksLikeHTML spots an error page served as text/plain or text/csv.
func looksLikeHTML(data []byte) bool {
	head := bytes.TrimLeft(bytes.TrimPrefix(data[:min(len(data), 1024)], []byte("\ufeff")), " \t\r\n")
	lower := bytes.ToLower(head)
	for _, p := range []string{"<!doctype html", "<html", "<head", "<body", "<!--", "<title"} {
		if bytes.HasPrefix(lower, []byte(p)) {
			return true
		}
	}
	return bytes.HasPrefix(lower, []byte("<?xml")) && bytes.Contains(lower, []byte("<html"))
}

func firstLine(data []byte) string {
	line, _, _ := bytes.Cut(data[:min(len(data), 200)], []byte("\n"))
	s := strings.TrimSpace(string(line))
	if len(s) > 60 {
		s = s[:60] + "..."
	}
	return s
}

// sizeText is "16 MiB", "40 MiB", "1.1 MiB", "512 bytes".
func sizeText(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// thousands writes n with commas: 14,500.
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := ""
	if n < 0 {
		neg, s = "-", s[1:]
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return neg + s
}

func dateOrUnknown(s string) string {
	if s == "" {
		return "an unknown date"
	}
	return s
}
