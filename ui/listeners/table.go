package listeners

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/portolan/portolan/model/listen"
	"github.com/portolan/portolan/ui/internal/apptheme"
	"github.com/portolan/portolan/ui/internal/tooltip"
)

// rebuild makes the rows from the listing, the gone listeners, the filter
// and the sort order, then redraws the table.
func (p *Panel) rebuild() {
	p.view = p.view[:0]
	for i := range p.cur {
		l := &p.cur[i]
		if p.filter.Match(l) {
			p.view = append(p.view, row{l: l, isNew: p.session.IsNew(l)})
		}
	}
	gone := p.session.Gone()
	for i := range gone {
		if g := &gone[i]; p.filter.Match(&g.Listener) {
			p.view = append(p.view, row{l: &g.Listener, gone: g})
		}
	}
	p.sortView()
	p.updateCount()
}

func (p *Panel) sortView() {
	col, desc := p.sortCol, p.sortDesc
	slices.SortFunc(p.view, func(a, b row) int {
		c := compareBy(&a, &b, col)
		if desc {
			c = -c
		}
		if c != 0 {
			return c
		}
		return compareDefault(&a, &b)
	})
	p.findSelection()
	p.table.Refresh()
}

// sortBy sorts by column c: ascending on the first tap (the verdict
// column: most flagged first), the other way on the next.
func (p *Panel) sortBy(c column) {
	if c == p.sortCol {
		p.sortDesc = !p.sortDesc
	} else {
		p.sortCol, p.sortDesc = c, columns[c].firstDesc
	}
	p.sortView()
}

func (p *Panel) setFilter(text string) {
	f, err := listen.ParseFilter(text)
	if err != nil {
		// Keep the last filter that could be read while the user types.
		p.filterErr = err.Error() + " (the table keeps the last filter that could be read)"
	} else {
		p.filterErr = ""
		p.filter = f
		p.rebuild()
	}
	p.showProblems()
}

// selectRow selects row i of the table.
func (p *Panel) selectRow(i int) {
	p.sel, p.hasSel, p.selRow = listen.KeyOf(p.view[i].l), true, i
	p.table.Refresh()
	p.showDetails()
	p.updateActions()
}

// findSelection finds the selected listener's row after the rows changed;
// a listener filtered out or dropped is no longer selected.
func (p *Panel) findSelection() {
	p.selRow = -1
	if p.hasSel {
		for i := range p.view {
			if listen.KeyOf(p.view[i].l) == p.sel {
				p.selRow = i
				break
			}
		}
		if p.selRow < 0 {
			// Another process on the same endpoint (a restart) keeps it.
			for i := range p.view {
				if p.view[i].gone == nil && listen.EndpointOf(p.view[i].l) == p.sel.Endpoint {
					p.selRow = i
					p.sel = listen.KeyOf(p.view[i].l)
					break
				}
			}
		}
		p.hasSel = p.selRow >= 0
	}
	p.showDetails()
	p.updateActions()
}

func (p *Panel) selected() *row {
	if p.selRow < 0 || p.selRow >= len(p.view) {
		return nil
	}
	return &p.view[p.selRow]
}

func (p *Panel) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	c := o.(*cell)
	if id.Row < 0 || id.Row >= len(p.view) || id.Col < 0 || id.Col >= int(numCols) {
		c.set("", "", cellStyle{})
		return
	}
	r := &p.view[id.Row]
	col := column(id.Col)
	c.set(cellText(r, col, p.loc), fullText(r, col, p.loc), styleFor(r, col, id.Row == p.selRow))
}

// styleFor is how a cell of row r in column col is drawn. The verdict is
// said in words; colour only repeats it: an alert bold in the error
// colour, a notice in the primary colour (both legible on every row tint,
// apptheme), a new row tinted blue and
// saying "new", a gone row grey and struck through (not italic: each text
// style is a font face Fyne loads, some 7 MB, for a hint the grey and the
// line already give).
func styleFor(r *row, col column, selected bool) cellStyle {
	s := cellStyle{align: columns[col].align}
	switch {
	case r.gone != nil:
		s.color = theme.ColorNamePlaceHolder
		s.struck = col != colVerdict // the verdict column says "gone ..."
	case col == colVerdict:
		// The severity in its colour (SeverityColor), an alert in bold
		// too; the rest of the row keeps the foreground, so calm rows
		// are calm.
		s.color, s.bold = SeverityColor(r.l.Severity), r.l.Flagged()
	}
	switch {
	case selected:
		s.back = theme.ColorNameSelection
		if r.gone != nil {
			// grey is not legible on the selection's tint
			s.color = ""
		}
	case r.isNew:
		s.back = apptheme.ColorNameNewRow
	}
	return s
}

// fitColumns gives the reason column the width the table has left after
// the port, protocol, verdict and process columns (the rest scroll into
// view), between reasonMin and reasonMax.
func (p *Panel) fitColumns(width float32) {
	pad := p.Theme().Size(theme.SizeNamePadding)
	fixed := p.Theme().Size(theme.SizeNameScrollBar)
	for c := range colProcess + 1 {
		if c != colReason {
			fixed += columns[c].width + pad
		}
	}
	w := max(reasonMin, min(reasonMax, width-fixed-pad))
	if w != p.reasonWidth {
		p.reasonWidth = w
		p.table.SetColumnWidth(int(colReason), w)
	}
}

// The reason column's narrowest and widest.
const (
	reasonMin = 180
	reasonMax = 520
)

func (p *Panel) updateHeader(id widget.TableCellID, o fyne.CanvasObject) {
	h := o.(*header)
	if id.Col < 0 || id.Col >= int(numCols) {
		return
	}
	c := column(id.Col)
	sorted := 0
	if c == p.sortCol {
		sorted = 1
		if p.sortDesc {
			sorted = -1
		}
	}
	h.show(c, sorted)
}

// showDetails writes the lines under the table: the selected listener in
// full, who its program is and each reason with its sentence.
func (p *Panel) showDetails() {
	text := "Select a row for who listens and why it has its severity. Tap a column heading to sort by it."
	if r := p.selected(); r != nil {
		text = detailsText(r, p.loc)
	}
	p.details.set(text)
}

func detailsText(r *row, loc *time.Location) string {
	l := r.l
	var b strings.Builder
	b.WriteString(l.Endpoint())
	b.WriteString(" (")
	b.WriteString(string(l.Scope))
	if l.Service != "" {
		b.WriteString(", " + l.Service)
	}
	b.WriteString("): ")
	if l.PID != 0 {
		b.WriteString(dash(l.Process) + ", PID " + strconv.Itoa(int(l.PID)))
		if !l.Started.IsZero() {
			b.WriteString(", started " + l.Started.In(loc).Format("2006-01-02 15:04"))
		}
		b.WriteString(" · " + l.Who())
		if l.Note != "" {
			b.WriteString(" (" + l.Note + ")")
		}
	} else {
		b.WriteString(l.ProcessText())
		if l.User != "" {
			b.WriteString("; the socket belongs to user " + l.User)
		}
	}
	b.WriteString(".")
	if r.gone != nil {
		b.WriteString(" Gone at " + r.gone.Time.In(loc).Format("15:04:05") + ".")
	} else if r.isNew {
		b.WriteString(" New.")
	}
	b.WriteString("\n" + verdictDetails(l))
	return b.String()
}

func (p *Panel) updateActions() {
	r := p.selected()
	enable(p.copyBtn, r != nil)
	enable(p.approveBtn, r != nil && r.gone == nil)
	enable(p.approveAll, len(p.cur) > 0)
	enable(p.endBtn, r != nil && r.gone == nil && r.l.PID != 0)
	enable(p.exportBtn, len(p.cur) > 0)
}

func enable(b *tooltip.Button, on bool) {
	if on == b.Disabled() {
		if on {
			b.Enable()
		} else {
			b.Disable()
		}
	}
}
