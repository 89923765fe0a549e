package tooltip

import (
	"fmt"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

func TestTipFollowsHover(t *testing.T) {
	test.NewTempApp(t)
	tips := NewLayer()
	tips.Delay = 0
	tapped := 0
	b := tips.NewButton("", theme.ZoomInIcon(), "Zoom in (+)", func() { tapped++ })
	s := tips.NewSelect([]string{"a", "b"}, "Pick a letter", nil)
	s.Disable()
	bottom := tips.NewButton("Export", nil, "Save the table", nil)
	content := container.NewBorder(container.NewHBox(b, s), container.NewHBox(bottom), nil, nil, widget.NewLabel("body"))
	w := test.NewWindow(container.NewStack(content, tips))
	defer w.Close()
	w.Resize(fyne.NewSize(400, 300))

	test.MoveMouse(w.Canvas(), fyne.NewPos(5, 5))
	if got := tips.Shown(); got != "Zoom in (+)" {
		t.Fatalf("over the button the tip is %q", got)
	}
	box := tips.r.box
	if box.Hidden || box.Position().Y < b.Size().Height {
		t.Errorf("the tip is at %v, hidden %v: not below the button", box.Position(), box.Hidden)
	}
	// A tap goes through to the button, and hides the tip.
	test.TapCanvas(w.Canvas(), fyne.NewPos(5, 5))
	if tapped != 1 || tips.Shown() != "" {
		t.Errorf("tapped %d times, tip %q", tapped, tips.Shown())
	}
	// A disabled drop-down still explains itself.
	test.MoveMouse(w.Canvas(), fyne.NewPos(b.Size().Width+10, 5))
	if got := tips.Shown(); got != "Pick a letter" {
		t.Errorf("over the disabled select the tip is %q", got)
	}
	test.MoveMouse(w.Canvas(), fyne.NewPos(200, 150))
	if got := tips.Shown(); got != "" {
		t.Errorf("over the body the tip is %q", got)
	}
	// At the bottom of the window the tip goes above its control.
	at := fyne.CurrentApp().Driver().AbsolutePositionForObject(bottom)
	test.MoveMouse(w.Canvas(), at.AddXY(5, 5))
	if got := tips.Shown(); got != "Save the table" {
		t.Fatalf("over the bottom button the tip is %q", got)
	}
	if p := box.Position(); p.Y+box.Size().Height > at.Y {
		t.Errorf("the tip at %v (size %v) covers the button at %v", p, box.Size(), at)
	}
}

func TestTipWaitsForTheDelay(t *testing.T) {
	test.NewTempApp(t)
	tips := NewLayer()
	tips.Delay = 20 * time.Millisecond
	due := make(chan func(), 4)
	tips.Do = func(f func()) { due <- f } // run on this goroutine, as fyne.Do would
	b := tips.NewButton("Go", nil, "Go there", nil)
	w := test.NewWindow(container.NewStack(container.NewVBox(b), tips))
	defer w.Close()
	tips.Enter(b, b.Tip)
	if tips.Shown() != "" {
		t.Error("the tip shows before the delay")
	}
	(<-due)()
	if tips.Shown() != "Go there" {
		t.Errorf("after the delay the tip is %q", tips.Shown())
	}
	// A tip left before its delay never shows.
	tips.Leave(b)
	tips.Enter(b, "late")
	tips.Leave(b)
	tips.Enter(b, "later")
	tips.Leave(b)
	select {
	case f := <-due: // a timer that fired before Leave stopped it
		f()
	case <-time.After(60 * time.Millisecond):
	}
	if tips.Shown() != "" {
		t.Errorf("a tip left early shows %q", tips.Shown())
	}
	var none *Layer
	none.Enter(b, "x") // controls without tips work
	none.Leave(b)
}

func TestWrap(t *testing.T) {
	t.Parallel()
	got := wrap("Shade by how often nmap finds a port open: needs nmap's nmap-services file", 30)
	want := []string{"Shade by how often nmap finds", "a port open: needs nmap's", "nmap-services file"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("wrap = %q, want %q", got, want)
	}
	if got := wrap("/usr/lib/a/very/long/path/to/a/program/that/will/not/break", 20); len(got) != 1 {
		t.Errorf("a long word is broken: %q", got)
	}
}
