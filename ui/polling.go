package ui

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"

	"github.com/portolan/portolan/model/judge"
	"github.com/portolan/portolan/model/listen"
	"github.com/portolan/portolan/ui/detail"
	"github.com/portolan/portolan/ui/portmap"
)

// setupPoller loads the known-processes table and the baseline and makes
// the poller.
func (m *MainWindow) setupPoller(src listen.SocketSource) {
	if src == nil {
		src = listen.NewSystemSource()
	}
	setup := judge.NewSetup(m.space)
	m.verdicts = setup.Verdicts
	if setup.KnownErr != nil {
		dialog.ShowInformation("Known processes", fmt.Sprintf("%v\n\nThe built-in table of known processes is used.", setup.KnownErr), m.win)
	}
	if b := setup.Baseline; b != nil {
		m.panel.SetBaseline(b)
		if n := b.Notice(); n != "" {
			dialog.ShowInformation("Baseline", n, m.win)
		}
	} else if setup.BaselineErr != nil {
		dialog.ShowInformation("Baseline", fmt.Sprintf("%v\n\nListeners are not compared with a baseline this time.", setup.BaselineErr), m.win)
	}
	m.poller = listen.NewPoller(src, m.verdicts)
	every := time.Duration(clampFloat(m.prefs.FloatWithFallback(prefPollInterval, listen.DefaultPollInterval.Seconds()),
		listen.MinPollInterval.Seconds(), listen.MaxPollInterval.Seconds(), listen.DefaultPollInterval.Seconds()) * float64(time.Second))
	m.poller.SetInterval(every)
	m.intervalSelect.SetSelected(intervalText(every))
	// Verdicts change at the next poll: ask for it now.
	m.panel.OnBaselineChanged = m.poller.RefreshNow
}

// pollIntervalChoices are the poll intervals offered (model allows 0.5-60 s).
var pollIntervalChoices = []string{"0.5 s", "1 s", "2 s", "5 s", "10 s", "30 s", "60 s"}

func intervalText(d time.Duration) string {
	return strconv.FormatFloat(d.Seconds(), 'f', -1, 64) + " s"
}

// togglePause pauses or resumes the listener poller.
func (m *MainWindow) togglePause() {
	if m.poller.Paused() {
		m.poller.Resume()
		m.pauseButton.SetIcon(theme.MediaPauseIcon())
		m.pollLine.SetText("resumed")
	} else {
		m.poller.Pause()
		m.pauseButton.SetIcon(theme.MediaPlayIcon())
		m.pollLine.SetText("polling paused")
	}
}

// startPoller polls the OS for listeners off the UI goroutine, until the
// window stops; results are applied on the UI goroutine.
func (m *MainWindow) startPoller() {
	m.life.start(func(ctx context.Context) {
		m.poller.Run(ctx, func(r listen.PollResult) {
			m.life.toUI(func() { m.applyPoll(r) })
		})
	})
}

func (m *MainWindow) applyPoll(r listen.PollResult) {
	m.pollLine.SetText("polled " + r.Time.Format("15:04:05"))
	m.panel.Apply(r) // and so to the session
	if r.Err != nil {
		m.listenerLine.SetText("Listener poll failed: " + r.Err.Error())
		m.shown = false
		return
	}
	ls := r.Snapshot.Listeners
	// A poll in which nothing changed (not even a verdict: the diff counts
	// those) leaves the marks, the pane and the counts as they are.
	if m.shown && r.Diff.Empty() {
		return
	}
	m.listingsShown++
	m.shown = true
	marks := make([]portmap.Mark, 0, len(ls))
	lines := make([]detail.ListenerLine, 0, len(ls))
	for i := range ls {
		l := &ls[i]
		marks = append(marks, portmap.Mark{Port: l.Port, Flagged: l.Flagged()})
		reasons := make([]string, len(l.Reasons))
		for j, why := range l.Reasons {
			reasons[j] = string(why)
		}
		lines = append(lines, detail.ListenerLine{Port: l.Port, Protocol: l.Protocol, Flagged: l.Flagged(), Reasons: reasons,
			Text: l.Endpoint() + " by " + processLabel(l)})
	}
	m.portMap.SetListenerMarks(marks)
	m.pane.SetListeners(lines)
	text := fmt.Sprintf("Listeners: %d, %d flagged", len(ls), m.session.Flagged())
	if r.Snapshot.Limited {
		text += " (some processes hidden: run elevated to see them)"
	}
	m.listenerLine.SetText(text)
}

func processLabel(l *listen.Listener) string {
	if l.PID == 0 {
		return l.ProcessText()
	}
	return l.ProcessText() + " (PID " + strconv.Itoa(int(l.PID)) + ")"
}
