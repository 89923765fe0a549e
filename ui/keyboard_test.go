package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/portolan/portolan/model"
	"github.com/portolan/portolan/ui/portmap"
)

// keyTo types key into what has the keyboard, as the window does.
func keyTo(w fyne.Window, key fyne.KeyName) {
	if f := w.Canvas().Focused(); f != nil {
		f.TypedKey(&fyne.KeyEvent{Name: key})
	}
}

// The keyboard flow: Tab from the search box reaches the map; Enter on a
// search hit and Escape in the search box give the keys to the map; Page
// Up and Down move the selection a screenful (and the pane follows); +
// and - zoom about the selection and keep it in view.
func TestKeyboardFlow(t *testing.T) {
	results := make(chan func(), 16)
	m, _ := newTestWindow(t, Options{Select: -1, ManualPolling: true, NoBackground: true,
		Deliver: func(f func()) { results <- f }})
	w := m.win
	w.Resize(fyne.NewSize(1280, 800-menuBar))
	c := w.Canvas()

	// Tab: from the search box, the next control is the map.
	m.searchBox.Focus()
	if c.Focused() != m.searchBox {
		t.Fatal("Ctrl+F's focus did not reach the search box")
	}
	test.FocusNext(c)
	if c.Focused() != m.portMap {
		t.Fatalf("Tab from the search box went to %T, not the map", c.Focused())
	}
	// and the map is in the cycle from any control: a full round of Tabs
	// comes back to it
	for i := 0; i < 200; i++ {
		test.FocusNext(c)
		if c.Focused() == m.portMap {
			break
		}
		if i == 199 {
			t.Fatal("a round of Tabs never came back to the map")
		}
	}

	// Search, Enter: the hit is selected and the keys go to the map.
	m.searchBox.Focus()
	test.Type(m.searchBox, "ssh")
	(<-results)() // the background search's hits
	keyTo(w, fyne.KeyReturn)
	if p, ok := m.portMap.Selected(); !ok || p != 22 {
		t.Fatalf("Enter on ssh selected %d (%v), want 22", p, ok)
	}
	if c.Focused() != m.portMap {
		t.Fatalf("after Enter in the search box the keys are with %T, not the map", c.Focused())
	}
	// Escape clears the search and gives the keys to the map too.
	m.searchBox.Focus()
	keyTo(w, fyne.KeyEscape)
	if m.searchBox.Text != "" || c.Focused() != m.portMap {
		t.Errorf("after Escape: box %q, keys with %T", m.searchBox.Text, c.Focused())
	}

	// Page Down and Up on the map, zoomed in: a screenful each, the pane
	// following the selection.
	m.layoutSelect.SetSelected(portmap.Rows.Title())
	typeRune := func(r rune) { c.Focused().TypedRune(r) }
	for range 4 { // 1.5, 2, 3, 4? up to 6 px a port: about 100 rows a screen
		typeRune('+')
	}
	if m.portMap.Fitted() || !strings.Contains(m.zoomLabel.Text, "px a port") || strings.HasPrefix(m.zoomLabel.Text, "fit") {
		t.Fatalf("after + the zoom is %v, the label says %q", m.portMap.Zoom(), m.zoomLabel.Text)
	}
	if p, _ := m.portMap.Selected(); p != 22 {
		t.Fatalf("zooming moved the selection to %d", p)
	}
	rows := int(m.portMap.Size().Height/m.portMap.Zoom()) - 2
	keyTo(w, fyne.KeyPageDown)
	p, _ := m.portMap.Selected()
	if int(p)/portmap.Side < rows || p%portmap.Side != 22 {
		t.Errorf("Page Down from 22 = %d: row %d, want at least %d rows down, same column", p, p/portmap.Side, rows)
	}
	if sel, _, _ := m.pane.Selection(); sel != model.PortSelection(p) {
		t.Errorf("the pane shows %v after Page Down to %d", sel, p)
	}
	keyTo(w, fyne.KeyPageUp)
	if back, _ := m.portMap.Selected(); back != 22 {
		t.Errorf("Page Up came back to %d, want 22", back)
	}
	// + and - keep the selection in view, at every step.
	keyTo(w, fyne.KeyEnd) // 65535, the far corner
	for range 8 {
		typeRune('+')
		if !m.portMap.InView(65535) {
			t.Fatalf("at %v px a port 65535 is out of view", m.portMap.Zoom())
		}
	}
	for range 12 {
		typeRune('-')
		if !m.portMap.InView(65535) {
			t.Fatalf("at %v px a port 65535 is out of view", m.portMap.Zoom())
		}
	}
	if !m.portMap.Fitted() || !strings.HasPrefix(m.zoomLabel.Text, "fit, ") {
		t.Errorf("zoomed out to %v: %q", m.portMap.Zoom(), m.zoomLabel.Text)
	}
}
