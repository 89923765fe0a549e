package main

import (
	"os"
	"time"
)

// quitGrace is how long the window may take to quit after SIGTERM or
// SIGINT before the process ends anyway. The quit waits its turn on the UI
// goroutine, behind whatever frame is being drawn: with software rendering
// on a loaded machine that was 1-6 s.
const quitGrace = 300 * time.Millisecond

// stopOnSignal waits for the first signal, stops the window's background
// work at once (no poll result reaches the UI after it), asks the window
// to quit (MainWindow.RequestQuit, which saves its state: Fyne's own
// handler quits too, but misses a signal that comes before its goroutine
// has started, and saves nothing), and gives it grace: main then returns
// and the process ends, this goroutine with it. When it has not, or at a
// second signal, it calls exit(0), as the quit would have ended.
func stopOnSignal(signals <-chan os.Signal, stop, quit func(), exit func(code int), grace time.Duration) {
	<-signals
	stop()
	quit()
	timer := time.NewTimer(grace)
	defer timer.Stop()
	select {
	case <-timer.C:
	case <-signals:
	}
	exit(0)
}
