package listeners

import (
	"context"
	"errors"
	"fmt"
	"image/color"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/portolan/portolan/model"
	"github.com/portolan/portolan/model/history"
	"github.com/portolan/portolan/model/judge"
	"github.com/portolan/portolan/model/listen"
	"github.com/portolan/portolan/registry"
	"github.com/portolan/portolan/ui/internal/apptheme"
)

func all() []listen.Listener { return []listen.Listener{sshd, dns, tacacs, webdev, hidden} }

func TestApplyShowsRows(t *testing.T) {
	p, _ := newPanel(t, Options{})
	var counts [][2]int
	p.OnFlaggedCount = func(flagged, total int) { counts = append(counts, [2]int{flagged, total}) }
	p.Apply(newFeed().poll(all()...))

	want := []string{
		"22 | tcp | notice | open on all interfaces | sshd | 0.0.0.0 | all | 812 | root | ssh",
		"53 | udp | ok | - | systemd-resolve | 127.0.0.53 | loopback | 640 | systemd-resolve | domain",
		"290 | tcp | ▲ alert | run from a temporary folder, unassigned port | nc | ::1 | loopback | 4242 | alice | -",
		"5353 | udp | ok | - | another user's process (run elevated to see it) | 192.168.1.20 | address | hidden | avahi | mdns",
		"8000 | tcp | ok | - | python3 | 127.0.0.1 | loopback | 3100 | bob | irdmi",
	}
	if got := rowTexts(p); !slices.Equal(got, want) {
		t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Only alerts are counted.
	if !slices.Equal(counts, [][2]int{{1, 5}}) {
		t.Errorf("OnFlaggedCount calls = %v, want [[1 5]]", counts)
	}
	if got := p.count.Text; got != "5 listeners, 1 alert" {
		t.Errorf("count line = %q", got)
	}
	if len(p.session.Listeners()) != 5 {
		t.Errorf("the session has %d listeners, want 5", len(p.session.Listeners()))
	}
	// The first poll is not a flood of "new" rows: one start entry.
	for i := range p.view {
		if p.view[i].isNew {
			t.Errorf("row %d is highlighted as new on the first poll", p.view[i].l.Port)
		}
	}
	if n := len(p.log.entries); n != 1 || p.log.entries[0].event != eventStart || p.log.entries[0].text != "5 listeners, 1 alert" {
		t.Errorf("change log after the first poll = %+v", p.log.entries)
	}

	// The verdict says the severity in its colour: an alert bold in the
	// error colour, a notice in the primary colour; a calm row and the
	// other columns in the foreground.
	if _, s := styleOf(p, rowIndex(t, p, 290), colVerdict); s.color != theme.ColorNameError || !s.bold {
		t.Errorf("an alert's verdict is drawn %+v, want bold in the error colour", s)
	}
	if _, s := styleOf(p, rowIndex(t, p, 22), colVerdict); s.color != theme.ColorNamePrimary || s.bold {
		t.Errorf("a notice's verdict is drawn %+v, want the primary colour", s)
	}
	for _, c := range []column{colPort, colProcess, colService} {
		if _, s := styleOf(p, rowIndex(t, p, 290), c); s.color != "" {
			t.Errorf("column %d of an alert is drawn in %q", c, s.color)
		}
	}
	if _, s := styleOf(p, rowIndex(t, p, 53), colVerdict); s.color != "" || s.bold {
		t.Error("a calm row's verdict is coloured")
	}
}

func TestSortByHeaderTap(t *testing.T) {
	for _, c := range []struct {
		col       column
		asc, desc []uint16
	}{
		{colPort, []uint16{22, 53, 290, 5353, 8000}, []uint16{8000, 5353, 290, 53, 22}},
		{colProto, []uint16{22, 8000, 290, 53, 5353}, []uint16{53, 5353, 290, 22, 8000}},
		{colAddress, []uint16{22, 8000, 53, 5353, 290}, []uint16{290, 5353, 53, 8000, 22}},
		{colScope, []uint16{5353, 22, 290, 8000, 53}, []uint16{290, 8000, 53, 22, 5353}},
		{colProcess, []uint16{290, 8000, 22, 53, 5353}, []uint16{5353, 53, 22, 8000, 290}},
		{colPID, []uint16{53, 22, 8000, 290, 5353}, []uint16{5353, 290, 8000, 22, 53}},
		{colUser, []uint16{290, 5353, 8000, 22, 53}, []uint16{53, 22, 8000, 5353, 290}},
		{colService, []uint16{53, 8000, 5353, 22, 290}, []uint16{290, 22, 5353, 8000, 53}},
		{colVerdict, []uint16{8000, 53, 5353, 22, 290}, []uint16{290, 22, 8000, 53, 5353}},
		{colReason, []uint16{8000, 53, 5353, 22, 290}, []uint16{290, 22, 8000, 53, 5353}},
	} {
		t.Run(columns[c.col].title, func(t *testing.T) {
			p, _ := newPanel(t, Options{})
			p.Apply(newFeed().poll(all()...))
			first, second := c.asc, c.desc
			if c.col == colPort { // already sorted by port: the tap turns it
				first, second = c.desc, c.asc
			}
			if columns[c.col].firstDesc { // alerts first
				first, second = c.desc, c.asc
			}
			test.Tap(findHeader(t, p, c.col))
			if got := ports(p); !slices.Equal(got, first) {
				t.Errorf("after one tap: %v, want %v", got, first)
			}
			h := findHeader(t, p, c.col)
			if !h.arrow.Visible() {
				t.Error("the sorted column's heading shows no arrow")
			}
			if other := findHeader(t, p, (c.col+1)%numCols); other.arrow.Visible() {
				t.Error("an unsorted column's heading shows an arrow")
			}
			up := h.arrow.Resource == theme.MenuDropUpIcon()
			test.Tap(h)
			if got := ports(p); !slices.Equal(got, second) {
				t.Errorf("after two taps: %v, want %v", got, second)
			}
			if h = findHeader(t, p, c.col); (h.arrow.Resource == theme.MenuDropUpIcon()) == up {
				t.Error("the arrow did not turn with the order")
			}
		})
	}
}

func TestFilterBox(t *testing.T) {
	for _, c := range []struct {
		filter string
		want   []uint16
	}{
		{"", []uint16{22, 53, 290, 5353, 8000}},
		{"proto=udp", []uint16{53, 5353}},
		{"port=290", []uint16{290}},
		{"port=50-300", []uint16{53, 290}},
		{"proc=python", []uint16{8000}},
		{"user=root", []uint16{22}},
		{"scope=all", []uint16{22}},
		{"flagged", []uint16{290}}, // alerts
		{"!flagged", []uint16{22, 53, 5353, 8000}},
		{"severity=notice", []uint16{22}},
		{"python", []uint16{8000}},
		{"loopback tcp", []uint16{290, 8000}},
		{"elevated", []uint16{5353}},
		{"22", []uint16{22}},
		{"proto=tcp flagged", []uint16{290}},
	} {
		t.Run(c.filter, func(t *testing.T) {
			p, _ := newPanel(t, Options{})
			p.Apply(newFeed().poll(all()...))
			test.Type(p.filterEntry, c.filter)
			if got := ports(p); !slices.Equal(got, c.want) {
				t.Errorf("filter %q shows %v, want %v", c.filter, got, c.want)
			}
			if p.problemLine.Visible() {
				t.Errorf("a good filter shows a problem: %q", p.problemLine.Text)
			}
		})
	}
}

func TestFilterError(t *testing.T) {
	p, _ := newPanel(t, Options{})
	p.Apply(newFeed().poll(all()...))
	p.filterEntry.SetText("proto=udp")
	p.filterEntry.SetText("prot=udp")
	if !p.problemLine.Visible() || !strings.Contains(p.problemLine.Text, "prot=udp: unknown key") {
		t.Errorf("a bad filter shows %q (visible %v)", p.problemLine.Text, p.problemLine.Visible())
	}
	if got := ports(p); !slices.Equal(got, []uint16{53, 5353}) {
		t.Errorf("a bad filter changed the rows to %v; the last good filter shows [53 5353]", got)
	}
	if got := p.count.Text; got != "5 listeners, 1 alert, 2 shown" {
		t.Errorf("count line = %q", got)
	}
	p.filterEntry.SetText("")
	if p.problemLine.Visible() || len(p.view) != 5 {
		t.Errorf("clearing the filter: problem %q, %d rows", p.problemLine.Text, len(p.view))
	}
}

func TestNewRowHighlightLastsNPolls(t *testing.T) {
	p, _ := newPanel(t, Options{NewPolls: 3})
	f := newFeed()
	p.Apply(f.poll(sshd, dns))
	p.Apply(f.poll(sshd, dns, webdev))
	isNew := func() bool {
		i := rowIndex(t, p, 8000)
		_, s := styleOf(p, i, colPort)
		if p.view[i].isNew != (s.back == apptheme.ColorNameNewRow) {
			t.Fatalf("row state new=%v but cell background %q", p.view[i].isNew, s.back)
		}
		return p.view[i].isNew
	}
	if !isNew() {
		t.Fatal("a new row is not highlighted")
	}
	if i := rowIndex(t, p, 22); p.view[i].isNew {
		t.Error("an old row is highlighted")
	}
	p.Apply(f.same())
	p.Apply(f.same())
	if !isNew() {
		t.Fatal("the highlight ended before 3 polls")
	}
	p.Apply(f.same())
	if isNew() {
		t.Fatal("the highlight lasted more than 3 polls")
	}
	if e := p.log.newest(0); e.event != eventNew || !strings.Contains(e.text, "tcp 127.0.0.1:8000 python3 (PID 3100)") {
		t.Errorf("the change log's newest entry is %+v", e)
	}
}

func TestGoneRow(t *testing.T) {
	p, _ := newPanel(t, Options{GonePolls: 2})
	f := newFeed()
	p.Apply(f.poll(sshd, tacacs, dns))
	p.Apply(f.poll(sshd, dns))
	if got := ports(p); !slices.Equal(got, []uint16{22, 53, 290}) {
		t.Fatalf("rows after 290 went: %v, want the gone row kept", got)
	}
	i := rowIndex(t, p, 290)
	if p.view[i].gone == nil {
		t.Fatal("the gone row is not marked gone")
	}
	text, s := styleOf(p, i, colVerdict)
	if why, _ := styleOf(p, i, colReason); text != "gone 10:14:02" || why != "was run from a temporary folder, unassigned port" {
		t.Errorf("the gone row's verdict reads %q, %q", text, why)
	}
	if s.color != theme.ColorNamePlaceHolder {
		t.Errorf("the gone row's style is %+v, want grey", s)
	}
	if _, s := styleOf(p, i, colProcess); !s.struck {
		t.Error("the gone row's text is not struck through")
	}
	if _, s := styleOf(p, rowIndex(t, p, 22), colProcess); s.struck || s.color != "" {
		t.Error("a current row is drawn as gone")
	}
	if len(p.session.Listeners()) != 2 {
		t.Errorf("the session has %d, want the 2 current ones", len(p.session.Listeners()))
	}
	e := p.log.newest(0)
	if e.event != eventGone || e.text != "tcp [::1]:290 nc (PID 4242)  alert [run from a temporary folder; unassigned port]" || e.port != 290 {
		t.Errorf("change log entry = %+v", e)
	}
	p.Apply(f.same())
	if got := ports(p); !slices.Equal(got, []uint16{22, 53, 290}) {
		t.Fatalf("the gone row went before 2 polls: %v", got)
	}
	p.Apply(f.same())
	if got := ports(p); !slices.Equal(got, []uint16{22, 53}) {
		t.Fatalf("the gone row stayed more than 2 polls: %v", got)
	}
	if len(p.log.entries) != 2 {
		t.Errorf("change log has %d entries, want start and gone", len(p.log.entries))
	}
}

func TestGoneRowComesBack(t *testing.T) {
	p, _ := newPanel(t, Options{GonePolls: 5})
	f := newFeed()
	p.Apply(f.poll(sshd, tacacs))
	p.Apply(f.poll(sshd))
	back := tacacs
	back.PID = 5000
	p.Apply(f.poll(sshd, back))
	if got := ports(p); !slices.Equal(got, []uint16{22, 290}) {
		t.Fatalf("rows %v: the gone row should give way to the listener back on its port", got)
	}
	i := rowIndex(t, p, 290)
	if p.view[i].gone != nil || !p.view[i].isNew || p.view[i].l.PID != 5000 {
		t.Errorf("the row back on 290 is %+v", p.view[i])
	}
}

func TestChangedLogged(t *testing.T) {
	p, _ := newPanel(t, Options{})
	f := newFeed()
	p.Apply(f.poll(sshd, webdev))
	moved := webdev
	moved.PID, moved.Process = 3200, "node"
	moved.Severity, moved.Findings = listen.SeverityNotice, []listen.Finding{notice(listen.ReasonUnexpectedProcess)}
	p.Apply(f.poll(sshd, moved))
	e := p.log.newest(0)
	want := "tcp 127.0.0.1:8000 node (PID 3200): was python3 (PID 3100); none → notice; reasons +unknown program on a registered port"
	if e.event != eventChanged || e.text != want {
		t.Errorf("change entry %q %q, want %q", e.event, e.text, want)
	}
	// An approval calms: the log says so.
	approved := sshd
	approved.Severity, approved.Findings = listen.SeverityNone, nil
	p.Apply(f.poll(approved, moved))
	want = "tcp 0.0.0.0:22 sshd (PID 812): notice → none; reasons -open on all interfaces"
	if e := p.log.newest(0); e.text != want {
		t.Errorf("change entry %q, want %q", e.text, want)
	}
}

func TestChangeLogCapped(t *testing.T) {
	p, _ := newPanel(t, Options{ChangeLogLimit: 5})
	f := newFeed()
	p.Apply(f.poll(sshd))
	for i := range 10 {
		l := webdev
		l.Port = uint16(9000 + i)
		p.Apply(f.poll(sshd, l))
	}
	if len(p.log.entries) != 5 {
		t.Fatalf("the log has %d entries, want 5", len(p.log.entries))
	}
	if e := p.log.newest(0); e.event != eventNew || e.port != 9009 {
		t.Errorf("newest entry = %+v, want new 9009", e)
	}
	if e := p.log.newest(4); e.port != 9007 {
		t.Errorf("oldest entry kept = %+v, want 9007 (gone)", e)
	}
	if got := p.changes.Length(); got != 5 {
		t.Errorf("the changes list shows %d entries", got)
	}
}

func TestSelectRow(t *testing.T) {
	p, _ := newPanel(t, Options{})
	var selected []uint16
	p.OnSelectPort = func(port uint16) { selected = append(selected, port) }
	f := newFeed()
	p.Apply(f.poll(all()...))
	p.table.Select(widget.TableCellID{Row: rowIndex(t, p, 290), Col: int(colProcess)})
	if !slices.Equal(selected, []uint16{290}) {
		t.Fatalf("OnSelectPort calls = %v, want [290]", selected)
	}
	l, ok := p.Selected()
	if !ok || l.Port != 290 {
		t.Fatalf("Selected() = %v, %v", l.Port, ok)
	}
	if _, s := styleOf(p, rowIndex(t, p, 290), colPort); s.back != theme.ColorNameSelection {
		t.Error("the selected row is not drawn selected across its cells")
	}
	wantDetails := "tcp [::1]:290 (loopback): nc, PID 4242, started 2026-11-26 09:14 · /usr/bin/nc · user alice.\n" +
		"run from a temporary folder (alert): " + listen.ReasonTempFolder.Explain() + "\n" +
		"unassigned port (notice): " + listen.ReasonUnassigned.Explain()
	if p.details.full != wantDetails {
		t.Errorf("details:\n%s\nwant:\n%s", p.details.full, wantDetails)
	}
	// The selection follows its listener when the rows move.
	test.Tap(findHeader(t, p, colUser))
	if r := p.selected(); r == nil || r.l.Port != 290 || p.selRow != 0 {
		t.Errorf("after sorting by user the selection is row %d", p.selRow)
	}
	p.Apply(f.poll(sshd, dns, tacacs))
	if r := p.selected(); r == nil || r.l.Port != 290 {
		t.Error("a poll lost the selection")
	}
	if len(selected) != 1 {
		t.Errorf("re-finding the selection called OnSelectPort: %v", selected)
	}
	// Filtered out: nothing is selected, and the buttons say so.
	p.filterEntry.SetText("port=22")
	if _, ok := p.Selected(); ok || !p.copyBtn.Disabled() || !p.endBtn.Disabled() {
		t.Error("a row filtered out is still selected")
	}
}

func TestLimitedNotice(t *testing.T) {
	p, _ := newPanel(t, Options{})
	f := newFeed()
	r := f.poll(sshd, hidden)
	r.Limited = true
	p.Apply(r)
	if !p.limitedLine.Visible() || p.limitedLine.Text != listen.NoticeLimited {
		t.Errorf("limited poll: notice %q visible %v", p.limitedLine.Text, p.limitedLine.Visible())
	}
	r = f.same()
	r.Limited = true
	p.Apply(r)
	if !p.limitedLine.Visible() {
		t.Error("the notice went at a poll that changed nothing")
	}
	p.Apply(f.poll(sshd))
	if p.limitedLine.Visible() {
		t.Error("the notice stays after a poll with every process visible")
	}
}

func TestPIDLessRowSaysWhy(t *testing.T) {
	p, _ := newPanel(t, Options{})
	gone := lis("tcp", "0.0.0.0", 2049, 0, "", "", "nfs")
	gone.Note = listen.NoteNoProcess
	p.Apply(newFeed().poll(hidden, gone))
	i := rowIndex(t, p, 5353)
	if got, _ := styleOf(p, i, colProcess); got != listen.NoteOtherUser {
		t.Errorf("process cell = %q, want the note", got)
	}
	if got, _ := styleOf(p, i, colPID); got != "hidden" {
		t.Errorf("PID cell = %q, want hidden", got)
	}
	if got, _ := styleOf(p, i, colUser); got != "avahi" {
		t.Errorf("user cell = %q, want the socket's owner", got)
	}
	j := rowIndex(t, p, 2049)
	if got, _ := styleOf(p, j, colProcess); got != listen.NoteNoProcess {
		t.Errorf("kernel socket's process cell = %q", got)
	}
	for c := range numCols {
		for _, r := range []int{i, j} {
			if got, _ := styleOf(p, r, c); got == "" {
				t.Errorf("row %d column %s is blank", r, columns[c].title)
			}
		}
	}
	p.table.Select(widget.TableCellID{Row: i})
	if want := "udp 192.168.1.20:5353 (address, mdns): another user's process (run elevated to see it); the socket belongs to user avahi."; !strings.HasPrefix(p.details.full, want) {
		t.Errorf("details = %q", p.details.full)
	}
	if !p.endBtn.Disabled() {
		t.Error("End process is offered for a row without a PID")
	}
}

func TestPollErrorKeepsRows(t *testing.T) {
	p, _ := newPanel(t, Options{})
	f := newFeed()
	p.Apply(f.poll(sshd, dns))
	p.Apply(listen.PollResult{Seq: 2, Err: errors.New("listing the listeners timed out after 10s")})
	if len(p.view) != 2 {
		t.Errorf("a failed poll left %d rows", len(p.view))
	}
	if !p.problemLine.Visible() || !strings.Contains(p.problemLine.Text, "timed out after 10s") {
		t.Errorf("problem line = %q", p.problemLine.Text)
	}
	p.Apply(f.same())
	if p.problemLine.Visible() {
		t.Error("the problem stays after a good poll")
	}
}

func TestCopyRow(t *testing.T) {
	p, _ := newPanel(t, Options{})
	p.Apply(newFeed().poll(all()...))
	if p.copySelected() {
		t.Error("copySelected with nothing selected")
	}
	p.table.Select(widget.TableCellID{Row: rowIndex(t, p, 22)})
	test.Tap(p.copyBtn)
	want := "tcp 0.0.0.0:22 sshd (PID 812)  scope all  user root  service ssh  notice [open on all interfaces]"
	if got := fyne.CurrentApp().Clipboard().Content(); got != want {
		t.Errorf("clipboard = %q, want %q", got, want)
	}
}

// testVerdicts judges over the embedded registry with approvals kept in a
// history of the test's own.
func testVerdicts(t *testing.T) (*judge.Verdicts, *history.Store) {
	t.Helper()
	reg, err := registry.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	store, err := history.Open(ctx, history.Options{Path: filepath.Join(t.TempDir(), "history.db")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	return judge.NewVerdicts(model.NewSpace(reg), nil, judge.NewBaseline(ctx, store)), store
}

func TestApprove(t *testing.T) {
	v, store := testVerdicts(t)
	p, w := newPanel(t, Options{})
	p.SetVerdicts(v)
	changed := 0
	p.OnBaselineChanged = func() { changed++ }
	var said []string
	p.OnFeedback = func(text string) { said = append(said, text) }
	p.Apply(newFeed().poll(all()...))
	approved := func(l listen.Listener) bool {
		set, err := store.Approvals(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		o := v.Observation(&l)
		return set.Approved(&o)
	}

	p.table.Select(widget.TableCellID{Row: rowIndex(t, p, 290)})
	test.Tap(p.approveBtn)
	if !approved(tacacs) || approved(sshd) {
		t.Errorf("after approving 290: 290 approved %v, 22 approved %v", approved(tacacs), approved(sshd))
	}
	if changed != 1 {
		t.Errorf("OnBaselineChanged called %d times", changed)
	}
	// Feedback: what was approved, what the approval covers, and that a
	// reason saying the program is not what it claims stays.
	if len(said) != 1 || said[0] != "Approved tcp loopback 290 /usr/bin/nc; reasons saying a program is not what it claims stay." {
		t.Errorf("feedback %q", said)
	}
	if e := p.log.newest(0); e.event != eventApproved || !strings.Contains(e.text, "tcp [::1]:290 nc (PID 4242) (1 approvals added") {
		t.Errorf("log entry = %+v", e)
	}

	test.Tap(p.approveAll)
	if text := overlayText(w); !strings.Contains(text, "Approve all 5 current listeners?") {
		t.Fatalf("the approve-all dialog reads:\n%s", text)
	}
	tapButton(t, w, "Approve all")
	for _, l := range all() {
		if !approved(l) {
			t.Errorf("%s is not approved after Approve all", describe(&l))
		}
	}
	if changed != 2 || len(said) != 2 || !strings.HasPrefix(said[1], "Approved all 5 current listeners;") {
		t.Errorf("OnBaselineChanged called %d times, want 2; feedback %q", changed, said)
	}
}

func TestApproveWithoutHistory(t *testing.T) {
	p, w := newPanel(t, Options{})
	p.Apply(newFeed().poll(all()...))
	p.table.Select(widget.TableCellID{Row: 0})
	test.Tap(p.approveBtn)
	if text := overlayText(w); !strings.Contains(text, "Approvals are kept in the listener history, which could not be opened") {
		t.Errorf("approving without a history says:\n%s", text)
	}
}

type kill struct {
	pid int32
	sig syscall.Signal
}

// fakeTarget records the signals the panel sends; err fails them, and
// endsOnTerm makes the process end at SIGTERM.
type fakeTarget struct {
	pid        int32
	kills      *[]kill
	err        error
	endsOnTerm bool
	ended      bool
}

func (f *fakeTarget) Signal(sig syscall.Signal) error {
	*f.kills = append(*f.kills, kill{f.pid, sig})
	if f.err != nil {
		return f.err
	}
	f.ended = f.ended || sig == syscall.SIGTERM && f.endsOnTerm
	return nil
}

func (f *fakeTarget) WaitEnded(time.Duration) bool { return f.ended }

// fakeKiller captures fake processes that record into kills.
func fakeKiller(kills *[]kill, err error, endsOnTerm bool) Killer {
	return func(pid int32) (Target, error) {
		return &fakeTarget{pid: pid, kills: kills, err: err, endsOnTerm: endsOnTerm}, nil
	}
}

func TestEndProcess(t *testing.T) {
	if !askFirst {
		t.Skip("this OS ends processes at once")
	}
	var kills []kill
	p, w := newPanel(t, Options{Kill: fakeKiller(&kills, nil, false)})
	p.Apply(newFeed().poll(all()...))
	p.table.Select(widget.TableCellID{Row: rowIndex(t, p, 22)})
	test.Tap(p.endBtn)
	text := overlayText(w)
	if !strings.Contains(text, "End sshd (PID 812), listening on tcp 0.0.0.0:22?") {
		t.Fatalf("the confirmation does not name the process and PID:\n%s", text)
	}
	if len(kills) != 0 {
		t.Fatal("the process was signalled before the confirmation")
	}
	tapButton(t, w, "End sshd")
	if !slices.Equal(kills, []kill{{812, syscall.SIGTERM}}) {
		t.Fatalf("signals sent = %v, want SIGTERM to 812", kills)
	}
	if text := overlayText(w); !strings.Contains(text, "force it to end now (SIGKILL)?") {
		t.Fatalf("SIGKILL is not offered after SIGTERM:\n%s", text)
	}
	tapButton(t, w, "Force end (SIGKILL)")
	if !slices.Equal(kills, []kill{{812, syscall.SIGTERM}, {812, syscall.SIGKILL}}) {
		t.Fatalf("signals sent = %v, want SIGTERM then SIGKILL", kills)
	}
	if e := p.log.newest(0); e.event != eventEnded || e.text != "sent SIGKILL to tcp 0.0.0.0:22 sshd (PID 812)" {
		t.Errorf("log entry = %+v", e)
	}
}

func TestEndProcessCancelled(t *testing.T) {
	var kills []kill
	p, w := newPanel(t, Options{Kill: fakeKiller(&kills, nil, false)})
	p.Apply(newFeed().poll(all()...))
	p.table.Select(widget.TableCellID{Row: rowIndex(t, p, 22)})
	test.Tap(p.endBtn)
	tapButton(t, w, "Cancel")
	if len(kills) != 0 {
		t.Errorf("cancelling sent %v", kills)
	}
}

func TestEndProcessErrorsInWords(t *testing.T) {
	for _, c := range []struct {
		err  error
		want string
	}{
		{syscall.EPERM, "Portolan is not allowed to end sshd (PID 812): it belongs to another user or to the system. Run Portolan elevated"},
		{&os.SyscallError{Syscall: "pidfd_send_signal", Err: syscall.EPERM}, "not allowed to end sshd (PID 812)"},
		{os.ErrProcessDone, "sshd (PID 812) has already ended."},
		{syscall.ESRCH, "sshd (PID 812) has already ended."},
		{errors.New("boom"), "Could not send SIGTERM to sshd (PID 812): boom."},
	} {
		t.Run(fmt.Sprint(c.err), func(t *testing.T) {
			var kills []kill
			p, w := newPanel(t, Options{Kill: fakeKiller(&kills, c.err, false)})
			p.Apply(newFeed().poll(all()...))
			p.table.Select(widget.TableCellID{Row: rowIndex(t, p, 22)})
			test.Tap(p.endBtn)
			tapButton(t, w, "End sshd")
			text := overlayText(w)
			if !strings.Contains(text, c.want) {
				t.Errorf("the dialog reads:\n%s\nwant %q", text, c.want)
			}
			if strings.Contains(text, "SIGKILL") {
				t.Error("SIGKILL is offered after a failure")
			}
		})
	}
}

// Issue 12, item 9: a process that ended at SIGTERM is not offered
// SIGKILL.
func TestEndProcessNoSIGKILLOnceEnded(t *testing.T) {
	if !askFirst {
		t.Skip("this OS ends processes at once")
	}
	var kills []kill
	p, w := newPanel(t, Options{Kill: fakeKiller(&kills, nil, true)})
	p.Apply(newFeed().poll(all()...))
	p.table.Select(widget.TableCellID{Row: rowIndex(t, p, 22)})
	test.Tap(p.endBtn)
	tapButton(t, w, "End sshd")
	text := overlayText(w)
	if !slices.Equal(kills, []kill{{812, syscall.SIGTERM}}) || strings.Contains(text, "SIGKILL") || !strings.Contains(text, "sshd (PID 812) has ended.") {
		t.Errorf("signals %v; the dialog reads:\n%s", kills, text)
	}
}

// The process is captured when the dialog opens; a refusal then (PID 1,
// Portolan itself, a process already gone) is said at once, with nothing
// to confirm. defaultKiller is the real capture.
func TestEndProcessRefusedAtCapture(t *testing.T) {
	for _, c := range []struct {
		pid  int32
		want string
	}{
		{1, "Portolan does not end sshd (PID 812): PID 1 is the system's first process (init): ending it ends the system."},
		{int32(os.Getpid()), fmt.Sprintf("Portolan does not end sshd (PID 812): PID %d is Portolan itself.", os.Getpid())},
		{-1, "Portolan does not end sshd (PID 812): no single process has PID -1."},
	} {
		p, w := newPanel(t, Options{Kill: func(int32) (Target, error) { return defaultKiller(c.pid) }})
		p.Apply(newFeed().poll(all()...))
		p.table.Select(widget.TableCellID{Row: rowIndex(t, p, 22)})
		test.Tap(p.endBtn)
		if text := overlayText(w); !strings.Contains(text, c.want) || strings.Contains(text, "End sshd") {
			t.Errorf("PID %d: the dialog reads:\n%s\nwant %q and nothing to confirm", c.pid, text, c.want)
		}
	}
}

func TestNotifyRateLimit(t *testing.T) {
	now := t0
	p, _ := newPanel(t, Options{NotifyEvery: 10 * time.Second, Now: func() time.Time { return now }})
	type note struct{ title, body string }
	var notes []note
	p.OnNotify = func(title, body string) { notes = append(notes, note{title, body}) }
	f := newFeed()
	bad1 := lis("tcp", "0.0.0.0", 4444, 77, "nc", "eve", "", alert(listen.ReasonNetTool))
	bad2 := lis("udp", "0.0.0.0", 31337, 78, "backdoor", "eve", "", alert(listen.ReasonDeleted), notice(listen.ReasonUnknownExposed))
	curious := lis("tcp", "0.0.0.0", 9999, 79, "game", "eve", "", notice(listen.ReasonUnknownExposed))

	p.Apply(f.poll(sshd, tacacs)) // the first poll's flagged listeners do not appear: they were there
	if len(notes) != 0 {
		t.Fatalf("the first poll notified: %v", notes)
	}
	now = now.Add(2 * time.Second)
	p.Apply(f.poll(sshd, tacacs, webdev, curious)) // new, but calm or a notice
	if len(notes) != 0 {
		t.Fatalf("a listener that is no alert notified: %v", notes)
	}
	now = now.Add(2 * time.Second)
	p.Apply(f.poll(sshd, tacacs, webdev, curious, bad1))
	want := []note{{"Listener alert", "tcp 0.0.0.0:4444 nc (PID 77): network tool listening"}}
	if !slices.Equal(notes, want) {
		t.Fatalf("notifications = %q, want %q", notes, want)
	}
	now = now.Add(3 * time.Second)
	p.Apply(f.poll(sshd, tacacs, webdev, curious, bad1, bad2))
	if len(notes) != 1 {
		t.Fatalf("a second notification 3 s after the first: %q", notes)
	}
	now = now.Add(3 * time.Second)
	p.Apply(f.same())
	if len(notes) != 1 {
		t.Fatalf("a second notification 6 s after the first: %q", notes)
	}
	now = now.Add(4 * time.Second) // 10 s after the first: the waiting one is told
	p.Apply(f.same())
	want = append(want, note{"Listener alert", "udp 0.0.0.0:31337 backdoor (PID 78): executable deleted, unknown program reachable from the network"})
	if !slices.Equal(notes, want) {
		t.Fatalf("notifications = %q, want %q", notes, want)
	}
	now = now.Add(20 * time.Second)
	p.Apply(f.same())
	if len(notes) != 2 {
		t.Fatalf("a notification with nothing new: %q", notes)
	}
}

func TestNotifierSummarises(t *testing.T) {
	n := notifier{every: 5 * time.Second}
	for i := range 5 {
		l := lis("tcp", "0.0.0.0", uint16(4000+i), int32(100+i), "nc", "eve", "", alert(listen.ReasonNetTool))
		n.add(&l)
	}
	title, body, ok := n.take(t0)
	if !ok || title != "5 listener alerts" {
		t.Fatalf("take = %q, %v", title, ok)
	}
	want := "tcp 0.0.0.0:4000 nc (PID 100): network tool listening\ntcp 0.0.0.0:4001 nc (PID 101): network tool listening\n" +
		"tcp 0.0.0.0:4002 nc (PID 102): network tool listening\nand 2 more (see the listener panel)"
	if body != want {
		t.Errorf("body:\n%s\nwant:\n%s", body, want)
	}
	if _, _, ok := n.take(t0.Add(time.Minute)); ok {
		t.Error("a notification with nothing waiting")
	}
}

// A poll that changed nothing allocates nothing.
func TestSteadyApplyAllocatesNothing(t *testing.T) {
	p, _ := newPanel(t, Options{})
	f := newFeed()
	p.Apply(f.poll(manyListeners(1000)...))
	r := f.same()
	allocs := testing.AllocsPerRun(100, func() { p.Apply(r) })
	if allocs != 0 {
		t.Errorf("a steady Apply allocates %v times", allocs)
	}
}

// Cells redraw only when their text or style changed; a theme change
// still recolours them.
func TestThemeChangeRecolours(t *testing.T) {
	p, _ := newPanel(t, Options{})
	f := newFeed()
	p.Apply(f.poll(all()...))
	p.Apply(f.poll(sshd, dns, hidden, webdev)) // 290 gone: struck through
	strike := func() color.Color {
		var found *cell
		walk(p.table, func(o fyne.CanvasObject) {
			if c, ok := o.(*cell); ok && c.Visible() && c.text == "nc" {
				found = c
			}
		})
		if found == nil || !found.style.struck {
			t.Fatal("no rendered cell reads nc, struck through")
		}
		return test.WidgetRenderer(found).(*cellRenderer).strike.StrokeColor
	}
	light := lightTheme.Color(theme.ColorNamePlaceHolder, theme.VariantLight)
	if got := strike(); got != light {
		t.Fatalf("strike colour %v, want %v", got, light)
	}
	dark := darkTheme
	want := dark.Color(theme.ColorNamePlaceHolder, theme.VariantDark)
	if want == light {
		t.Fatal("the test needs a colour that differs between the variants")
	}
	fyne.CurrentApp().Settings().SetTheme(dark)
	if got := strike(); got != want {
		t.Errorf("after the theme change the strike colour is %v, want %v", got, want)
	}
}

func TestSelectionFollowsRestart(t *testing.T) {
	p, _ := newPanel(t, Options{})
	f := newFeed()
	p.Apply(f.poll(sshd, webdev))
	p.table.Select(widget.TableCellID{Row: rowIndex(t, p, 8000)})
	restarted := webdev
	restarted.PID = 3300
	p.Apply(f.poll(sshd, restarted))
	if l, ok := p.Selected(); !ok || l.PID != 3300 {
		t.Errorf("after a restart on 8000 the selection is %v (PID %d)", ok, l.PID)
	}
}
