package ui

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
)

// life is the window's background work and its end. Every goroutine the
// window starts runs under ctx and is counted; every result it hands to
// the UI goes through toUI. Stopping cancels ctx, runs the stop hooks and
// from then on drops whatever is handed over.
//
// Why toUI checks the goroutine too: when Fyne quits it stops its event
// loop, drains the queue, and runs any later fyne.Do on the caller's own
// goroutine; its lifecycle's stop hook runs only after that (and through
// the same queue, so it can be dropped). A poll result landing in between
// would reach the widgets from the poller's goroutine: "Error in Fyne call
// thread" and a data race. So a function posted with fyne.Do runs only on
// the goroutine that made the window (main, where Fyne runs its loop).
type life struct {
	ctx    context.Context
	cancel context.CancelFunc
	// post hands a function to the UI goroutine: fyne.Do, or a test's
	// queue (Options.Deliver).
	post func(func())
	// uiGoroutine is the id of the goroutine that made the window; 0
	// when post is a test's own, which runs where the test says.
	uiGoroutine uint64

	stopped atomic.Bool
	mu      sync.Mutex // guards hooks and the count of running goroutines against stop
	hooks   []func()
	running sync.WaitGroup
}

func newLife(runOnUI func(func())) *life {
	ctx, cancel := context.WithCancel(context.Background())
	l := &life{ctx: ctx, cancel: cancel, post: runOnUI}
	if l.post == nil {
		l.post = fyne.Do
		l.uiGoroutine = goroutineID()
	}
	return l
}

// start runs f in a goroutine of its own, under the window's context; not
// once the window has stopped.
func (l *life) start(f func(ctx context.Context)) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.stopped.Load() {
		return
	}
	l.running.Add(1)
	go func() {
		defer l.running.Done()
		f(l.ctx)
	}()
}

// toUI hands f to the UI goroutine, from any goroutine. f does not run
// once the window has stopped, nor anywhere but on the UI goroutine.
func (l *life) toUI(f func()) {
	if l.stopped.Load() {
		return
	}
	l.post(func() {
		if l.live() {
			f()
		}
	})
}

// live tells whether the window still runs and the caller is on the UI
// goroutine: callbacks that other packages post with fyne.Do check it.
func (l *life) live() bool {
	return !l.stopped.Load() && l.onUI()
}

// onUI tells whether the caller is on the UI goroutine (always, when the
// test posts).
func (l *life) onUI() bool {
	return l.uiGoroutine == 0 || goroutineID() == l.uiGoroutine
}

// onStop adds a function run once when the window stops (closing the
// history database, say). It runs at once if the window has stopped.
func (l *life) onStop(f func()) {
	l.mu.Lock()
	if !l.stopped.Load() {
		l.hooks = append(l.hooks, f)
		l.mu.Unlock()
		return
	}
	l.mu.Unlock()
	f()
}

// stop ends the background work: it cancels the context (the poller, the
// weekly registry check and the discovery of other port lists end), runs
// the stop hooks, and drops every result handed over from now on. It does
// not wait for the goroutines (a poll stuck in the kernel must not hold
// up quitting); done tells when they have ended. Safe from any goroutine;
// the second call does nothing.
func (l *life) stop() {
	l.mu.Lock()
	if l.stopped.Swap(true) {
		l.mu.Unlock()
		return
	}
	hooks := l.hooks
	l.hooks = nil
	l.mu.Unlock()
	l.cancel()
	for _, f := range hooks {
		f()
	}
}

// done is closed once the window has stopped and every goroutine it
// started has ended.
func (l *life) done() <-chan struct{} {
	ch := make(chan struct{})
	go func() {
		<-l.ctx.Done()
		// A barrier: once it is passed, no start can add to the count.
		l.mu.Lock()
		//lint:ignore SA2001 the lock above is the barrier
		l.mu.Unlock()
		l.running.Wait()
		close(ch)
	}()
	return ch
}

// goroutineID is the running goroutine's number, from the first line of
// its stack ("goroutine 1 [running]:"), as Fyne's own check finds it.
func goroutineID() uint64 {
	var buf [64]byte
	b := buf[:runtime.Stack(buf[:], false)]
	const prefix = "goroutine "
	if len(b) < len(prefix) {
		return 0
	}
	var id uint64
	for _, c := range b[len(prefix):] {
		if c < '0' || c > '9' {
			break
		}
		id = id*10 + uint64(c-'0')
	}
	return id
}

// watchLifecycle stops the background work when the app stops: File →
// Quit, SIGTERM or SIGINT (which Fyne turns into a quit), or the last
// window closing. Fyne's stop hook is one function: this is the one.
func (m *MainWindow) watchLifecycle() {
	m.app.Lifecycle().SetOnStopped(m.Stop)
}

// Stop ends the window's background work at once (see life.stop); safe
// from any goroutine, and quick: cmd/portolan-window calls it on SIGTERM
// before Fyne gets round to quitting. Closing the window or quitting the
// app calls it too.
func (m *MainWindow) Stop() { m.life.stop() }

// OnStop adds a function run once when the window stops, on whichever
// goroutine stops it (see life.onStop).
func (m *MainWindow) OnStop(f func()) { m.life.onStop(f) }

// Quit is File → Quit: the window's state is saved and its background
// work stopped, then the app quits (Fyne's own quit closes no window, so
// nothing would save the size and layout). On the UI goroutine
// (cmd/portolan-window posts it at SIGTERM, with fyne.Do).
func (m *MainWindow) Quit() {
	m.close()
	m.app.Quit()
}

// RequestQuit asks for Quit from any goroutine (cmd/portolan-window at
// SIGTERM): posted to the UI goroutine, and dropped when Fyne, quitting
// already, would run it right here instead.
func (m *MainWindow) RequestQuit() {
	m.life.post(func() {
		if m.life.onUI() {
			m.Quit()
		}
	})
}

// quitShortcut is Ctrl+Q (Cmd+Q on macOS), which Fyne gives its Quit
// only on macOS. The window runs a main menu item's shortcut whatever has
// the focus.
var quitShortcut = &desktop.CustomShortcut{KeyName: fyne.KeyQ, Modifier: fyne.KeyModifierShortcutDefault}

// quitItem is File → Quit, ours rather than the one Fyne adds, so that
// quitting saves and stops first (Quit).
func (m *MainWindow) quitItem() *fyne.MenuItem {
	item := fyne.NewMenuItem(lang.L("Quit"), m.Quit)
	item.IsQuit = true
	item.Shortcut = quitShortcut
	return item
}
