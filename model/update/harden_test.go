package update_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/portolan/portolan/model"
	"github.com/portolan/portolan/model/update"
	"github.com/portolan/portolan/registry"
	"github.com/portolan/portolan/registry/ianatest"
)

// ianaCutAt is IANA's file cut at the line end after share of its lines,
// as a connection that drops between two rows leaves it.
func ianaCutAt(t *testing.T, body []byte, share float64) []byte {
	t.Helper()
	lines := bytes.Count(body, []byte("\n"))
	want, end := int(float64(lines)*share), 0
	for i := 0; i < want; i++ {
		end += bytes.IndexByte(body[end:], '\n') + 1
	}
	return body[:end]
}

// updNoLength serves body without a Content-Length, so the client cannot
// tell a cut from the end.
func updNoLength(body []byte) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/csv")
		w.Write(body)
		w.(http.Flusher).Flush()
	}
}

// updSeedIANA makes IANA's file (14,500 records) the cached copy.
func updSeedIANA(t *testing.T, dir string) []byte {
	t.Helper()
	body, err := os.ReadFile(ianatest.Path(t))
	if err != nil {
		t.Fatal(err)
	}
	ts := updServer(t, updNoLength(body))
	u := &update.Updater{URL: ts.URL, CacheDir: dir, Timeout: 20 * time.Second}
	if res, err := u.Update(context.Background(), nil); err != nil || res.Outcome != update.Replaced {
		t.Fatalf("seeding the cache with IANA's file: %+v %v", res, err)
	}
	return body
}

// The items 1 and 2: a download cut at a line end (84 % of IANA's
// file, no Content-Length) and one row repeated 11,000 times no longer
// replace the registry; the cut one is taken only when forced, and a
// stalled download times out. Each refusal leaves the cached copy byte for
// byte.
func TestUpdateRefusesShrinkUnlessForced(t *testing.T) {
	dir := t.TempDir()
	iana := updSeedIANA(t, dir)
	cut := ianaCutAt(t, iana, 0.84)
	repeated := append([]byte(updHeader), bytes.Repeat([]byte("ssh,22,tcp,The Secure Shell (SSH) Protocol,,,,,[RFC4251],,,\n"), 11000)...)
	stall := func(w http.ResponseWriter, r *http.Request) {
		w.Write(iana[:len(iana)/2])
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	}
	for _, c := range []struct {
		name    string
		handler http.HandlerFunc
		force   bool
		timeout time.Duration
		words   []string
		refused bool // by the registry check: Force would take it
	}{
		{"cut at a line end", updNoLength(cut), false, 0, []string{"it holds 12,", " distinct records where the registry in use has 14,499; ",
			" records of the registry in use would vanish (", "it looks cut short; keeping IANA download of "}, true},
		{"one row 11,000 times", updNoLength(repeated), false, 0,
			[]string{"the download holds only 1 distinct record in its 11,000 rows (IANA's registry has over 5,000): it is not complete"}, false},
		{"one row 11,000 times, forced", updNoLength(repeated), true, 0, []string{"only 1 distinct record in its 11,000 rows"}, false},
		{"stalls without a length", stall, true, 300 * time.Millisecond, []string{"the download timed out after 300ms"}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			ts := updServer(t, c.handler)
			timeout := c.timeout
			if timeout == 0 {
				timeout = 20 * time.Second
			}
			u := &update.Updater{URL: ts.URL, CacheDir: dir, Timeout: timeout, Force: c.force}
			res, err := u.Update(context.Background(), nil)
			if err == nil || res.Outcome != update.Failed {
				t.Fatalf("update = %+v, %v; want a refusal", res, err)
			}
			for _, w := range c.words {
				if !strings.Contains(res.Message, w) {
					t.Errorf("message = %q, want it to say %q", res.Message, w)
				}
			}
			if res.Forceable != c.refused || errors.Is(err, update.ErrRefused) != c.refused || (len(res.Refusals) > 0) != c.refused {
				t.Errorf("forceable %v, refusals %q, error %v; want forceable = %v", res.Forceable, res.Refusals, err, c.refused)
			}
			if after, _ := os.ReadFile(filepath.Join(dir, update.CachedCSVName)); !bytes.Equal(after, iana) {
				t.Error("the cached copy changed")
			}
			reg, choice := updInUse(t, dir)
			if choice.Origin != model.OriginCache || len(reg.Records()) != 14500 || reg.Status(80, registry.TCP) != registry.Assigned {
				t.Errorf("in use: %+v with %d records, port 80 %v", choice, len(reg.Records()), reg.Status(80, registry.TCP))
			}
			updNoTemp(t, dir)
		})
	}

	// Forced, the cut download is taken, and the message says what it
	// overrode.
	ts := updServer(t, updNoLength(cut))
	u := &update.Updater{URL: ts.URL, CacheDir: dir, Timeout: 20 * time.Second, Force: true}
	res, err := u.Update(context.Background(), nil)
	if err != nil || res.Outcome != update.Replaced || !res.Forced || len(res.Refusals) == 0 ||
		!strings.Contains(res.Message, "; forced, although it holds 12,") {
		t.Fatalf("forced update = %+v, %v", res, err)
	}
	if reg, _ := updInUse(t, dir); len(reg.Records()) >= 14500 {
		t.Errorf("after the forced update %d records are in use", len(reg.Records()))
	}
}

// Over the embedded snapshot (no download yet) a cut file is refused too.
func TestUpdateRefusesShrinkOverEmbedded(t *testing.T) {
	iana, err := os.ReadFile(ianatest.Path(t))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	ts := updServer(t, updNoLength(ianaCutAt(t, iana, 0.84)))
	u := &update.Updater{URL: ts.URL, CacheDir: dir, Timeout: 20 * time.Second}
	res, err := u.Update(context.Background(), nil)
	emb, err2 := registry.Embedded()
	if err2 != nil {
		t.Fatal(err2)
	}
	had := registry.Thousands(int64(update.DistinctRecords(emb)))
	if !errors.Is(err, update.ErrRefused) || !res.Forceable ||
		!strings.Contains(res.Message, "distinct records where the registry in use has "+had+"; ") {
		t.Fatalf("update = %q, %v", res.Message, err)
	}
	if _, choice := updInUse(t, dir); choice.Origin != model.OriginEmbedded {
		t.Errorf("in use: %+v", choice)
	}
}

// The registry check is a seam: the lead plugs in a richer comparison; a
// check's findings refuse, and a check that finds nothing lets through what
// ShrinkCheck would refuse.
func TestUpdateCheckSeam(t *testing.T) {
	var gotCurrent, gotCandidate int
	findings := []string{"the download lost its last rows"}
	check := func(current, candidate *registry.Registry) []string {
		gotCurrent, gotCandidate = len(current.Records()), len(candidate.Records())
		return findings
	}
	dir := t.TempDir()
	ts := updServer(t, updNoLength(updSynthetic(updSeedRecords, "2025-01-01")))
	u := &update.Updater{URL: ts.URL, CacheDir: dir, Timeout: 20 * time.Second, Check: check}
	res, err := u.Update(context.Background(), nil)
	if !errors.Is(err, update.ErrRefused) || res.Message != "Update failed: the download lost its last rows; keeping embedded snapshot, data to 2026-07" {
		t.Errorf("update = %q, %v", res.Message, err)
	}
	emb, err := registry.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	if gotCurrent != len(emb.Records()) || gotCandidate != updSeedRecords {
		t.Errorf("the check saw %d current and %d candidate records", gotCurrent, gotCandidate)
	}
	findings = nil
	ts = updServer(t, updNoLength(updSynthetic(8000, "2025-01-01")))
	u = &update.Updater{URL: ts.URL, CacheDir: dir, Timeout: 20 * time.Second, Check: check}
	if res, err := u.Update(context.Background(), nil); err != nil || res.Outcome != update.Replaced || res.Forced {
		t.Errorf("with a check that finds nothing: %+v, %v", res, err)
	}
}

func TestDistinctRecords(t *testing.T) {
	reg, err := registry.ParseFormat(bytes.NewReader([]byte(updHeader+
		"ssh,22,tcp,SSH,,,,,,,,\n"+
		"SSH,22,tcp,SSH again,,,,,,,,\n"+ // the same record: names are case-blind
		"ssh,22,udp,SSH,,,,,,,,\n"+
		",6000-6063,tcp,Unassigned,,,,,,,,\n"+
		",6000-6063,tcp,Unassigned,,,,,,,,\n"+
		"rdp,,,No port,,,,,,,,\n")), registry.FormatCSV, "t")
	if err != nil {
		t.Fatal(err)
	}
	if n := update.DistinctRecords(reg); len(reg.Records()) != 6 || n != 4 {
		t.Errorf("%d rows, %d distinct; want 6 and 4", len(reg.Records()), n)
	}
}

// Item 4: a cached copy that is not the file downloaded (cut to its
// header, so that port 22 would read "unassigned") is not used: the
// embedded snapshot is, and the choice says why.
func TestDamagedCacheFallsBackToEmbedded(t *testing.T) {
	dir := t.TempDir()
	updSeedIANA(t, dir)
	path := filepath.Join(dir, update.CachedCSVName)
	damaged := updHeader + ",22,tcp,Unassigned,,,,,,,,\n"
	if err := os.WriteFile(path, []byte(damaged), 0o644); err != nil {
		t.Fatal(err)
	}
	reg, choice := updInUse(t, dir)
	if choice.Origin != model.OriginEmbedded || reg.Status(22, registry.TCP) != registry.Assigned {
		t.Fatalf("a damaged cache is in use: %+v, port 22 %v", choice, reg.Status(22, registry.TCP))
	}
	want := "the cached download " + path + " is damaged: it is " + update.SizeText(int64(len(damaged))) + " where 1.1 MiB was downloaded; using the embedded snapshot until an update fetches the registry again"
	if choice.Note != want {
		t.Errorf("note = %q\nwant   %q", choice.Note, want)
	}
	if _, _, err := update.LoadCached(dir); !errors.Is(err, update.ErrCacheDamaged) {
		t.Errorf("LoadCached = %v, want ErrCacheDamaged", err)
	}
	// The same size but other bytes.
	data, _ := os.ReadFile(ianatest.Path(t))
	data = bytes.Replace(data, []byte("ssh,22,tcp,"), []byte("xxx,22,tcp,"), 1)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, choice := updInUse(t, dir); choice.Origin != model.OriginEmbedded ||
		!strings.Contains(choice.Note, "is damaged: its SHA-256 is not the one recorded when it was downloaded") {
		t.Errorf("edited cache: %+v", choice)
	}
	// No metadata at all: no checksum to vouch for the file.
	if err := os.Remove(filepath.Join(dir, update.CacheMetaName)); err != nil {
		t.Fatal(err)
	}
	if _, choice := updInUse(t, dir); choice.Origin != model.OriginEmbedded || !strings.Contains(choice.Note, "no checksum was recorded for it") {
		t.Errorf("cache without metadata: %+v", choice)
	}
}

// Item 7: a temporary file left by an update killed before its rename is
// removed when the registry is next loaded or updated.
func TestStaleTemporaryFilesRemovedAtStart(t *testing.T) {
	dir := t.TempDir()
	updSeed(t, dir)
	dead := exitedPID(t)
	leftover := func() string {
		p := filepath.Join(dir, update.CachedCSVName+"."+dead+".4242.tmp")
		if err := os.WriteFile(p, []byte(updHeader+"half a regis"), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	p := leftover()
	if _, choice := updInUse(t, dir); choice.Origin != model.OriginCache {
		t.Fatalf("in use: %+v", choice)
	}
	if _, err := os.Stat(p); !os.IsNotExist(err) {
		t.Errorf("loading the registry left %s", p)
	}
	p = leftover()
	old := filepath.Join(dir, update.CacheMetaName+".99.tmp") // the old naming, a day old
	if err := os.WriteFile(old, []byte("{"), 0o600); err != nil {
		t.Fatal(err)
	}
	day := time.Now().Add(-24 * time.Hour)
	os.Chtimes(old, day, day)
	u := &update.Updater{URL: "http://127.0.0.1:1/none.csv", CacheDir: dir, Timeout: 2 * time.Second}
	if _, err := u.Update(context.Background(), nil); err == nil {
		t.Fatal("an update from a closed port succeeded")
	}
	for _, f := range []string{p, old} {
		if _, err := os.Stat(f); !os.IsNotExist(err) {
			t.Errorf("the update left %s", f)
		}
	}
	updNoTemp(t, dir)
}

// exitedPID is the PID of a process that has ended.
func exitedPID(t *testing.T) string {
	t.Helper()
	p, err := os.StartProcess("/bin/true", []string{"true"}, &os.ProcAttr{})
	if err != nil {
		t.Skipf("cannot start a process: %v", err)
	}
	if _, err := p.Wait(); err != nil {
		t.Fatal(err)
	}
	return strconv.Itoa(p.Pid)
}
