package model

import "strconv"

// Selection is what the window shows: one port (From == To) or an
// inclusive range of ports.
type Selection struct {
	From uint16 `json:"from"`
	To   uint16 `json:"to"`
}

// PortSelection selects one port.
func PortSelection(port uint16) Selection { return Selection{From: port, To: port} }

// RangeSelection selects the ports lo..hi; the ends may come in either order.
func RangeSelection(lo, hi uint16) Selection {
	if hi < lo {
		lo, hi = hi, lo
	}
	return Selection{From: lo, To: hi}
}

// IsRange reports whether the selection holds more than one port.
func (s Selection) IsRange() bool { return s.To > s.From }

// Len is the number of ports selected.
func (s Selection) Len() int { return int(s.To) - int(s.From) + 1 }

// String is "80" or "288-307".
func (s Selection) String() string {
	if !s.IsRange() {
		return strconv.Itoa(int(s.From))
	}
	return strconv.Itoa(int(s.From)) + "-" + strconv.Itoa(int(s.To))
}

// DefaultHistoryLimit is how many selections a History keeps when no other
// limit is given.
const DefaultHistoryLimit = 200

// History is a browser-like back/forward list of selections. Its zero value
// is an empty history with DefaultHistoryLimit. It is not safe for
// concurrent use: the window keeps one and touches it from the UI goroutine.
//
// Wiring: call Visit whenever the selection changes, whatever changed it.
// Visiting the current entry is a no-op, so the selection that Back or
// Forward returns may be visited again without losing the forward list.
type History struct {
	entries []Selection
	cur     int // index of the current entry when entries is not empty
	limit   int
}

// newHistory returns an empty history that keeps at most limit entries
// (DefaultHistoryLimit when limit <= 0); the oldest are dropped first.
func newHistory(limit int) *History {
	return &History{limit: limit}
}

func (h *History) capacity() int {
	if h.limit <= 0 {
		return DefaultHistoryLimit
	}
	return h.limit
}

// Visit makes s the current entry. Entries ahead of the current one (those
// Forward would return) are dropped, as a browser drops them when a new
// page is opened after going back.
func (h *History) Visit(s Selection) {
	if len(h.entries) > 0 {
		if h.entries[h.cur] == s {
			return
		}
		h.entries = h.entries[:h.cur+1]
	}
	h.entries = append(h.entries, s)
	if extra := len(h.entries) - h.capacity(); extra > 0 {
		// Shift rather than reslice so the backing array never grows
		// beyond the limit.
		n := copy(h.entries, h.entries[extra:])
		clear(h.entries[n:])
		h.entries = h.entries[:n]
	}
	h.cur = len(h.entries) - 1
}

// Current is the selection being shown, if any.
func (h *History) Current() (Selection, bool) {
	if len(h.entries) == 0 {
		return Selection{}, false
	}
	return h.entries[h.cur], true
}

// CanBack reports whether Back has somewhere to go.
func (h *History) CanBack() bool { return len(h.entries) > 0 && h.cur > 0 }

// CanForward reports whether Forward has somewhere to go.
func (h *History) CanForward() bool { return len(h.entries) > 0 && h.cur < len(h.entries)-1 }

// Back steps to the previous selection and returns it; ok is false (and
// nothing changes) at the start of the history.
func (h *History) Back() (s Selection, ok bool) {
	if !h.CanBack() {
		return Selection{}, false
	}
	h.cur--
	return h.entries[h.cur], true
}

// Forward steps to the next selection and returns it; ok is false (and
// nothing changes) at the end of the history.
func (h *History) Forward() (s Selection, ok bool) {
	if !h.CanForward() {
		return Selection{}, false
	}
	h.cur++
	return h.entries[h.cur], true
}

// Len is the number of entries kept.
func (h *History) Len() int { return len(h.entries) }

// Clear forgets every entry.
func (h *History) Clear() {
	h.entries = h.entries[:0]
	h.cur = 0
}
