package update_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/portolan/portolan/model"
	"github.com/portolan/portolan/model/update"
	"github.com/portolan/portolan/registry"
	"github.com/portolan/portolan/registry/ianatest"
)

// The package's tests never read the user's own cached download:
// LoadRegistry("") gives the embedded snapshot unless a test sets a cache
// folder of its own. The folder is never created.
func init() {
	os.Setenv(update.CacheDirEnv, filepath.Join(os.TempDir(), fmt.Sprintf("portolan-model-test-%d-no-cache", os.Getpid())))
}

const updHeader = "Service Name,Port Number,Transport Protocol,Description,Assignee,Contact,Registration Date,Modification Date,Reference,Service Code,Unauthorized Use Reported,Assignment Notes\n"

// updSynthetic is a made-up registry in IANA's CSV form with n records
// (enough to pass the update's checks over the embedded snapshot when n is
// over its 14,058 distinct records).
func updSynthetic(n int, date string) []byte {
	var b bytes.Buffer
	b.WriteString(updHeader)
	for i := 1; i <= n; i++ {
		proto := "tcp"
		if i%2 == 0 {
			proto = "udp"
		}
		fmt.Fprintf(&b, "synth%d,%d,%s,Synthetic service %d,,,%s,,,,,\n", i, (i+1)/2, proto, i, date)
	}
	return b.Bytes()
}

const updSeedRecords = 15000

// updServe serves body with an ETag and answers a matching If-None-Match
// with 304. It records the If-None-Match headers it was sent.
type updServe struct {
	body    []byte
	etag    string
	mu      sync.Mutex
	inm     []string
	answers []int
}

func (s *updServe) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.inm = append(s.inm, r.Header.Get("If-None-Match"))
	s.mu.Unlock()
	code := http.StatusOK
	if s.etag != "" {
		w.Header().Set("ETag", s.etag)
		w.Header().Set("Last-Modified", "Wed, 25 Feb 2026 10:00:00 GMT")
		if r.Header.Get("If-None-Match") == s.etag {
			code = http.StatusNotModified
		}
	}
	s.mu.Lock()
	s.answers = append(s.answers, code)
	s.mu.Unlock()
	if code != http.StatusOK {
		w.WriteHeader(code)
		return
	}
	w.Header().Set("Content-Type", "text/csv")
	w.Header().Set("Content-Length", strconv.Itoa(len(s.body)))
	w.Write(s.body)
}

func updServer(t testing.TB, h http.Handler) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// updNoTemp fails if the cache folder holds anything but the CSV and its
// metadata.
func updNoTemp(t *testing.T, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Name() != update.CachedCSVName && e.Name() != update.CacheMetaName {
			t.Errorf("the cache folder holds %s", e.Name())
		}
	}
}

func updInUse(t *testing.T, dir string) (*registry.Registry, model.RegistryChoice) {
	t.Helper()
	reg, choice, err := model.LoadRegistryIn(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	return reg, choice
}

// updSeed makes a synthetic download the cached copy.
func updSeed(t *testing.T, dir string) []byte {
	t.Helper()
	body := updSynthetic(updSeedRecords, "2025-01-01")
	srv := updServer(t, &updServe{body: body, etag: `"seed"`})
	// A made-up registry shares nothing with the embedded one: the check
	// would refuse it, and seeding is not what is tested.
	u := &update.Updater{URL: srv.URL + "/seed.csv", CacheDir: dir, Timeout: 10 * time.Second, Force: true}
	res, err := u.Update(context.Background(), nil)
	if err != nil || res.Outcome != update.Replaced {
		t.Fatalf("seeding the cache: %+v %v", res, err)
	}
	return body
}

// The main case: the real IANA file replaces the embedded snapshot,
// a fresh LoadRegistry picks it, and a second update gets 304.
func TestUpdateFromIANAThenNotModified(t *testing.T) {
	body, err := os.ReadFile(ianatest.Path(t))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	t.Setenv(update.CacheDirEnv, dir)
	srv := &updServe{body: body, etag: `"iana-2026-02-25"`}
	ts := updServer(t, srv)
	clock := time.Date(2026, 3, 2, 9, 30, 0, 0, time.Local)
	u := &update.Updater{URL: ts.URL + "/assignments/service-names-port-numbers.csv", Timeout: 10 * time.Second,
		Now: func() time.Time { return clock }}

	if reg, _, _ := model.LoadRegistry(""); reg.Source().Kind != "embedded" {
		t.Fatalf("before the update LoadRegistry picked %+v", reg.Source())
	}
	var calls [][2]int64
	res, err := u.Update(context.Background(), func(done, total int64) { calls = append(calls, [2]int64{done, total}) })
	if err != nil {
		t.Fatalf("update: %v (%+v)", err, res)
	}
	if want := "Updated: 14,500 records, data to 2026-02-25 (was: embedded snapshot, data to 2026-07)"; res.Message != want {
		t.Errorf("message = %q, want %q", res.Message, want)
	}
	if res.Outcome != update.Replaced || res.Records != 14500 || res.Bytes != int64(len(body)) || res.HTTPStatus != 200 || res.Warning != "" {
		t.Errorf("result = %+v", res)
	}
	if len(calls) < 2 || calls[0] != [2]int64{0, int64(len(body))} || calls[len(calls)-1] != [2]int64{int64(len(body)), int64(len(body))} {
		t.Errorf("progress calls = %v, want 0 of %d first and %d of %d last", calls, len(body), len(body), len(body))
	}
	for i := 1; i < len(calls); i++ {
		if calls[i][0] < calls[i-1][0] {
			t.Fatalf("progress went back: %v", calls)
		}
	}
	cached, err := os.ReadFile(filepath.Join(dir, update.CachedCSVName))
	if err != nil || !bytes.Equal(cached, body) {
		t.Fatalf("the cached copy is not the download (%v)", err)
	}
	updNoTemp(t, dir)

	// A restart: a fresh LoadRegistry picks the cached copy.
	reg, choice, err := model.LoadRegistry("")
	if err != nil {
		t.Fatal(err)
	}
	if choice.Origin != model.OriginCache || choice.Path != filepath.Join(dir, update.CachedCSVName) || choice.URL != u.URL || !choice.Fetched.Equal(clock) {
		t.Errorf("after the update: choice %+v", choice)
	}
	if got, want := reg.Source().String(), "IANA download of 2026-03-02, data to 2026-02-25"; got != want {
		t.Errorf("source = %q, want %q", got, want)
	}
	if len(reg.Records()) != 14500 {
		t.Errorf("records = %d", len(reg.Records()))
	}
	if !strings.Contains(choice.Describe(), "cached IANA download, data to 2026-02-25 (fetched 2026-03-02 09:30 from http://") {
		t.Errorf("describe = %q", choice.Describe())
	}

	d, err := res.Diff()
	if err != nil || d == nil {
		t.Fatalf("diff = %v, %v", d, err)
	}
	if d.Old.Kind != "embedded" || d.New.Date != "2026-02-25" {
		t.Errorf("diff sources %+v -> %+v", d.Old, d.New)
	}
	// The embedded snapshot is this file plus the npm assignments newer than
	// it: those are all that differ.
	found := false
	for _, e := range d.ForPort(4480) {
		found = found || e.Service == "agtp" && e.Protocol == "tcp" && e.Kind == registry.Removed
	}
	if !found || d.Counts.Added != 0 || d.Counts.Changed != 0 {
		t.Errorf("the diff is not just the newer npm assignments (4480/tcp agtp) removed: %+v, %+v", d.Counts, d.ForPort(4480))
	}

	// The second update: If-None-Match is sent, the server says 304, and
	// nothing changes.
	stat1, _ := os.Stat(filepath.Join(dir, update.CachedCSVName))
	clock = clock.Add(time.Hour)
	res2, err := u.Update(context.Background(), nil)
	if err != nil {
		t.Fatalf("second update: %v", err)
	}
	if res2.Outcome != update.Current || res2.Message != "Already up to date (server said not modified)" || res2.HTTPStatus != 304 {
		t.Errorf("second update = %+v", res2)
	}
	if res2.Source != reg.Source() || res2.Previous != reg.Source() || res2.Records != 14500 {
		t.Errorf("second update sources %+v / %+v, want %+v", res2.Source, res2.Previous, reg.Source())
	}
	if d, _ := res2.Diff(); d != nil {
		t.Errorf("a 304 has a diff: %s", d.Summary())
	}
	srv.mu.Lock()
	inm, answers := slices.Clone(srv.inm), slices.Clone(srv.answers)
	srv.mu.Unlock()
	if !slices.Equal(inm, []string{"", `"iana-2026-02-25"`}) || !slices.Equal(answers, []int{200, 304}) {
		t.Errorf("If-None-Match sent %q, answers %v", inm, answers)
	}
	stat2, _ := os.Stat(filepath.Join(dir, update.CachedCSVName))
	if !stat2.ModTime().Equal(stat1.ModTime()) || stat2.Size() != stat1.Size() {
		t.Error("a 304 rewrote the cached copy")
	}
	meta, err := u.Meta()
	if err != nil || meta.ETag != `"iana-2026-02-25"` || !meta.Fetched.Equal(clock.Add(-time.Hour)) || !meta.LastCheck.Equal(clock) ||
		meta.LastOutcome != update.Current || meta.Records != 14500 || meta.Date != "2026-02-25" {
		t.Errorf("meta after 304 = %+v, %v", meta, err)
	}
	if reg2, _, _ := model.LoadRegistry(""); reg2.Source() != reg.Source() {
		t.Errorf("after the 304 LoadRegistry picked %+v", reg2.Source())
	}
	updNoTemp(t, dir)
}

// A server that ignores validators and sends the same file again: up to
// date, no rewrite.
func TestUpdateSameFileAgain(t *testing.T) {
	dir := t.TempDir()
	body := updSynthetic(updSeedRecords, "2025-01-01")
	var inm []string
	var mu sync.Mutex
	ts := updServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		inm = append(inm, r.Header.Get("If-None-Match")+"|"+r.Header.Get("If-Modified-Since"))
		mu.Unlock()
		w.Write(body) // no ETag, no Last-Modified, no Content-Length (chunked)
	}))
	u := &update.Updater{URL: ts.URL, CacheDir: dir, Timeout: 10 * time.Second, Force: true} // made up: shares nothing with the embedded registry
	var totals []int64
	res, err := u.Update(context.Background(), func(done, total int64) { totals = append(totals, total) })
	if err != nil || res.Outcome != update.Replaced {
		t.Fatalf("first update: %+v %v", res, err)
	}
	if !strings.HasPrefix(res.Message, "Updated: 15,000 records, data to 2025-01-01 (was: embedded snapshot") {
		t.Errorf("message = %q", res.Message)
	}
	if len(totals) == 0 || slices.ContainsFunc(totals, func(n int64) bool { return n != -1 }) {
		t.Errorf("progress totals = %v, want -1 (unknown) throughout", totals)
	}
	res, err = u.Update(context.Background(), nil)
	if err != nil || res.Outcome != update.Current || res.Message != "Already up to date (the download is the same as the cached copy)" {
		t.Errorf("second update: %+v %v", res, err)
	}
	if !slices.Equal(inm, []string{"|", "|"}) {
		t.Errorf("conditional headers sent without validators: %q", inm)
	}
	updNoTemp(t, dir)
}

// Each bad answer leaves the registry in use as it was, says why, and
// leaves no temporary file.
func TestUpdateFailuresKeepTheRegistry(t *testing.T) {
	good := updSynthetic(updSeedRecords+1000, "2026-01-01")
	const big = 40 << 20
	type tcase struct {
		name    string
		handler http.HandlerFunc
		timeout time.Duration
		words   []string
	}
	cases := []tcase{
		{"html page", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, "<!DOCTYPE html><html><head><title>Maintenance</title></head><body>Back soon</body></html>")
		}, 0, []string{"the server sent a web page, not the registry"}},
		{"html page sent as csv", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/csv")
			fmt.Fprint(w, "\n  <html><body>Error 503</body></html>")
		}, 0, []string{"the server sent a web page, not the registry"}},
		{"500", func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "boom", http.StatusInternalServerError)
		}, 0, []string{"the server answered 500 Internal Server Error"}},
		{"404", func(w http.ResponseWriter, r *http.Request) {
			http.NotFound(w, r)
		}, 0, []string{"the server answered 404 Not Found"}},
		{"cut in half", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", strconv.Itoa(len(good)))
			w.Write(good[:len(good)/2])
			w.(http.Flusher).Flush()
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				conn.Close()
			}
		}, 0, []string{"the download was cut off after", "of " + registry.Thousands(int64(len(good))) + " bytes"}},
		{"40 MiB with its length", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", strconv.Itoa(big))
			updWriteBig(w, big)
		}, 0, []string{"the file is 40 MiB, larger than the 16 MiB limit"}},
		{"40 MiB without a length", func(w http.ResponseWriter, r *http.Request) {
			updWriteBig(w, big)
		}, 0, []string{"the download grew past the 16 MiB limit"}},
		{"hangs", func(w http.ResponseWriter, r *http.Request) {
			<-r.Context().Done() // until the client gives up or the test ends
		}, 300 * time.Millisecond, []string{"the server did not answer within 300ms (timed out)"}},
		{"stalls halfway", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", strconv.Itoa(len(good)))
			w.Write(good[:len(good)/2])
			w.(http.Flusher).Flush()
			<-r.Context().Done()
		}, 300 * time.Millisecond, []string{"the download timed out after 300ms"}},
		{"too few records", func(w http.ResponseWriter, r *http.Request) {
			w.Write(updSynthetic(120, "2026-01-01"))
		}, 0, []string{"the download holds only 120 records (IANA's registry has over 5,000): it is not complete"}},
		{"many unreadable rows", func(w http.ResponseWriter, r *http.Request) {
			body := bytes.Replace(updSynthetic(updSeedRecords+1000, "2026-01-01"), []byte(",tcp,"), []byte(",ip,"), 300)
			w.Write(body)
		}, 0, []string{"300 of its 16,000 rows cannot be read"}},
		{"cut at a line end, no length", func(w http.ResponseWriter, r *http.Request) {
			w.Write(updSynthetic(8000, "2026-01-01")) // as if the connection dropped after 8,000 rows
		}, 0, []string{"it holds 8,000 distinct records where the registry in use has ", " records of the registry in use would vanish ("}},
		{"not csv", func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, "ssh 22/tcp\nhttp 80/tcp\n")
		}, 0, []string{`the download is not IANA's CSV registry (it begins "ssh 22/tcp")`}},
		{"a header and nothing else", func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, updHeader)
		}, 0, []string{"holds IANA's CSV header but no records"}},
	}
	// One real update makes the cached copy that the seeded cases start
	// from; each case gets its own copy of the folder.
	template := t.TempDir()
	seedBody := updSeed(t, template)
	for _, seeded := range []bool{false, true} {
		for _, c := range cases {
			name := c.name + map[bool]string{false: " over embedded", true: " over a cached copy"}[seeded]
			t.Run(name, func(t *testing.T) {
				dir := t.TempDir()
				var before []byte
				if seeded {
					before = seedBody
					for _, name := range []string{update.CachedCSVName, update.CacheMetaName} {
						data, err := os.ReadFile(filepath.Join(template, name))
						if err != nil {
							t.Fatal(err)
						}
						if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
							t.Fatal(err)
						}
					}
				}
				_, choiceBefore := updInUse(t, dir)
				metaBefore, _ := update.ReadMeta(dir)
				ts := updServer(t, c.handler)
				timeout := c.timeout
				if timeout == 0 {
					timeout = 20 * time.Second
				}
				u := &update.Updater{URL: ts.URL + "/registry.csv", CacheDir: dir, Timeout: timeout}
				// Should the updater's own timeout fail, this one ends the
				// update (as "cancelled", which the words below reject).
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				defer cancel()
				res, err := u.Update(ctx, nil)
				var ue *update.Error
				if !errors.As(err, &ue) || res == nil || res.Outcome != update.Failed {
					t.Fatalf("update = %+v, %v; want a failure", res, err)
				}
				keeping := "; keeping " + choiceBefore.Source.String()
				if !strings.HasPrefix(res.Message, "Update failed: ") || !strings.HasSuffix(res.Message, keeping) {
					t.Errorf("message = %q, want \"Update failed: ...%s\"", res.Message, keeping)
				}
				for _, w := range c.words {
					if !strings.Contains(res.Message, w) {
						t.Errorf("message = %q, want it to say %q", res.Message, w)
					}
				}
				if ue.Error() != res.Message || res.Registry != nil || res.Source != choiceBefore.Source {
					t.Errorf("error %q, result %+v", ue.Error(), res)
				}
				reg, choice := updInUse(t, dir)
				if choice.Origin != choiceBefore.Origin || choice.Source != choiceBefore.Source || choice.Note != "" {
					t.Errorf("in use after: %+v, before: %+v", choice, choiceBefore)
				}
				if seeded {
					if len(reg.Records()) != updSeedRecords {
						t.Errorf("the cached copy has %d records, want %d", len(reg.Records()), updSeedRecords)
					}
					if after, _ := os.ReadFile(filepath.Join(dir, update.CachedCSVName)); !bytes.Equal(after, before) {
						t.Error("the cached copy changed")
					}
				} else if choice.Origin != model.OriginEmbedded {
					t.Errorf("origin = %v, want embedded", choice.Origin)
				}
				meta, err := update.ReadMeta(dir)
				if err != nil || meta.LastOutcome != update.Failed || meta.LastMessage != res.Message || meta.ETag != metaBefore.ETag ||
					meta.SHA256 != metaBefore.SHA256 || meta.LastCheck.IsZero() {
					t.Errorf("meta after the failure = %+v (%v), before %+v", meta, err, metaBefore)
				}
				updNoTemp(t, dir)
			})
		}
	}
}

// updWriteBig sends a valid-looking registry that goes on for n bytes.
func updWriteBig(w http.ResponseWriter, n int) {
	row := []byte("bulk,1,tcp,Bulk,,,,,,,,\n")
	buf := bytes.Repeat(row, 4096)
	written, _ := w.Write([]byte(updHeader))
	for written < n {
		k, err := w.Write(buf[:min(len(buf), n-written)])
		if err != nil {
			return
		}
		written += k
	}
}

func TestUpdateWriteFailureRemovesTemp(t *testing.T) {
	dir := t.TempDir()
	before := updSeed(t, dir)
	var tmpSeen string
	ts := updServer(t, &updServe{body: updSynthetic(updSeedRecords+1000, "2026-01-01")})
	u := &update.Updater{URL: ts.URL, CacheDir: dir, Timeout: 10 * time.Second}
	update.SetBeforeRename(u, func(tmp string) error {
		if strings.HasPrefix(filepath.Base(tmp), update.CachedCSVName) {
			tmpSeen = tmp
			return errors.New("disk full (test)")
		}
		return nil
	})
	res, err := u.Update(context.Background(), nil)
	if err == nil || !strings.Contains(res.Message, "cannot save the download in "+dir+": disk full (test)") {
		t.Fatalf("update = %+v, %v", res, err)
	}
	if tmpSeen == "" {
		t.Fatal("the hook never ran")
	}
	if _, err := os.Stat(tmpSeen); !os.IsNotExist(err) {
		t.Errorf("the temporary file %s is left behind", tmpSeen)
	}
	if after, _ := os.ReadFile(filepath.Join(dir, update.CachedCSVName)); !bytes.Equal(after, before) {
		t.Error("the cached copy changed")
	}
	updNoTemp(t, dir)
}

func TestUpdateRefusesUnsafeAddresses(t *testing.T) {
	dir := t.TempDir()
	redirect := updServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://registry.example.invalid/ports.csv", http.StatusFound)
	}))
	for url, words := range map[string]string{
		"http://www.iana.org/assignments/x.csv": `"http://www.iana.org/assignments/x.csv" is not an https address`,
		"ftp://127.0.0.1/x.csv":                 "is not an https address",
		"service-names-port-numbers.csv":        "is not a web address",
		redirect.URL:                            "the server redirected to http://registry.example.invalid/ports.csv, which is not an https address",
	} {
		u := &update.Updater{URL: url, CacheDir: dir, Timeout: 5 * time.Second}
		res, err := u.Update(context.Background(), nil)
		if err == nil || !strings.Contains(res.Message, words) || !strings.HasSuffix(res.Message, "; keeping embedded snapshot, data to 2026-07") {
			t.Errorf("%s: %q, %v; want it to say %q", url, res.Message, err, words)
		}
	}
	updNoTemp(t, dir)
}

func TestUpdateCancelled(t *testing.T) {
	ts := updServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }))
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	u := &update.Updater{URL: ts.URL, CacheDir: t.TempDir(), Timeout: 20 * time.Second}
	res, err := u.Update(ctx, nil)
	if err == nil || res.Message != "Update failed: the update was cancelled; keeping embedded snapshot, data to 2026-07" {
		t.Errorf("update = %q, %v", res.Message, err)
	}
}

func TestCheckDue(t *testing.T) {
	now := time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		last time.Time
		want bool
	}{
		{time.Time{}, true},
		{now.Add(-time.Hour), false},
		{now.Add(-update.CheckInterval + time.Minute), false},
		{now.Add(-update.CheckInterval), true},
		{now.Add(-30 * 24 * time.Hour), true},
		{now.Add(2 * time.Hour), false},
		{now.Add(48 * time.Hour), true}, // the clock was set back
	} {
		if got := update.CheckDue(c.last, now); got != c.want {
			t.Errorf("CheckDue(%v, %v) = %v, want %v", c.last, now, got, c.want)
		}
	}
	// The updater keeps the time of its last check in the cache folder,
	// whatever the outcome.
	dir := t.TempDir()
	u := &update.Updater{URL: "http://127.0.0.1:1/none.csv", CacheDir: dir, Timeout: 2 * time.Second, Now: func() time.Time { return now }}
	if !u.CheckDue(now) || !u.LastCheck().IsZero() {
		t.Fatal("a fresh cache folder should be due for a check")
	}
	if _, err := u.Update(context.Background(), nil); err == nil {
		t.Fatal("an update from a closed port succeeded")
	}
	if !u.LastCheck().Equal(now) {
		t.Errorf("last check = %v, want %v", u.LastCheck(), now)
	}
	if u.CheckDue(now.Add(6*24*time.Hour)) || !u.CheckDue(now.Add(7*24*time.Hour)) {
		t.Error("the next check should be due a week later, not before")
	}
	if (&update.Updater{CacheDir: filepath.Join(dir, "elsewhere")}).LastCheck() != (time.Time{}) {
		t.Error("another folder has no last check")
	}
}

// A cached copy whose metadata does not match (replaced by hand, or a crash
// between the two renames) is not used: the embedded snapshot is, with a
// note; an update then sends no validators and replaces the snapshot.
func TestUpdateMetadataMismatch(t *testing.T) {
	dir := t.TempDir()
	updSeed(t, dir)
	other := updSynthetic(updSeedRecords-1000, "2025-06-01")
	if err := os.WriteFile(filepath.Join(dir, update.CachedCSVName), other, 0o644); err != nil {
		t.Fatal(err)
	}
	_, choice := updInUse(t, dir)
	if choice.Origin != model.OriginEmbedded || !strings.Contains(choice.Note, "is damaged: it is "+update.SizeText(int64(len(other)))+" where ") {
		t.Fatalf("in use: %+v", choice)
	}
	srv := &updServe{body: updSynthetic(updSeedRecords, "2025-01-01"), etag: `"seed"`}
	ts := updServer(t, srv)
	u := &update.Updater{URL: ts.URL + "/seed.csv", CacheDir: dir, Timeout: 10 * time.Second, Force: true}
	res, err := u.Update(context.Background(), nil)
	if err != nil || res.Outcome != update.Replaced || !strings.Contains(res.Message, "(was: embedded snapshot, data to 2026-07)") {
		t.Errorf("update = %+v, %v", res, err)
	}
	srv.mu.Lock()
	defer srv.mu.Unlock()
	if !slices.Equal(srv.inm, []string{""}) {
		t.Errorf("If-None-Match = %q, want none for a copy the metadata does not describe", srv.inm)
	}
	if _, choice := updInUse(t, dir); choice.Origin != model.OriginCache || choice.Note != "" {
		t.Errorf("after the update: %+v", choice)
	}
}

func TestCacheDirSetting(t *testing.T) {
	t.Setenv(update.CacheDirEnv, "/tmp/portolan-test-cache")
	if d, err := update.CacheDir(); err != nil || d != "/tmp/portolan-test-cache" {
		t.Errorf("CacheDir = %q, %v", d, err)
	}
	t.Setenv(update.CacheDirEnv, "")
	base, err := os.UserCacheDir()
	if d, err2 := update.CacheDir(); err == nil && (err2 != nil || d != filepath.Join(base, "portolan")) {
		t.Errorf("CacheDir = %q, %v; want %s/portolan", d, err2, base)
	}
}

func TestSizeAndCountWords(t *testing.T) {
	for n, want := range map[int64]string{16 << 20: "16 MiB", 40 << 20: "40 MiB", 1137763: "1.1 MiB", 4096: "4 KiB", 2047: "2 KiB",
		512: "512 bytes", 1: "1 byte", 0: "0 bytes"} {
		if got := update.SizeText(n); got != want {
			t.Errorf("SizeText(%d) = %q, want %q", n, got, want)
		}
	}
	for d, want := range map[time.Duration]string{300 * time.Millisecond: "300ms", time.Minute: "1 minute", 2 * time.Minute: "2 minutes",
		45 * time.Second: "45 seconds", time.Second: "1 second", 90 * time.Second: "90 seconds", 1500 * time.Millisecond: "1.5s"} {
		if got := update.DurationText(d); got != want {
			t.Errorf("update.DurationText(%v) = %q, want %q", d, got, want)
		}
	}
	if got := registry.Thousands(1137763); got != "1,137,763" {
		t.Errorf("thousands = %q", got)
	}
}
