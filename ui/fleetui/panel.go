package fleetui

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/portolan/portolan/model"
	"github.com/portolan/portolan/model/fleet"
	"github.com/portolan/portolan/registry"
)

// Panel shows a loaded fleet: a summary line, the host filter, the Rare
// list, and the hosts listening on the selected port. Create it with
// NewPanel; use it from the Fyne goroutine.
type Panel struct {
	widget.BaseWidget

	// OnSelectPort reports a Rare row tapped: the user asks for its port.
	OnSelectPort func(port uint16) `json:"-"`
	// OnFilter reports the host filter as typed (see fleet.Fleet.View);
	// the window answers with Show, or SetFilterError.
	OnFilter func(pattern string) `json:"-"`
	// OnClose reports "back to this machine".
	OnClose func() `json:"-"`

	win    fyne.Window
	fleet  *fleet.Fleet
	view   *fleet.View
	source string
	// what the window selected: a port, a range, or none (lo > hi).
	lo, hi uint16
	proto  registry.Protocol

	summary   *widget.Label
	filter    *widget.Entry
	filterErr *widget.Label
	problems  *widget.Button
	back      *widget.Button
	rare      *rareList
	hosts     *hostList
	content   fyne.CanvasObject
}

// NewPanel makes an empty panel; win hosts its dialogs.
func NewPanel(win fyne.Window) *Panel {
	p := &Panel{win: win, lo: 1, hi: 0, summary: widget.NewLabel(""), filterErr: widget.NewLabel("")}
	p.summary.TextStyle.Bold = true
	p.summary.Truncation = fyne.TextTruncateEllipsis
	p.filterErr.Importance = widget.DangerImportance
	p.filterErr.Wrapping = fyne.TextWrapWord
	p.filterErr.Hide()
	p.filter = widget.NewEntry()
	p.filter.SetPlaceHolder("Hosts: all (web-*, db-0[1-3], ...)")
	p.filter.OnChanged = func(s string) {
		if p.OnFilter != nil {
			p.OnFilter(s)
		}
	}
	p.problems = widget.NewButtonWithIcon("", theme.WarningIcon(), p.showProblems)
	p.problems.Hide()
	p.back = widget.NewButtonWithIcon("This machine", theme.ComputerIcon(), func() {
		if p.OnClose != nil {
			p.OnClose()
		}
	})
	p.rare = newRareList()
	p.rare.onSelect = func(port uint16) {
		if p.OnSelectPort != nil {
			p.OnSelectPort(port)
		}
	}
	p.hosts = newHostList()

	// One line: the summary takes the room the filter and buttons leave.
	filterBox := container.New(&fixedWidth{width: 280}, p.filter)
	top := container.NewVBox(
		container.NewBorder(nil, nil, nil, container.NewHBox(filterBox, p.problems, p.back), p.summary),
		p.filterErr,
	)
	split := container.NewHSplit(p.rare.box, p.hosts.box)
	split.Offset = 0.42
	p.content = container.NewBorder(top, nil, nil, nil, split)
	p.ExtendBaseWidget(p)
	p.showSelection()
	return p
}

// CreateRenderer is a private method to Fyne which links this widget to its
// renderer.
func (p *Panel) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(p.content)
}

// SetFleet shows f through v (its view under the host filter); source names
// where it was read from. The Rare list starts over; the hosts follow the
// last selection the window told.
func (p *Panel) SetFleet(f *fleet.Fleet, v *fleet.View, source string) {
	newFleet := f != p.fleet
	p.fleet, p.view, p.source = f, v, source
	p.filterErr.Hide()
	if newFleet {
		p.filter.OnChanged = nil // not the user typing
		p.filter.SetText("")
		p.filter.OnChanged = func(s string) {
			if p.OnFilter != nil {
				p.OnFilter(s)
			}
		}
		p.showProblemsButton()
	}
	p.summary.SetText(p.summaryText())
	p.rare.setView(v)
	p.showSelection()
}

// SetFilterError says why the host filter cannot be used; the panel keeps
// the last view that could be made.
func (p *Panel) SetFilterError(err error) {
	p.filterErr.SetText(err.Error() + " (the last filter that could be read still applies)")
	p.filterErr.Show()
}

// FilterError is the message shown about the filter, "" for none.
func (p *Panel) FilterError() string {
	if !p.filterErr.Visible() {
		return ""
	}
	return p.filterErr.Text
}

func (p *Panel) summaryText() string {
	f, v := p.fleet, p.view
	if f == nil || v == nil {
		return "No fleet results"
	}
	hosts := plural(v.Hosts, "host")
	if v.Hosts != len(f.Hosts) {
		hosts += " of " + registry.Thousands(len(f.Hosts))
	}
	s := "Fleet: " + hosts + " · " + plural(v.Listeners, "listener") + " · " + plural(f.Files, "file")
	if f.Ignored > 0 {
		s += " (" + registry.Thousands(f.Ignored) + " not osquery's)"
	}
	if p.source != "" {
		s += " · " + p.source
	}
	return s
}

// ShowSelection lists the hosts listening on the window's selection (a
// port or a range; proto registry.ProtoNone for TCP and UDP) and
// highlights a port's Rare row.
func (p *Panel) ShowSelection(sel model.Selection, proto registry.Protocol) {
	p.lo, p.hi, p.proto = sel.From, sel.To, proto
	p.showSelection()
}

func (p *Panel) showSelection() {
	if p.lo > p.hi {
		p.hosts.show(nil, 0, 0, "", "Select a port on the map or in the Rare list to see its hosts")
		return
	}
	where := strconv.Itoa(int(p.lo))
	if p.hi != p.lo {
		where = strconv.Itoa(int(p.lo)) + "-" + strconv.Itoa(int(p.hi))
	}
	proto := ""
	switch p.proto {
	case registry.ProtoNone:
		where += " (TCP and UDP)"
	case registry.TCP, registry.UDP:
		proto = p.proto.String()
		where += "/" + proto
	default:
		p.hosts.show(nil, 0, 0, "", "Hosts on "+where+"/"+p.proto.String()+": osquery reports TCP and UDP only")
		p.rare.showPort(-1)
		return
	}
	p.hosts.show(p.view, p.lo, p.hi, proto, "Hosts on "+where)
	if p.lo == p.hi {
		p.rare.showPort(int(p.lo))
	} else {
		p.rare.showPort(-1)
	}
}

// Rows are the host rows shown for the selection.
func (p *Panel) Rows() []fleet.Row { return p.hosts.rows }

// HostsTitle is the line above the host rows.
func (p *Panel) HostsTitle() string { return p.hosts.title.Text }

// Summary is the summary line.
func (p *Panel) Summary() string { return p.summary.Text }

// Rare is the Rare list's ports.
func (p *Panel) Rare() []fleet.PortCount { return p.rare.ports }

// SetMaxHosts sets the Rare list's N (0: any number), as its control does.
func (p *Panel) SetMaxHosts(n int) {
	if n <= 0 {
		p.rare.maxHosts.SetSelected(anyNumber)
		return
	}
	p.rare.maxHosts.SetSelected(strconv.Itoa(n))
}

// SelectRare selects row i of the Rare list as a tap does.
func (p *Panel) SelectRare(i int) { p.rare.list.Select(i) }

// RareText is row i of the Rare list as shown.
func (p *Panel) RareText(i int) string { return p.rare.rowText(p.rare.ports[i]) }

func (p *Panel) showProblemsButton() {
	n := len(p.fleet.Problems) + p.fleet.ProblemsMore
	if n == 0 && p.fleet.Ignored == 0 {
		p.problems.Hide()
		return
	}
	p.problems.SetText(plural(n, "problem"))
	p.problems.Show()
}

// ProblemsText is what the problems dialog lists.
func (p *Panel) ProblemsText() string {
	f := p.fleet
	if f == nil {
		return ""
	}
	var b strings.Builder
	if f.Ignored > 0 {
		b.WriteString(plural(f.Ignored, "file") + " not read as osquery output (named below when the reason is known).\n")
	}
	for _, pr := range f.Problems {
		b.WriteString(pr.String() + "\n")
	}
	if f.ProblemsMore > 0 {
		b.WriteString("... and " + plural(f.ProblemsMore, "more problem") + ".\n")
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func (p *Panel) showProblems() {
	text := widget.NewLabel(p.ProblemsText())
	text.Wrapping = fyne.TextWrapWord
	scroll := container.NewVScroll(text)
	scroll.SetMinSize(fyne.NewSize(560, 300))
	dialog.ShowCustom("Problems in the fleet results", "Close", scroll, p.win)
}

// fixedWidth lays out one object at a given width (an entry's own minimum
// is a few characters).
type fixedWidth struct{ width float32 }

func (f *fixedWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	return fyne.NewSize(f.width, objs[0].MinSize().Height)
}

func (f *fixedWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(size)
}
