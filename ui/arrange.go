package ui

// How the window shares its room: the map's column at the left, as wide
// as the map needs at the window's height (whole pixels a port, no blank
// beside it), its legend in the room the square map leaves below it; at
// the right the detail pane over the listener panel, which gets the
// height of panelRows rows. A split the user drags stays where it is put
// (and is remembered); until then it follows these rules as the window
// changes size.

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"

	"github.com/portolan/portolan/ui/listeners"
	"github.com/portolan/portolan/ui/portmap"
)

// The panel shows panelRows rows of listeners unless the user moves the
// split, or fewer (down to minPanelRows) where the pane would keep less
// than paneRoom of the height.
const (
	panelRows    = 8
	minPanelRows = 4
	paneRoom     = 250
)

// autoSplit lays out a Split whose offset follows want (the leading
// side's length for the split's size) until the user drags it.
type autoSplit struct {
	split *container.Split
	want  func(size fyne.Size) float32
	// set is the offset this layout gave the split last; a different one
	// is the user's (a drag), kept from then on. user says so.
	set  float64
	user bool
}

func newAutoSplit(split *container.Split, want func(fyne.Size) float32) *autoSplit {
	return &autoSplit{split: split, want: want, set: -1}
}

// fixed sets the user's offset (from the preferences).
func (a *autoSplit) fixed(offset float64) {
	a.user = true
	a.split.Offset = offset
}

// reset follows the rules again.
func (a *autoSplit) reset() {
	a.user, a.set = false, -1
}

// userOffset is the user's offset, if the user moved the split.
func (a *autoSplit) userOffset() (float64, bool) {
	a.noticeDrag()
	return a.split.Offset, a.user
}

func (a *autoSplit) noticeDrag() {
	if !a.user && a.set >= 0 && a.split.Offset != a.set {
		a.user = true
	}
}

func (a *autoSplit) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	a.noticeDrag()
	if !a.user {
		divider := 2 * theme.Padding()
		total := size.Height
		if a.split.Horizontal {
			total = size.Width
		}
		if avail := total - divider; avail > 0 {
			off := float64(a.want(size) / avail)
			a.split.Offset = min(max(off, 0.2), 0.85)
			a.set = a.split.Offset
		}
	}
	for _, o := range objs {
		o.Move(fyne.Position{})
		o.Resize(size)
	}
	a.split.Refresh()
}

func (a *autoSplit) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	return s
}

// mapColumn puts the map at the top of its column, as high as its square
// at the fitted zoom, and the legend in the room below (at least a row
// of it, scrolled when the room is short).
type mapColumn struct {
	m      *portmap.Map
	legend *portmap.Legend
	scroll *container.Scroll // the legend's
}

// legendRow is the height of the legend's first row.
func (c *mapColumn) legendRow() float32 { return c.legend.MinSize().Height + 2*theme.Padding() }

// mapHeight is the map's height in a column of size.
func (c *mapColumn) mapHeight(size fyne.Size) float32 {
	room := fyne.NewSize(size.Width, size.Height-c.legendRow())
	return fyne.Min(c.m.FitSide(room), room.Height)
}

func (c *mapColumn) Layout(_ []fyne.CanvasObject, size fyne.Size) {
	h := c.mapHeight(size)
	c.m.Move(fyne.Position{})
	c.m.Resize(fyne.NewSize(size.Width, h))
	pad := theme.Padding()
	w := size.Width - 4*pad
	c.scroll.Move(fyne.NewPos(2*pad, h+pad))
	c.scroll.Resize(fyne.NewSize(w, c.legend.FitHeight(w, size.Height-h-2*pad)))
}

func (c *mapColumn) MinSize([]fyne.CanvasObject) fyne.Size {
	m := c.m.MinSize()
	return fyne.NewSize(m.Width, m.Height+c.legendRow())
}

// mapWidth is the width the map's column wants at the body's height: the
// map's, up to maxMapShare of the body (in a low, narrow window the map
// then shrinks a little rather than the panel).
func (c *mapColumn) mapWidth(body fyne.Size) float32 {
	return fyne.Min(c.m.WidthFor(body.Height-c.legendRow()), maxMapShare*body.Width)
}

// maxMapShare is the most of the window's width the map's column takes
// by the rules.
const maxMapShare = 0.55

// panelHeight is the height the right column, of height h, gives the
// panel.
func panelHeight(p *listeners.Panel, h float32) float32 {
	for rows := panelRows; rows > minPanelRows; rows-- {
		if want := p.HeightForRows(rows); h-want >= paneRoom {
			return want
		}
	}
	return p.HeightForRows(minPanelRows)
}
