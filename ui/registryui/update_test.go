package registryui

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"github.com/portolan/portolan/model/update"
)

// The dialog shows the download's progress (a bar, as the server sends a
// length), then the success message, and calls onDone once, on the UI
// goroutine, with the new registry.
func TestUpdateDialogProgressThenSuccess(t *testing.T) {
	q := useUIQueue(t)
	_, w := newWindow(t)
	s := &server{body: ianaCSV(t), release: make(chan struct{})}
	srv := newServer(t, s)
	dir := t.TempDir()
	u := &update.Updater{URL: srv.URL + "/service-names-port-numbers.csv", CacheDir: dir, Timeout: 30 * time.Second}

	var results []*update.Result
	var onUI []bool
	d := NewUpdateDialog(w, u, func(r *update.Result) {
		results = append(results, r)
		onUI = append(onUI, q.inPump)
	})
	var shown [][2]int64
	d.shown = func(done, total int64) { shown = append(shown, [2]int64{done, total}) }
	var selected []uint16
	d.OnSelectPort = func(p uint16) { selected = append(selected, p) }
	start := time.Now()
	d.Start()

	// Half the file is there; the server holds the rest back.
	q.pump(t, "the bar half way", 20*time.Second, func() bool {
		return d.bar.Visible() && d.bar.Value > 0 && d.bar.Value < 1
	})
	objs := overlayObjects(w)
	if objs == nil {
		t.Fatal("no dialog is open")
	}
	texts := visibleTexts(objs)
	if !containsText(texts, "Downloading the port registry from 127.0.0.1") {
		t.Errorf("the dialog does not say where it downloads from: %q", texts)
	}
	if want := update.SizeText(int64(len(s.body)/2)) + " of " + update.SizeText(int64(len(s.body))); !containsText(texts, want) {
		t.Errorf("the dialog lacks %q: %q", want, texts)
	}
	if d.spinner.Visible() {
		t.Error("the endless bar is still shown though the length is known")
	}
	if b := findButton(objs, "Cancel"); b == nil || b.Disabled() {
		t.Errorf("no Cancel button while the update runs: %q", buttonTexts(objs))
	}
	if len(results) != 0 {
		t.Fatal("onDone was called before the download ended")
	}

	close(s.release)
	q.pump(t, "the result", 30*time.Second, func() bool { return len(results) > 0 })
	elapsed := time.Since(start)
	q.settle(3 * progressInterval) // late reports must change nothing

	if len(results) != 1 {
		t.Fatalf("onDone was called %d times", len(results))
	}
	if !onUI[0] {
		t.Error("onDone was not called on the UI goroutine")
	}
	res := results[0]
	if res.Outcome != update.Replaced || res.Registry == nil {
		t.Fatalf("outcome %q (%s), registry %v", res.Outcome, res.Message, res.Registry)
	}
	if d.Result() != res {
		t.Error("Result() is not the result onDone got")
	}
	if !strings.HasPrefix(res.Message, "Updated: ") {
		t.Errorf("message %q", res.Message)
	}
	objs = overlayObjects(w)
	texts = visibleTexts(objs)
	for _, want := range []string{"The port registry was updated", res.Message} {
		if !containsText(texts, want) {
			t.Errorf("the dialog lacks %q: %q", want, texts)
		}
	}
	if containsText(texts, "Cancel") || containsText(texts, " of ") {
		t.Errorf("the dialog still shows the download: %q", texts)
	}
	if d.bar.Value != 1 {
		t.Errorf("the bar ends at %v", d.bar.Value)
	}
	if got := buttonTexts(objs); !slices.Equal(got, []string{"What changed…", "Close"}) {
		t.Errorf("buttons %q, want What changed…, Close", got)
	}
	if _, err := os.Stat(filepath.Join(dir, update.CachedCSVName)); err != nil {
		t.Errorf("the download was not cached: %v", err)
	}

	// Throttled: at most one update of the bar an interval, the first at
	// once and the last one merged.
	if limit := int(elapsed/progressInterval) + 2; len(shown) > limit {
		t.Errorf("the bar was updated %d times in %v (at most %d)", len(shown), elapsed, limit)
	}
	for i := 1; i < len(shown); i++ {
		if shown[i][0] < shown[i-1][0] {
			t.Errorf("progress went back: %v", shown)
		}
	}

	// "What changed" swaps the dialog for the changes from the embedded
	// snapshot to the download.
	test.Tap(findButton(objs, "What changed…"))
	var view *ChangesView
	q.pump(t, "the changes", 20*time.Second, func() bool {
		for _, o := range overlayObjects(w) {
			if v, ok := o.(*ChangesView); ok {
				view = v
			}
		}
		return view != nil
	})
	if n := len(w.Canvas().Overlays().List()); n != 1 {
		t.Errorf("%d dialogs open, want the changes only", n)
	}
	if view.Diff() == nil || view.Diff().Empty() || len(view.Shown()) == 0 {
		t.Fatal("the changes view shows no changes")
	}
	if want := "IANA download of"; !strings.Contains(view.Diff().New.Name, want) {
		t.Errorf("the diff's new registry is %q", view.Diff().New)
	}
	first := view.Shown()[0]
	view.list.Select(0)
	if first.HasPort && !slices.Equal(selected, []uint16{first.Low}) {
		t.Errorf("selected %v, want [%d]", selected, first.Low)
	}
}

// A server error: the dialog says why and that the registry in use stays;
// onDone gets the failure.
func TestUpdateDialogServerError(t *testing.T) {
	q := useUIQueue(t)
	_, w := newWindow(t)
	srv := failingServer(t, 500)
	dir := t.TempDir()
	u := &update.Updater{URL: srv.URL, CacheDir: dir, Timeout: 10 * time.Second}
	var results []*update.Result
	d := runUpdate(w, u, func(r *update.Result) { results = append(results, r) })
	q.pump(t, "the result", 10*time.Second, func() bool { return len(results) > 0 })

	res := results[0]
	if res.Outcome != update.Failed || res.Registry != nil {
		t.Fatalf("outcome %q, registry %v", res.Outcome, res.Registry)
	}
	if d.Result() != res {
		t.Error("Result() is not the result onDone got")
	}
	objs := overlayObjects(w)
	texts := visibleTexts(objs)
	for _, want := range []string{
		"The update failed",
		"The server answered 500 Internal Server Error.",
		"Portolan goes on using the registry it had: embedded snapshot, data to ",
	} {
		if !containsText(texts, want) {
			t.Errorf("the dialog lacks %q: %q", want, texts)
		}
	}
	if d.bar.Visible() || d.spinner.Visible() {
		t.Error("a progress bar is still shown after the failure")
	}
	// The dialog grew to the two paragraphs: they end above the button.
	if close := findButton(objs, "Close"); close != nil {
		assertAbove(t, d.message, close)
	}
	if got := buttonTexts(objs); len(got) != 1 || got[0] != "Close" {
		t.Errorf("buttons %q, want Close", got)
	}
	if _, err := os.Stat(filepath.Join(dir, update.CachedCSVName)); !os.IsNotExist(err) {
		t.Errorf("a failed update left a cached registry: %v", err)
	}
}

// Cancel stops the download (here of unknown length: the endless bar and
// the bytes received), and the dialog says so.
func TestUpdateDialogCancel(t *testing.T) {
	q := useUIQueue(t)
	_, w := newWindow(t)
	s := &server{body: syntheticCSV(syntheticRecords), noLength: true, release: make(chan struct{})}
	srv := newServer(t, s)
	defer close(s.release)
	u := &update.Updater{URL: srv.URL, CacheDir: t.TempDir(), Timeout: 30 * time.Second}
	var results []*update.Result
	d := NewUpdateDialog(w, u, func(r *update.Result) { results = append(results, r) })
	var received int64
	d.shown = func(done, total int64) { received = done }
	d.Start()
	q.pump(t, "bytes received", 20*time.Second, func() bool { return received > 0 })

	if !d.spinner.Visible() || d.bar.Visible() {
		t.Error("without a length the dialog should show the endless bar only")
	}
	objs := overlayObjects(w)
	if want := update.SizeText(received) + " received"; !containsText(visibleTexts(objs), want) {
		t.Errorf("the dialog lacks %q: %q", want, visibleTexts(objs))
	}
	cancel := findButton(objs, "Cancel")
	if cancel == nil {
		t.Fatalf("no Cancel button: %q", buttonTexts(objs))
	}
	test.Tap(cancel)
	if !cancel.Disabled() || d.amount.Text != "Cancelling…" {
		t.Errorf("after Cancel: button disabled %v, text %q", cancel.Disabled(), d.amount.Text)
	}
	q.pump(t, "the result", 10*time.Second, func() bool { return len(results) > 0 })

	res := results[0]
	if res.Outcome != update.Failed || res.Reason != "the update was cancelled" {
		t.Fatalf("outcome %q, reason %q", res.Outcome, res.Reason)
	}
	if texts := visibleTexts(overlayObjects(w)); !containsText(texts, "The update was cancelled.") {
		t.Errorf("the dialog does not say the update was cancelled: %q", texts)
	}
	d.Cancel() // once over, nothing happens
	q.settle(2 * progressInterval)
	if len(results) != 1 {
		t.Errorf("onDone was called %d times", len(results))
	}
}

// With Fyne's own fyne.Do (the test driver runs it at once on the
// calling goroutine): the result still arrives whole.
func TestRunUpdateWithFyneDo(t *testing.T) {
	_, w := newWindow(t)
	srv := failingServer(t, 404)
	u := &update.Updater{URL: srv.URL, CacheDir: t.TempDir(), Timeout: 10 * time.Second}
	got := make(chan *update.Result, 1)
	d := runUpdate(w, u, func(r *update.Result) { got <- r })
	select {
	case res := <-got:
		if res.Outcome != update.Failed || !strings.Contains(res.Reason, "404") {
			t.Errorf("outcome %q, reason %q", res.Outcome, res.Reason)
		}
		if !strings.Contains(d.message.Text, "The server answered 404 Not Found.") {
			t.Errorf("the dialog says %q", d.message.Text)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("onDone was never called")
	}
}

// The throttle passes the first report at once, merges the rest into at
// most one an interval, always delivers the last, and stops.
func TestThrottle(t *testing.T) {
	var mu sync.Mutex
	var got []int64
	th := &throttle{interval: 20 * time.Millisecond, post: func(fn func()) { fn() }, apply: func(done, total int64) {
		mu.Lock()
		got = append(got, done)
		mu.Unlock()
	}}
	const n = 3000
	start := time.Now()
	for i := int64(1); i <= n; i++ {
		th.report(i, n)
		if i%50 == 0 {
			time.Sleep(time.Millisecond)
		}
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		mu.Lock()
		last := int64(0)
		if len(got) > 0 {
			last = got[len(got)-1]
		}
		mu.Unlock()
		if last == n {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the last report never arrived: %v", got)
		}
		time.Sleep(time.Millisecond)
	}
	elapsed := time.Since(start)
	mu.Lock()
	defer mu.Unlock()
	if got[0] != 1 {
		t.Errorf("the first report waited: %v", got[:1])
	}
	if limit := int(elapsed/th.interval) + 2; len(got) > limit {
		t.Errorf("%d reports in %v, at most %d", len(got), elapsed, limit)
	}
	count := len(got)
	th.stop()
	th.report(n+1, n)
	time.Sleep(3 * th.interval)
	if len(got) != count {
		t.Errorf("a report went through after stop: %v", got[count:])
	}
}

func TestWords(t *testing.T) {
	res := &update.Result{Outcome: update.Failed, Reason: "the server sent a web page, not the registry"}
	if got, want := failureText(res), "The server sent a web page, not the registry.\n\nPortolan goes on using the registry it had."; got != want {
		t.Errorf("failureText = %q, want %q", got, want)
	}
	if got := hostOf(""); got != "www.iana.org" {
		t.Errorf("hostOf(default) = %q", got)
	}
}
