package ui

import (
	"context"
	"fmt"
	"image/color"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/portolan/portolan/ui/internal/apptheme"
	"github.com/portolan/portolan/ui/portmap"
)

// drawn is an object as painted: its place on the canvas and where it
// came from.
type drawn struct {
	obj  fyne.CanvasObject
	pos  fyne.Position
	path string
}

// paintOrder lists what o paints, in the order it is painted, with each
// object's place on the canvas.
func paintOrder(o fyne.CanvasObject, at fyne.Position, path string, out []drawn) []drawn {
	if o == nil || !o.Visible() {
		return out
	}
	at = at.Add(o.Position())
	switch x := o.(type) {
	case *fyne.Container:
		for _, c := range x.Objects {
			out = paintOrder(c, at, path, out)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(x).Objects() {
			out = paintOrder(c, at, path+fmt.Sprintf("/%T", x), out)
		}
	default:
		out = append(out, drawn{o, at, path})
	}
	return out
}

// backgroundOf is what lies under the middle of item i of painted: the
// filled rectangles painted before it there, over bg.
func backgroundOf(painted []drawn, i int, bg color.Color) color.Color {
	t := painted[i]
	mid := t.pos.Add(fyne.NewPos(t.obj.Size().Width/2, t.obj.Size().Height/2))
	under := bg
	for _, d := range painted[:i] {
		r, ok := d.obj.(*canvas.Rectangle)
		if !ok || r.FillColor == nil {
			continue
		}
		s := r.Size()
		if mid.X >= d.pos.X && mid.Y >= d.pos.Y && mid.X <= d.pos.X+s.Width && mid.Y <= d.pos.Y+s.Height {
			under = apptheme.Over(r.FillColor, under)
		}
	}
	return under
}

// Every text the real window draws, found by walking what it renders, has
// a contrast of at least 4.5:1 on what it is drawn on, in both themes:
// toolbar, map (gutters, block labels), legend, pane, panel (with new,
// flagged, gone and selected rows), status bar. Text on a disabled
// control is left out (WCAG exempts it; its tip says why it is off), and
// so are the port numbers in map cells (palette's own test).
func TestWindowTextContrast(t *testing.T) {
	for _, choice := range []string{themeLight, themeDark} {
		for _, l := range portmap.Layouts {
			t.Run(choice+"/"+l.String(), func(t *testing.T) {
				m, a := newTestWindow(t, Options{Select: 290, Sockets: someListeners(6), ManualPolling: true, NoBackground: true})
				m.setTheme(choice)
				m.layoutSelect.SetSelected(l.Title())
				m.win.Resize(fyne.NewSize(1280, 772))
				m.applyPoll(m.poller.PollOnce(context.Background()))
				m.panel.Refresh()
				th := a.Settings().Theme()
				v := a.Settings().ThemeVariant()
				bg := th.Color(theme.ColorNameBackground, v)
				disabled := th.Color(theme.ColorNameDisabled, v)
				seen := 0
				painted := paintOrder(m.win.Content(), fyne.Position{}, "", nil)
				for i, d := range painted {
					txt, ok := d.obj.(*canvas.Text)
					if !ok || txt.Text == "" || txt.Color == nil || txt.Color == disabled {
						continue
					}
					if _, _, _, a := txt.Color.RGBA(); a == 0 {
						continue
					}
					if strings.Contains(d.path, "portmap.surface") && !strings.Contains(txt.Text, "–") {
						continue // a port number in its cell: the palette's test
					}
					seen++
					on := backgroundOf(painted, i, bg)
					if r := apptheme.Contrast(apptheme.Over(txt.Color, on), on); r < apptheme.MinContrast {
						t.Errorf("%q in %v on %v: %.2f:1 (%s)", txt.Text, txt.Color, on, r, d.path)
					}
				}
				if seen < 40 {
					t.Errorf("only %d texts were found in the window", seen)
				}
			})
		}
	}
}

// paintedState is everything the window paints, in words: what each
// object is, where, how big, and for texts what they say and in which
// colour.
func paintedState(c fyne.CanvasObject) []string {
	var out []string
	for _, d := range paintOrder(c, fyne.Position{}, "", nil) {
		s := fmt.Sprintf("%T %v %v", d.obj, d.pos, d.obj.Size())
		switch x := d.obj.(type) {
		case *canvas.Text:
			s += fmt.Sprintf(" %q %v", x.Text, x.Color)
		case *canvas.Rectangle:
			s += fmt.Sprintf(" %v", x.FillColor)
		}
		out = append(out, s)
	}
	return out
}

// A poll in which nothing changed changes nothing the window paints (Fyne
// repaints the whole window for any change, so one label updated every
// poll cost a full repaint every 2 s).
func TestUnchangedPollPaintsNothing(t *testing.T) {
	m, _ := newTestWindow(t, Options{Select: 290, Sockets: someListeners(50), ManualPolling: true, NoBackground: true})
	m.win.Resize(fyne.NewSize(1280, 772))
	ctx := context.Background()
	m.applyPoll(m.poller.PollOnce(ctx))
	m.applyPoll(m.poller.PollOnce(ctx)) // settles the "new" marks
	before := paintedState(m.win.Content())
	for range 3 {
		m.applyPoll(m.poller.PollOnce(ctx))
	}
	after := paintedState(m.win.Content())
	if len(before) != len(after) {
		t.Fatalf("the window paints %d objects, then %d", len(before), len(after))
	}
	for i := range before {
		if before[i] != after[i] {
			t.Errorf("an unchanged poll changed\n%s\nto\n%s", before[i], after[i])
		}
	}
}
