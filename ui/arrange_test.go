package ui

import (
	"context"
	"errors"
	"fmt"
	"image/color"
	"net/netip"
	"net/url"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/portolan/portolan/model/listen"
	"github.com/portolan/portolan/ui/internal/apptheme"
	"github.com/portolan/portolan/ui/portmap"
)

// menuBar is the height of the menu bar Fyne draws inside the window on
// Linux: the content has the rest (the test driver draws none).
const menuBar = 28

// someListeners is a listing of n loopback listeners.
func someListeners(n int) listen.SocketSource {
	return listen.SocketSourceFunc(func(context.Context) (listen.Snapshot, error) {
		ls := make([]listen.Listener, n)
		for i := range ls {
			ls[i] = listen.Listener{Protocol: "tcp", Family: "ipv4", IP: netip.MustParseAddr("127.0.0.1"), Address: "127.0.0.1",
				Port: uint16(20000 + i), Scope: listen.ScopeLoopback, State: "LISTEN", PID: int32(100 + i), Process: "server"}
		}
		return listen.Snapshot{Listeners: ls}, nil
	})
}

// rowsShown is how many rows of listeners the panel has room for.
func rowsShown(m *MainWindow) int {
	n := 0
	for m.panel.HeightForRows(n+1) <= m.panel.Size().Height {
		n++
	}
	return n
}

// The map at its fitted zoom and the listener panel both fit: at
// 1280x800 a map of at least 512 units a side and 8 rows; at 1024x640 at
// least 384 and 4 rows; at 1920x1080 whole pixels and 8 rows; in both
// layouts.
func TestArrangementFitsMapAndPanel(t *testing.T) {
	for _, c := range []struct {
		w, h    float32
		side    float32
		rows    int
		wholePx bool
	}{
		{1280, 800, 512, 8, true},
		{1024, 640, 384, 4, false},
		{1920, 1080, 768, 8, true},
	} {
		for _, l := range portmap.Layouts {
			t.Run(fmt.Sprintf("%vx%v/%v", c.w, c.h, l), func(t *testing.T) {
				m, _ := newTestWindow(t, Options{Select: 290, Sockets: someListeners(20), ManualPolling: true, NoBackground: true})
				m.applyPoll(m.poller.PollOnce(context.Background()))
				m.layoutSelect.SetSelected(l.Title())
				m.win.Resize(fyne.NewSize(c.w, c.h-menuBar))
				if !m.portMap.Fitted() {
					t.Fatal("the map is not at its fitted zoom")
				}
				side := portmap.Side * m.portMap.Zoom()
				if side < c.side {
					t.Errorf("the map is %v units a side, want at least %v", side, c.side)
				}
				if z := m.portMap.Zoom(); c.wholePx && z != float32(int(z)) {
					t.Errorf("zoom %v is not whole pixels a port", z)
				}
				if got := rowsShown(m); got < c.rows {
					t.Errorf("the panel shows %d rows, want at least %d (panel %v high)", got, c.rows, m.panel.Size().Height)
				}
				// The map's column leaves no strip of blank beside the map
				// (its margin and gutters aside).
				left, col := m.portMap.Size(), m.mainSplit.Leading.Size()
				if mw := m.portMap.WidthFor(left.Height); col.Width > mw+4*m.portMap.Theme().Size("padding")+2 && c.wholePx {
					t.Errorf("the map's column is %v wide, the map needs %v", col.Width, mw)
				}
				// The legend is under the map, not beside it.
				if lp := m.legend.Position(); m.legend.Size().Width < side/2 {
					t.Errorf("the legend at %v is %v wide", lp, m.legend.Size())
				}
			})
		}
	}
}

// A split the user drags stays, is remembered, and View → Reset the
// window's layout gives it back to the rules.
func TestSplitsRemembered(t *testing.T) {
	a := test.NewTempApp(t)
	w := test.NewWindow(nil)
	m := NewMainWindow(a, w, Options{Select: -1, ManualPolling: true, NoBackground: true})
	w.Resize(fyne.NewSize(1280, 772))
	auto := m.mainSplit.Offset
	m.mainSplit.SetOffset(0.3) // as a drag does
	m.rightSplit.SetOffset(0.7)
	w.Resize(fyne.NewSize(1300, 772)) // a layout pass keeps the user's split
	if m.mainSplit.Offset != 0.3 {
		t.Errorf("after a resize the dragged split is at %v, want 0.3", m.mainSplit.Offset)
	}
	m.close()
	w.Close()

	w2 := test.NewWindow(nil)
	defer w2.Close()
	m2 := NewMainWindow(a, w2, Options{Select: -1, ManualPolling: true, NoBackground: true})
	w2.Resize(fyne.NewSize(1280, 772))
	if m2.mainSplit.Offset != 0.3 || m2.rightSplit.Offset != 0.7 {
		t.Errorf("restored splits %v and %v, want 0.3 and 0.7", m2.mainSplit.Offset, m2.rightSplit.Offset)
	}
	m2.resetArrangement()
	w2.Resize(fyne.NewSize(1280, 770))
	if d := m2.mainSplit.Offset - auto; d > 0.01 || d < -0.01 {
		t.Errorf("after the reset the split is at %v, the rule puts it at %v", m2.mainSplit.Offset, auto)
	}
	if a.Preferences().Float(prefSplitMap) != 0 {
		t.Error("the reset split is still kept")
	}
}

// The View menu ticks the current layout, protocol and theme.
func TestViewMenuShowsTheChoice(t *testing.T) {
	m, _ := newTestWindow(t, Options{Select: -1, ManualPolling: true, NoBackground: true})
	checked := func() []string {
		var out []string
		for _, menu := range m.win.MainMenu().Items {
			for _, it := range menu.Items {
				if it.Checked {
					out = append(out, it.Label)
				}
			}
		}
		return out
	}
	has := func(label string) bool {
		for _, l := range checked() {
			if l == label {
				return true
			}
		}
		return false
	}
	m.layoutSelect.SetSelected(portmap.Rows.Title())
	m.protocolSelect.SetSelected("udp")
	m.setTheme(themeLight)
	for _, want := range []string{"Rows layout", "Protocol: udp", "Theme: light"} {
		if !has(want) {
			t.Errorf("%q is not ticked: %v", want, checked())
		}
	}
	m.layoutSelect.SetSelected(portmap.Hilbert.Title())
	m.protocolSelect.SetSelected("any")
	m.setTheme(themeDark)
	for _, want := range []string{"Hilbert curve layout", "Protocol: any", "Theme: dark"} {
		if !has(want) {
			t.Errorf("%q is not ticked: %v", want, checked())
		}
	}
	for _, gone := range []string{"Rows layout", "Protocol: udp", "Theme: light"} {
		if has(gone) {
			t.Errorf("%q is still ticked", gone)
		}
	}
	var help []string
	for _, it := range m.win.MainMenu().Items[2].Items {
		help = append(help, it.Label)
	}
	if got := strings.Join(help, ","); !strings.Contains(got, "Keyboard shortcuts") || !strings.Contains(got, "Filter syntax") {
		t.Errorf("the Help menu holds %v", help)
	}
}

// Copies and links that cannot open are said in the window.
func TestNotices(t *testing.T) {
	a := test.NewTempApp(t)
	w := test.NewWindow(nil)
	defer w.Close()
	noBrowser := func(*url.URL) error { return errors.New("no browser found") }
	m := NewMainWindow(a, w, Options{Select: 290, ManualPolling: true, NoBackground: true, OpenURL: noBrowser})
	m.notice.do = func(func()) {} // the notice stays while the test looks
	m.copyText("ss -ltnup 'sport = :290'")
	if got := m.notice.shown(); got != "Copied: ss -ltnup 'sport = :290'" || a.Clipboard().Content() != "ss -ltnup 'sport = :290'" {
		t.Errorf("after a copy the notice says %q, the clipboard holds %q", got, a.Clipboard().Content())
	}
	m.say("Exported 290 to /tmp/port-290.md")
	if got := m.notice.shown(); !strings.Contains(got, "/tmp/port-290.md") {
		t.Errorf("the export notice says %q", got)
	}
	// A link that cannot open: the notice offers the address.
	u, _ := url.Parse("https://www.rfc-editor.org/rfc/rfc6335.html")
	m.openURL(u)
	if got := m.notice.shown(); !strings.Contains(got, "Could not open https://www.rfc-editor.org/rfc/rfc6335.html (no browser found)") {
		t.Fatalf("after a failed link the notice says %q", got)
	}
	test.Tap(m.notice.action)
	if a.Clipboard().Content() != u.String() || m.notice.shown() != "" {
		t.Errorf("copy the address: clipboard %q, notice %q", a.Clipboard().Content(), m.notice.shown())
	}
}

// File → Export map image draws the map as shown under its title, with
// the legend, at the chosen scale.
func TestMapImage(t *testing.T) {
	m, _ := newTestWindow(t, Options{Select: 22, ManualPolling: true, NoBackground: true})
	m.layoutSelect.SetSelected(portmap.Rows.Title())
	m.win.Resize(fyne.NewSize(1280, 772))
	small := renderMapImage(m.portMap, m.mapTitle(), m.mapSubtitle(), 1)
	big := renderMapImage(m.portMap, m.mapTitle(), m.mapSubtitle(), 2)
	sb, bb := small.Bounds(), big.Bounds()
	if sb.Dx() < portmap.Side*2 || bb.Dx() != 2*sb.Dx() || bb.Dy() != 2*sb.Dy() {
		t.Fatalf("images of %v and %v", sb, bb)
	}
	if !strings.Contains(m.mapTitle(), "registry status (any protocol), Rows layout") {
		t.Errorf("title %q", m.mapTitle())
	}
	// Somewhere in the image, 2x2 pixels of port 443's colour (assigned,
	// System) in the row of ports 256-511, and the title is drawn above.
	want := m.portMap.CellColor(443)
	found := false
	for y := 0; y < sb.Dy()-1 && !found; y++ {
		for x := 0; x < sb.Dx()-1 && !found; x++ {
			if same(small.At(x, y), want) && same(small.At(x+1, y+1), want) {
				found = true
			}
		}
	}
	if !found {
		t.Errorf("the image has no cell of 443's colour %v", want)
	}
	bg := apptheme.Over(m.portMap.Theme().Color("background", fyne.CurrentApp().Settings().ThemeVariant()), color.White)
	inked := 0
	for y := 0; y < 30; y++ {
		for x := 0; x < 300; x++ {
			if !same(small.At(x, y), bg) {
				inked++
			}
		}
	}
	if inked < 100 {
		t.Errorf("the title area has %d inked pixels", inked)
	}
}

func same(a, b color.Color) bool {
	r1, g1, b1, _ := a.RGBA()
	r2, g2, b2, _ := b.RGBA()
	return r1>>8 == r2>>8 && g1>>8 == g2>>8 && b1>>8 == b2>>8
}
