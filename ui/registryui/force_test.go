package registryui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/portolan/portolan/model/update"
)

// A download that would shrink the registry in use is refused, and the
// dialog offers to take it anyway, saying what would vanish; taking it
// downloads again with Updater.Force and replaces the registry.
func TestUpdateDialogTakeItAnyway(t *testing.T) {
	q := useUIQueue(t)
	_, w := newWindow(t)
	srv := newServer(t, &server{body: syntheticCSV(6000)}) // fewer records than the embedded snapshot
	dir := t.TempDir()
	u := &update.Updater{URL: srv.URL, CacheDir: dir, Timeout: 10 * time.Second}
	var results []*update.Result
	runUpdate(w, u, func(r *update.Result) { results = append(results, r) })
	q.pump(t, "the refusal", 10*time.Second, func() bool { return len(results) > 0 })

	res := results[0]
	if res.Outcome != update.Failed || !res.Forceable {
		t.Fatalf("outcome %q, forceable %v: %s", res.Outcome, res.Forceable, res.Message)
	}
	objs := overlayObjects(w)
	text := strings.Join(visibleTexts(objs), "\n")
	for _, want := range []string{"would vanish", "Take it anyway downloads it again and uses it all the same"} {
		if !strings.Contains(text, want) {
			t.Errorf("the refusal lacks %q:\n%s", want, text)
		}
	}
	if got := buttonTexts(objs); len(got) != 2 || got[0] != "Take it anyway" || got[1] != "Close" {
		t.Fatalf("buttons %q, want Take it anyway, Close", got)
	}
	if u.Force {
		t.Error("the window's own updater was set to force")
	}

	test.Tap(findButton(objs, "Take it anyway"))
	q.pump(t, "the forced update", 10*time.Second, func() bool { return len(results) > 1 })
	res = results[1]
	if res.Outcome != update.Replaced || !res.Forced || res.Registry == nil {
		t.Fatalf("forced outcome %q, forced %v: %s", res.Outcome, res.Forced, res.Message)
	}
	if _, err := os.Stat(filepath.Join(dir, update.CachedCSVName)); err != nil {
		t.Errorf("the forced download is not the cached registry: %v", err)
	}
	text = strings.Join(visibleTexts(overlayObjects(w)), "\n")
	if !strings.Contains(text, "The port registry was updated") || !strings.Contains(text, "forced, although") {
		t.Errorf("after taking it anyway the dialog says:\n%s", text)
	}
	if u.Force {
		t.Error("taking it anyway left the window's own updater forcing every later update")
	}
}

// A refusal that forcing cannot override (not IANA's registry at all)
// offers no such button.
func TestUpdateDialogNoForceForBadDownloads(t *testing.T) {
	q := useUIQueue(t)
	_, w := newWindow(t)
	srv := newServer(t, &server{body: syntheticCSV(100)})
	u := &update.Updater{URL: srv.URL, CacheDir: t.TempDir(), Timeout: 10 * time.Second}
	var results []*update.Result
	d := runUpdate(w, u, func(r *update.Result) { results = append(results, r) })
	q.pump(t, "the refusal", 10*time.Second, func() bool { return len(results) > 0 })
	if results[0].Forceable {
		t.Fatalf("100 records are forceable: %s", results[0].Message)
	}
	if got := buttonTexts(overlayObjects(w)); len(got) != 1 || got[0] != "Close" {
		t.Errorf("buttons %q, want Close alone", got)
	}
	d.TakeAnyway() // does nothing
	if d.Result() != results[0] || len(results) != 1 {
		t.Error("TakeAnyway ran an update that forcing cannot take")
	}
}

// The window's context ends an update when the app stops: the download
// stops and nothing is shown or reported after.
func TestUpdateDialogEndsWithTheWindow(t *testing.T) {
	q := useUIQueue(t)
	_, w := newWindow(t)
	s := &server{body: syntheticCSV(syntheticRecords), noLength: true, release: make(chan struct{})}
	srv := newServer(t, s)
	defer close(s.release)
	u := &update.Updater{URL: srv.URL, CacheDir: t.TempDir(), Timeout: 30 * time.Second}
	var results []*update.Result
	d := NewUpdateDialog(w, u, func(r *update.Result) { results = append(results, r) })
	ctx, stop := context.WithCancel(context.Background())
	d.Context = ctx
	var received int64
	d.shown = func(done, total int64) { received = done }
	d.Start()
	q.pump(t, "bytes received", 20*time.Second, func() bool { return received > 0 })

	stop() // the app stopped
	select {
	case <-d.over:
	case <-time.After(20 * time.Second):
		t.Fatal("the update goes on after the window's context ended")
	}
	q.settle(2 * progressInterval)
	if len(results) != 0 || d.Result() != nil {
		t.Errorf("a result was shown or reported after the window stopped: %v", results)
	}
}
