package fleetui

import (
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/portolan/portolan/model/fleet"
	"github.com/portolan/portolan/registry"
)

// rareList is the Rare view: the ports open on at most N hosts (N a
// control), fewest hosts first, a row per port and protocol with its
// service, counts and the first hosts. A tap on a row reports the port.
type rareList struct {
	maxHosts *widget.Select
	title    *widget.Label
	list     *widget.List
	view     *fleet.View
	ports    []fleet.PortCount
	// onSelect reports a row's port; syncing is set while the list is
	// told the window's selection, which is no user's tap.
	onSelect func(port uint16)
	syncing  bool
	box      fyne.CanvasObject
}

// maxHostsChoices are the values of N offered; anyNumber lists every port.
var maxHostsChoices = []string{"1", "2", "3", "5", "10", "20", "50", "100", anyNumber}

const (
	anyNumber       = "any"
	defaultMaxHosts = "3" // as `portolan fleet rare`
	// hostsNamed is how many hosts a row names.
	hostsNamed = 3
)

func newRareList() *rareList {
	r := &rareList{title: widget.NewLabel("")}
	r.title.Truncation = fyne.TextTruncateEllipsis
	r.list = widget.NewList(func() int { return len(r.ports) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		r.updateRow)
	r.list.OnSelected = func(id widget.ListItemID) {
		if !r.syncing && id >= 0 && id < len(r.ports) && r.onSelect != nil {
			r.onSelect(r.ports[id].Port)
		}
	}
	r.maxHosts = widget.NewSelect(maxHostsChoices, func(string) { r.refill() })
	r.maxHosts.PlaceHolder = " " // as narrow as its choices
	r.maxHosts.SetSelected(defaultMaxHosts)
	heading := widget.NewLabel("Rare: on ≤")
	heading.TextStyle.Bold = true
	top := container.NewBorder(nil, nil, container.NewHBox(heading, r.maxHosts), nil, r.title)
	r.box = container.NewBorder(top, nil, nil, nil, r.list)
	return r
}

// limit is N, 0 for any number.
func (r *rareList) limit() int {
	n, err := strconv.Atoi(r.maxHosts.Selected)
	if err != nil {
		return 0
	}
	return n
}

// setView lists the rare ports of v.
func (r *rareList) setView(v *fleet.View) {
	r.view = v
	r.refill()
}

func (r *rareList) refill() {
	r.ports = nil
	if r.view == nil {
		return
	}
	r.ports = r.view.Rare(r.limit())
	alerts := 0
	for _, p := range r.ports {
		if p.Alerts > 0 {
			alerts++
		}
	}
	// Follows "Rare: on ≤ [N]"; the list runs fewest hosts first.
	t := "hosts · " + plural(len(r.ports), "port")
	if alerts > 0 {
		t += " (" + plural(alerts, "alert") + ")"
	}
	r.title.SetText(t)
	r.list.UnselectAll()
	r.list.ScrollToTop()
	r.list.Refresh()
}

// rowText is a row of the list: "4444/tcp krb524 · 1 host, 1 alert · db-01".
func (r *rareList) rowText(p fleet.PortCount) string {
	var b strings.Builder
	b.WriteString(strconv.Itoa(int(p.Port)) + "/" + p.Protocol)
	if p.Service != "" {
		b.WriteString(" " + p.Service)
	}
	b.WriteString(" · " + plural(p.Hosts, "host"))
	if p.Alerts > 0 {
		b.WriteString(", " + plural(p.Alerts, "alert"))
	}
	var names []string
	for _, row := range r.view.Port(p.Port, p.Protocol) {
		if len(names) == hostsNamed {
			break
		}
		if !slices.Contains(names, row.Host) {
			names = append(names, row.Host)
		}
	}
	b.WriteString(" · " + strings.Join(names, ", "))
	if p.Hosts > len(names) {
		b.WriteString(" and " + registry.Thousands(p.Hosts-len(names)) + " more")
	}
	return b.String()
}

func (r *rareList) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	l := o.(*widget.Label)
	if id < 0 || id >= len(r.ports) {
		l.SetText("")
		return
	}
	p := r.ports[id]
	// Alerts in bold (the words say it too); a colour would fight the
	// selected row's background.
	l.TextStyle.Bold = p.Alerts > 0
	l.SetText(r.rowText(p))
}

// showPort highlights the rows of port (none when it is not rare).
func (r *rareList) showPort(port int) {
	r.syncing = true
	defer func() { r.syncing = false }()
	for i, p := range r.ports {
		if int(p.Port) == port {
			r.list.Select(i)
			return
		}
	}
	r.list.UnselectAll()
}
