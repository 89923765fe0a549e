package ui

import (
	"github.com/portolan/portolan/ui/internal/tooltip"

	"github.com/portolan/portolan/model"
	"github.com/portolan/portolan/registry"
)

// selectPort makes port the selection everywhere and records it in the
// history.
func (m *MainWindow) selectPort(port uint16) {
	m.history.Visit(model.PortSelection(port))
	m.showCurrent()
}

// selectRange selects lo-hi (a drag on the map, or a typed range).
func (m *MainWindow) selectRange(lo, hi uint16) {
	if lo == hi {
		m.selectPort(lo)
		return
	}
	m.history.Visit(model.RangeSelection(lo, hi))
	m.showCurrent()
}

// showCurrent tells the map, the pane and the other lists the history's
// current selection, once each. The window owns the selection: the views
// report what the user chose (OnSelected, OnNavigate...), never to each
// other, and are told the result here.
func (m *MainWindow) showCurrent() {
	m.updateHistoryButtons()
	sel, ok := m.history.Current()
	if !ok {
		return
	}
	m.portMap.SetSelection(sel)
	m.pane.ShowSelection(sel, m.protocol)
	m.sources.ShowSelection(m.overlays, m.space.Reg, sel, m.protocol)
	m.lhist.showSelection(sel)
	m.showFleetSelection(sel)
}

func (m *MainWindow) back() {
	if _, ok := m.history.Back(); ok {
		m.showCurrent()
	}
}

func (m *MainWindow) forward() {
	if _, ok := m.history.Forward(); ok {
		m.showCurrent()
	}
}

func (m *MainWindow) updateHistoryButtons() {
	if m.backButton == nil {
		return
	}
	setEnabled(m.backButton, m.history.CanBack())
	setEnabled(m.forwardButton, m.history.CanForward())
}

func setEnabled(b *tooltip.Button, on bool) {
	if on {
		b.Enable()
	} else {
		b.Disable()
	}
}

func (m *MainWindow) showSearchHits(hits []registry.Hit) {
	if hits == nil {
		m.portMap.SetSearchHits(nil)
		return
	}
	runs := make([]registry.PortRun, 0, len(hits))
	for _, h := range hits {
		runs = append(runs, registry.PortRun{From: h.Port, To: h.To})
	}
	m.portMap.SetSearchHits(runs)
}

func (m *MainWindow) chooseHit(h registry.Hit) {
	// A typed range selects the range; a service registered on a range
	// (x11 6000-6063) selects its first port.
	if h.To > h.Port && h.Service == "" {
		m.selectRange(h.Port, h.To)
		return
	}
	m.selectPort(h.Port)
}
