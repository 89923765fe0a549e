package historyui

import (
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/portolan/portolan/model/history"
	"github.com/portolan/portolan/model/listen"
)

// column is one column of the events table.
type column struct {
	title string
	width float32
	text  func(e *history.Event, loc *time.Location) string
}

var columns = []column{
	{"Time", 165, func(e *history.Event, loc *time.Location) string { return e.Time.In(loc).Format("Mon 2 Jan 15:04:05") }},
	{"Event", 70, func(e *history.Event, _ *time.Location) string { return e.Kind.String() }},
	{"Endpoint", 190, func(e *history.Event, _ *time.Location) string {
		return e.Key.Protocol + " " + listen.HostPort(e.Key.Address, e.Port)
	}},
	{"Process", 120, func(e *history.Event, _ *time.Location) string { return dash(e.Key.Process) }},
	{"PID", 64, func(e *history.Event, _ *time.Location) string {
		if e.PID == 0 {
			return "-"
		}
		return strconv.Itoa(int(e.PID))
	}},
	{"User", 90, func(e *history.Event, _ *time.Location) string { return dash(e.Key.User) }},
	{"Severity", 76, func(e *history.Event, _ *time.Location) string { return string(e.Severity) }},
	{"Program", 260, func(e *history.Event, _ *time.Location) string { return dash(e.Key.Exe) }},
}

const colSeverity = 6

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func (v *View) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	l := o.(*widget.Label)
	if id.Row < 0 || id.Row >= len(v.rows) || id.Col < 0 || id.Col >= len(columns) {
		l.SetText("")
		return
	}
	e := &v.rows[id.Row]
	l.Text = columns[id.Col].text(e, v.opts.Location)
	l.TextStyle = fyne.TextStyle{Bold: id.Row == v.selRow}
	l.Importance = widget.MediumImportance
	switch {
	case id.Col == colSeverity && e.Severity == history.SeverityAlert:
		l.Importance = widget.DangerImportance
	case id.Col == colSeverity && e.Severity == history.SeverityNotice:
		l.Importance = widget.WarningImportance
	case e.Kind == history.EventGone:
		l.Importance = widget.LowImportance
	}
	l.Refresh()
}

// The retention choices.
var retentionChoices = []struct {
	title string
	d     time.Duration
}{
	{"7 days", 7 * 24 * time.Hour},
	{"30 days", 30 * 24 * time.Hour},
	{"90 days", 90 * 24 * time.Hour},
	{"180 days", 180 * 24 * time.Hour},
	{"1 year", 365 * 24 * time.Hour},
}

func retentionTitles() []string {
	out := make([]string, len(retentionChoices))
	for i, c := range retentionChoices {
		out[i] = c.title
	}
	return out
}

// retentionTitle names d, or the nearest longer choice.
func retentionTitle(d time.Duration) string {
	for _, c := range retentionChoices {
		if d <= c.d {
			return c.title
		}
	}
	return retentionChoices[len(retentionChoices)-1].title
}

func retentionOf(title string) (time.Duration, bool) {
	for _, c := range retentionChoices {
		if c.title == title {
			return c.d, true
		}
	}
	return 0, false
}
