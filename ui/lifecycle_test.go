package ui

import (
	"context"
	"net/netip"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/portolan/portolan/model/listen"
)

// hookedApp is Fyne's test app with a lifecycle whose stop hook the test
// can call, as Fyne does when the app quits (the test app never quits).
type hookedApp struct {
	fyne.App
	life *hookedLifecycle
}

func (a hookedApp) Lifecycle() fyne.Lifecycle { return a.life }

type hookedLifecycle struct {
	fyne.Lifecycle
	onStopped func()
}

func (l *hookedLifecycle) SetOnStopped(f func()) { l.onStopped = f }

// postQueue stands in for Fyne's event queue: background goroutines post,
// the test runs what was posted on its own goroutine.
type postQueue struct {
	mu   sync.Mutex
	fns  []func()
	wake chan struct{}
}

func newPostQueue() *postQueue { return &postQueue{wake: make(chan struct{}, 1)} }

func (q *postQueue) post(f func()) {
	q.mu.Lock()
	q.fns = append(q.fns, f)
	q.mu.Unlock()
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

// run runs what was posted so far and tells how many there were.
func (q *postQueue) run() int {
	q.mu.Lock()
	fns := q.fns
	q.fns = nil
	q.mu.Unlock()
	for _, f := range fns {
		f()
	}
	return len(fns)
}

// await runs what is posted until cond holds; it fails after a long
// while (a hang, not a measure of speed).
func (q *postQueue) await(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.After(20 * time.Second)
	for {
		q.run()
		if cond() {
			return
		}
		select {
		case <-q.wake:
		case <-deadline:
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

func TestAppStopEndsThePoller(t *testing.T) {
	var snapshots atomic.Int32
	sockets := listen.SocketSourceFunc(func(ctx context.Context) (listen.Snapshot, error) {
		snapshots.Add(1)
		return listen.Snapshot{Listeners: []listen.Listener{
			{Protocol: "tcp", Family: "ipv4", IP: netip.MustParseAddr("127.0.0.1"), Address: "127.0.0.1", Port: 22,
				Scope: listen.ScopeLoopback, State: "LISTEN", PID: 10, Process: "sshd"},
		}}, nil
	})
	lc := &hookedLifecycle{}
	a := hookedApp{App: test.NewTempApp(t), life: lc}
	w := test.NewWindow(nil)
	t.Cleanup(w.Close)
	q := newPostQueue()
	m := NewMainWindow(a, w, Options{Select: -1, Sockets: sockets, NoBackground: true, Deliver: q.post})
	m.poller.SetInterval(listen.MinPollInterval)

	q.await(t, "the first poll", func() bool { return strings.HasPrefix(m.listenerLine.Text, "Listeners: 1") })
	if lc.onStopped == nil {
		t.Fatal("the window set no stop hook on the app's lifecycle: its poller outlives the app")
	}
	lc.onStopped() // as Fyne does when the app quits

	select {
	case <-m.life.done():
	case <-time.After(20 * time.Second):
		t.Fatal("the poller's goroutine is still running after the app stopped")
	}
	polled := snapshots.Load()
	m.listenerLine.SetText("stopped")
	q.run() // whatever was posted before the stop
	m.poller.RefreshNow()
	if n := q.run(); n != 0 {
		t.Errorf("%d results were posted to the UI after the poller ended", n)
	}
	if m.listenerLine.Text != "stopped" {
		t.Errorf("a poll result reached the status bar after the app stopped: %q", m.listenerLine.Text)
	}
	if n := snapshots.Load(); n != polled {
		t.Errorf("the sockets were listed %d more times after the poller ended", n-polled)
	}
}

// After Fyne has drained its queue at quitting, fyne.Do runs a function on
// the caller's goroutine: a result handed over then must not run.
func TestToUIRunsOnlyOnTheUIGoroutine(t *testing.T) {
	t.Parallel()
	l := newLife(nil) // the UI goroutine is this test's
	l.post = func(f func()) { f() }
	ran := make(chan bool, 2)
	go func() { l.toUI(func() { ran <- true }); ran <- false }()
	if <-ran {
		t.Fatal("a function handed over from another goroutine ran there, off the UI goroutine")
	}
	n := 0
	l.toUI(func() { n++ })
	if n != 1 {
		t.Fatal("a function handed over on the UI goroutine did not run")
	}
	l.stop()
	l.toUI(func() { n++ })
	if n != 1 {
		t.Error("a function handed over after the stop ran")
	}
	started := false
	l.start(func(context.Context) { started = true })
	<-l.done()
	if started {
		t.Error("a goroutine started after the stop")
	}
	hooked := false
	l.onStop(func() { hooked = true })
	if !hooked {
		t.Error("a stop hook added after the stop did not run at once")
	}
}

func TestQuitSavesAndStops(t *testing.T) {
	a := test.NewTempApp(t)
	w := test.NewWindow(nil)
	t.Cleanup(w.Close)
	m := NewMainWindow(a, w, Options{Select: -1, ManualPolling: true, NoBackground: true})
	hooks := 0
	m.OnStop(func() { hooks++ })
	m.portMap.SetZoom(6)

	file := m.mainMenu().Items[0]
	quit := file.Items[len(file.Items)-1]
	if !quit.IsQuit || quit.Action == nil {
		t.Fatalf("File's last item is %q (quit %v): Fyne's own Quit neither saves nor stops", quit.Label, quit.IsQuit)
	}
	if quit.Shortcut == nil || quit.Shortcut.ShortcutName() != "CustomDesktop:Control+Q" {
		t.Errorf("Quit's shortcut is %v, want Ctrl+Q", quit.Shortcut)
	}
	quit.Action()
	if got := a.Preferences().Float(prefZoom); got != 6 {
		t.Errorf("the zoom saved at quitting is %v, want 6", got)
	}
	if m.life.ctx.Err() == nil || hooks != 1 {
		t.Errorf("quitting left the background running (context %v, %d stop hooks run)", m.life.ctx.Err(), hooks)
	}
	m.Stop() // Fyne's stop hook comes after: nothing runs twice
	if hooks != 1 {
		t.Errorf("the stop hooks ran %d times", hooks)
	}
}

// At SIGTERM the window is asked to quit from the signal's goroutine: Quit
// runs on the UI goroutine, saving the window's state.
func TestRequestQuit(t *testing.T) {
	a := test.NewTempApp(t)
	w := test.NewWindow(nil)
	t.Cleanup(w.Close)
	q := newPostQueue()
	m := NewMainWindow(a, w, Options{Select: -1, ManualPolling: true, NoBackground: true, Deliver: q.post})
	m.portMap.SetZoom(5)
	done := make(chan struct{})
	go func() { m.Stop(); m.RequestQuit(); close(done) }()
	<-done
	if a.Preferences().Float(prefZoom) == 5 {
		t.Fatal("the state was saved off the UI goroutine")
	}
	q.run()
	if got := a.Preferences().Float(prefZoom); got != 5 {
		t.Errorf("the zoom saved at SIGTERM is %v, want 5", got)
	}
}

// Saving the window's state at quitting is one change of Fyne's
// preferences, each time, so Fyne writes its file once (and its watcher,
// which skips the 0.1 s after a save, does not read it half written).
func TestStateSavedInOneChange(t *testing.T) {
	a := test.NewTempApp(t)
	w := test.NewWindow(nil)
	t.Cleanup(w.Close)
	m := NewMainWindow(a, w, Options{Select: -1, ManualPolling: true, NoBackground: true})
	w.Resize(fyne.NewSize(900, 700))
	m.portMap.SetZoom(7)
	m.protocolSelect.SetSelected("udp")
	changes := 0
	a.Preferences().AddChangeListener(func() { changes++ })
	m.savePrefs()
	if changes != 1 {
		t.Errorf("saving the state made %d changes, want 1", changes)
	}
	if p := a.Preferences(); p.Float(prefZoom) != 7 || p.String(prefProtocol) != "udp" || p.Float(prefWindowWidth) <= 0 {
		t.Errorf("saved zoom %v, protocol %q, width %v", p.Float(prefZoom), p.String(prefProtocol), p.Float(prefWindowWidth))
	}
	m.savePrefs()
	if changes != 2 {
		t.Errorf("saving the same state again made %d changes, want 1", changes-1)
	}
}
