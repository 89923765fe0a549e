package ui

import (
	"context"
	"image/color"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/portolan/portolan/model/fleet"
	"github.com/portolan/portolan/model/listen"
	"github.com/portolan/portolan/ui/internal/uitest"
	"github.com/portolan/portolan/ui/portmap"
)

// fleetFixtures is model/fleet's testdata: 8 hosts, 19 listeners.
func fleetFixtures() string { return filepath.Join("..", "model", "fleet", "testdata", "fleet") }

// newFleetWindow opens the window with --fleet paths and waits for them;
// this machine has one listener, on 8000. q runs what the background
// hands over.
func newFleetWindow(t *testing.T, paths ...string) (*MainWindow, uitest.Queue) {
	t.Helper()
	q := uitest.NewQueue()
	sockets := listen.SocketSourceFunc(func(context.Context) (listen.Snapshot, error) {
		return listen.Snapshot{Listeners: []listen.Listener{{Protocol: "tcp", Family: "ipv4", IP: netip.MustParseAddr("127.0.0.1"),
			Address: "127.0.0.1", Port: 8000, Scope: listen.ScopeLoopback, State: "LISTEN", PID: 10, Process: "python3"}}}, nil
	})
	m, _ := newTestWindow(t, Options{Select: -1, Fleet: paths, Sockets: sockets, Deliver: q.Deliver, ManualPolling: true, NoBackground: true})
	q.Pump(t, "the fleet", m.FleetShown)
	return m, q
}

// overlayText is the text of the labels of the window's top overlay (a
// dialog), or "".
func overlayText(c fyne.Canvas) string {
	top := c.Overlays().Top()
	if top == nil {
		return ""
	}
	var b strings.Builder
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.Label:
			b.WriteString(x.Text + "\n")
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
	walk(top)
	return b.String()
}

// TestFleetWindow: --fleet opens the results; the map is shaded by host
// counts as its legend says, the alert port is marked, the fleet's panel
// replaces this machine's; the selection lists the port's hosts; a Rare
// row selects its port everywhere; the host filter narrows the map; "This
// machine" brings everything back.
func TestFleetWindow(t *testing.T) {
	m, q := newFleetWindow(t, fleetFixtures())
	fm := m.fleet
	if m.portMap.Shading() != portmap.ShadeHosts || !fm.panel.Visible() || m.panel.Visible() || !fm.legend.Visible() || m.legend.Visible() {
		t.Fatalf("fleet shown: shading %v, fleet panel %v, listener panel %v", m.portMap.Shading(), fm.panel.Visible(), m.panel.Visible())
	}
	// 22 is on 5 of 8 hosts, 4444 on 1, 9 on none.
	for port, n := range map[uint16]uint32{22: 5, 4444: 1, 9: 0} {
		if got, want := m.portMap.CellColor(port), color.RGBA(fm.legend.SwatchColor(n)); got != want {
			t.Errorf("port %d (%d hosts): %v, the legend says %v", port, n, got, want)
		}
	}
	if got := m.portMap.ListenerMarks(); !slices.Equal(got, []portmap.Mark{{Port: 4444, Flagged: true}}) {
		t.Errorf("marks %v, want the alert on 4444", got)
	}
	if !strings.HasPrefix(fm.panel.Summary(), "Fleet: 8 hosts · 19 listeners · 6 files") {
		t.Errorf("summary %q", fm.panel.Summary())
	}

	m.selectPort(22)
	if rows := fm.panel.Rows(); len(rows) != 6 || rows[0].Port != 22 {
		t.Errorf("22: %d rows", len(rows))
	}
	// The map's protocol is the panel's.
	m.protocolSelect.SetSelected("udp")
	if rows := fm.panel.Rows(); len(rows) != 0 || !strings.Contains(fm.panel.HostsTitle(), "22/udp: no host listens") {
		t.Errorf("22/udp: %d rows, %q", len(rows), fm.panel.HostsTitle())
	}
	m.protocolSelect.SetSelected("any")

	// A Rare row selects its port: the map, the pane and the hosts.
	rare := fm.panel.Rare()
	i := slices.IndexFunc(rare, func(p fleet.PortCount) bool { return p.Port == 6379 })
	if i < 0 {
		t.Fatalf("6379 is not rare: %v", rare)
	}
	fm.panel.SelectRare(i)
	if p, ok := m.portMap.Selected(); !ok || p != 6379 {
		t.Errorf("map selection %d %v, want 6379", p, ok)
	}
	if !strings.Contains(m.pane.Text(), "6379") {
		t.Error("the pane does not show 6379")
	}
	if rows := fm.panel.Rows(); len(rows) != 1 || rows[0].Host != "web-01" || rows[0].Process != "redis-server" {
		t.Errorf("6379's hosts: %+v", rows)
	}
	m.back()
	if rows := fm.panel.Rows(); len(rows) != 6 {
		t.Errorf("back to 22: %d rows", len(rows))
	}

	// The host filter narrows the map.
	m.setFleetFilter("web-*")
	q.Pump(t, "the filtered view", func() bool { return fm.view.Hosts == 1 })
	if got := m.portMap.CellColor(22); got != color.RGBA(fm.legend.SwatchColor(1)) {
		t.Errorf("22 on web-* only: %v, want the colour of 1 host", got)
	}
	if marks := m.portMap.ListenerMarks(); len(marks) != 0 {
		t.Errorf("web-01 has no alert, marks %v", marks)
	}
	// Typed on before the first view came: only the last is shown.
	m.setFleetFilter("web-*")
	m.setFleetFilter("db-*")
	for range 2 {
		(<-q)()
	}
	if fm.view.Hosts != 1 || len(fm.view.Port(5432, "")) != 1 {
		t.Errorf("after web-* then db-*: %d hosts, %d on 5432 (db-01's postgres)", fm.view.Hosts, len(fm.view.Port(5432, "")))
	}
	m.setFleetFilter("[")
	q.Pump(t, "the filter's error", func() bool { return fm.panel.FilterError() != "" })
	if fm.view.Hosts != 1 {
		t.Errorf("a bad filter: error %q, %d hosts shown", fm.panel.FilterError(), fm.view.Hosts)
	}

	// This machine again: its shading, panel, legend and marks (those of
	// a poll made while the fleet was shown).
	m.applyPoll(m.poller.PollOnce(context.Background()))
	if marks := m.portMap.ListenerMarks(); !slices.Equal(marks, []portmap.Mark{{Port: 4444, Flagged: true}}) {
		t.Errorf("a poll replaced the fleet's marks (db-01's alert): %v", marks)
	}
	m.closeFleet()
	if m.FleetShown() || m.portMap.Shading() != portmap.ShadeStatus || fm.panel.Visible() || !m.panel.Visible() || !m.legend.Visible() {
		t.Errorf("back: shading %v, fleet panel %v, listener panel %v", m.portMap.Shading(), fm.panel.Visible(), m.panel.Visible())
	}
	if marks := m.portMap.ListenerMarks(); len(marks) != 1 || marks[0].Port != 8000 {
		t.Errorf("this machine's marks %v, want its listener on 8000", marks)
	}
}

// TestFleetLoadCancelled: cancelling leaves this machine shown and says
// nothing more.
func TestFleetLoadCancelled(t *testing.T) {
	q := uitest.NewQueue()
	m, _ := newTestWindow(t, Options{Select: 22, Deliver: q.Deliver, ManualPolling: true, NoBackground: true})
	started := make(chan struct{})
	m.fleet.loader.Load = func(ctx context.Context, paths []string, opt fleet.Options) (*fleet.Fleet, error) {
		close(started)
		<-ctx.Done()
		return nil, ctx.Err()
	}
	m.openFleet([]string{"/a/big/fleet"})
	<-started
	if text := overlayText(m.win.Canvas()); !strings.Contains(text, "From /a/big/fleet") {
		t.Fatalf("no progress dialog: %q", text)
	}
	m.fleet.loading.Cancel()
	q.Pump(t, "the cancelled load to end", func() bool { return m.fleet.loading == nil })
	if m.FleetShown() || m.portMap.Shading() != portmap.ShadeStatus || m.win.Canvas().Overlays().Top() != nil {
		t.Errorf("after cancelling: fleet %v, shading %v, dialog %v", m.FleetShown(), m.portMap.Shading(), m.win.Canvas().Overlays().Top())
	}
}

// TestFleetNothingToRead: a folder without osquery output is said so, and
// this machine stays.
func TestFleetNothingToRead(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("hello"), 0o644)
	q := uitest.NewQueue()
	m, _ := newTestWindow(t, Options{Select: -1, Fleet: []string{dir}, Deliver: q.Deliver, ManualPolling: true, NoBackground: true})
	q.Pump(t, "the load", func() bool { return m.fleet.loading == nil })
	if text := overlayText(m.win.Canvas()); !strings.Contains(text, "Found no osquery results in "+dir) || !strings.Contains(text, "notes.txt") {
		t.Errorf("dialog %q", text)
	}
	if m.FleetShown() {
		t.Error("an empty fleet is shown")
	}
}
