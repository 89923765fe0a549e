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
	r     *hostsLegendRenderer
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

// HeightFor is the legend's height at width w (its entries wrapped).
func (l *HostsLegend) HeightFor(w float32) float32 {
	l.MinSize() // makes the renderer
	if l.r == nil {
		return 0
	}
	_, h := l.r.flow(w)
	return h
}

// FitHeight is the height to give the legend at width w in room: all of
// it, or as many whole lines as fit (at least one; the rest scrolls).
func (l *HostsLegend) FitHeight(w, room float32) float32 {
	all := l.HeightFor(w)
	if all <= room {
		return all
	}
	line := l.MinSize().Height
	pad := l.Theme().Size(theme.SizeNamePadding) / 2
	lines := max(1, int((room+pad)/(line+pad)))
	return fyne.Min(all, float32(lines)*(line+pad)-pad)
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
	l.r = r
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

// cells are the sizes of the title and of each entry (swatch and words),
// the entries all as wide as the widest, so that they line up in columns.
func (r *hostsLegendRenderer) cells() []fyne.Size {
	pad := r.l.Theme().Size(theme.SizeNamePadding)
	var entry fyne.Size
	for _, t := range r.texts {
		ts := t.MinSize()
		entry = entry.Max(fyne.NewSize(r.swatch.Width+pad+ts.Width, fyne.Max(r.swatch.Height, ts.Height)))
	}
	out := []fyne.Size{r.title.MinSize()}
	for range r.texts {
		out = append(out, entry)
	}
	return out
}

// flow places the cells left to right, wrapping at width w: a line each in
// a narrow column, a strip or two under a wide map. It returns each cell's
// place and the height used.
func (r *hostsLegendRenderer) flow(w float32) ([]fyne.Position, float32) {
	pad := r.l.Theme().Size(theme.SizeNamePadding)
	gapX, gapY := 2*pad, pad/2
	cells := r.cells()
	at := make([]fyne.Position, len(cells))
	var x, y, lineH float32
	for i, c := range cells {
		if x > 0 && x+c.Width > w {
			x, y, lineH = 0, y+lineH+gapY, 0
		}
		at[i] = fyne.NewPos(x, y)
		x += c.Width + gapX
		lineH = fyne.Max(lineH, c.Height)
	}
	return at, y + lineH
}

// MinSize is the widest cell by one line: the legend wraps to the width it
// is given (HeightFor says how high it then is).
func (r *hostsLegendRenderer) MinSize() fyne.Size {
	var size fyne.Size
	for _, c := range r.cells() {
		size = size.Max(c)
	}
	return size
}

func (r *hostsLegendRenderer) Layout(size fyne.Size) {
	pad := r.l.Theme().Size(theme.SizeNamePadding)
	cells := r.cells()
	at, _ := r.flow(size.Width)
	r.title.Move(at[0])
	r.title.Resize(cells[0])
	for i, t := range r.texts {
		c, p := cells[i+1], at[i+1]
		ts := t.MinSize()
		r.boxes[i].Move(p.AddXY(0, (c.Height-r.swatch.Height)/2))
		r.boxes[i].Resize(r.swatch)
		t.Move(p.AddXY(r.swatch.Width+pad, (c.Height-ts.Height)/2))
		t.Resize(ts)
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
