package registryui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/portolan/portolan/registry"
)

// ChangeFilter picks which entries of a diff the ChangesView lists.
type ChangeFilter int

const (
	FilterAll ChangeFilter = iota
	FilterAdded
	FilterRemoved
	FilterChanged
)

// String is the filter's name in the view: "All", "Added", ...
func (f ChangeFilter) String() string {
	switch f {
	case FilterAdded:
		return "Added"
	case FilterRemoved:
		return "Removed"
	case FilterChanged:
		return "Changed"
	}
	return "All"
}

func (f ChangeFilter) keeps(k registry.ChangeKind) bool {
	switch f {
	case FilterAdded:
		return k == registry.Added
	case FilterRemoved:
		return k == registry.Removed
	case FilterChanged:
		return k == registry.Changed
	}
	return true
}

var filters = [...]ChangeFilter{FilterAll, FilterAdded, FilterRemoved, FilterChanged}

// The widths of the list's first three columns (kind, port, service); the
// last one (what changed) takes the rest.
var columnWidths = []float32{92, 112, 140}

// ChangesDialogSize is the least size of the dialog showChanges opens.
var ChangesDialogSize = fyne.NewSize(640, 420)

// ChangesView shows what changed between two registries (a registry.Diff):
// the counts, a filter (all, added, removed, changed), and one row per
// entry in port order with its kind, port or range and protocol, service,
// and what changed; the entry selected is spelt out below the list.
type ChangesView struct {
	widget.BaseWidget

	// OnSelectPort is called with the first port of the entry the user
	// selects (not for a service name without a port).
	OnSelectPort func(port uint16)

	diff   *registry.Diff
	all    []registry.DiffEntry
	shown  []registry.DiffEntry
	filter ChangeFilter

	summary  *widget.Label
	sources  string // "From old.csv, data to ... to new.csv, data to ..."
	choice   *widget.RadioGroup
	list     *widget.List
	empty    *widget.Label
	detail   *widget.Label
	selected int // index in shown; -1 for none
	content  fyne.CanvasObject
}

// newChangesView makes the view of diff (nil shows an empty view).
func newChangesView(diff *registry.Diff) *ChangesView {
	v := &ChangesView{selected: -1}
	v.ExtendBaseWidget(v)
	v.summary = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	v.summary.Truncation = fyne.TextTruncateEllipsis
	v.choice = widget.NewRadioGroup(nil, v.choose)
	v.choice.Horizontal = true
	v.choice.Required = true

	v.list = widget.NewList(func() int { return len(v.shown) }, newChangeRow, v.updateRow)
	v.list.OnSelected = v.selectEntry
	v.list.OnUnselected = func(widget.ListItemID) { v.showDetail(-1) }
	v.empty = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Italic: true})
	v.detail = widget.NewLabel("")
	v.detail.Wrapping = fyne.TextWrapWord

	header := newColumns(
		boldLabel("Change"), boldLabel("Port"), boldLabel("Service"), boldLabel("What changed"))
	top := container.NewVBox(v.summary, v.choice, header)
	detailBox := container.NewStack(minHeight(4*theme.TextSize()+2*theme.InnerPadding()), container.NewVScroll(v.detail))
	bottom := container.NewVBox(widget.NewSeparator(), detailBox)
	v.content = container.NewBorder(top, bottom, nil, nil, container.NewStack(v.list, container.NewCenter(v.empty)))
	v.SetDiff(diff)
	return v
}

// CreateRenderer is part of fyne.Widget.
func (v *ChangesView) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(v.content)
}

// SetDiff shows another diff, with the filter back to All.
func (v *ChangesView) SetDiff(diff *registry.Diff) {
	v.diff = diff
	v.all = nil
	if diff != nil {
		v.all = diff.Entries()
		v.summary.SetText(strings.ToUpper(diff.Summary()[:1]) + diff.Summary()[1:])
		v.sources = "From " + registrySource(diff.Old) + " to " + registrySource(diff.New) + "."
	} else {
		v.summary.SetText("No registries compared")
		v.sources = ""
	}
	counts := [len(filters)]int{len(v.all)}
	for i := range v.all {
		for f := FilterAdded; f <= FilterChanged; f++ {
			if f.keeps(v.all[i].Kind) {
				counts[f]++
			}
		}
	}
	options := make([]string, len(filters))
	for i, f := range filters {
		options[i] = f.String() + " (" + registry.Thousands(counts[i]) + ")"
	}
	v.filter = FilterAll
	v.choice.Options = options
	v.choice.Selected = options[0]
	v.choice.Refresh()
	v.applyFilter()
}

// Diff is the diff shown.
func (v *ChangesView) Diff() *registry.Diff { return v.diff }

// Filter is the filter in use.
func (v *ChangesView) Filter() ChangeFilter { return v.filter }

// SetFilter lists only the entries of one kind, or all.
func (v *ChangesView) SetFilter(f ChangeFilter) {
	if f < FilterAll || f > FilterChanged {
		f = FilterAll
	}
	v.choice.SetSelected(v.choice.Options[f]) // calls choose
}

// Shown lists the entries the filter keeps, in the order listed.
func (v *ChangesView) Shown() []registry.DiffEntry { return v.shown }

func (v *ChangesView) choose(option string) {
	f := FilterAll
	for i, o := range v.choice.Options {
		if o == option {
			f = filters[i]
		}
	}
	if f == v.filter && v.shown != nil {
		return
	}
	v.filter = f
	v.applyFilter()
}

func (v *ChangesView) applyFilter() {
	v.shown = make([]registry.DiffEntry, 0, len(v.all))
	for _, e := range v.all {
		if v.filter.keeps(e.Kind) {
			v.shown = append(v.shown, e)
		}
	}
	switch {
	case v.diff == nil:
		v.empty.SetText("Nothing to show")
	case len(v.all) == 0:
		v.empty.SetText("The two registries hold the same records")
	case len(v.shown) == 0:
		v.empty.SetText("No " + strings.ToLower(v.filter.String()) + " records")
	default:
		v.empty.SetText("")
	}
	v.empty.Hidden = len(v.shown) > 0
	v.empty.Refresh()
	v.selected = -1
	v.list.UnselectAll()
	v.list.Refresh()
	v.list.ScrollToTop()
	v.showDetail(-1)
}

func (v *ChangesView) selectEntry(id widget.ListItemID) {
	if id < 0 || id >= len(v.shown) {
		return
	}
	v.showDetail(id)
	if e := v.shown[id]; e.HasPort && v.OnSelectPort != nil {
		v.OnSelectPort(e.Low)
	}
}

func (v *ChangesView) showDetail(id int) {
	v.selected = id
	if id < 0 || id >= len(v.shown) {
		text := v.sources
		if len(v.shown) > 0 {
			text += "\nSelect a row to see what changed and to show its port on the map."
		}
		v.detail.SetText(strings.TrimSpace(text))
		return
	}
	v.detail.SetText(entryDetail(v.shown[id]))
}

// DetailText is what the view says of the selected entry ("" if none).
func (v *ChangesView) DetailText() string {
	if v.selected < 0 {
		return ""
	}
	return v.detail.Text
}

// A row of the list: four labels in columns.
func newChangeRow() fyne.CanvasObject {
	labels := make([]fyne.CanvasObject, 4)
	for i := range labels {
		l := widget.NewLabel("")
		l.Truncation = fyne.TextTruncateEllipsis
		labels[i] = l
	}
	return newColumns(labels...)
}

func (v *ChangesView) updateRow(id widget.ListItemID, row fyne.CanvasObject) {
	if id < 0 || id >= len(v.shown) {
		return
	}
	e := v.shown[id]
	cells := row.(*fyne.Container).Objects
	kind := cells[0].(*widget.Label)
	kind.Importance = kindImportance(e.Kind)
	kind.TextStyle.Bold = true
	kind.SetText(string(e.Kind))
	cells[1].(*widget.Label).SetText(entryPorts(e))
	service := e.Service
	if service == "" {
		service = "—"
	}
	cells[2].(*widget.Label).SetText(service)
	cells[3].(*widget.Label).SetText(entryWhat(e))
}

func kindImportance(k registry.ChangeKind) widget.Importance {
	switch k {
	case registry.Added:
		return widget.SuccessImportance
	case registry.Removed:
		return widget.DangerImportance
	}
	return widget.WarningImportance
}

// showChanges opens a ChangesView of diff in a dialog over win, at least
// ChangesDialogSize (and no larger than the window). onSelect (may be nil)
// is called with the first port of the entry selected.
func showChanges(win fyne.Window, diff *registry.Diff, onSelect func(port uint16)) dialog.Dialog {
	v := newChangesView(diff)
	v.OnSelectPort = onSelect
	d := dialog.NewCustom("What changed in the port registry", "Close", v, win)
	d.Resize(changesSize(win.Canvas().Size()))
	d.Show()
	return d
}

// changesSize is 80% of the window, at least ChangesDialogSize and at
// most 960x720, and never more than the window itself.
func changesSize(canvasSize fyne.Size) fyne.Size {
	w := min(max(canvasSize.Width*0.8, ChangesDialogSize.Width), 960)
	h := min(max(canvasSize.Height*0.8, ChangesDialogSize.Height), 720)
	if canvasSize.Width > 0 {
		w = min(w, canvasSize.Width)
	}
	if canvasSize.Height > 0 {
		h = min(h, canvasSize.Height)
	}
	return fyne.NewSize(w, h)
}
