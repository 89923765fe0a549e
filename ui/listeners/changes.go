package listeners

import (
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
	"github.com/portolan/portolan/model/listen"
)

// Events of the change log.
const (
	eventStart    = "start"    // the first poll: how many listeners there were
	eventNew      = "new"      // a listener appeared
	eventGone     = "gone"     // a listener went away
	eventChanged  = "changed"  // same endpoint, another process, user, note or verdicts
	eventApproved = "approved" // approved from the panel
	eventEnded    = "signal"   // the panel sent a process a signal
)

// DefaultChangeLogLimit is how many entries the change log keeps.
const DefaultChangeLogLimit = 1000

// change is one entry of the change log.
type change struct {
	time    time.Time
	event   string
	text    string
	port    uint16
	hasPort bool
}

// changeLog keeps the session's changes, the oldest dropped past limit.
type changeLog struct {
	limit   int
	entries []change // oldest first
}

func (c *changeLog) add(e change) {
	c.entries = append(c.entries, e)
}

// trim drops the oldest entries past the limit (once per poll, however
// many were added).
func (c *changeLog) trim() {
	if extra := len(c.entries) - c.limit; extra > 0 {
		n := copy(c.entries, c.entries[extra:])
		clear(c.entries[n:])
		c.entries = c.entries[:n]
	}
}

// newest returns the i-th entry counting from the newest.
func (c *changeLog) newest(i int) *change { return &c.entries[len(c.entries)-1-i] }

func listenerChange(t time.Time, event string, l *listen.Listener) change {
	text := describe(l)
	if l.Severity != listen.SeverityNone {
		text += "  " + l.Severity.String() + " [" + listen.ReasonsText(l.Findings, "; ") + "]"
	}
	return change{time: t, event: event, text: text, port: l.Port, hasPort: true}
}

// describeChange says what changed about a listener (an approval's
// calming shows here too: the log says what it did).
func describeChange(c *listen.Change) string {
	b, a := &c.Before, &c.After
	var parts []string
	if a.PID != b.PID || a.Process != b.Process || a.Note != b.Note {
		was := b.ProcessText()
		if b.PID != 0 {
			was += " (PID " + strconv.Itoa(int(b.PID)) + ")"
		}
		parts = append(parts, "was "+was)
	} else if a.Exe != b.Exe || a.Cmdline != b.Cmdline || !a.Started.Equal(b.Started) {
		parts = append(parts, "process details changed")
	}
	if a.User != b.User {
		parts = append(parts, "user was "+dash(b.User))
	}
	if a.Scope != b.Scope || a.State != b.State || a.Service != b.Service {
		parts = append(parts, "was "+string(b.Scope)+" "+dash(b.Service))
	}
	var added, dropped []string
	for _, f := range a.Findings {
		if !b.HasReason(f.Reason) {
			added = append(added, "+"+string(f.Reason))
		}
	}
	for _, f := range b.Findings {
		if !a.HasReason(f.Reason) {
			dropped = append(dropped, "-"+string(f.Reason))
		}
	}
	if a.Severity != b.Severity {
		parts = append(parts, b.Severity.String()+" → "+a.Severity.String())
	}
	if len(added)+len(dropped) > 0 {
		parts = append(parts, "reasons "+strings.Join(append(added, dropped...), ", "))
	}
	if len(parts) == 0 {
		parts = append(parts, "details changed")
	}
	return describe(a) + ": " + strings.Join(parts, "; ")
}

// changeColumns lays out a change log line: time, event, then the text in
// the rest of the width.
type changeColumns struct{ widths [2]float32 }

func (l *changeColumns) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	x := float32(0)
	for i, o := range objs {
		w := size.Width - x
		if i < len(l.widths) {
			w = l.widths[i]
		}
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(max(w, 0), size.Height))
		x += w
	}
}

func (l *changeColumns) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for i, o := range objs {
		m := o.MinSize()
		if i < len(l.widths) {
			s.Width += l.widths[i]
		} else {
			s.Width += m.Width
		}
		s.Height = max(s.Height, m.Height)
	}
	return s
}

func newChangeRow() fyne.CanvasObject {
	at := widget.NewLabel("00:00:00")
	ev := widget.NewLabelWithStyle("changed", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	text := widget.NewLabel("")
	text.Truncation = fyne.TextTruncateEllipsis
	return &fyne.Container{Layout: &changeColumns{widths: [2]float32{90, 90}}, Objects: []fyne.CanvasObject{at, ev, text}}
}

func updateChangeRow(e *change, o fyne.CanvasObject, loc *time.Location) {
	objs := o.(*fyne.Container).Objects
	objs[0].(*widget.Label).SetText(e.time.In(loc).Format("15:04:05"))
	ev := objs[1].(*widget.Label)
	ev.Importance = widget.MediumImportance
	switch e.event {
	case eventNew:
		ev.Importance = widget.SuccessImportance
	case eventGone:
		ev.Importance = widget.WarningImportance
	case eventEnded:
		ev.Importance = widget.DangerImportance
	}
	ev.SetText(e.event)
	objs[2].(*widget.Label).SetText(e.text)
}
