package portmap

import (
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// FocusGained is called when the map gets the keyboard focus.
func (m *Map) FocusGained() {
	m.focused = true
	m.refreshChrome()
}

// FocusLost is called when the map loses the keyboard focus.
func (m *Map) FocusLost() {
	m.focused = false
	m.typed = m.typed[:0]
	m.refreshChrome()
}

// refreshChrome redraws the focus ring and the typed number only.
func (m *Map) refreshChrome() {
	if m.r != nil {
		m.r.refreshChrome()
	}
}

// TypedRune handles digits (a port to jump to, with Enter) and + / - (zoom
// about the selection).
func (m *Map) TypedRune(r rune) {
	switch {
	case r >= '0' && r <= '9':
		next := append(m.typed, byte(r))
		if n, err := strconv.Atoi(string(next)); err != nil || n >= NumCells || len(next) > 5 {
			return // no such port: the digit is refused
		}
		if len(m.typed) == 1 && m.typed[0] == '0' {
			next = next[1:] // no leading zeros
		}
		m.typed = next
		m.refreshChrome()
	case r == '+' || r == '=':
		m.ZoomIn()
	case r == '-':
		m.ZoomOut()
	}
}

// TypedKey handles the arrows, Page Up/Down, Home/End, Enter (jump to the
// typed port), Backspace and Escape.
func (m *Map) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyLeft:
		m.move(MoveLeft)
	case fyne.KeyRight:
		m.move(MoveRight)
	case fyne.KeyUp:
		m.move(MoveUp)
	case fyne.KeyDown:
		m.move(MoveDown)
	case fyne.KeyPageUp:
		m.page(-1)
	case fyne.KeyPageDown:
		m.page(1)
	case fyne.KeyHome:
		m.move(MoveHome)
	case fyne.KeyEnd:
		m.move(MoveEnd)
	case fyne.KeyReturn, fyne.KeyEnter:
		if len(m.typed) > 0 {
			n, _ := strconv.Atoi(string(m.typed))
			m.typed = m.typed[:0]
			m.refreshChrome()
			m.Select(uint16(n))
		}
	case fyne.KeyBackspace:
		if len(m.typed) > 0 {
			m.typed = m.typed[:len(m.typed)-1]
			m.refreshChrome()
		}
	case fyne.KeyEscape:
		if len(m.typed) > 0 {
			m.typed = m.typed[:0]
			m.refreshChrome()
		}
	}
}

// typedText is the port number typed so far for a jump ("" for none).
func (m *Map) typedText() string { return string(m.typed) }

// move moves the selection; with none, it starts at the cell in the middle
// of the view.
func (m *Map) move(mv Move) {
	if m.selected < 0 {
		c := m.viewCentre().Add(m.scroll.Offset)
		x, y, _ := m.cellAt(c)
		p, _ := m.layout.Port(x, y)
		m.Select(p)
		return
	}
	m.Select(m.layout.Step(uint16(m.selected), mv))
}

// page moves the selection a screenful up (dir -1) or down: as many rows
// of cells as the view shows, less one that stays in sight.
func (m *Map) page(dir int) {
	if m.selected < 0 {
		m.move(MoveHome)
		return
	}
	rows := max(1, int(m.viewSize().Height/m.zoom)-1)
	port := m.layout.Vertical(uint16(m.selected), dir*rows)
	if port == uint16(m.selected) {
		return
	}
	// The view moves by as much as the selection, so that the next screen
	// shows (clamped at the ends of the map).
	x0, y0 := m.layout.Cell(uint16(m.selected))
	x1, y1 := m.layout.Cell(port)
	off := m.scroll.Offset.AddXY(float32(x1-x0)*m.zoom, float32(y1-y0)*m.zoom)
	m.setOffset(off)
	m.Select(port)
}

// focus takes the keyboard focus, as a tap on the map does.
func (m *Map) focus() {
	if c := fyne.CurrentApp().Driver().CanvasForObject(m); c != nil && c.Focused() != m {
		c.Focus(m)
	}
}

// heldModifiers reads the keyboard modifiers held down: the map's
// modifiers field unless a test set its own.
func (m *Map) heldModifiers() fyne.KeyModifier {
	if m.modifiers != nil {
		return m.modifiers()
	}
	if d, ok := fyne.CurrentApp().Driver().(desktop.Driver); ok {
		return d.CurrentKeyModifiers()
	}
	return 0
}
