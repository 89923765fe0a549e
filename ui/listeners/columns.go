package listeners

import (
	"cmp"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"

	"github.com/portolan/portolan/model/export"
	"github.com/portolan/portolan/model/listen"
)

// column is one of the table's columns, in display order: what a row is
// (port, protocol), the verdict and why, then who listens and where. The
// verdict and the reasons come first so that they show without scrolling
// across; a column added later (a severity, an identity) goes into this
// list and columns.
type column int

const (
	colPort column = iota
	colProto
	colVerdict
	colReason
	colProcess
	colAddress
	colScope
	colPID
	colUser
	colService
	numCols
)

// columns describes each column: its heading, its width, how its text is
// aligned, which way a first tap on its heading sorts it, and its tip.
// The reason column takes the width the others leave (fitColumns).
var columns = [numCols]struct {
	title     string
	width     float32
	align     fyne.TextAlign
	firstDesc bool // the verdict columns sort the most flagged first
	tip       string
}{
	colPort:    {"Port", 58, fyne.TextAlignTrailing, false, "The port listened on. Tap a heading to sort by it."},
	colProto:   {"Proto", 54, fyne.TextAlignLeading, false, "tcp or udp"},
	colVerdict: {"Verdict", 136, fyne.TextAlignLeading, true, "▲ alert: the program is not what it claims, or an unexpected program others can reach; notice: worth knowing; ok: a known program on its usual ports; new: appeared in the last polls. Rest on a cell for who the program is"},
	colReason:  {"Why", 240, fyne.TextAlignLeading, true, "The reasons for the verdict, most telling first; rest on a cell for each one's sentence"},
	colProcess: {"Process", 120, fyne.TextAlignLeading, false, "The program listening; rest on a cell for its full name and path"},
	colAddress: {"Address", 130, fyne.TextAlignLeading, false, "The local address the socket is bound to"},
	colScope:   {"Scope", 76, fyne.TextAlignLeading, false, "loopback: this machine only; all: every interface; address: one interface"},
	colPID:     {"PID", 64, fyne.TextAlignTrailing, false, "The process ID, or why it is not known"},
	colUser:    {"User", 90, fyne.TextAlignLeading, false, "The user the process runs as"},
	colService: {"Service", 100, fyne.TextAlignLeading, false, "The service IANA's registry names for this port and protocol"},
}

// verdictNew is added to the verdict of a row that appeared lately (the
// severity's words are SeverityWord's).
const verdictNew = "new"

// row is one line of the table: a current listener (pointing into the
// poll's listing, which is read-only) or a gone one.
type row struct {
	l     *listen.Listener
	gone  *listen.Gone // nil for a current listener
	isNew bool         // highlighted: appeared within the last few polls
}

// pidText is the PID, or a word saying why it is not known (the process
// column then carries the note in full).
func pidText(l *listen.Listener) string {
	if l.PID != 0 {
		return strconv.Itoa(int(l.PID))
	}
	switch l.Note {
	case listen.NoteOtherUser:
		return "hidden"
	case listen.NoteNoProcess:
		return "none"
	case listen.NoteExited:
		return "ended"
	}
	return "-"
}

// dash is export.Dash: "-" for an empty cell.
func dash(s string) string { return export.Dash(s) }

// cellText is what the table shows in column c of r.
func cellText(r *row, c column, loc *time.Location) string {
	l := r.l
	switch c {
	case colPort:
		return strconv.Itoa(int(l.Port))
	case colProto:
		return l.Protocol
	case colAddress:
		return l.Address
	case colScope:
		return string(l.Scope)
	case colProcess:
		return l.ProcessText()
	case colPID:
		return pidText(l)
	case colUser:
		return dash(l.User)
	case colService:
		return dash(l.Service)
	case colVerdict:
		w := SeverityWord(l.Severity)
		switch {
		case r.gone != nil:
			return "gone " + r.gone.Time.In(loc).Format("15:04:05")
		case r.isNew:
			return w + " · " + verdictNew
		}
		return w
	case colReason:
		rs := listen.ReasonsText(l.Findings, ", ")
		if r.gone != nil && rs != "" {
			return "was " + rs
		}
		return dash(rs)
	}
	return ""
}

// fullText is what a cell's tip says: the cell's text; for the process
// and the verdict who the program is, and the command line; for the
// reasons each one's sentence.
func fullText(r *row, c column, loc *time.Location) string {
	text := cellText(r, c, loc)
	l := r.l
	switch c {
	case colProcess:
		if who := l.Who(); who != text {
			text += "\n" + who
		}
		if l.Cmdline != "" {
			text += "\n" + l.Cmdline
		}
	case colReason:
		text = strings.Join(ReasonLines(l), "\n")
	case colVerdict:
		if r.gone == nil {
			text += "\n" + l.Who()
		}
	}
	return text
}

// compareBy orders two rows by column c, ascending.
func compareBy(a, b *row, c column) int {
	x, y := a.l, b.l
	switch c {
	case colPort:
		return cmp.Compare(x.Port, y.Port)
	case colProto:
		return cmp.Or(cmp.Compare(x.Protocol, y.Protocol), cmp.Compare(x.Family, y.Family))
	case colAddress:
		return cmp.Or(x.IP.Compare(y.IP), cmp.Compare(x.Address, y.Address))
	case colScope:
		return cmp.Compare(x.Scope, y.Scope)
	case colProcess:
		// Known processes first, then the notes.
		return cmp.Or(cmpBool(x.Process == "", y.Process == ""), compareFold(x.ProcessText(), y.ProcessText()))
	case colPID:
		return cmp.Or(cmpBool(x.PID == 0, y.PID == 0), cmp.Compare(x.PID, y.PID))
	case colUser:
		return compareText(x.User, y.User)
	case colService:
		return compareText(x.Service, y.Service)
	case colVerdict:
		return cmp.Or(cmp.Compare(x.Severity, y.Severity), cmpBool(a.isNew, b.isNew), cmpBool(a.gone == nil, b.gone == nil))
	case colReason:
		return cmp.Or(cmp.Compare(len(x.Findings), len(y.Findings)), compareReasons(x.Findings, y.Findings))
	}
	return 0
}

// compareDefault is the listing's own order (protocol, port, family,
// address, PID), current rows before gone ones: the tie-break of every
// sort, so that the order never depends on the sort algorithm.
func compareDefault(a, b *row) int {
	return cmp.Or(listen.Compare(a.l, b.l), cmpBool(a.gone != nil, b.gone != nil))
}

// cmpBool orders false before true.
func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// compareText compares in any case, empty strings last.
func compareText(a, b string) int {
	return cmp.Or(cmpBool(a == "", b == ""), compareFold(a, b))
}

// compareFold compares ASCII letters in any case without allocating.
func compareFold(a, b string) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		ca, cb := lower(a[i]), lower(b[i])
		if ca != cb {
			return cmp.Compare(ca, cb)
		}
	}
	return cmp.Or(cmp.Compare(len(a), len(b)), strings.Compare(a, b))
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func reasonRank(r listen.Reason) int {
	for i, x := range listen.Reasons {
		if x == r {
			return i
		}
	}
	return len(listen.Reasons)
}

// compareReasons puts the more telling reasons (earlier in
// listen.Reasons) after, so that a descending sort shows them first.
func compareReasons(a, b []listen.Finding) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		if c := cmp.Compare(reasonRank(b[i].Reason), reasonRank(a[i].Reason)); c != 0 {
			return c
		}
	}
	return cmp.Compare(len(a), len(b))
}

// describe is a listener in a few words: "tcp 0.0.0.0:22 sshd (PID 812)".
func describe(l *listen.Listener) string {
	s := l.Endpoint() + " " + l.ProcessText()
	if l.PID != 0 {
		s += " (PID " + strconv.Itoa(int(l.PID)) + ")"
	}
	return s
}

// rowLine is a row as one line of text, for the clipboard.
func rowLine(r *row, loc *time.Location) string {
	l := r.l
	var b strings.Builder
	b.WriteString(describe(l))
	b.WriteString("  scope ")
	b.WriteString(string(l.Scope))
	b.WriteString("  user ")
	b.WriteString(dash(l.User))
	b.WriteString("  service ")
	b.WriteString(dash(l.Service))
	b.WriteString("  ")
	b.WriteString(l.Severity.String())
	if len(l.Findings) > 0 {
		b.WriteString(" [")
		b.WriteString(listen.ReasonsText(l.Findings, "; "))
		b.WriteString("]")
	}
	if r.gone != nil {
		b.WriteString("  (gone at ")
		b.WriteString(r.gone.Time.In(loc).Format("15:04:05"))
		b.WriteString(")")
	}
	return b.String()
}
