package historyui

import (
	"fmt"
	"image/color"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/portolan/portolan/model/history"
)

// Timeline is the chart of the listener history's last hours: for each
// hour a bar as tall as the most listeners present at once, the alerts
// among them drawn over it in the error colour, and an hour in which
// nothing was recording left as a faint stub (unknown, not zero). A tap
// on a bar reports its hour (OnHourTapped); the chosen hour is outlined.
// Drawn with canvas rectangles, in the manner of Fyne's progress bar.
type Timeline struct {
	widget.BaseWidget

	// OnHourTapped is called with the start of the hour tapped.
	OnHourTapped func(start time.Time)
	// OnHover is called with a sentence about the hour under the pointer
	// ("" when it leaves); the chart shows it over the bars as well.
	OnHover func(text string)
	// Legend is the line over the bars while the pointer is elsewhere.
	Legend string

	buckets  []history.HourBucket
	selected time.Time // the outlined hour (zero: none)
	hovered  string    // what the hour under the pointer held
	loc      *time.Location
}

var (
	_ fyne.Tappable       = (*Timeline)(nil)
	_ desktop.Hoverable   = (*Timeline)(nil)
	_ fyne.WidgetRenderer = (*timelineRenderer)(nil)
)

// NewTimeline makes an empty chart; times are shown in loc (time.Local
// when nil).
func NewTimeline(loc *time.Location) *Timeline {
	if loc == nil {
		loc = time.Local
	}
	t := &Timeline{loc: loc}
	t.ExtendBaseWidget(t)
	return t
}

// SetBuckets shows these hours, oldest first (history.Store.Timeline).
func (t *Timeline) SetBuckets(bs []history.HourBucket) {
	t.buckets = bs
	t.Refresh()
}

// Buckets are the hours shown.
func (t *Timeline) Buckets() []history.HourBucket { return t.buckets }

// SetSelected outlines the hour starting at start (zero: none).
func (t *Timeline) SetSelected(start time.Time) {
	t.selected = start
	t.Refresh()
}

// gutter is the room left of the bars for the scale.
const gutter = 34

// labelRoom is the room under the bars for the day names, captionRoom
// the room over them for the legend or the hour under the pointer.
const (
	labelRoom   = 16
	captionRoom = 16
)

// HourAt is the index of the bar at x (-1 when none).
func (t *Timeline) HourAt(x float32) int {
	w := t.Size().Width - gutter
	if len(t.buckets) == 0 || w <= 0 || x < gutter {
		return -1
	}
	i := int((x - gutter) / w * float32(len(t.buckets)))
	if i >= len(t.buckets) {
		return -1
	}
	return i
}

// BarX is the middle of bar i, for tests and tips.
func (t *Timeline) BarX(i int) float32 {
	w := t.Size().Width - gutter
	return gutter + (float32(i)+0.5)*w/float32(len(t.buckets))
}

// Tapped reports the hour under the tap.
func (t *Timeline) Tapped(ev *fyne.PointEvent) {
	i := t.HourAt(ev.Position.X)
	if i < 0 || t.OnHourTapped == nil {
		return
	}
	t.OnHourTapped(t.buckets[i].Start)
}

// MouseIn and MouseMoved say what the hour under the pointer held.
func (t *Timeline) MouseIn(ev *desktop.MouseEvent) { t.MouseMoved(ev) }

func (t *Timeline) MouseMoved(ev *desktop.MouseEvent) {
	text := ""
	if i := t.HourAt(ev.Position.X); i >= 0 {
		text = t.Describe(i)
	}
	t.hover(text)
}

func (t *Timeline) MouseOut() { t.hover("") }

func (t *Timeline) hover(text string) {
	if text == t.hovered {
		return
	}
	t.hovered = text
	t.Refresh()
	if t.OnHover != nil {
		t.OnHover(text)
	}
}

// Describe says what hour i held, in words.
func (t *Timeline) Describe(i int) string {
	b := t.buckets[i]
	start := b.Start.In(t.loc)
	when := start.Format("Mon 2 Jan 15:00") + "-" + start.Add(time.Hour).Format("15:00")
	if b.Polls == 0 {
		return when + ": nothing was recording"
	}
	return fmt.Sprintf("%s: up to %d listeners, %d alerting; %d %s, %d alerting (click to see them)", when,
		b.Listeners, b.Alerts, b.Events, plural(b.Events, "event", "events"), b.AlertEvents)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// MinSize keeps room for the bars and the day names.
func (t *Timeline) MinSize() fyne.Size {
	t.ExtendBaseWidget(t)
	return t.BaseWidget.MinSize()
}

// CreateRenderer is a private method to Fyne which links this widget to its renderer.
func (t *Timeline) CreateRenderer() fyne.WidgetRenderer {
	t.ExtendBaseWidget(t)
	r := &timelineRenderer{t: t}
	r.scale.TextSize = theme.CaptionTextSize()
	r.scale.Alignment = fyne.TextAlignTrailing
	r.rebuild()
	return r
}

// timelineRenderer draws the bars as rectangles: per hour a listeners
// bar, an alerts bar over it and an unknown stub; day lines and names; the
// selection outline.
type timelineRenderer struct {
	t *Timeline

	background canvas.Rectangle
	baseline   canvas.Line
	scale      canvas.Text
	caption    canvas.Text
	selection  canvas.Rectangle
	bars       []*canvas.Rectangle // listeners, one per hour
	alerts     []*canvas.Rectangle // alerts, one per hour
	unknown    []*canvas.Rectangle // hours with no poll
	days       []*canvas.Line
	dayNames   []*canvas.Text
	objects    []fyne.CanvasObject
}

func (r *timelineRenderer) Destroy() {}

func (r *timelineRenderer) Objects() []fyne.CanvasObject { return r.objects }

func (r *timelineRenderer) MinSize() fyne.Size {
	return fyne.NewSize(gutter+168, captionRoom+44+labelRoom)
}

func (r *timelineRenderer) Refresh() {
	r.rebuild()
	r.Layout(r.t.Size())
	canvas.Refresh(r.t)
}

// rebuild makes one set of rectangles per hour, coloured from the theme.
func (r *timelineRenderer) rebuild() {
	th := r.t.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	n := len(r.t.buckets)
	for len(r.bars) < n {
		r.bars = append(r.bars, &canvas.Rectangle{})
		r.alerts = append(r.alerts, &canvas.Rectangle{})
		r.unknown = append(r.unknown, &canvas.Rectangle{})
	}
	r.bars, r.alerts, r.unknown = r.bars[:n], r.alerts[:n], r.unknown[:n]
	listeners := faded(th.Color(theme.ColorNamePrimary, v), 0x99)
	alerts := th.Color(theme.ColorNameError, v)
	unknown := th.Color(theme.ColorNameDisabled, v)
	for i := range n {
		r.bars[i].FillColor = listeners
		r.alerts[i].FillColor = alerts
		r.unknown[i].FillColor = unknown
	}
	r.background.FillColor = th.Color(theme.ColorNameInputBackground, v)
	r.baseline.StrokeColor = th.Color(theme.ColorNameSeparator, v)
	r.baseline.StrokeWidth = 1
	r.scale.Color = th.Color(theme.ColorNamePlaceHolder, v)
	r.selection.FillColor = color.Transparent
	r.selection.StrokeColor = th.Color(theme.ColorNameForeground, v)
	r.selection.StrokeWidth = 1.5

	// A line and a name at each local midnight.
	var starts []int
	for i, b := range r.t.buckets {
		if b.Start.In(r.t.loc).Hour() == 0 {
			starts = append(starts, i)
		}
	}
	for len(r.days) < len(starts) {
		r.days = append(r.days, &canvas.Line{StrokeWidth: 1})
		r.dayNames = append(r.dayNames, &canvas.Text{TextSize: theme.CaptionTextSize()})
	}
	r.days, r.dayNames = r.days[:len(starts)], r.dayNames[:len(starts)]
	for k, i := range starts {
		r.days[k].StrokeColor = th.Color(theme.ColorNameSeparator, v)
		r.dayNames[k].Color = th.Color(theme.ColorNamePlaceHolder, v)
		r.dayNames[k].Text = r.t.buckets[i].Start.In(r.t.loc).Format("Mon 2")
	}
	r.scale.Text = compact(r.top())
	r.caption.Text = r.t.hovered
	if r.caption.Text == "" {
		r.caption.Text = r.t.Legend
	}
	r.caption.TextSize = theme.CaptionTextSize()
	r.caption.Color = th.Color(theme.ColorNamePlaceHolder, v)
	if r.t.hovered != "" {
		r.caption.Color = th.Color(theme.ColorNameForeground, v)
	}

	r.objects = append(r.objects[:0], &r.background)
	for _, l := range r.days {
		r.objects = append(r.objects, l)
	}
	for i := range n {
		r.objects = append(r.objects, r.unknown[i], r.bars[i], r.alerts[i])
	}
	r.objects = append(r.objects, &r.baseline, &r.scale, &r.caption, &r.selection)
	for _, t := range r.dayNames {
		r.objects = append(r.objects, t)
	}
}

// top is the scale's top: the most listeners of any hour (at least 1).
func (r *timelineRenderer) top() int {
	top := 1
	for _, b := range r.t.buckets {
		top = max(top, b.Listeners)
	}
	return top
}

func (r *timelineRenderer) Layout(size fyne.Size) {
	n := len(r.t.buckets)
	chartH := size.Height - labelRoom
	r.caption.Move(fyne.NewPos(gutter, 0))
	r.background.Move(fyne.NewPos(gutter, captionRoom))
	r.background.Resize(fyne.NewSize(size.Width-gutter, chartH-captionRoom))
	r.baseline.Position1 = fyne.NewPos(gutter, chartH)
	r.baseline.Position2 = fyne.NewPos(size.Width, chartH)
	r.scale.Move(fyne.NewPos(0, captionRoom))
	r.scale.Resize(fyne.NewSize(gutter-4, r.scale.MinSize().Height))
	r.selection.Hide()
	if n == 0 || size.Width <= gutter {
		return
	}
	step := (size.Width - gutter) / float32(n)
	barW := max(step-1, 1) // a hair between bars when there is room
	if step < 2 {
		barW = step
	}
	top := float32(r.top())
	usable := chartH - captionRoom - 2
	for i, b := range r.t.buckets {
		x := gutter + float32(i)*step
		h := usable * float32(b.Listeners) / top
		r.bars[i].Move(fyne.NewPos(x, chartH-h))
		r.bars[i].Resize(fyne.NewSize(barW, h))
		ah := usable * float32(b.Alerts) / top
		if b.Alerts > 0 {
			ah = max(ah, 2) // one alert among hundreds still shows
		}
		r.alerts[i].Move(fyne.NewPos(x, chartH-ah))
		r.alerts[i].Resize(fyne.NewSize(barW, ah))
		r.unknown[i].Hidden = b.Polls > 0
		r.unknown[i].Move(fyne.NewPos(x, chartH-4))
		r.unknown[i].Resize(fyne.NewSize(barW, 4))
		if !r.t.selected.IsZero() && b.Start.Equal(r.t.selected) {
			r.selection.Show()
			r.selection.Move(fyne.NewPos(x-1, captionRoom))
			r.selection.Resize(fyne.NewSize(barW+2, chartH-captionRoom))
		}
	}
	k := 0
	for i, b := range r.t.buckets {
		if k >= len(r.days) || b.Start.In(r.t.loc).Hour() != 0 {
			continue
		}
		x := gutter + float32(i)*step
		r.days[k].Position1 = fyne.NewPos(x, captionRoom)
		r.days[k].Position2 = fyne.NewPos(x, chartH+labelRoom)
		r.dayNames[k].Move(fyne.NewPos(x+3, chartH+1))
		k++
	}
}

// compact writes a count in at most four characters: 950, 12k, 3.4k.
func compact(n int) string {
	switch {
	case n < 1000:
		return strconv.Itoa(n)
	case n < 10000:
		return strconv.FormatFloat(float64(n)/1000, 'f', 1, 64) + "k"
	}
	return strconv.Itoa(n/1000) + "k"
}

// faded is c with alpha a.
func faded(c color.Color, a uint8) color.Color {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	n.A = a
	return n
}
