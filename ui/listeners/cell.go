package listeners

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// cellStyle is how a cell draws its text.
type cellStyle struct {
	align fyne.TextAlign
	// color is the text's: the foreground when "", the severity's colour
	// in the verdict column, the placeholder grey for gone rows.
	color  fyne.ThemeColorName
	italic bool
	bold   bool // an alert's verdict
	// back is the row's background: none, the selection or the "new" tint.
	back fyne.ThemeColorName
	// struck draws a line through the text (a gone row: Fyne text has no
	// strike-through style).
	struck bool
}

// backNew names the translucent success colour of new rows; it is not a
// theme colour of its own.
const backNew fyne.ThemeColorName = "portolan-listener-new"

var (
	_ fyne.Widget = (*cell)(nil)
	_ fyne.Widget = (*header)(nil)
)

// cell is one table cell: a background spanning the row, truncating
// text, and a line struck through the text of gone rows.
type cell struct {
	widget.BaseWidget
	text  string
	style cellStyle

	seg   *widget.TextSegment
	label *widget.RichText
}

func newCell() *cell {
	c := &cell{seg: &widget.TextSegment{Style: widget.RichTextStyleInline}}
	c.label = widget.NewRichText(c.seg)
	c.ExtendBaseWidget(c)
	return c
}

// set shows text in a style, refreshing only when something changed.
func (c *cell) set(text string, s cellStyle) {
	if c.text == text && c.style == s {
		return
	}
	c.text, c.style = text, s
	c.Refresh()
}

// CreateRenderer is a private method to Fyne which links this widget to its renderer.
func (c *cell) CreateRenderer() fyne.WidgetRenderer {
	c.ExtendBaseWidget(c)
	r := &cellRenderer{c: c, back: canvas.NewRectangle(color.Transparent), strike: canvas.NewLine(color.Transparent)}
	r.strike.Hide()
	r.objects = []fyne.CanvasObject{r.back, c.label, r.strike}
	r.apply()
	return r
}

type cellRenderer struct {
	c       *cell
	back    *canvas.Rectangle
	strike  *canvas.Line
	objects []fyne.CanvasObject
	textW   float32 // the text's width (Fyne caches text measures)
}

func (r *cellRenderer) Destroy() {}

func (r *cellRenderer) Objects() []fyne.CanvasObject { return r.objects }

func (r *cellRenderer) MinSize() fyne.Size { return r.c.label.MinSize() }

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
	r.c.label.Move(fyne.Position{})
	r.c.label.Resize(size)
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
	c.seg.Style.TextStyle = fyne.TextStyle{Italic: c.style.italic, Bold: c.style.bold}
	r.textW = fyne.MeasureText(c.text, th.Size(theme.SizeNameText), c.seg.Style.TextStyle).Width
	switch c.style.back {
	case "":
		r.back.FillColor = color.Transparent
	case backNew:
		r.back.FillColor = tint(th.Color(theme.ColorNameSuccess, v), 0x50)
	default:
		r.back.FillColor = th.Color(c.style.back, v)
	}
	r.strike.StrokeColor = th.Color(theme.ColorNamePlaceHolder, v)
	r.strike.StrokeWidth = 1.5
	r.strike.Hidden = !c.style.struck
}

// tint is c made translucent.
func tint(c color.Color, alpha uint8) color.Color {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	n.A = alpha
	return n
}

// header is a column heading: tapping it sorts by the column, and an
// arrow shows the sorted column and its direction.
type header struct {
	widget.BaseWidget
	col    column
	sorted int
	shown  bool
	onTap  func(column)

	label *widget.Label
	arrow *widget.Icon
}

var (
	_ fyne.Tappable      = (*header)(nil)
	_ desktop.Cursorable = (*header)(nil)
)

func newHeader(onTap func(column)) *header {
	h := &header{onTap: onTap, label: widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
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
	return widget.NewSimpleRenderer(container.NewBorder(nil, nil, nil, h.arrow, h.label))
}
