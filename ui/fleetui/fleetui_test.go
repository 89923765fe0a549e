package fleetui

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/portolan/portolan/model"
	"github.com/portolan/portolan/model/fleet"
	"github.com/portolan/portolan/model/fleet/fleetjudge"
	"github.com/portolan/portolan/model/judge"
	"github.com/portolan/portolan/registry"
	"github.com/portolan/portolan/ui/internal/uitest"
)

// fixtures is model/fleet's testdata: 8 hosts in the three shapes.
func fixtures() string { return filepath.Join("..", "..", "model", "fleet", "testdata", "fleet") }

func loadOptions(t *testing.T) fleet.Options {
	reg := uitest.Embedded(t)
	return fleet.Options{Registry: reg, Judge: fleetjudge.New(judge.NewEngine(nil), reg).Row}
}

func loadFixtures(t *testing.T) (*fleet.Fleet, *fleet.View) {
	t.Helper()
	f, err := fleet.Load(context.Background(), []string{fixtures()}, loadOptions(t))
	if err != nil {
		t.Fatal(err)
	}
	v, err := f.View("")
	if err != nil {
		t.Fatal(err)
	}
	return f, v
}

// newPanelWindow shows a panel in a window, and the fixtures' fleet.
func newPanelWindow(t *testing.T) (*Panel, *fleet.Fleet, *fleet.View) {
	t.Helper()
	test.NewTempApp(t)
	w := test.NewTempWindow(t, widget.NewLabel(""))
	p := NewPanel(w)
	w.SetContent(p)
	w.Resize(fyne.NewSize(1100, 500))
	f, v := loadFixtures(t)
	return p, f, v
}

// findButton finds the button labelled text among the canvas's overlays.
func findButton(c fyne.Canvas, text string) *widget.Button {
	var found *widget.Button
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if found != nil || o == nil {
			return
		}
		if b, ok := o.(*widget.Button); ok && b.Text == text {
			found = b
			return
		}
		switch x := o.(type) {
		case *fyne.Container:
			for _, ch := range x.Objects {
				walk(ch)
			}
		case fyne.Widget:
			for _, ch := range test.WidgetRenderer(x).Objects() {
				walk(ch)
			}
		}
	}
	for _, o := range c.Overlays().List() {
		walk(o)
	}
	return found
}

func TestLoaderReadsTheFixtures(t *testing.T) {
	test.NewTempApp(t)
	w := test.NewTempWindow(t, widget.NewLabel("window"))
	q := uitest.NewQueue()
	var got *fleet.Fleet
	var gotErr error
	done := false
	g := (&Loader{Win: w, Deliver: q.Deliver}).Start([]string{fixtures()}, loadOptions(t), func(f *fleet.Fleet, err error) {
		got, gotErr, done = f, err, true
	})
	if findButton(w.Canvas(), "Cancel") == nil {
		t.Fatal("no progress dialog with a Cancel button")
	}
	q.Pump(t, "the load", func() bool { return done })
	if gotErr != nil || got == nil || len(got.Hosts) != 8 {
		t.Fatalf("loaded %v, %v", got, gotErr)
	}
	if text := g.Text(); !strings.Contains(text, "9 of 9 files, 8 hosts, 35 rows") || !strings.HasSuffix(text, ": done") {
		t.Errorf("progress %q", text)
	}
	if top := w.Canvas().Overlays().Top(); top != nil {
		t.Error("the dialog is still shown")
	}
	g.Cancel() // after the end: nothing happens
}

func TestLoaderCancel(t *testing.T) {
	test.NewTempApp(t)
	w := test.NewTempWindow(t, widget.NewLabel("window"))
	q := uitest.NewQueue()
	started := make(chan struct{})
	l := &Loader{Win: w, Deliver: q.Deliver,
		Load: func(ctx context.Context, paths []string, opt fleet.Options) (*fleet.Fleet, error) {
			opt.Progress(fleet.Progress{Files: 1, FilesTotal: 4000, Hosts: 1, Rows: 50})
			close(started)
			<-ctx.Done() // a load too big to finish before the user gives up
			return nil, ctx.Err()
		}}
	var gotErr error
	calls := 0
	l.Start([]string{"/big/fleet"}, fleet.Options{}, func(f *fleet.Fleet, err error) {
		gotErr = err
		calls++
		if f != nil {
			t.Error("a cancelled load gave a fleet")
		}
	})
	<-started
	cancel := findButton(w.Canvas(), "Cancel")
	if cancel == nil {
		t.Fatal("no Cancel button")
	}
	test.Tap(cancel)
	q.Pump(t, "the cancelled load", func() bool { return calls > 0 })
	if !errors.Is(gotErr, ErrCancelled) || !errors.Is(gotErr, context.Canceled) {
		t.Errorf("cancelled load: %v", gotErr)
	}
	select {
	case fn := <-q:
		fn()
	default:
	}
	if calls != 1 {
		t.Errorf("done called %d times", calls)
	}
}

func TestPanelHostsOfAPort(t *testing.T) {
	p, f, v := newPanelWindow(t)
	p.SetFleet(f, v, "fixtures/")
	if s := p.Summary(); s != "Fleet: 8 hosts · 19 listeners · 6 files (3 not osquery's) · fixtures/" {
		t.Errorf("summary %q", s)
	}
	if p.HostsTitle() != "Select a port on the map or in the Rare list to see its hosts" || len(p.Rows()) != 0 {
		t.Errorf("nothing selected: %q, %d rows", p.HostsTitle(), len(p.Rows()))
	}

	p.ShowSelection(model.PortSelection(22), registry.ProtoNone)
	if len(p.Rows()) != 6 || p.HostsTitle() != "Hosts on 22 (TCP and UDP): 6 listeners on 5 hosts" {
		t.Errorf("22: %q, %d rows", p.HostsTitle(), len(p.Rows()))
	}
	p.ShowSelection(model.PortSelection(4444), registry.TCP)
	rows := p.Rows()
	if len(rows) != 1 || rows[0].Host != "db-01.example.com" || rows[0].Severity != "alert" {
		t.Fatalf("4444: %+v", rows)
	}
	// The table shows host, process, user, address and the verdict in
	// words.
	cells := make([]string, len(hostColumns))
	for i, c := range hostColumns {
		cells[i] = c.text(&rows[0])
	}
	if got := strings.Join(cells, " | "); got != "db-01.example.com | alert: executable deleted; run from a temporary folder; "+
		"run from a device folder; run from a hidden folder; network tool listening | nc (31337) | alice | 0.0.0.0 | 4444/tcp" {
		t.Errorf("row: %s", got)
	}
	p.hosts.table.Select(widget.TableCellID{Row: 0, Col: 0})
	if d := p.hosts.detail.Text; !strings.Contains(d, "/dev/shm/.x/nc (not on disk)") || !strings.Contains(d, "alert: ") {
		t.Errorf("detail %q", d)
	}
	p.ShowSelection(model.PortSelection(22), registry.SCTP)
	if len(p.Rows()) != 0 || !strings.Contains(p.HostsTitle(), "TCP and UDP only") {
		t.Errorf("sctp: %q", p.HostsTitle())
	}
	p.ShowSelection(model.RangeSelection(20, 30), registry.ProtoNone)
	if len(p.Rows()) != 6 || !strings.HasPrefix(p.HostsTitle(), "Hosts on 20-30 (TCP and UDP): ") {
		t.Errorf("range: %q, %d rows", p.HostsTitle(), len(p.Rows()))
	}
}

// TestPanelRare: the Rare list holds the ports on at most N hosts, fewest
// first; a tap on a row reports its port (and only a tap); the window's
// selection highlights the row without reporting it back.
func TestPanelRare(t *testing.T) {
	p, f, v := newPanelWindow(t)
	var asked []uint16
	p.OnSelectPort = func(port uint16) { asked = append(asked, port) }
	p.SetFleet(f, v, "")
	rare := p.Rare()
	if len(rare) != 13 { // as `portolan fleet rare` (at most 3 hosts)
		t.Fatalf("%d rare ports, want 13", len(rare))
	}
	for i := 1; i < len(rare); i++ {
		if rare[i].Hosts < rare[i-1].Hosts {
			t.Errorf("not fewest first: %+v then %+v", rare[i-1], rare[i])
		}
	}
	if rare[0].Port != 4444 || !strings.Contains(p.RareText(0), "4444/tcp") || !strings.Contains(p.RareText(0), "1 host, 1 alert · db-01.example.com") {
		t.Errorf("first rare row: %+v %q", rare[0], p.RareText(0))
	}
	p.SelectRare(2)
	if len(asked) != 1 || asked[0] != rare[2].Port {
		t.Fatalf("tapping row 2 (%d) asked for %v", rare[2].Port, asked)
	}
	p.ShowSelection(model.PortSelection(rare[0].Port), registry.ProtoNone) // the window's answer to something else
	if len(asked) != 1 {
		t.Errorf("the window's selection was reported back: %v", asked)
	}
	p.SetMaxHosts(1)
	for _, r := range p.Rare() {
		if r.Hosts != 1 {
			t.Errorf("N = 1 lists %+v", r)
		}
	}
	p.SetMaxHosts(0)
	if len(p.Rare()) != len(v.Ports()) {
		t.Errorf("any number: %d ports, the fleet has %d", len(p.Rare()), len(v.Ports()))
	}
}

func TestPanelFilterAndBack(t *testing.T) {
	p, f, v := newPanelWindow(t)
	p.SetFleet(f, v, "")
	var typed string
	closed := false
	p.OnFilter = func(s string) { typed = s }
	p.OnClose = func() { closed = true }
	test.Type(p.filter, "web-*")
	if typed != "web-*" {
		t.Errorf("filter typed %q", typed)
	}
	p.SetFilterError(errors.New(`the host filter "[" is not a valid pattern`))
	if !strings.Contains(p.FilterError(), "not a valid pattern") {
		t.Errorf("filter error %q", p.FilterError())
	}
	sub, _ := f.View("web-*")
	p.SetFleet(f, sub, "")
	if p.FilterError() != "" || p.filter.Text != "web-*" || !strings.HasPrefix(p.Summary(), "Fleet: 1 host of 8 ·") {
		t.Errorf("filtered: %q %q %q", p.FilterError(), p.filter.Text, p.Summary())
	}
	test.Tap(p.back)
	if !closed {
		t.Error("This machine did not report")
	}
	if !strings.Contains(p.ProblemsText(), "broken-7.json:4: malformed JSON") || !p.problems.Visible() {
		t.Errorf("problems: %q", p.ProblemsText())
	}
}

func TestPlural(t *testing.T) {
	t.Parallel()
	if plural(1, "host") != "1 host" || plural(0, "host") != "0 hosts" || plural(2500, "row") != "2,500 rows" {
		t.Error(plural(1, "host"), plural(0, "host"), plural(2500, "row"))
	}
}
