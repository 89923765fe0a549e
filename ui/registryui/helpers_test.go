package registryui

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/portolan/portolan/model/update"
	"github.com/portolan/portolan/registry/ianatest"
)

// The tests never read or write the user's own cache folder: each updater
// gets t.TempDir(), and anything that falls back to the default finds an
// empty folder of this run's own (never created).
func init() {
	os.Setenv(update.CacheDirEnv, filepath.Join(os.TempDir(), fmt.Sprintf("portolan-registryui-test-%d-no-cache", os.Getpid())))
}

// uiQueue stands in for the UI goroutine: code posts functions with
// runOnUI, and the test runs them on its own goroutine in pump, as the
// Fyne event loop would. Posting never blocks.
type uiQueue struct {
	mu     sync.Mutex
	fns    []func()
	wake   chan struct{}
	inPump bool // read and written on the test goroutine only
}

func useUIQueue(t *testing.T) *uiQueue {
	t.Helper()
	q := &uiQueue{wake: make(chan struct{}, 1)}
	old := runOnUI
	runOnUI = q.post
	t.Cleanup(func() { runOnUI = old })
	return q
}

func (q *uiQueue) post(fn func()) {
	q.mu.Lock()
	q.fns = append(q.fns, fn)
	q.mu.Unlock()
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

// pump runs what was posted until cond holds, failing after timeout.
// cond is tried after each batch and every few milliseconds.
func (q *uiQueue) pump(t *testing.T, what string, timeout time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.After(timeout)
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for {
		q.mu.Lock()
		fns := q.fns
		q.fns = nil
		q.mu.Unlock()
		q.inPump = true
		for _, fn := range fns {
			fn()
		}
		q.inPump = false
		if cond() {
			return
		}
		select {
		case <-q.wake:
		case <-tick.C:
		case <-deadline:
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// settle runs what is posted for a while (for "nothing more happens").
func (q *uiQueue) settle(d time.Duration) {
	end := time.Now().Add(d)
	for time.Now().Before(end) {
		q.mu.Lock()
		fns := q.fns
		q.fns = nil
		q.mu.Unlock()
		q.inPump = true
		for _, fn := range fns {
			fn()
		}
		q.inPump = false
		select {
		case <-q.wake:
		case <-time.After(time.Until(end)):
		}
	}
}

const csvHeader = "Service Name,Port Number,Transport Protocol,Description,Assignee,Contact,Registration Date,Modification Date,Reference,Service Code,Unauthorized Use Reported,Assignment Notes\n"

// syntheticRecords passes the update's checks against the embedded
// snapshot: over update.MinRecords, and over the snapshot's 14,058
// distinct records (a smaller download is refused unless forced).
const syntheticRecords = 15000

// syntheticCSV is a made-up registry in IANA's CSV form with n records.
func syntheticCSV(n int) []byte {
	var b bytes.Buffer
	b.WriteString(csvHeader)
	for i := 1; i <= n; i++ {
		proto := "tcp"
		if i%2 == 0 {
			proto = "udp"
		}
		fmt.Fprintf(&b, "synth%d,%d,%s,Synthetic service %d,,,2025-06-01,,,,,\n", i, (i+1)/2, proto, i)
	}
	return b.Bytes()
}

// ianaCSV is the real IANA file when there is one (PORTOLAN_IANA_CSV, or
// ../shared/iana/ beside the project), else the synthetic one. In CI the
// real file must be there.
func ianaCSV(t *testing.T) []byte {
	t.Helper()
	path, _ := ianatest.Find()
	data, err := os.ReadFile(path)
	switch {
	case err == nil:
		return data
	case os.IsNotExist(err) && os.Getenv("CI") == "":
		t.Logf("no IANA file at %s: using a synthetic registry", path)
		return syntheticCSV(syntheticRecords)
	}
	t.Fatalf("the IANA test file: %v", err)
	return nil
}

// server serves body in two halves with its length; the second half waits
// until release is closed (or the client gives up). Without a length
// (chunked) when noLength is set.
type server struct {
	body     []byte
	noLength bool
	release  chan struct{}
	mu       sync.Mutex
	hits     int
}

func newServer(t *testing.T, s *server) *httptest.Server {
	t.Helper()
	if s.release == nil {
		s.release = make(chan struct{})
		close(s.release)
	}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return srv
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.hits++
	s.mu.Unlock()
	w.Header().Set("Content-Type", "text/csv")
	if !s.noLength {
		w.Header().Set("Content-Length", fmt.Sprint(len(s.body)))
	}
	half := len(s.body) / 2
	w.Write(s.body[:half])
	w.(http.Flusher).Flush()
	select {
	case <-s.release:
	case <-r.Context().Done():
		return
	}
	w.Write(s.body[half:])
}

func (s *server) hitCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits
}

func failingServer(t *testing.T, code int) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "oops", code)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// newWindow is a test window of a fair size on a fresh test app.
func newWindow(t *testing.T) (fyne.App, fyne.Window) {
	t.Helper()
	a := test.NewTempApp(t)
	w := test.NewTempWindow(t, widget.NewLabel("the main window"))
	w.Resize(fyne.NewSize(800, 600))
	return a, w
}

// overlayObjects is everything drawn in the window's top overlay (an open
// dialog), nil when there is none.
func overlayObjects(w fyne.Window) []fyne.CanvasObject {
	top := w.Canvas().Overlays().Top()
	if top == nil {
		return nil
	}
	return objectsOf(top)
}

// objectsOf is o and everything under it as drawn, through the widgets'
// own renderers. (test.LaidOutObjects makes new renderers, which for a
// widget.List are new rows that are not on the canvas.)
func objectsOf(o fyne.CanvasObject) []fyne.CanvasObject {
	out := []fyne.CanvasObject{o}
	switch c := o.(type) {
	case *fyne.Container:
		for _, child := range c.Objects {
			out = append(out, objectsOf(child)...)
		}
	case fyne.Widget:
		for _, child := range test.WidgetRenderer(c).Objects() {
			out = append(out, objectsOf(child)...)
		}
	}
	return out
}

// visibleTexts is the text of every visible label among objs.
func visibleTexts(objs []fyne.CanvasObject) []string {
	var out []string
	for _, o := range objs {
		if l, ok := o.(*widget.Label); ok && l.Visible() && l.Text != "" {
			out = append(out, l.Text)
		}
	}
	return out
}

// findButton is the visible button labelled text among objs.
func findButton(objs []fyne.CanvasObject, text string) *widget.Button {
	for _, o := range objs {
		if b, ok := o.(*widget.Button); ok && b.Visible() && b.Text == text {
			return b
		}
	}
	return nil
}

func buttonTexts(objs []fyne.CanvasObject) []string {
	var out []string
	for _, o := range objs {
		if b, ok := o.(*widget.Button); ok && b.Visible() {
			out = append(out, b.Text)
		}
	}
	return out
}

func containsText(texts []string, want string) bool {
	for _, s := range texts {
		if strings.Contains(s, want) {
			return true
		}
	}
	return false
}

// assertAbove fails unless upper ends above the top of lower on screen (a
// wrapped text that overruns the buttons below it).
func assertAbove(t *testing.T, upper, lower fyne.CanvasObject) {
	t.Helper()
	d := fyne.CurrentApp().Driver()
	bottom := d.AbsolutePositionForObject(upper).Y + upper.Size().Height
	if top := d.AbsolutePositionForObject(lower).Y; bottom > top {
		t.Errorf("%T ends at y=%v, below the top of %T at y=%v", upper, bottom, lower, top)
	}
}

// findLabel is the visible label whose text contains text.
func findLabel(objs []fyne.CanvasObject, text string) *widget.Label {
	for _, o := range objs {
		if l, ok := o.(*widget.Label); ok && l.Visible() && strings.Contains(l.Text, text) {
			return l
		}
	}
	return nil
}
