// Package listeners is the panel of the sockets listening on this machine:
// a sortable, filterable table of the poller's listings with new rows
// highlighted, gone rows struck through for a while, a change log of the
// session, and actions on a row (copy, approve, end the process, export
// the table). Each row says its severity in words and colour, and the
// line under the table who the program is and each reason with its
// sentence (verdict.go). docs/listeners.md describes the model.
package listeners

import (
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/portolan/portolan/model/judge"
	"github.com/portolan/portolan/model/listen"
	"github.com/portolan/portolan/ui/internal/tooltip"
)

// Options are the panel's settings; the zero value takes the defaults.
type Options struct {
	// Session is the run's listings, shared with the window (which reads
	// the counts from it); nil: the panel keeps its own.
	Session *listen.Session
	// NewPolls is how many polls a new listener stays highlighted
	// (listen.DefaultNewPolls when 0).
	NewPolls int
	// GonePolls is how many polls a gone listener stays in the table,
	// struck through (listen.DefaultGonePolls when 0). The change log
	// keeps it.
	GonePolls int
	// NotifyEvery is the least time between two notifications of new
	// flagged listeners (DefaultNotifyEvery when 0).
	NotifyEvery time.Duration
	// ChangeLogLimit is how many changes the log keeps
	// (DefaultChangeLogLimit when 0).
	ChangeLogLimit int
	// Kill ends processes (defaultKiller when nil).
	Kill Killer
	// Now is the clock of the notification limit (time.Now when nil).
	Now func() time.Time
	// Tips shows what the buttons do, what a column holds and a cell's
	// full text on hover (none when nil).
	Tips *tooltip.Layer
}

// Panel is the listener panel. Build it with New, hand it each poll
// result with Apply, on the UI goroutine (inside fyne.Do).
type Panel struct {
	widget.BaseWidget

	// OnSelectPort is called when the user selects a row (or a change log
	// entry), with its port.
	OnSelectPort func(port uint16)
	// OnFlaggedCount is called when the number of current listeners or of
	// alerts changed, for the status bar.
	OnFlaggedCount func(alerts, total int)
	// OnBaselineChanged is called after listeners were approved: poll
	// again (Poller.RefreshNow) to judge them anew.
	OnBaselineChanged func()
	// OnNotify is called, at most once every Options.NotifyEvery, when new
	// alerts appeared (not for the ones of the first poll).
	OnNotify func(title, body string)
	// OnFeedback is called with a short sentence after an action that
	// shows nothing by itself: a row copied, a file written (and where),
	// listeners approved (and what the approval covers).
	OnFeedback func(text string)

	win      fyne.Window
	opts     Options
	loc      *time.Location  // of the times shown
	verdicts *judge.Verdicts // approves; nil: nothing can be

	// What the polls said.
	session *listen.Session
	cur     []listen.Listener // session.Listeners(), as last shown
	polled  time.Time         // when cur was polled
	limited bool
	pollErr string
	counted bool // OnFlaggedCount was told the counts
	told    [2]int
	log     changeLog
	notify  notifier

	// What the table shows.
	view      []row
	filter    *listen.Filter
	filterErr string
	sortCol   column
	sortDesc  bool
	sel       listen.Key
	hasSel    bool
	selRow    int // index in view, -1 when nothing is selected

	// Widgets.
	content     *fyne.Container
	top, bottom *fyne.Container
	filterEntry *widget.Entry
	count       *widget.Label
	limitedLine *widget.Label
	problemLine *widget.Label
	table       *widget.Table
	changes     *widget.List
	changesTab  *container.TabItem
	tabs        *container.AppTabs
	foreign     map[*container.TabItem]bool // tabs.go: the window's tabs
	details     *detailsLine
	copyBtn     *tooltip.Button
	approveBtn  *tooltip.Button
	approveAll  *tooltip.Button
	endBtn      *tooltip.Button
	exportBtn   *tooltip.Button
	reasonWidth float32 // as fitColumns last set it
}

var _ fyne.Widget = (*Panel)(nil)

// New builds the panel; win is the parent of its dialogs.
func New(win fyne.Window, opts Options) *Panel {
	if opts.Session == nil {
		opts.Session = &listen.Session{}
	}
	if opts.NewPolls > 0 {
		opts.Session.NewPolls = opts.NewPolls
	}
	if opts.GonePolls > 0 {
		opts.Session.GonePolls = opts.GonePolls
	}
	if opts.NotifyEvery <= 0 {
		opts.NotifyEvery = DefaultNotifyEvery
	}
	if opts.ChangeLogLimit <= 0 {
		opts.ChangeLogLimit = DefaultChangeLogLimit
	}
	if opts.Kill == nil {
		opts.Kill = defaultKiller
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	p := &Panel{
		win: win, opts: opts, loc: time.Local,
		session: opts.Session,
		log:     changeLog{limit: opts.ChangeLogLimit},
		notify:  notifier{every: opts.NotifyEvery},
		selRow:  -1,
	}
	p.ExtendBaseWidget(p)
	p.build()
	return p
}

func (p *Panel) build() {
	p.filterEntry = widget.NewEntry()
	p.filterEntry.SetPlaceHolder("Filter: words, proto=udp, port=290, proc=python, user=root, scope=all, flagged")
	p.filterEntry.OnChanged = p.setFilter
	p.count = widget.NewLabel("No listener data yet.")

	p.limitedLine = widget.NewLabelWithStyle(listen.NoticeLimited, fyne.TextAlignLeading, fyne.TextStyle{})
	p.limitedLine.Importance = widget.WarningImportance
	p.limitedLine.Wrapping = fyne.TextWrapWord
	p.limitedLine.Hide()
	p.problemLine = widget.NewLabel("")
	p.problemLine.Importance = widget.DangerImportance
	p.problemLine.Wrapping = fyne.TextWrapWord
	p.problemLine.Hide()

	p.table = widget.NewTable(
		func() (int, int) { return len(p.view), int(numCols) },
		func() fyne.CanvasObject { return newCell(p.opts.Tips) },
		p.updateCell,
	)
	p.table.ShowHeaderRow = true
	p.table.CreateHeader = func() fyne.CanvasObject { return newHeader(p.sortBy, p.opts.Tips) }
	p.table.UpdateHeader = p.updateHeader
	for c := range numCols {
		p.table.SetColumnWidth(int(c), columns[c].width)
	}
	p.table.OnSelected = func(id widget.TableCellID) {
		// The panel draws the selection across the whole row itself.
		p.table.UnselectAll()
		if id.Row < 0 || id.Row >= len(p.view) {
			return
		}
		p.selectRow(id.Row)
		if p.OnSelectPort != nil {
			p.OnSelectPort(p.view[id.Row].l.Port)
		}
	}

	p.changes = widget.NewList(
		func() int { return len(p.log.entries) },
		newChangeRow,
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i >= 0 && i < len(p.log.entries) {
				updateChangeRow(p.log.newest(i), o, p.loc)
			}
		},
	)
	p.changes.OnSelected = func(i widget.ListItemID) {
		if i < 0 || i >= len(p.log.entries) {
			return
		}
		if e := p.log.newest(i); e.hasPort && p.OnSelectPort != nil {
			p.OnSelectPort(e.port)
		}
	}
	p.changesTab = container.NewTabItem("Changes", p.changes)
	p.tabs = container.NewAppTabs(container.NewTabItem("Listeners", p.table), p.changesTab)
	p.tabs.OnSelected = func(ti *container.TabItem) {
		if ti == p.changesTab {
			p.changes.Refresh()
		}
	}

	p.details = newDetailsLine(p.opts.Tips)
	tips := p.opts.Tips
	// Icons with tips: the details line keeps the width.
	p.copyBtn = tips.NewButton("", theme.ContentCopyIcon(), "Copy the selected row as one line of text", func() { p.copySelected() })
	p.approveBtn = tips.NewButton("", theme.ConfirmIcon(), "Approve the selected listener: calm from now on, but for reasons saying its program is not what it claims", p.approveSelected)
	p.approveAll = tips.NewButton("All", theme.ConfirmIcon(), "Approve every current listener; any that appears later is new", p.approveAllCurrent)
	p.endBtn = tips.NewButton("", theme.CancelIcon(), "End the selected listener's process (asks first)", p.endSelected)
	p.exportBtn = tips.NewButton("", theme.DocumentSaveIcon(), "Export the rows shown as CSV or JSON", p.export)
	actions := container.NewHBox(p.copyBtn, p.approveBtn, p.approveAll, p.endBtn, p.exportBtn)

	// The actions share the details' row: the table keeps the height.
	p.top = container.NewVBox(
		container.NewBorder(nil, nil, nil, p.count, p.filterEntry),
		p.limitedLine, p.problemLine,
	)
	p.bottom = container.NewBorder(nil, nil, nil, actions, p.details)
	p.content = container.NewBorder(p.top, p.bottom, nil, nil, p.tabs)
	p.showDetails()
	p.updateActions()
}

// CreateRenderer is a private method to Fyne which links this widget to its renderer.
func (p *Panel) CreateRenderer() fyne.WidgetRenderer {
	p.ExtendBaseWidget(p)
	return &panelRenderer{p: p, WidgetRenderer: widget.NewSimpleRenderer(p.content)}
}

// SetVerdicts sets the verdicts whose approvals the Approve buttons
// change (nil, or verdicts without a history: nothing can be approved).
func (p *Panel) SetVerdicts(v *judge.Verdicts) {
	p.verdicts = v
	p.updateActions()
}

// Selected returns the selected row's listener (a gone one too).
func (p *Panel) Selected() (listen.Listener, bool) {
	if r := p.selected(); r != nil {
		return *r.l, true
	}
	return listen.Listener{}, false
}

// Apply shows one poll's result. Call it on the UI goroutine for each
// result, failed ones too (the table then keeps the last listing and says
// why). A poll that changed nothing costs next to nothing. The result
// goes into the session first: the panel shows what the session holds.
func (p *Panel) Apply(r listen.PollResult) {
	now := p.opts.Now()
	step := p.session.Apply(r)
	if step == listen.Failed {
		p.setPollErr("The last poll failed: " + r.Err.Error() + ". The table shows the poll before.")
		p.sendNotification(now)
		return
	}
	p.setPollErr("")
	p.setLimited(p.session.Limited())
	if step == listen.Unchanged {
		p.sendNotification(now)
		return
	}
	p.cur, p.polled = p.session.Listeners(), r.Time
	if step == listen.First {
		p.log.add(change{time: r.Time, event: eventStart, text: countText(len(p.cur), p.session.Flagged())})
	} else {
		p.logDiff(&r)
	}
	p.log.trim()
	p.rebuild()
	p.refreshChanges()
	p.sendNotification(now)
	p.tellCount()
}

// logDiff records a poll's changes in the log, and the new alerts for a
// notification.
func (p *Panel) logDiff(r *listen.PollResult) {
	d := &r.Diff
	for i := range d.Gone {
		p.log.add(listenerChange(r.Time, eventGone, &d.Gone[i]))
	}
	for i := range d.Changed {
		c := &d.Changed[i]
		if text := describeChange(c); text != "" {
			p.log.add(change{time: r.Time, event: eventChanged, text: text, port: c.After.Port, hasPort: true})
		}
	}
	for i := range d.New {
		l := &d.New[i]
		p.log.add(listenerChange(r.Time, eventNew, l))
		if l.Flagged() {
			p.notify.add(l)
		}
	}
}

func (p *Panel) setPollErr(s string) {
	if p.pollErr != s {
		p.pollErr = s
		p.showProblems()
	}
}

func (p *Panel) showProblems() {
	var lines []string
	for _, s := range []string{p.pollErr, p.filterErr} {
		if s != "" {
			lines = append(lines, s)
		}
	}
	p.problemLine.Text = strings.Join(lines, "\n")
	p.problemLine.Hidden = len(lines) == 0
	p.problemLine.Refresh()
	p.relayout()
}

func (p *Panel) setLimited(limited bool) {
	if p.limited == limited {
		return
	}
	p.limited = limited
	if limited {
		p.limitedLine.Show()
	} else {
		p.limitedLine.Hide()
	}
	p.relayout()
}

// relayout lays the panel out again after a line above or below the table
// appeared, went or changed its height (the table keeps the rest).
func (p *Panel) relayout() {
	for _, c := range []*fyne.Container{p.top, p.bottom, p.content} {
		c.Layout.Layout(c.Objects, c.Size())
	}
}

func (p *Panel) updateCount() {
	s := countText(len(p.cur), p.session.Flagged())
	if !p.filter.Empty() {
		s += ", " + strconv.Itoa(len(p.view)) + " shown"
	}
	if s != p.count.Text {
		p.count.SetText(s)
	}
}

func (p *Panel) tellCount() {
	now := [2]int{p.session.Flagged(), len(p.cur)}
	if p.counted && now == p.told {
		return
	}
	p.counted, p.told = true, now
	if p.OnFlaggedCount != nil {
		p.OnFlaggedCount(now[0], now[1])
	}
}

// refreshChanges shows new log entries, when the Changes tab is shown
// (selecting it refreshes it).
func (p *Panel) refreshChanges() {
	if p.tabs.Selected() == p.changesTab {
		p.changes.Refresh()
	}
}

func (p *Panel) sendNotification(now time.Time) {
	if p.OnNotify == nil {
		p.notify.pending, p.notify.waiting = p.notify.pending[:0], 0
		return
	}
	if title, body, ok := p.notify.take(now); ok {
		p.OnNotify(title, body)
	}
}

// countText is "12 listeners, 1 alert": only alerts are counted.
func countText(total, alerts int) string {
	s := strconv.Itoa(total) + " listeners, " + strconv.Itoa(alerts) + " alert"
	if alerts != 1 {
		s += "s"
	}
	return s
}
