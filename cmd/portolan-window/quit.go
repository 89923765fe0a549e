package main

import (
	"os"
	"time"
)

// quitGrace is how long Fyne may take to quit after SIGTERM or SIGINT
// before the process ends anyway. Fyne turns the signal into a quit that
// waits its turn on the UI goroutine, behind whatever frame is being
// drawn: with software rendering on a loaded machine that was 1-6 s.
const quitGrace = 300 * time.Millisecond

// stopOnSignal waits for the first signal, stops the window's background
// work at once (no poll result reaches the UI after it), and gives Fyne
// grace to quit on its own (then main returns and the process ends, and
// this goroutine with it); when it has not, or at a second signal, it
// calls exit(0), as Fyne's own quit would have ended.
func stopOnSignal(signals <-chan os.Signal, stop func(), exit func(code int), grace time.Duration) {
	<-signals
	stop()
	timer := time.NewTimer(grace)
	defer timer.Stop()
	select {
	case <-timer.C:
	case <-signals:
	}
	exit(0)
}
