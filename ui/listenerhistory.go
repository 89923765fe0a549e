package ui

import (
	"context"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"github.com/portolan/portolan/model"
	"github.com/portolan/portolan/model/history"
	"github.com/portolan/portolan/model/listen"
	"github.com/portolan/portolan/model/record"
	"github.com/portolan/portolan/registry"
	"github.com/portolan/portolan/ui/detail"
	"github.com/portolan/portolan/ui/historyui"
)

// The listener history in the window: while it is open the window records
// each poll (on a goroutine of its own, never the UI's), gives the writer
// lock up while polling is paused, shows the History tab and the pane's
// history section, and says the history's messages once, in the status
// bar (in short) and above the History tab's events (in full). Whatever
// goes wrong with the history, the window goes on without it.

// prefHistoryRetention is how many days the history keeps.
const prefHistoryRetention = "history.retention_days"

// historyQueue is how many polls may wait to be recorded; past it polls
// are dropped (the next recorded poll catches up with what changed).
const historyQueue = 64

type listenerHistory struct {
	m    *MainWindow
	view *historyui.View
	tab  *container.TabItem

	// background runs work off the UI goroutine and deliver hands the
	// result back (go and fyne.Do; both at once with ManualPolling).
	background, deliver func(func())
	synchronous         bool

	store *history.Store // nil until opened, or when none is kept
	rec   *record.Recorder
	jobs  chan historyJob // to the recording goroutine
	open  atomic.Bool     // jobs may be queued

	reg      atomic.Pointer[registry.Registry] // for the filter's service names
	shown    int                               // the port whose history the pane shows, -1
	lastHour time.Time
}

// historyJob is a poll to record, or (stop) the pause's "give writing up".
type historyJob struct {
	poll listen.PollResult
	stop bool
}

// setupHistory adds the History tab and opens the history (off the UI
// goroutine); recording starts once it is open.
func (m *MainWindow) setupHistory(ctx context.Context, opts Options) {
	h := &listenerHistory{m: m, shown: -1, background: func(f func()) { go f() }, deliver: fyne.Do}
	filterDelay := 250 * time.Millisecond
	if opts.ManualPolling {
		h.synchronous = true
		h.background, h.deliver = func(f func()) { f() }, func(f func()) { f() }
		filterDelay = 0
	}
	m.lhist = h
	h.reg.Store(m.space.Reg)
	days := m.prefs.IntWithFallback(prefHistoryRetention, int(history.DefaultRetention/(24*time.Hour)))
	if days < 1 || days > 10*365 {
		days = int(history.DefaultRetention / (24 * time.Hour))
	}
	retention := time.Duration(days) * 24 * time.Hour
	h.view = historyui.New(historyui.Options{Service: h.service, Background: h.background, Deliver: h.deliver,
		Retention: retention, OnRetention: h.setRetention, FilterDelay: filterDelay})
	h.view.OnSelectPort = m.selectPort // the window owns the selection
	h.tab = container.NewTabItem("History", h.view)
	m.panel.AddTab(h.tab)

	if opts.HistoryPath == nil {
		h.view.SetNotice("This window keeps no listener history.")
		return
	}
	path, err := opts.HistoryPath()
	if err != nil {
		h.tell("The listener history is not kept: " + err.Error())
		return
	}
	h.background(func() {
		s, err := history.Open(ctx, history.Options{Path: path, Retention: retention, Verify: true})
		h.deliver(func() { h.opened(ctx, s, err) })
	})
}

// opened takes the history in and starts recording.
func (h *listenerHistory) opened(ctx context.Context, s *history.Store, err error) {
	if err != nil {
		h.tell("The listener history could not be opened, so it is not recorded: " + err.Error())
		return
	}
	if ctx.Err() != nil { // the window closed meanwhile
		s.Close()
		return
	}
	h.store = s
	h.rec = &record.Recorder{Store: s, IsEphemeral: h.m.space.Ephemeral.Contains}
	h.tell(h.rec.Notices()...)
	h.view.SetSource(s)
	h.lastHour = time.Now().Truncate(time.Hour)
	if sel, ok := h.m.history.Current(); ok {
		h.showSelection(sel)
	}
	if h.synchronous {
		context.AfterFunc(ctx, func() { s.Close() })
		return // tests record each poll themselves (record)
	}
	h.jobs = make(chan historyJob, historyQueue)
	h.open.Store(true)
	go h.run(ctx)
}

// run records the queued polls until the window closes, then closes the
// history.
func (h *listenerHistory) run(ctx context.Context) {
	defer h.store.Close()
	for {
		select {
		case <-ctx.Done():
			return
		case j := <-h.jobs:
			if j.stop {
				if err := h.rec.Stop(); err != nil {
					fyne.LogError("giving the history's writer lock up", err)
				}
				continue
			}
			h.record(j.poll)
		}
	}
}

// queue hands a poll to the recording goroutine (from the poller's); it
// never waits.
func (h *listenerHistory) queue(r listen.PollResult) {
	if h == nil || !h.open.Load() {
		return
	}
	select {
	case h.jobs <- historyJob{poll: r}:
	default:
	}
}

// pause gives the writer lock up while polling is paused, so that another
// recorder (the user service) takes over.
func (h *listenerHistory) pause(paused bool) {
	if h == nil || !paused || h.rec == nil {
		return
	}
	if h.synchronous {
		h.rec.Stop()
		return
	}
	select {
	case h.jobs <- historyJob{stop: true}:
	default:
	}
}

// record writes one poll and shows what it changed.
func (h *listenerHistory) record(r listen.PollResult) {
	res, msgs := h.rec.Poll(context.Background(), r)
	h.deliver(func() { h.recorded(res, msgs) })
}

func (h *listenerHistory) recorded(res history.Result, msgs []string) {
	h.tell(msgs...)
	hour := time.Now().Truncate(time.Hour)
	if len(res.Events) > 0 || !hour.Equal(h.lastHour) {
		h.lastHour = hour
		h.view.Reload()
	}
	for _, e := range res.Events {
		if int(e.Port) == h.shown {
			h.loadPort(e.Port)
			break
		}
	}
}

// showSelection loads the selected port's history for the pane (a range
// has none).
func (h *listenerHistory) showSelection(sel model.Selection) {
	if h == nil {
		return
	}
	h.reg.Store(h.m.space.Reg) // a new registry comes through here too
	if h.store == nil || sel.IsRange() {
		h.shown = -1
		return
	}
	h.shown = int(sel.From)
	h.loadPort(sel.From)
}

func (h *listenerHistory) loadPort(port uint16) {
	s := h.store
	h.background(func() {
		ph, err := s.PortHistory(context.Background(), port, detail.HistoryEvents)
		h.deliver(func() {
			if err != nil {
				fyne.LogError("reading the history of a port", err)
				return
			}
			if h.shown == int(port) {
				h.m.pane.SetPortHistory(ph)
			}
		})
	})
}

// service is the registry's name for a port (the History tab's filter).
func (h *listenerHistory) service(proto string, port uint16) string {
	p, err := registry.ParseProtocol(proto)
	if err != nil {
		return ""
	}
	if r := h.reg.Load().Primary(port, p); r != nil {
		return r.Service
	}
	return ""
}

// setRetention keeps the user's choice and tells the history.
func (h *listenerHistory) setRetention(d time.Duration) {
	h.m.prefs.SetInt(prefHistoryRetention, int(d/(24*time.Hour)))
	if s := h.store; s != nil {
		h.background(func() { s.SetRetention(d) }) // waits for a poll being written
	}
}

// tell shows messages: the last in short in the status bar, all of them
// in full above the History tab's events. "Recorded again" clears them.
func (h *listenerHistory) tell(msgs ...string) {
	if len(msgs) == 0 {
		return
	}
	last := msgs[len(msgs)-1]
	if strings.Contains(last, "being recorded again") {
		h.view.SetNotice("")
		h.m.historyLine.SetText("")
		return
	}
	h.view.SetNotice(strings.Join(msgs, "\n"))
	h.m.historyLine.SetText(shortMessage(last))
}

// shortMessage is a message cut to fit the status bar: its first
// sentence, paths by their file names, at most 70 characters.
func shortMessage(s string) string {
	const most = 70
	if i := strings.Index(s, ". "); i > 0 {
		s = s[:i]
	}
	words := strings.Fields(s)
	for i, w := range words {
		if strings.ContainsAny(w, `/\`) {
			words[i] = filepath.Base(w)
		}
	}
	s = strings.Join(words, " ")
	if r := []rune(s); len(r) > most {
		s = string(r[:most-1]) + "…"
	}
	return s
}
