package listeners

import (
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/portolan/portolan/ui/internal/apptheme"
	"github.com/portolan/portolan/ui/internal/tooltip"
)

// cellStyle is how a cell draws its text.
type cellStyle struct {
	align fyne.TextAlign
	// color is the text's: the foreground when "", the severity's colour
	// in the verdict column, the placeholder grey for gone rows.
	color fyne.ThemeColorName
	bold  bool // an alert's verdict
	// back is the row's background: none, the selection or the "new" tint
	// (apptheme.ColorNameNewRow).
	back fyne.ThemeColorName
	// struck draws a line through the text (a gone row: Fyne text has no
	// strike-through style).
	struck bool
}

var (
	_ fyne.Widget = (*cell)(nil)
	_ fyne.Widget = (*header)(nil)
)

// cell is one table cell: a background spanning the row, truncating
// text, and a line struck through the text of gone rows. Resting the
// pointer on it shows its full text when that says more than the cell.
type cell struct {
	widget.BaseWidget
	text, full string
	style      cellStyle
	tips       *tooltip.Layer

	seg   *widget.TextSegment
	label *widget.RichText
	r     *cellRenderer
}

var _ desktop.Hoverable = (*cell)(nil)

func newCell(tips *tooltip.Layer) *cell {
	c := &cell{seg: &widget.TextSegment{Style: widget.RichTextStyleInline}, tips: tips}
	c.label = widget.NewRichText(c.seg)
	c.ExtendBaseWidget(c)
	return c
}

// set shows text in a style, with full for its tip, refreshing only when
// something changed.
func (c *cell) set(text, full string, s cellStyle) {
	c.full = full
	if c.text == text && c.style == s {
		return
	}
	c.text, c.style = text, s
	c.Refresh()
}

// tip is the cell's full text when the cell does not show it all.
func (c *cell) tip() string {
	if c.full == "" || (c.full == c.text && (c.r == nil || !c.r.truncated())) {
		return ""
	}
	return c.full
}

// MouseIn shows the full text.
func (c *cell) MouseIn(*desktop.MouseEvent) { c.tips.Enter(c, c.tip()) }

// MouseMoved does nothing more.
func (c *cell) MouseMoved(*desktop.MouseEvent) {}

// MouseOut hides the full text.
func (c *cell) MouseOut() { c.tips.Leave(c) }

// compactInset is how much of RichText's inner padding a cell gives back
// above and below its text, so that more rows fit.
func compactInset(th fyne.Theme) float32 {
	return th.Size(theme.SizeNameInnerPadding) - th.Size(theme.SizeNamePadding)
}

// CreateRenderer is a private method to Fyne which links this widget to its renderer.
func (c *cell) CreateRenderer() fyne.WidgetRenderer {
	c.ExtendBaseWidget(c)
	r := &cellRenderer{c: c, back: canvas.NewRectangle(color.Transparent), strike: canvas.NewLine(color.Transparent)}
	r.strike.Hide()
	r.objects = []fyne.CanvasObject{r.back, c.label, r.strike}
	r.apply()
	c.r = r
	return r
}

type cellRenderer struct {
	c       *cell
	back    *canvas.Rectangle
	strike  *canvas.Line
	objects []fyne.CanvasObject
	textW   float32 // the text's width (Fyne caches text measures)
}

func (r *cellRenderer) Destroy() {
	if r.c.r == r {
		r.c.r = nil
	}
}

func (r *cellRenderer) Objects() []fyne.CanvasObject { return r.objects }

func (r *cellRenderer) MinSize() fyne.Size {
	return r.c.label.MinSize().SubtractWidthHeight(0, 2*compactInset(r.c.Theme()))
}

// truncated tells whether the text is cut short.
func (r *cellRenderer) truncated() bool { return r.c.label.Truncation != fyne.TextTruncateOff }

func (r *cellRenderer) Layout(size fyne.Size) {
	th := r.c.Theme()
	if r.fit(size) {
		r.c.label.Refresh()
	}
	// The background covers the gaps between cells so that a row reads as
	// one band.
	pad := th.Size(theme.SizeNamePadding)
	r.back.Move(fyne.NewPos(-pad/2, -pad/2))
	r.back.Resize(size.AddWidthHeight(pad, pad))
	// The text keeps its place in a cell lower than RichText asks for.
	inset := compactInset(th)
	r.c.label.Move(fyne.NewPos(0, -inset))
	r.c.label.Resize(size.AddWidthHeight(0, 2*inset))
	if !r.c.style.struck {
		return
	}
	inner := th.Size(theme.SizeNameInnerPadding)
	w := min(r.textW, size.Width-2*inner)
	x := inner
	if r.c.style.align == fyne.TextAlignTrailing {
		x = size.Width - inner - w
	}
	y := size.Height / 2
	r.strike.Position1 = fyne.NewPos(x, y)
	r.strike.Position2 = fyne.NewPos(x+w, y)
}

// fit truncates the text only when it is wider than the cell: truncating
// means shaping the text at every refresh, measuring it is cached. It
// reports whether the truncation changed.
func (r *cellRenderer) fit(size fyne.Size) bool {
	inner := r.c.Theme().Size(theme.SizeNameInnerPadding)
	t := fyne.TextTruncateOff
	if r.textW+1 > size.Width-2*inner {
		t = fyne.TextTruncateEllipsis
	}
	if r.c.label.Truncation == t {
		return false
	}
	r.c.label.Truncation = t
	return true
}

func (r *cellRenderer) Refresh() {
	r.apply()
	size := r.c.Size()
	r.fit(size)
	r.c.label.Refresh()
	r.Layout(size)
	canvas.Refresh(r.back)
	canvas.Refresh(r.strike)
}

// apply copies the cell's text and style to the objects.
func (r *cellRenderer) apply() {
	c := r.c
	th := c.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	c.seg.Text = c.text
	c.seg.Style.Alignment = c.style.align
	c.seg.Style.ColorName = c.style.color
	if c.seg.Style.ColorName == "" {
		c.seg.Style.ColorName = theme.ColorNameForeground
	}
	c.seg.Style.TextStyle = fyne.TextStyle{Bold: c.style.bold}
	r.textW = fyne.MeasureText(c.text, th.Size(theme.SizeNameText), c.seg.Style.TextStyle).Width
	switch c.style.back {
	case "":
		r.back.FillColor = color.Transparent
	case apptheme.ColorNameNewRow:
		r.back.FillColor = th.Color(c.style.back, v)
		if _, _, _, a := r.back.FillColor.RGBA(); a == 0 {
			r.back.FillColor = apptheme.NewRowTint // a theme that does not know it
		}
	default:
		r.back.FillColor = th.Color(c.style.back, v)
	}
	r.strike.StrokeColor = th.Color(theme.ColorNamePlaceHolder, v)
	r.strike.StrokeWidth = 1.5
	r.strike.Hidden = !c.style.struck
}

// header is a column heading: tapping it sorts by the column, and an
// arrow shows the sorted column and its direction.
type header struct {
	widget.BaseWidget
	col    column
	sorted int
	shown  bool
	onTap  func(column)
	tips   *tooltip.Layer

	label *widget.Label
	arrow *widget.Icon
}

var (
	_ fyne.Tappable      = (*header)(nil)
	_ desktop.Cursorable = (*header)(nil)
	_ desktop.Hoverable  = (*header)(nil)
)

func newHeader(onTap func(column), tips *tooltip.Layer) *header {
	h := &header{onTap: onTap, tips: tips, label: widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		arrow: widget.NewIcon(theme.MenuDropDownIcon())}
	// No truncation: the table refreshes every heading whenever it
	// refreshes, and truncating text means shaping it each time.
	h.arrow.Hide()
	h.ExtendBaseWidget(h)
	return h
}

// show makes the heading column c's; sorted is 0 when the table is not
// sorted by it, 1 ascending, -1 descending.
func (h *header) show(c column, sorted int) {
	if h.shown && h.col == c && h.sorted == sorted {
		return
	}
	h.col, h.sorted, h.shown = c, sorted, true
	h.label.SetText(columns[c].title)
	switch sorted {
	case 0:
		h.arrow.Hide()
	case 1:
		h.arrow.SetResource(theme.MenuDropUpIcon())
		h.arrow.Show()
	default:
		h.arrow.SetResource(theme.MenuDropDownIcon())
		h.arrow.Show()
	}
}

// MouseIn says what the column holds.
func (h *header) MouseIn(*desktop.MouseEvent) { h.tips.Enter(h, columns[h.col].tip) }

// MouseMoved does nothing more.
func (h *header) MouseMoved(*desktop.MouseEvent) {}

// MouseOut hides the tip.
func (h *header) MouseOut() { h.tips.Leave(h) }

// Tapped sorts by the heading's column.
func (h *header) Tapped(*fyne.PointEvent) {
	if h.onTap != nil {
		h.onTap(h.col)
	}
}

// Cursor shows that the heading can be clicked.
func (h *header) Cursor() desktop.Cursor { return desktop.PointerCursor }

// CreateRenderer is a private method to Fyne which links this widget to its renderer.
func (h *header) CreateRenderer() fyne.WidgetRenderer {
	h.ExtendBaseWidget(h)
	inner := container.NewBorder(nil, nil, nil, h.arrow, h.label)
	return widget.NewSimpleRenderer(container.New(compactLayout{}, inner))
}

// compactLayout gives back, above and below its one object, the inner
// padding that Fyne's text widgets keep (compactInset): rows of a table
// that fits more of them.
type compactLayout struct{}

func (compactLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	inset := compactInset(fyne.CurrentApp().Settings().Theme())
	for _, o := range objs {
		o.Move(fyne.NewPos(0, -inset))
		o.Resize(size.AddWidthHeight(0, 2*inset))
	}
}

func (compactLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	inset := compactInset(fyne.CurrentApp().Settings().Theme())
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	return s.SubtractWidthHeight(0, 2*inset)
}

// detailsLine is the line under the table: the first line of the
// selected listener's details, all of them (each reason explained) on
// hover.
type detailsLine struct {
	widget.BaseWidget
	full  string
	label *widget.Label
	tips  *tooltip.Layer
}

var _ desktop.Hoverable = (*detailsLine)(nil)

func newDetailsLine(tips *tooltip.Layer) *detailsLine {
	d := &detailsLine{label: widget.NewLabel(""), tips: tips}
	d.label.Truncation = fyne.TextTruncateEllipsis
	d.ExtendBaseWidget(d)
	return d
}

// set shows text: its first line, and all of it on hover.
func (d *detailsLine) set(text string) {
	if text == d.full {
		return
	}
	d.full = text
	first, _, _ := strings.Cut(text, "\n")
	d.label.SetText(first)
}

// MouseIn shows the details in full.
func (d *detailsLine) MouseIn(*desktop.MouseEvent) { d.tips.Enter(d, d.full) }

// MouseMoved does nothing more.
func (d *detailsLine) MouseMoved(*desktop.MouseEvent) {}

// MouseOut hides them.
func (d *detailsLine) MouseOut() { d.tips.Leave(d) }

// CreateRenderer is a private method to Fyne which links this widget to its renderer.
func (d *detailsLine) CreateRenderer() fyne.WidgetRenderer {
	d.ExtendBaseWidget(d)
	return widget.NewSimpleRenderer(d.label)
}
