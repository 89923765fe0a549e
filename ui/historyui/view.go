package historyui

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/portolan/portolan/model/history"
	"github.com/portolan/portolan/model/listen"
	"github.com/portolan/portolan/model/record"
)

// Hours is the timeline's span: 7 days.
const Hours = 7 * 24

// DefaultLimit is how many events the tab shows at most (the newest).
const DefaultLimit = 2000

// Source is the history the view reads (a *history.Store).
type Source interface {
	Events(ctx context.Context, q history.EventQuery) ([]history.Event, error)
	Timeline(ctx context.Context, end time.Time, n int) ([]history.HourBucket, error)
}

// Options are the view's settings; the zero value takes the defaults.
type Options struct {
	// Service names a port's registered service, for the filter's
	// service key (nil: none known).
	Service func(protocol string, port uint16) string
	// Background runs a query off the UI goroutine (go f() when nil) and
	// Deliver hands its result back to it (fyne.Do when nil); tests run
	// both at once.
	Background, Deliver func(func())
	// Now is the clock of the timeline's end (time.Now when nil);
	// Location the zone times are shown in (time.Local when nil).
	Now      func() time.Time
	Location *time.Location
	// Limit is how many events are shown at most (DefaultLimit when 0).
	Limit int
	// FilterDelay is how long typing must pause before the filter is
	// applied (0: at once); a filtered week reads tens of thousands of rows.
	FilterDelay time.Duration
	// Retention is the retention shown in the choice; OnRetention is
	// called when the user picks another (no choice shown when nil).
	Retention   time.Duration
	OnRetention func(time.Duration)
}

// View is the History tab.
type View struct {
	widget.BaseWidget

	// OnSelectPort is called with a row's port when the user picks it.
	OnSelectPort func(port uint16)

	opts Options
	src  Source

	filter    *listen.Filter
	filterErr string
	hour      time.Time // the hour chosen on the timeline (zero: the 7 days)
	rows      []history.Event
	selRow    int
	loadErr   string
	notice    string
	gen       int // of the latest load; older results are dropped
	typed     int // filter edits, for FilterDelay
	loaded    bool

	content     *fyne.Container
	timeline    *Timeline
	filterEntry *widget.Entry
	hourLabel   *widget.Label
	hourClear   *widget.Button
	hourBox     *fyne.Container
	count       *widget.Label
	filterRow   *fyne.Container
	noticeLine  *widget.Label
	table       *widget.Table
	retention   *widget.Select
}

// New makes the view; it shows nothing until SetSource.
func New(opts Options) *View {
	if opts.Background == nil {
		opts.Background = func(f func()) { go f() }
	}
	if opts.Deliver == nil {
		opts.Deliver = fyne.Do
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Location == nil {
		opts.Location = time.Local
	}
	if opts.Limit <= 0 {
		opts.Limit = DefaultLimit
	}
	v := &View{opts: opts, selRow: -1}
	v.ExtendBaseWidget(v)
	v.build()
	return v
}

// legendText is the chart's caption while the pointer is not over it.
const legendText = "Listeners per hour, last 7 days · alerts in red · grey: nothing recorded · click a bar for its hour"

func (v *View) build() {
	v.timeline = NewTimeline(v.opts.Location)
	v.timeline.Legend = legendText
	v.timeline.OnHourTapped = v.tapHour
	v.filterEntry = widget.NewEntry()
	v.filterEntry.SetPlaceHolder("Filter: gone, flagged, port=8000-8999, proc=python, user=root")
	v.filterEntry.OnChanged = v.setFilter
	v.hourLabel = widget.NewLabel("")
	v.hourClear = widget.NewButtonWithIcon("", theme.CancelIcon(), func() { v.SetHour(time.Time{}) })
	v.hourBox = container.NewHBox(v.hourLabel, v.hourClear)
	v.hourBox.Hide()
	v.count = widget.NewLabel("")
	v.noticeLine = widget.NewLabel("")
	v.noticeLine.Wrapping = fyne.TextWrapWord
	v.noticeLine.Importance = widget.WarningImportance
	v.noticeLine.Hide()

	v.table = widget.NewTable(func() (int, int) { return len(v.rows), len(columns) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		}, v.updateCell)
	v.table.ShowHeaderRow = true
	v.table.CreateHeader = func() fyne.CanvasObject {
		return widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	v.table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Col >= 0 && id.Col < len(columns) {
			o.(*widget.Label).SetText(columns[id.Col].title)
		}
	}
	for i, c := range columns {
		v.table.SetColumnWidth(i, c.width)
	}
	v.table.OnSelected = func(id widget.TableCellID) {
		v.table.UnselectAll() // the row is drawn chosen, not the cell
		v.SelectRow(id.Row)
	}

	right := []fyne.CanvasObject{}
	if v.opts.OnRetention != nil {
		v.retention = widget.NewSelect(retentionTitles(), func(s string) {
			if d, ok := retentionOf(s); ok && d != v.opts.Retention {
				v.opts.Retention = d
				v.opts.OnRetention(d)
			}
		})
		v.retention.SetSelected(retentionTitle(v.opts.Retention))
		right = append(right, widget.NewLabel("Keep"), v.retention)
	}
	// One row of controls over the chart: the table keeps the height.
	v.filterRow = container.NewBorder(nil, nil, nil, container.NewHBox(append([]fyne.CanvasObject{v.hourBox, v.count}, right...)...), v.filterEntry)
	top := container.NewVBox(v.filterRow, v.timeline, v.noticeLine)
	v.content = container.NewBorder(top, nil, nil, nil, v.table)
}

// CreateRenderer is a private method to Fyne which links this widget to its renderer.
func (v *View) CreateRenderer() fyne.WidgetRenderer {
	v.ExtendBaseWidget(v)
	return &viewRenderer{WidgetRenderer: widget.NewSimpleRenderer(v.content), v: v}
}

// viewRenderer asks no more height than its table does: the listener
// panel sizes itself by its own table's rows (a tab's content may not ask
// more), and the chart and the filter take their share of what it gets.
type viewRenderer struct {
	fyne.WidgetRenderer
	v *View
}

func (r *viewRenderer) MinSize() fyne.Size {
	return fyne.NewSize(r.WidgetRenderer.MinSize().Width, r.v.table.MinSize().Height)
}

// SetSource shows src (nil: no history) and loads it.
func (v *View) SetSource(src Source) {
	v.src = src
	v.Reload()
}

// SetNotice shows a message about the history above the events ("" hides
// it): why there is none, a file set aside, a full disk.
func (v *View) SetNotice(s string) {
	v.notice = s
	v.showNotice()
}

// Notice is the message shown above the events ("" when none).
func (v *View) Notice() string { return v.noticeLine.Text }

// Reload reads the events and the timeline again (after a poll wrote
// events, or the hour turned).
func (v *View) Reload() {
	v.gen++
	gen := v.gen
	src := v.src
	if src == nil {
		v.rows, v.loadErr = nil, ""
		v.timeline.SetBuckets(nil)
		v.showRows()
		return
	}
	now := v.opts.Now()
	q := history.EventQuery{Keep: record.Matcher{Filter: v.filter, Service: v.opts.Service}.KeepEvent(), Limit: v.opts.Limit}
	if v.hour.IsZero() {
		q.Since = now.Add(-Hours * time.Hour).Truncate(time.Hour)
	} else {
		q.Since, q.Until = v.hour, v.hour.Add(time.Hour)
	}
	v.opts.Background(func() {
		ctx := context.Background()
		es, err := src.Events(ctx, q)
		tl, terr := src.Timeline(ctx, now, Hours)
		v.opts.Deliver(func() {
			if gen != v.gen {
				return // a newer load is on its way
			}
			v.loaded = true
			v.loadErr = ""
			if err := errors.Join(err, terr); err != nil {
				v.loadErr = "The history could not be read: " + err.Error()
			}
			slices.Reverse(es) // newest first
			v.rows = es
			v.selRow = -1
			if terr == nil {
				v.timeline.SetBuckets(tl)
			}
			v.showRows()
		})
	})
}

// SetFilter sets the filter's text, as typed in its box.
func (v *View) SetFilter(text string) { v.filterEntry.SetText(text) }

func (v *View) setFilter(text string) {
	f, err := listen.ParseFilter(text)
	if err != nil {
		v.filterErr = err.Error()
		v.showNotice()
		return // the last good filter stays
	}
	v.filterErr = ""
	v.showNotice()
	v.filter = f
	if v.opts.FilterDelay <= 0 {
		v.Reload()
		return
	}
	v.typed++
	typed := v.typed
	time.AfterFunc(v.opts.FilterDelay, func() {
		v.opts.Deliver(func() {
			if typed == v.typed { // no edit since
				v.Reload()
			}
		})
	})
}

// tapHour chooses the hour tapped, or the 7 days again when it was chosen.
func (v *View) tapHour(start time.Time) {
	if start.Equal(v.hour) {
		start = time.Time{}
	}
	v.SetHour(start)
}

// SetHour shows only the events of the hour starting at start (zero: the
// last 7 days).
func (v *View) SetHour(start time.Time) {
	v.hour = start
	v.timeline.SetSelected(start)
	if start.IsZero() {
		v.hourBox.Hide()
	} else {
		s := start.In(v.opts.Location)
		v.hourLabel.SetText(s.Format("Mon 2 Jan 15:00") + "-" + s.Add(time.Hour).Format("15:00"))
		v.hourBox.Show()
	}
	v.filterRow.Refresh()
	v.Reload()
}

// Hour is the hour chosen (zero: none).
func (v *View) Hour() time.Time { return v.hour }

// Rows are the events shown, newest first.
func (v *View) Rows() []history.Event { return v.rows }

// Timeline is the chart.
func (v *View) Timeline() *Timeline { return v.timeline }

// SelectRow picks row i: it is drawn chosen and its port reported.
func (v *View) SelectRow(i int) {
	if i < 0 || i >= len(v.rows) {
		return
	}
	v.selRow = i
	v.table.Refresh()
	if v.OnSelectPort != nil {
		v.OnSelectPort(v.rows[i].Port)
	}
}

func (v *View) showRows() {
	n := len(v.rows)
	var s string
	switch {
	case v.src == nil:
		s = ""
	case n >= v.opts.Limit:
		s = "the newest " + strconv.Itoa(n) + " events"
	default:
		s = strconv.Itoa(n) + " " + plural(n, "event", "events")
	}
	if s != v.count.Text {
		v.count.SetText(s)
		v.filterRow.Refresh() // the count's width changed
	}
	v.table.Refresh()
	v.showNotice()
}

func (v *View) showNotice() {
	var lines []string
	for _, s := range []string{v.notice, v.loadErr, v.filterErr} {
		if s != "" {
			lines = append(lines, s)
		}
	}
	text := strings.Join(lines, "\n")
	if text == v.noticeLine.Text && v.noticeLine.Visible() == (text != "") {
		return
	}
	v.noticeLine.SetText(text)
	if text == "" {
		v.noticeLine.Hide()
	} else {
		v.noticeLine.Show()
	}
	v.content.Refresh()
}
