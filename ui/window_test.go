package ui

import (
	"context"
	"net/netip"
	"os"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/portolan/portolan/model"
	"github.com/portolan/portolan/model/identity"
	"github.com/portolan/portolan/model/listen"
	"github.com/portolan/portolan/model/update"
	"github.com/portolan/portolan/registry"
	"github.com/portolan/portolan/ui/portmap"
)

func TestMain(m *testing.M) {
	// Never read this machine's cached download, baseline or settings.
	dir, err := os.MkdirTemp("", "portolan-ui-test-")
	if err != nil {
		panic(err)
	}
	os.Setenv("PORTOLAN_CACHE_DIR", dir+"/cache")
	os.Setenv("PORTOLAN_CONFIG_DIR", dir+"/config")
	os.Setenv("PORTOLAN_DATA_DIR", dir+"/data")
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func newTestWindow(t *testing.T, opts Options) (*MainWindow, fyne.App) {
	t.Helper()
	if opts.Deliver == nil {
		// Tips, notices and searches end on timers and goroutines: these
		// tests do not wait for them.
		opts.Deliver = func(func()) {}
	}
	a := test.NewTempApp(t)
	w := test.NewWindow(nil)
	t.Cleanup(w.Close)
	m := NewMainWindow(a, w, opts)
	return m, a
}

func TestSelectAtStart(t *testing.T) {
	m, _ := newTestWindow(t, Options{Select: 290, ManualPolling: true, NoBackground: true})
	if p, ok := m.portMap.Selected(); !ok || p != 290 {
		t.Fatalf("map selection = %d %v, want 290", p, ok)
	}
	text := m.pane.Text()
	for _, want := range []string{"290", "unassigned", "288-299", "300 tacacss", "308 novastorbakcup"} {
		if !strings.Contains(text, want) {
			t.Errorf("pane lacks %q:\n%s", want, text)
		}
	}
	if !strings.Contains(m.sourceLine.Text, "embedded snapshot, data to 2026-07") {
		t.Errorf("status bar source = %q", m.sourceLine.Text)
	}
}

func TestNavigationHistory(t *testing.T) {
	m, _ := newTestWindow(t, Options{Select: 290, ManualPolling: true, NoBackground: true})
	m.selectPort(300) // as a neighbour link does
	m.chooseHit(registry.Hit{Port: 288, To: 307, Score: registry.ScoreRange})
	if lo, hi, ok := m.portMap.SelectedRange(); !ok || lo != 288 || hi != 307 {
		t.Fatalf("range = %d-%d %v", lo, hi, ok)
	}
	if m.backButton.Disabled() {
		t.Error("back is disabled with history behind")
	}
	m.back()
	if p, _ := m.portMap.Selected(); p != 300 {
		t.Errorf("after back: %d, want 300", p)
	}
	if _, _, ok := m.portMap.SelectedRange(); ok {
		t.Error("the range is still drawn after going back to a port")
	}
	m.back()
	if p, _ := m.portMap.Selected(); p != 290 {
		t.Errorf("after back twice: %d, want 290", p)
	}
	if !m.backButton.Disabled() || m.forwardButton.Disabled() {
		t.Error("at the start of history: back should be off, forward on")
	}
	m.forward()
	if p, _ := m.portMap.Selected(); p != 300 {
		t.Errorf("after forward: %d, want 300", p)
	}
	// A service on a range selects its first port, not the range.
	m.chooseHit(registry.Hit{Port: 6000, To: 6063, Service: "x11"})
	if p, _ := m.portMap.Selected(); p != 6000 {
		t.Errorf("x11 hit selected %d", p)
	}
}

func TestProtocolSwitch(t *testing.T) {
	m, _ := newTestWindow(t, Options{Select: 300, ManualPolling: true, NoBackground: true})
	m.protocolSelect.SetSelected("udp")
	if m.portMap.Protocol() != registry.UDP {
		t.Errorf("map protocol = %v", m.portMap.Protocol())
	}
	if text := m.pane.Text(); !strings.Contains(text, "reserved") || strings.Contains(text, "tacacss") {
		t.Errorf("300 on udp should read reserved, without tacacss:\n%s", text)
	}
}

func TestPreferencesKept(t *testing.T) {
	a := test.NewTempApp(t)
	w := test.NewWindow(nil)
	m := NewMainWindow(a, w, Options{Select: -1, ManualPolling: true, NoBackground: true})
	m.layoutSelect.SetSelected(portmap.Rows.Title())
	m.protocolSelect.SetSelected("sctp")
	m.portMap.SetZoom(8)
	m.setTheme(themeDark)
	m.close()
	w.Close()

	w2 := test.NewWindow(nil)
	defer w2.Close()
	m2 := NewMainWindow(a, w2, Options{Select: -1, ManualPolling: true, NoBackground: true})
	if m2.portMap.Layout() != portmap.Rows || m2.portMap.Protocol() != registry.SCTP || m2.portMap.Zoom() != 8 {
		t.Errorf("restored layout %v protocol %v zoom %v", m2.portMap.Layout(), m2.portMap.Protocol(), m2.portMap.Zoom())
	}
	if a.Preferences().String(prefTheme) != themeDark {
		t.Error("theme not kept")
	}
}

func TestCorruptPreferencesFallBack(t *testing.T) {
	a := test.NewTempApp(t)
	p := a.Preferences()
	p.SetFloat(prefWindowWidth, -5)
	p.SetFloat(prefZoom, 1e9)
	p.SetString(prefProtocol, "ip")
	p.SetString(prefLayout, "spiral")
	w := test.NewWindow(nil)
	defer w.Close()
	m := NewMainWindow(a, w, Options{Select: -1, ManualPolling: true, NoBackground: true})
	if m.portMap.Protocol() != registry.ProtoNone || m.portMap.Layout() != portmap.Hilbert {
		t.Errorf("protocol %v layout %v", m.portMap.Protocol(), m.portMap.Layout())
	}
	if z := m.portMap.Zoom(); z > portmap.MaxZoom {
		t.Errorf("zoom %v accepted", z)
	}
}

func TestBadRegistryFileFallsBack(t *testing.T) {
	m, _ := newTestWindow(t, Options{RegistryPath: "/nonexistent/registry.csv", Select: -1, ManualPolling: true, NoBackground: true})
	if m.space.Reg.Source().Name != registry.EmbeddedSourceName {
		t.Errorf("source = %+v", m.space.Reg.Source())
	}
	if len(m.win.Canvas().Overlays().List()) == 0 {
		t.Error("no error dialog for a registry file that cannot be opened")
	}
}

func TestListenersReachMapAndStatus(t *testing.T) {
	sockets := listen.SocketSourceFunc(func(ctx context.Context) (listen.Snapshot, error) {
		return listen.Snapshot{Listeners: []listen.Listener{
			{Protocol: "tcp", Family: "ipv4", IP: netip.MustParseAddr("127.0.0.1"), Address: "127.0.0.1", Port: 22,
				Scope: listen.ScopeLoopback, State: "LISTEN", PID: 10, Process: "sshd"},
			bindShell(),
		}}, nil
	})
	m, _ := newTestWindow(t, Options{Select: 290, Sockets: sockets, ManualPolling: true, NoBackground: true})
	m.applyPoll(m.poller.PollOnce(context.Background()))
	// sshd on 22 over loopback is expected; nc on 290 on every interface
	// is an alert.
	if text := m.listenerLine.Text; !strings.Contains(text, "Listeners: 2, 1 alert") {
		t.Errorf("status bar = %q", text)
	}
	if n := len(m.session.Listeners()); n != 2 {
		t.Errorf("the session holds %d listeners, want 2", n)
	}
	m.panel.OnSelectPort(22) // as a row selection does
	if p, _ := m.portMap.Selected(); p != 22 {
		t.Errorf("a listener row selected %d on the map", p)
	}
	m.selectPort(290)
	// The pane says who listens, the severity in words and each reason
	// with its sentence.
	for _, want := range []string{"▲ alert tcp 0.0.0.0:290 by nc (PID 11)", "/usr/bin/nc.openbsd · package netcat-openbsd · unit backdoor.service",
		"network tool listening (alert): " + listen.ReasonNetTool.Explain()} {
		if pane := m.pane.Text(); !strings.Contains(pane, want) {
			t.Errorf("pane for 290 lacks %q:\n%s", want, pane)
		}
	}
}

// bindShell is nc listening on every interface, as the identity reader
// would describe it.
func bindShell() listen.Listener {
	return listen.Listener{Protocol: "tcp", Family: "ipv4", IP: netip.MustParseAddr("0.0.0.0"), Address: "0.0.0.0", Port: 290,
		Scope: listen.ScopeAll, State: "LISTEN", PID: 11, Process: "nc", Exe: "/usr/bin/nc.openbsd", User: "eve",
		Facts: &identity.Facts{PID: 11, Comm: "nc", Exe: "/usr/bin/nc.openbsd", PackageDB: "dpkg", Package: "netcat-openbsd",
			Unit: "backdoor.service", UnitManager: "system", File: true, Mode: 0o755}}
}

func TestPollFailureIsReported(t *testing.T) {
	failing := listen.SocketSourceFunc(func(ctx context.Context) (listen.Snapshot, error) {
		return listen.Snapshot{}, os.ErrPermission
	})
	m, _ := newTestWindow(t, Options{Select: -1, Sockets: failing, ManualPolling: true, NoBackground: true})
	m.applyPoll(m.poller.PollOnce(context.Background()))
	if text := m.listenerLine.Text; !strings.Contains(text, "Listener poll failed") || !strings.Contains(text, "permission") {
		t.Errorf("status bar = %q", text)
	}
}

func TestUpdatedRegistryReplacesTheOneInUse(t *testing.T) {
	m, _ := newTestWindow(t, Options{Select: 300, ManualPolling: true, NoBackground: true})
	b := registry.NewBuilder("test download")
	b.Add(registry.Record{Service: "newsvc", HasPort: true, Low: 300, High: 300, Protocol: registry.TCP, Description: "A new service", Registered: "2026-11-01"})
	reg := b.Build()
	m.updated(&update.Result{Outcome: update.Replaced, Registry: reg})
	if m.space.Reg != reg || m.portMap.Space().Reg != reg {
		t.Fatal("the new registry is not in use")
	}
	if !strings.Contains(m.pane.Text(), "newsvc") || !strings.Contains(m.sourceLine.Text, "2026-11-01") {
		t.Errorf("pane/status after the update:\n%s\n%s", m.pane.Text(), m.sourceLine.Text)
	}
	// A failed update changes nothing.
	m.updated(&update.Result{Outcome: "failed"})
	if m.space.Reg != reg {
		t.Error("a failed update replaced the registry")
	}
}

func TestNmapShadingOfferedWhenFound(t *testing.T) {
	m, _ := newTestWindow(t, Options{Select: 22, ManualPolling: true, NoBackground: true})
	if !m.shadingSelect.Disabled() {
		t.Fatal("nmap shading offered before any nmap-services file was found")
	}
	path := t.TempDir() + "/nmap-services"
	os.WriteFile(path, []byte("# nmap\nssh\t22/tcp\t0.182286\t# Secure Shell\nhttp\t80/tcp\t0.484143\n"), 0o644)
	m.setOverlays(model.LoadOverlays([]model.OverlayCandidate{{Kind: model.OverlayNmap, Label: "nmap-services", Path: path}}))
	if m.shadingSelect.Disabled() {
		t.Fatal("nmap shading not offered with an nmap-services file")
	}
	before := m.portMap.CellColor(22)
	m.shadingSelect.SetSelected(portmap.ShadeFrequency.Title())
	if m.portMap.Shading() != portmap.ShadeFrequency || m.portMap.CellColor(22) == before {
		t.Errorf("shading %v, 22's colour %v (was %v)", m.portMap.Shading(), m.portMap.CellColor(22), before)
	}
	m.shadingSelect.SetSelected(portmap.ShadeStatus.Title())
	if m.portMap.Shading() != portmap.ShadeStatus || m.portMap.CellColor(22) != before {
		t.Error("back to status shading did not restore the colours")
	}
}

func TestPollControls(t *testing.T) {
	a := test.NewTempApp(t)
	a.Preferences().SetFloat(prefPollInterval, 1000) // out of range: the default is used
	w := test.NewWindow(nil)
	defer w.Close()
	m := NewMainWindow(a, w, Options{Select: -1, ManualPolling: true, NoBackground: true,
		Sockets: listen.SocketSourceFunc(func(context.Context) (listen.Snapshot, error) { return listen.Snapshot{}, nil })})
	if got := m.poller.Interval(); got != listen.DefaultPollInterval || m.intervalSelect.Selected != "2 s" {
		t.Errorf("interval %v (%q), want the 2 s default", got, m.intervalSelect.Selected)
	}
	m.intervalSelect.SetSelected("5 s")
	if got := m.poller.Interval(); got != 5*time.Second || a.Preferences().Float(prefPollInterval) != 5 {
		t.Errorf("interval %v, preference %v", got, a.Preferences().Float(prefPollInterval))
	}
	m.togglePause()
	if !m.poller.Paused() || !strings.Contains(m.pollLine.Text, "paused") {
		t.Error("pause did not pause")
	}
	m.togglePause()
	if m.poller.Paused() {
		t.Error("resume did not resume")
	}
}

func TestUnchangedPollRebuildsNothing(t *testing.T) {
	calls := 0
	sockets := listen.SocketSourceFunc(func(ctx context.Context) (listen.Snapshot, error) {
		calls++
		if calls == 3 {
			return listen.Snapshot{}, os.ErrDeadlineExceeded
		}
		return listen.Snapshot{Listeners: []listen.Listener{bindShell()}}, nil
	})
	m, _ := newTestWindow(t, Options{Select: 290, Sockets: sockets, ManualPolling: true, NoBackground: true})
	ctx := context.Background()
	m.applyPoll(m.poller.PollOnce(ctx))
	m.applyPoll(m.poller.PollOnce(ctx)) // the same listener again
	if m.listingsShown != 1 {
		t.Errorf("an unchanged poll rebuilt the marks and the pane (%d listings shown, want 1)", m.listingsShown)
	}
	m.applyPoll(m.poller.PollOnce(ctx)) // fails
	if !strings.Contains(m.listenerLine.Text, "failed") {
		t.Fatalf("status after a failed poll = %q", m.listenerLine.Text)
	}
	m.applyPoll(m.poller.PollOnce(ctx)) // the same listing after the failure
	if text := m.listenerLine.Text; !strings.Contains(text, "Listeners: 1, 1 alert") {
		t.Errorf("the counts did not come back after a failed poll: %q", text)
	}
}

func TestRangeHidesThePortsOtherLists(t *testing.T) {
	m, _ := newTestWindow(t, Options{Select: -1, ManualPolling: true, NoBackground: true})
	path := t.TempDir() + "/nmap-services"
	os.WriteFile(path, []byte("# nmap\nhttp-proxy\t8080/tcp\t0.042\t# Common HTTP proxy\n"), 0o644)
	m.setOverlays(model.LoadOverlays([]model.OverlayCandidate{{Kind: model.OverlayNmap, Label: "nmap", Path: path}}))
	m.selectPort(8080)
	if !strings.Contains(m.sources.Text(), "nmap: http-proxy") {
		t.Fatalf("the other lists of 8080 = %q", m.sources.Text())
	}
	m.selectRange(8000, 8100)
	if text := m.sources.Text(); text != "" {
		t.Errorf("a range still shows the last port's other lists: %q", text)
	}
	m.back()
	if !strings.Contains(m.sources.Text(), "nmap: http-proxy") {
		t.Errorf("back at 8080, the other lists = %q", m.sources.Text())
	}
}
