package listeners

import (
	"net/netip"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/portolan/portolan/model/listen"
	"github.com/portolan/portolan/ui/internal/apptheme"
)

// lightTheme and darkTheme are the app's theme held to one variant, so
// that tests do not depend on the machine's.
var (
	lightTheme = apptheme.For(apptheme.Light)
	darkTheme  = apptheme.For(apptheme.Dark)
)

// t0 is when the test polls start.
var t0 = time.Date(2026, 11, 26, 10, 14, 0, 0, time.UTC)

// alert and notice are a reason with its severity.
func alert(r listen.Reason) listen.Finding {
	return listen.Finding{Reason: r, Severity: listen.SeverityAlert}
}
func notice(r listen.Reason) listen.Finding {
	return listen.Finding{Reason: r, Severity: listen.SeverityNotice}
}

// lis builds a listener by hand: "tcp 0.0.0.0:22" style endpoint, its
// severity the highest of its findings'.
func lis(proto, addr string, port uint16, pid int32, process, user, service string, findings ...listen.Finding) listen.Listener {
	ip := netip.MustParseAddr(strings.SplitN(addr, "%", 2)[0])
	l := listen.Listener{
		Protocol: proto, Family: listen.FamilyOf(ip), IP: ip, Address: addr, Port: port,
		Scope: listen.ScopeOf(ip, strings.Contains(addr, "%")), PID: pid, Process: process, User: user,
		Service: service, Findings: findings,
	}
	for _, f := range findings {
		l.Severity = max(l.Severity, f.Severity)
	}
	l.State = "LISTEN"
	if proto == "udp" {
		l.State = "UNCONN"
	}
	if pid != 0 {
		l.Exe = "/usr/bin/" + process
		l.Cmdline = l.Exe + " --serve"
		l.Started = t0.Add(-time.Hour)
	}
	return l
}

// Listeners of the fixture; every column orders them differently.
var (
	sshd   = lis("tcp", "0.0.0.0", 22, 812, "sshd", "root", "ssh", notice(listen.ReasonAllInterfaces))
	dns    = lis("udp", "127.0.0.53", 53, 640, "systemd-resolve", "systemd-resolve", "domain")
	tacacs = lis("tcp", "::1", 290, 4242, "nc", "alice", "", alert(listen.ReasonTempFolder), notice(listen.ReasonUnassigned))
	webdev = lis("tcp", "127.0.0.1", 8000, 3100, "python3", "bob", "irdmi")
	hidden = otherUser(lis("udp", "192.168.1.20", 5353, 0, "", "avahi", "mdns"))
)

// otherUser makes l a socket of another user's process, as seen without
// elevated rights.
func otherUser(l listen.Listener) listen.Listener {
	l.PID, l.Process, l.Exe, l.Cmdline, l.Started = 0, "", "", "", time.Time{}
	l.Note = listen.NoteOtherUser
	return l
}

// feed hands out poll results as the poller would: sorted listings,
// diffed against the previous one.
type feed struct {
	prev []listen.Listener
	seq  int
	at   time.Time
}

func newFeed() *feed { return &feed{at: t0} }

func (f *feed) poll(ls ...listen.Listener) listen.PollResult {
	cur := slices.Clone(ls)
	listen.SortListeners(cur)
	f.seq++
	r := listen.PollResult{Seq: f.seq, Time: f.at, Snapshot: listen.Snapshot{Listeners: cur},
		Diff: listen.DiffListeners(f.prev, cur)}
	f.at = f.at.Add(2 * time.Second)
	f.prev = cur
	return r
}

// same is a poll that found nothing new: the same listing, no diff.
func (f *feed) same() listen.PollResult {
	f.seq++
	r := listen.PollResult{Seq: f.seq, Time: f.at, Snapshot: listen.Snapshot{Listeners: f.prev}}
	f.at = f.at.Add(2 * time.Second)
	return r
}

// newPanel shows a panel in a test window of the light theme.
func newPanel(t testing.TB, opts Options) (*Panel, fyne.Window) {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(lightTheme)
	w := test.NewTempWindow(t, nil)
	p := New(w, opts)
	p.loc = time.UTC
	w.SetContent(p)
	w.Resize(fyne.NewSize(1400, 520))
	return p, w
}

// ports lists the ports of the table's rows, in order.
func ports(p *Panel) []uint16 {
	var out []uint16
	for i := range p.view {
		out = append(out, p.view[i].l.Port)
	}
	return out
}

// rowTexts is the table as text, one row a line, cells split by " | ".
func rowTexts(p *Panel) []string {
	var out []string
	for i := range p.view {
		cells := make([]string, numCols)
		for c := range numCols {
			cells[c] = cellText(&p.view[i], c, p.loc)
		}
		out = append(out, strings.Join(cells, " | "))
	}
	return out
}

// rowIndex finds the row of the port, failing the test when there is none.
func rowIndex(t *testing.T, p *Panel, port uint16) int {
	t.Helper()
	for i := range p.view {
		if p.view[i].l.Port == port {
			return i
		}
	}
	t.Fatalf("no row for port %d in\n%s", port, strings.Join(rowTexts(p), "\n"))
	return -1
}

// styleOf is the style the table gives a cell.
func styleOf(p *Panel, row int, c column) (string, cellStyle) {
	cl := newCell(nil)
	p.updateCell(widget.TableCellID{Row: row, Col: int(c)}, cl)
	return cl.text, cl.style
}

// walk visits o and everything rendered under it.
func walk(o fyne.CanvasObject, visit func(fyne.CanvasObject)) {
	if o == nil {
		return
	}
	visit(o)
	switch x := o.(type) {
	case *fyne.Container:
		for _, c := range x.Objects {
			walk(c, visit)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(x).Objects() {
			walk(c, visit)
		}
	}
}

// findHeader finds the rendered heading of column c.
func findHeader(t *testing.T, p *Panel, c column) *header {
	t.Helper()
	var found *header
	walk(p.table, func(o fyne.CanvasObject) {
		if h, ok := o.(*header); ok && h.Visible() && h.col == c && h.label.Text == columns[c].title {
			found = h
		}
	})
	if found == nil {
		t.Fatalf("no heading for column %s", columns[c].title)
	}
	return found
}

// overlayText is the text of the topmost dialog.
func overlayText(w fyne.Window) string {
	top := w.Canvas().Overlays().Top()
	var parts []string
	walk(top, func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.Label:
			parts = append(parts, x.Text)
		case *widget.Button:
			parts = append(parts, "["+x.Text+"]")
		}
	})
	return strings.Join(parts, "\n")
}

// tapButton taps the button of the topmost dialog whose text is text.
func tapButton(t *testing.T, w fyne.Window, text string) {
	t.Helper()
	top := w.Canvas().Overlays().Top()
	var b *widget.Button
	walk(top, func(o fyne.CanvasObject) {
		if x, ok := o.(*widget.Button); ok && x.Text == text {
			b = x
		}
	})
	if b == nil {
		t.Fatalf("no button %q in the dialog:\n%s", text, overlayText(w))
	}
	test.Tap(b)
}
