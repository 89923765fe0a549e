package ui

import (
	"fyne.io/fyne/v2"

	"github.com/portolan/portolan/registry"
	"github.com/portolan/portolan/ui/portmap"
)

func (m *MainWindow) restorePrefs() {
	w := clampFloat(m.prefs.FloatWithFallback(prefWindowWidth, 1280), 400, 10000, 1280)
	h := clampFloat(m.prefs.FloatWithFallback(prefWindowHeight, 800), 300, 10000, 800)
	m.win.Resize(fyne.NewSize(float32(w), float32(h)))
	if m.prefs.StringWithFallback(prefLayout, portmap.Hilbert.String()) == portmap.Rows.String() {
		m.layoutSelect.SetSelected(portmap.Rows.Title())
	} else {
		m.layoutSelect.SetSelected(portmap.Hilbert.Title())
	}
	proto := m.prefs.StringWithFallback(prefProtocol, "")
	if _, err := registry.ParseProtocol(proto); err != nil || proto == "" {
		proto = "any"
	}
	m.protocolSelect.SetSelected(proto)
	if z := m.prefs.FloatWithFallback(prefZoom, 0); z > 0 {
		m.portMap.SetZoom(float32(clampFloat(z, 0.5, portmap.MaxZoom, 1)))
	}
	for _, s := range m.splits() {
		if off := m.prefs.FloatWithFallback(s.pref, 0); off > 0 {
			s.auto.fixed(clampFloat(off, 0.1, 0.9, 0.5))
		}
	}
}

// splits are the body's splits and the preferences that keep them.
func (m *MainWindow) splits() []struct {
	auto *autoSplit
	pref string
} {
	return []struct {
		auto *autoSplit
		pref string
	}{{m.mainAuto, prefSplitMap}, {m.rightAuto, prefSplitPanel}}
}

// resetArrangement lets the splits follow their rules again (View →
// Reset the window's layout).
func (m *MainWindow) resetArrangement() {
	for _, s := range m.splits() {
		s.auto.reset()
		m.prefs.SetFloat(s.pref, 0)
	}
	m.win.Content().Refresh()
}

func (m *MainWindow) savePrefs() {
	values := map[string]any{
		prefLayout:   m.portMap.Layout().String(),
		prefProtocol: m.protocol.String(),
		prefZoom:     0.0,
	}
	if size := m.win.Canvas().Size(); size.Width > 0 && size.Height > 0 {
		values[prefWindowWidth] = float64(size.Width)
		values[prefWindowHeight] = float64(size.Height)
	}
	for _, s := range m.splits() {
		off, moved := s.auto.userOffset()
		if !moved {
			off = 0
		}
		values[s.pref] = float64(off)
	}
	if !m.portMap.Fitted() {
		values[prefZoom] = float64(m.portMap.Zoom())
	}
	setPrefs(m.prefs, values) // one change, one write of the file: see setPrefs
}

// close saves the window's state and stops its background work: the
// window was closed, or File → Quit.
func (m *MainWindow) close() {
	m.savePrefs()
	m.Stop()
	if m.setup != nil {
		m.setup.Close()
	}
}
