package fleetui

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/portolan/portolan/model/fleet"
	"github.com/portolan/portolan/model/listen"
	"github.com/portolan/portolan/registry"
)

// hostList is the table of the hosts listening on the selected port (or
// range): host, port, address, process, user and verdict, alerts first;
// the selected row's whole text below it.
type hostList struct {
	title  *widget.Label
	table  *widget.Table
	detail *widget.Label
	rows   []fleet.Row
	// more counts the rows of a range left out of the table.
	more int
	box  fyne.CanvasObject
}

// maxRangeRows bounds the rows a range lists (a fleet's busiest range may
// hold half a million).
const maxRangeRows = 20000

type hostColumn struct {
	title string
	width float32
	text  func(r *fleet.Row) string
}

// hostColumns are the table's columns, what matters first: who and the
// verdict, then the process, user and address (the port last: the title
// says it unless a range is selected).
var hostColumns = []hostColumn{
	{"Host", 160, func(r *fleet.Row) string { return r.Host }},
	{"Verdict", 230, verdictText},
	{"Process", 140, processText},
	{"User", 80, userText},
	{"Address", 110, func(r *fleet.Row) string { return r.Address }},
	{"Port", 75, func(r *fleet.Row) string { return strconv.Itoa(int(r.Port)) + "/" + r.Protocol }},
}

const verdictCol = 1

func processText(r *fleet.Row) string {
	name := r.Process
	if name == "" {
		name = "?"
		if r.Exe != "" {
			name = r.Exe
		}
	}
	if r.PID > 0 {
		name += " (" + strconv.Itoa(int(r.PID)) + ")"
	}
	return name
}

func userText(r *fleet.Row) string {
	switch {
	case r.User != "":
		return r.User
	case r.UID >= 0:
		return "uid " + strconv.FormatInt(r.UID, 10)
	}
	return "?"
}

// verdictText is the severity in words, always written (the colour only
// repeats it), and the reasons.
func verdictText(r *fleet.Row) string {
	sev := r.Severity
	if sev == "" {
		sev = "not judged"
	}
	if len(r.Reasons) == 0 {
		return sev
	}
	return sev + ": " + strings.Join(r.Reasons, "; ")
}

// detailText is everything about a row in a line or two.
func detailText(r *fleet.Row) string {
	parts := []string{r.Host + " on " + listen.HostPort(r.Address, r.Port) + "/" + r.Protocol}
	if r.Exe != "" {
		exe := r.Exe
		if r.OnDisk == 0 {
			exe += " (not on disk)"
		}
		parts = append(parts, exe)
	}
	if r.Cmdline != "" {
		parts = append(parts, "“"+r.Cmdline+"”")
	}
	parts = append(parts, "user "+userText(r))
	if r.CgroupPath != "" {
		parts = append(parts, r.CgroupPath)
	}
	if r.Platform != "" {
		parts = append(parts, r.Platform)
	}
	return strings.Join(parts, " · ") + "\n" + verdictText(r)
}

func newHostList() *hostList {
	h := &hostList{title: widget.NewLabel(""), detail: widget.NewLabel("")}
	h.title.TextStyle.Bold = true
	h.title.Truncation = fyne.TextTruncateEllipsis
	h.detail.Wrapping = fyne.TextWrapWord
	h.table = widget.NewTable(
		func() (int, int) { return len(h.rows), len(hostColumns) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		h.updateCell)
	h.table.ShowHeaderRow = true
	h.table.CreateHeader = func() fyne.CanvasObject {
		l := widget.NewLabel("")
		l.TextStyle.Bold = true
		return l
	}
	h.table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Col >= 0 && id.Col < len(hostColumns) {
			o.(*widget.Label).SetText(hostColumns[id.Col].title)
		}
	}
	for i, c := range hostColumns {
		h.table.SetColumnWidth(i, c.width)
	}
	h.table.OnSelected = func(id widget.TableCellID) {
		if id.Row >= 0 && id.Row < len(h.rows) {
			h.detail.SetText(detailText(&h.rows[id.Row]))
		}
	}
	h.box = container.NewBorder(h.title, h.detail, nil, nil, h.table)
	return h
}

func (h *hostList) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	l := o.(*widget.Label)
	if id.Row < 0 || id.Row >= len(h.rows) || id.Col < 0 || id.Col >= len(hostColumns) {
		l.SetText("")
		return
	}
	r := &h.rows[id.Row]
	imp, bold := widget.MediumImportance, false
	if id.Col == verdictCol {
		switch r.Severity {
		case fleet.SeverityAlert:
			imp, bold = widget.DangerImportance, true
		case fleet.SeverityNotice:
			imp = widget.HighImportance
		}
	}
	if l.Importance != imp || l.TextStyle.Bold != bold {
		l.Importance, l.TextStyle.Bold = imp, bold
	}
	l.SetText(hostColumns[id.Col].text(r))
}

// show lists the hosts of v on ports lo..hi on protocol proto ("tcp",
// "udp", "" for both); title names what is shown.
func (h *hostList) show(v *fleet.View, lo, hi uint16, proto, title string) {
	h.rows, h.more = h.rows[:0], 0
	if v != nil {
		for p := int(lo); p <= int(hi); p++ {
			rows := v.Port(uint16(p), proto)
			if room := maxRangeRows - len(h.rows); len(rows) > room {
				h.more += len(rows) - room
				rows = rows[:room]
			}
			h.rows = append(h.rows, rows...)
		}
		if lo != hi {
			// A range: the alerts of every port first.
			slices.SortStableFunc(h.rows, func(a, b fleet.Row) int {
				return cmp.Compare(fleet.SeverityRank(a.Severity), fleet.SeverityRank(b.Severity))
			})
		}
	}
	hosts := 0
	seen := map[string]bool{}
	for i := range h.rows {
		if !seen[h.rows[i].Host] {
			seen[h.rows[i].Host] = true
			hosts++
		}
	}
	switch {
	case v == nil:
		h.title.SetText(title)
	case len(h.rows) == 0:
		h.title.SetText(title + ": no host listens")
	default:
		t := title + ": " + plural(len(h.rows), "listener") + " on " + plural(hosts, "host")
		if h.more > 0 {
			t += " (the first " + registry.Thousands(len(h.rows)) + "; " + registry.Thousands(h.more) + " more)"
		}
		h.title.SetText(t)
	}
	h.detail.SetText("")
	h.table.UnselectAll()
	h.table.ScrollToTop()
	h.table.Refresh()
}
