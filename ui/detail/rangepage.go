package detail

import (
	"fmt"
	"image/color"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/portolan/portolan/model"
	"github.com/portolan/portolan/model/export"
	"github.com/portolan/portolan/registry"
)

// buildRange lays out the summary of a range.
func (p *Pane) buildRange() []fyne.CanvasObject {
	lo, hi := p.sel.From, p.sel.To
	a := p.answerRange(lo, hi)
	p.rangeAnswer = a

	title := []widget.RichTextSegment{styled(p.sel.String(), SizeNameTitle, "", fyne.TextStyle{Bold: true}),
		styled(fmt.Sprintf("  %d ports", a.Ports), SizeNameTitle, "", fyne.TextStyle{})}
	classes := a.ClassesText() + plural(len(a.Classes), " range", " ranges")
	if p.proto != registry.ProtoNone {
		classes = p.proto.String() + " · " + classes
	}
	info := []widget.RichTextSegment{text(classes)}
	if e := a.Ephemeral; e != nil {
		eph := p.space.Ephemeral
		what := "all"
		if e.From != lo || e.To != hi {
			what = e.String()
		}
		info = append(info, dim(" · "), text(fmt.Sprintf("%s inside this machine's ephemeral range %d-%d", what, eph.Low, eph.High)))
	} else {
		info = append(info, p.ephemeralSegments(false)...)
	}
	objs := []fyne.CanvasObject{space(4), p.block(title...), space(2), p.block(info...)}
	if registry.ClassOf(hi) == registry.Dynamic {
		objs = append(objs, p.block(styled(registry.DynamicNote, "", "", fyne.TextStyle{Italic: true})))
	}
	objs = append(objs, space(3), p.copyLine(func(f export.Format) (string, error) {
		return export.RangeString(a, f)
	}), rule())

	objs = append(objs, p.heading("Ports by status")...)
	var counts []widget.RichTextSegment
	for _, st := range model.StatusOrder {
		if n := a.Counts[st]; n > 0 {
			if len(counts) > 0 {
				counts = append(counts, text("    "))
			}
			counts = append(counts, badge(st), text(" "+strconv.Itoa(n)))
		}
	}
	objs = append(objs, p.indented(counts...))
	if len(a.Unauthorized) > 0 {
		s := []widget.RichTextSegment{icon(theme.WarningIcon(), nil), styled(" Unauthorized use reported on ", "", theme.ColorNameWarning, fyne.TextStyle{Bold: true})}
		const most = 20
		for i, port := range a.Unauthorized {
			if i == most {
				s = append(s, warn(fmt.Sprintf(" and %d more", len(a.Unauthorized)-most)))
				break
			}
			if i > 0 {
				s = append(s, warn(", "))
			}
			s = append(s, link(strconv.Itoa(int(port)), p.navigate(port)))
		}
		objs = append(objs, space(4), p.indented(s...))
	}

	objs = append(objs, p.heading(fmt.Sprintf("Assigned services (%d)", len(a.Services)))...)
	if len(a.Services) == 0 {
		objs = append(objs, p.indented(dim("none")))
	} else {
		objs = append(objs, p.serviceList(a.Services).box)
	}
	objs = append(objs, p.heading("Listening here")...)
	objs = append(objs, p.listening(lo, hi))
	objs = append(objs, p.howToCheck(lo, hi)...)
	objs = append(objs, p.footer()...)
	return objs
}

// rangeKey is what a range's summary depends on.
type rangeKey struct {
	reg      *registry.Registry
	eLo, eHi uint16 // the ephemeral range
	lo, hi   uint16
	proto    registry.Protocol
}

// answerRange is the summary of lo..hi, kept for the next page that
// shows the same range: the summary walks every port of the range (5 ms
// for the whole space), and the same range comes back on going back and
// forth and when the theme or the registry's source changes.
func (p *Pane) answerRange(lo, hi uint16) model.RangeAnswer {
	k := rangeKey{p.space.Reg, p.space.Ephemeral.Low, p.space.Ephemeral.High, lo, hi, p.proto}
	if p.lastRange.key != k || p.lastRange.answer == nil {
		a := p.space.AnswerRange(lo, hi, p.proto)
		p.lastRange.key, p.lastRange.answer = k, &a
	}
	return *p.lastRange.answer
}

// services is a range's list of services: a scrolling list, one line
// each, tall enough for twelve. The pane keeps it from page to page.
type services struct {
	rows   []model.RangeService
	list   *widget.List
	height *canvas.Rectangle
	box    *fyne.Container
}

// serviceList is the list showing rows. Its rows clip (a "…" would cost
// a text shaping per segment and row on every refresh, and RichText
// puts none after a row cut short in a later segment than the first,
// which a row's description is).
func (p *Pane) serviceList(rows []model.RangeService) *services {
	s := p.services
	if s == nil {
		s = &services{}
		s.list = widget.NewList(
			func() int { return len(s.rows) },
			func() fyne.CanvasObject {
				rt := widget.NewRichText(paneSegments([]widget.RichTextSegment{text("65535-65535  service")})...)
				rt.Truncation = fyne.TextTruncateClip
				return unpadded(rt, 12)
			},
			func(id widget.ListItemID, o fyne.CanvasObject) {
				rt := o.(*fyne.Container).Objects[0].(*widget.RichText)
				rt.Segments = paneSegments(serviceRowSegments(s.rows[id]))
				rt.Refresh()
			})
		// A tap anywhere on a row goes to its port.
		s.list.OnSelected = func(id widget.ListItemID) {
			s.list.UnselectAll()
			p.navigate(s.rows[id].Port)()
		}
		s.height = canvas.NewRectangle(color.Transparent)
		s.box = container.NewStack(s.height, s.list)
		p.services = s
	}
	s.rows = rows
	line := fyne.MeasureText("Mg", sizeOf(SizeNameBody), fyne.TextStyle{Bold: true})
	s.height.SetMinSize(fyne.NewSize(0, float32(min(len(rows), 12))*(line.Height+sizeOf(theme.SizeNamePadding))+2))
	s.list.Refresh()
	s.list.ScrollToTop()
	return s
}

// serviceRowSegments is one row of a range's service list; the row is
// the link (a link in a list row would take the row's taps).
func serviceRowSegments(s model.RangeService) []widget.RichTextSegment {
	return []widget.RichTextSegment{styled(s.Ports, SizeNameBody, theme.ColorNameHyperlink, fyne.TextStyle{}), text("  "), strong(s.Service),
		dim("  " + s.Protocols), text("  " + oneLine(s.Description))}
}
