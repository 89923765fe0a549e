package model

import (
	"fmt"
	"testing"
)

func TestHistoryBackForward(t *testing.T) {
	var h History // the zero value is usable
	if h.CanBack() || h.CanForward() {
		t.Fatal("an empty history can go somewhere")
	}
	if _, ok := h.Back(); ok {
		t.Fatal("Back on an empty history succeeded")
	}
	if _, ok := h.Current(); ok {
		t.Fatal("an empty history has a current entry")
	}
	h.Visit(PortSelection(290))
	h.Visit(PortSelection(300))
	h.Visit(RangeSelection(307, 288)) // ends in either order
	if cur, _ := h.Current(); cur != (Selection{288, 307}) || !cur.IsRange() || cur.String() != "288-307" || cur.Len() != 20 {
		t.Fatalf("current = %+v %q", cur, cur)
	}
	if s, ok := h.Back(); !ok || s != PortSelection(300) {
		t.Fatalf("back = %v %v, want 300", s, ok)
	}
	if s, ok := h.Back(); !ok || s != PortSelection(290) || s.IsRange() || s.String() != "290" {
		t.Fatalf("back = %v %v, want 290", s, ok)
	}
	if h.CanBack() {
		t.Fatal("can go back past the first entry")
	}
	if _, ok := h.Back(); ok {
		t.Fatal("Back past the start succeeded")
	}
	if cur, _ := h.Current(); cur != PortSelection(290) {
		t.Fatalf("a failed Back moved the history to %v", cur)
	}
	if s, ok := h.Forward(); !ok || s != PortSelection(300) {
		t.Fatalf("forward = %v %v, want 300", s, ok)
	}
	// The window visits what Back/Forward returned: that is a no-op and
	// keeps the forward entry.
	h.Visit(PortSelection(300))
	if !h.CanForward() || h.Len() != 3 {
		t.Fatalf("re-visiting the current entry changed the history: len %d, forward %v", h.Len(), h.CanForward())
	}
	// A new visit after going back drops the forward entries.
	h.Visit(PortSelection(22))
	if h.CanForward() || h.Len() != 3 {
		t.Fatalf("after a new visit: len %d, forward %v, want 3 and none", h.Len(), h.CanForward())
	}
	if _, ok := h.Forward(); ok {
		t.Fatal("Forward at the end succeeded")
	}
	want := []Selection{{290, 290}, {300, 300}, {22, 22}}
	if fmt.Sprint(h.entries) != fmt.Sprint(want) {
		t.Fatalf("entries = %v, want %v", h.entries, want)
	}
	h.Clear()
	if h.Len() != 0 || h.CanBack() {
		t.Fatal("Clear left entries")
	}
}

func TestHistoryLimit(t *testing.T) {
	h := newHistory(3)
	for p := uint16(1); p <= 10; p++ {
		h.Visit(PortSelection(p))
	}
	if h.Len() != 3 || cap(h.entries) > 8 {
		t.Fatalf("len %d cap %d, want 3 entries and no growth", h.Len(), cap(h.entries))
	}
	var back []uint16
	for h.CanBack() {
		s, _ := h.Back()
		back = append(back, s.From)
	}
	if fmt.Sprint(back) != "[9 8]" {
		t.Fatalf("back through a full history = %v, want [9 8]", back)
	}
	d := newHistory(0)
	for p := 0; p < 1000; p++ {
		d.Visit(PortSelection(uint16(p)))
	}
	if d.Len() != DefaultHistoryLimit {
		t.Fatalf("default limit kept %d, want %d", d.Len(), DefaultHistoryLimit)
	}
	if cur, _ := d.Current(); cur.From != 999 {
		t.Fatalf("current = %v, want 999", cur)
	}
	// Visiting the same port twice in a row is one entry.
	e := newHistory(10)
	e.Visit(PortSelection(80))
	e.Visit(PortSelection(80))
	if e.Len() != 1 {
		t.Fatalf("repeated visit stored %d entries", e.Len())
	}
}
