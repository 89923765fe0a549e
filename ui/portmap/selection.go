package portmap

import (
	"github.com/portolan/portolan/model"
)

// setSelectedRange marks the ports lo..hi (either order) with a tint and an
// outline.
func (m *Map) setSelectedRange(lo, hi uint16) {
	if lo > hi {
		lo, hi = hi, lo
	}
	if m.rangeOn && m.rangeLo == lo && m.rangeHi == hi {
		return
	}
	m.rangeOn, m.rangeLo, m.rangeHi = true, lo, hi
	m.updateOutline()
	m.invalidate()
}

// clearSelectedRange removes the selected range.
func (m *Map) clearSelectedRange() {
	if !m.rangeOn {
		return
	}
	m.rangeOn = false
	m.updateOutline()
	m.invalidate()
}

// SelectedRange is the selected range, if any.
func (m *Map) SelectedRange() (lo, hi uint16, ok bool) {
	return m.rangeLo, m.rangeHi, m.rangeOn
}

func (m *Map) updateOutline() {
	m.outline = m.outline[:0]
	if m.rangeOn {
		m.outline = m.layout.Outline(m.outline, m.rangeLo, m.rangeHi)
	}
}

// Selected is the selected port, if any.
func (m *Map) Selected() (port uint16, ok bool) {
	if m.selected < 0 {
		return 0, false
	}
	return uint16(m.selected), true
}

// Select selects port and scrolls it into view, as the user's choice:
// OnSelected is called if the selection changed (a tap, a key).
func (m *Map) Select(port uint16) {
	m.setSelected(int(port), true)
	m.ScrollTo(port)
}

// SetSelection shows sel, the selection its owner (the window) made: a
// port is selected, a range tinted and outlined, and scrolled into view.
// OnSelected is not called: the map reports only what the user does.
func (m *Map) SetSelection(sel model.Selection) {
	if sel.IsRange() {
		m.setSelectedRange(sel.From, sel.To)
	} else {
		m.clearSelectedRange()
		m.setSelected(int(sel.From), false)
	}
	m.ScrollTo(sel.From)
}

// setSelected selects port (-1: none); report tells OnSelected.
func (m *Map) setSelected(port int, report bool) {
	if port == m.selected {
		return
	}
	m.selected = port
	if r := m.surface.r; r != nil {
		r.layoutSelection()
	}
	if report && port >= 0 && m.OnSelected != nil {
		m.OnSelected(uint16(port))
	}
}
