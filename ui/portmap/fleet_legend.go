package portmap

import (
	"image/color"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// HostsLegend is the key of the fleet shading (ShadeByHosts): the colours
// of a few host counts on its logarithmic scale (HostTicks), the colour of
// ports no host listens on, and the alert mark, one entry a line, in the
// palette of the current theme.
type HostsLegend struct {
	widget.BaseWidget
	most  uint32 // hosts on the busiest port
	hosts int    // in the view
}

// NewHostsLegend makes an empty legend; SetCounts fills it.
func NewHostsLegend() *HostsLegend {
	l := &HostsLegend{}
	l.ExtendBaseWidget(l)
	return l
}

// SetCounts shows the scale up to most hosts (the Counts' Max of any
// protocol, as ShadeByHosts uses) of hosts in the view.
func (l *HostsLegend) SetCounts(most uint32, hosts int) {
	if most == l.most && hosts == l.hosts {
		return
	}
	l.most, l.hosts = most, hosts
	l.Refresh()
}

// Entries are the legend's lines, in order (for tests and tips).
func (l *HostsLegend) Entries() []string {
	out := []string{l.title()}
	for _, t := range HostTicks(l.most) {
		out = append(out, tickText(t, l.most))
	}
	return append(out, "No host listens", "Alert on a host")
}

func (l *HostsLegend) title() string {
	return "Hosts listening, of " + strconv.Itoa(l.hosts) + " (log scale)"
}

func tickText(n, most uint32) string {
	s := strconv.FormatUint(uint64(n), 10) + " hosts"
	if n == 1 {
		s = "1 host"
	}
	if n == most && most > 1 {
		s += " (the most)"
	}
	return s
}

// SwatchColor is the colour of the entry for n hosts (0: no host) in the
// palette of the legend's theme: the colour the map gives such a port.
func (l *HostsLegend) SwatchColor(n uint32) color.NRGBA {
	return hostColour(l.palette(), n, l.most)
}

func (l *HostsLegend) palette() *palette {
	return paletteFor(l.Theme().Color(theme.ColorNameBackground, fyne.CurrentApp().Settings().ThemeVariant()))
}

// hostColour is the map's colour of a port on n hosts (quantised to the
// ramp's levels as the map paints it).
func hostColour(p *palette, n, most uint32) color.NRGBA {
	s, ok := HostShade(n, most)
	if !ok {
		return p.shadeCell(shadeNotInIt)
	}
	return p.shadeCell(int(shadeLevel(s)))
}

// CreateRenderer is a private method to Fyne which links this widget to its
// renderer.
func (l *HostsLegend) CreateRenderer() fyne.WidgetRenderer {
	l.ExtendBaseWidget(l)
	r := &hostsLegendRenderer{l: l, title: canvas.NewText("", color.Black)}
	r.title.TextStyle.Bold = true
	r.Refresh()
	return r
}

type hostsLegendRenderer struct {
	l      *HostsLegend
	title  *canvas.Text
	boxes  []*canvas.Rectangle // a swatch per entry
	texts  []*canvas.Text
	dot    *canvas.Circle // the alert mark, over the last swatch
	shown  uint32         // the most the entries were made for
	objs   []fyne.CanvasObject
	swatch fyne.Size
}

func (r *hostsLegendRenderer) Destroy() {}

func (r *hostsLegendRenderer) Objects() []fyne.CanvasObject { return r.objs }

// rebuild makes one swatch and text per entry.
func (r *hostsLegendRenderer) rebuild() {
	entries := r.l.Entries()[1:]
	r.boxes, r.texts = r.boxes[:0], r.texts[:0]
	r.objs = append(r.objs[:0], r.title)
	for _, e := range entries {
		b := &canvas.Rectangle{StrokeWidth: 1}
		t := canvas.NewText(e, color.Black)
		r.boxes, r.texts = append(r.boxes, b), append(r.texts, t)
		r.objs = append(r.objs, b, t)
	}
	r.dot = &canvas.Circle{StrokeWidth: 1}
	r.objs = append(r.objs, r.dot)
	r.shown = r.l.most
}

func (r *hostsLegendRenderer) MinSize() fyne.Size {
	pad := r.l.Theme().Size(theme.SizeNamePadding)
	size := r.title.MinSize()
	for _, t := range r.texts {
		ts := t.MinSize()
		size.Width = fyne.Max(size.Width, r.swatch.Width+pad+ts.Width)
		size.Height += pad/2 + fyne.Max(r.swatch.Height, ts.Height)
	}
	return size
}

func (r *hostsLegendRenderer) Layout(fyne.Size) {
	pad := r.l.Theme().Size(theme.SizeNamePadding)
	r.title.Move(fyne.NewPos(0, 0))
	r.title.Resize(r.title.MinSize())
	y := r.title.MinSize().Height
	for i, t := range r.texts {
		ts := t.MinSize()
		h := fyne.Max(r.swatch.Height, ts.Height)
		y += pad / 2
		r.boxes[i].Move(fyne.NewPos(0, y+(h-r.swatch.Height)/2))
		r.boxes[i].Resize(r.swatch)
		t.Move(fyne.NewPos(r.swatch.Width+pad, y+(h-ts.Height)/2))
		t.Resize(ts)
		y += h
	}
	if n := len(r.boxes); n > 0 {
		last := r.boxes[n-1]
		d := r.swatch.Height - 4
		r.dot.Move(last.Position().AddXY((r.swatch.Width-d)/2, 2))
		r.dot.Resize(fyne.NewSquareSize(d))
	}
}

func (r *hostsLegendRenderer) Refresh() {
	if r.shown != r.l.most || r.boxes == nil {
		r.rebuild()
	}
	th := r.l.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	fg := th.Color(theme.ColorNameForeground, v)
	size := th.Size(theme.SizeNameCaptionText)
	r.swatch = fyne.NewSize(2.5*size, size+2)
	p := r.l.palette()
	r.title.Text, r.title.Color, r.title.TextSize = r.l.title(), fg, size
	r.title.Refresh()
	ticks := HostTicks(r.l.most)
	for i, b := range r.boxes {
		n := uint32(0) // the "no host" and alert entries
		if i < len(ticks) {
			n = ticks[i]
		}
		b.FillColor, b.StrokeColor = hostColour(p, n, r.l.most), p.listenerStroke
		b.Refresh()
		r.texts[i].Color, r.texts[i].TextSize = fg, size
		r.texts[i].Refresh()
	}
	r.dot.FillColor, r.dot.StrokeColor = p.flagged, p.listenerStroke
	r.dot.Refresh()
	r.Layout(r.l.Size())
}
