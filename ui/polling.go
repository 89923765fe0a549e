package ui

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"

	"github.com/portolan/portolan/model/judge"
	"github.com/portolan/portolan/model/listen"
	"github.com/portolan/portolan/ui/detail"
	"github.com/portolan/portolan/ui/listeners"
	"github.com/portolan/portolan/ui/portmap"
)

// setupPoller loads the knowledge of ordinary programs and the listener
// history (the approvals), and makes the poller. This machine's sockets
// are identified from /proc; fake sockets (tests) carry their own facts.
func (m *MainWindow) setupPoller(src listen.SocketSource) {
	setup := judge.NewSetup(context.Background(), m.space, judge.SetupOptions{})
	m.setup, m.verdicts = setup, setup.Verdicts
	var notes []string
	if setup.KnowledgeErr != nil {
		notes = append(notes, fmt.Sprintf("%v\n\nThe built-in knowledge of ordinary programs is used.", setup.KnowledgeErr))
	}
	if setup.HistoryErr != nil {
		notes = append(notes, fmt.Sprintf("%v\n\nNothing can be approved this time, and no listener is \"new since the baseline\".", setup.HistoryErr))
	}
	notes = append(notes, setup.Notices...)
	if len(notes) > 0 {
		dialog.ShowInformation("Listeners", strings.Join(notes, "\n\n"), m.win)
	}
	m.panel.SetVerdicts(m.verdicts)
	identify := src == nil
	if src == nil {
		src = listen.NewSystemSource()
	}
	m.poller = listen.NewPoller(src, m.verdicts)
	if identify {
		m.poller.SetIdentity(setup.Identity)
	}
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
		m.pauseButton.Tip = "Pause polling the listeners"
		m.pollLine.SetText("resumed")
	} else {
		m.poller.Pause()
		m.pauseButton.SetIcon(theme.MediaPlayIcon())
		m.pauseButton.Tip = "Resume polling the listeners"
		m.pollLine.SetText("polling paused")
	}
	m.lhist.pause(m.poller.Paused())
}

// startPoller polls the OS for listeners off the UI goroutine, until the
// window stops; results are applied on the UI goroutine.
func (m *MainWindow) startPoller() {
	m.life.start(func(ctx context.Context) {
		m.poller.Run(ctx, func(r listen.PollResult) {
			m.lhist.queue(r) // recorded on the history's goroutine
			m.life.toUI(func() { m.applyPoll(r) })
		})
	})
}

func (m *MainWindow) applyPoll(r listen.PollResult) {
	m.panel.Apply(r) // and so to the session
	if r.Err != nil {
		m.pollLine.SetText("failed " + r.Time.Format("15:04:05"))
		m.listenerLine.SetText("Listener poll failed: " + r.Err.Error())
		m.shown = false
		return
	}
	ls := r.Snapshot.Listeners
	// A poll in which nothing changed (not even a verdict: the diff counts
	// those) leaves the marks, the pane, the counts and the status line as
	// they are: nothing is drawn again.
	if m.shown && r.Diff.Empty() {
		return
	}
	m.pollLine.SetText("changed " + r.Time.Format("15:04:05"))
	m.listingsShown++
	m.shown = true
	marks := make([]portmap.Mark, 0, len(ls))
	lines := make([]detail.ListenerLine, 0, len(ls))
	for i := range ls {
		l := &ls[i]
		marks = append(marks, portmap.Mark{Port: l.Port, Flagged: l.Flagged()})
		lines = append(lines, listenerLine(l))
	}
	m.setListenerMarks(marks)
	m.pane.SetListeners(lines)
	text := fmt.Sprintf("Listeners: %d, %d alert", len(ls), m.session.Flagged())
	if m.session.Flagged() != 1 {
		text += "s"
	}
	if r.Snapshot.Limited {
		text += " (some processes hidden: run elevated to see them)"
	}
	m.listenerLine.SetText(text)
}

// listenerLine is a listener as the detail pane shows it: who the program
// is, the severity in words and each reason with its sentence.
func listenerLine(l *listen.Listener) detail.ListenerLine {
	return detail.ListenerLine{Port: l.Port, Protocol: l.Protocol, Text: l.Endpoint() + " by " + processLabel(l),
		Who: l.Who(), Severity: l.Severity.String(), SeverityWord: listeners.SeverityWord(l.Severity),
		SeverityColor: listeners.SeverityColor(l.Severity), Reasons: listeners.ReasonLines(l)}
}

func processLabel(l *listen.Listener) string {
	if l.PID == 0 {
		return l.ProcessText()
	}
	return l.ProcessText() + " (PID " + strconv.Itoa(int(l.PID)) + ")"
}
