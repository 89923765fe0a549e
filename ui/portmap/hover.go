package portmap

import (
	"fyne.io/fyne/v2"
)

// Hovered is the port under the pointer, or -1.
func (m *Map) Hovered() int { return m.hovered }

func (m *Map) setHover(port int) {
	if port == m.hovered {
		return
	}
	m.hovered = port
	if r := m.surface.r; r != nil {
		r.layoutHover()
	}
	m.fireHover()
}

func (m *Map) fireHover() {
	if m.OnHover == nil {
		return
	}
	if m.hovered < 0 {
		m.OnHover(-1, "")
		return
	}
	port := uint16(m.hovered)
	m.OnHover(m.hovered, m.space.Summary(port, m.proto)+m.shadeText(port))
}

// refreshHoverText tells OnHover again when what it said has changed.
func (m *Map) refreshHoverText() {
	if m.hovered >= 0 {
		m.fireHover()
	}
}

// hoverAt hovers the cell under pos (surface coordinates).
func (m *Map) hoverAt(pos fyne.Position) {
	m.pointer, m.pointerIn = pos, true
	port, ok := m.portAt(pos)
	if !ok {
		m.setHover(-1)
		return
	}
	m.setHover(int(port))
}

func (m *Map) unhover() {
	m.pointerIn = false
	m.setHover(-1)
}
