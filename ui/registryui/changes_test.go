package registryui

import (
	"image/color"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/portolan/portolan/registry"
)

// variantTheme forces the light or dark variant of the default theme.
type variantTheme struct {
	fyne.Theme
	variant fyne.ThemeVariant
}

func (t variantTheme) Color(name fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return t.Theme.Color(name, t.variant)
}

var lightTheme = variantTheme{theme.DefaultTheme(), theme.VariantLight}

func port(service string, p uint16, proto registry.Protocol, desc string) registry.Record {
	return registry.Record{Service: service, HasPort: true, Low: p, High: p, Protocol: proto, Description: desc}
}

// testDiff compares two small registries: one record unchanged (22), two
// changed (80's description and assignee; 5000 from unassigned to
// reserved), one removed (1000/udp), two added (1001/tcp and a name
// without a port), and a range split in two.
func testDiff() *registry.Diff {
	old := registry.NewBuilder("old.csv")
	old.SetSource(registry.Source{Kind: "iana-csv", Name: "old.csv", Date: "2025-01-10"})
	old.Add(port("ssh", 22, registry.TCP, "The Secure Shell (SSH) Protocol"))
	http := port("http", 80, registry.TCP, "World Wide Web HTTP")
	http.Assignee = "[Tim_Berners_Lee]"
	old.Add(http)
	old.Add(port("gone", 1000, registry.UDP, "Going away"))
	old.Add(port("", 5000, registry.TCP, "Unassigned"))
	old.Add(registry.Record{HasPort: true, Low: 6000, High: 6099, Description: "Unassigned"})

	cur := registry.NewBuilder("new.csv")
	cur.SetSource(registry.Source{Kind: "iana-csv", Name: "new.csv", Date: "2026-02-25"})
	cur.Add(port("ssh", 22, registry.TCP, "The Secure Shell (SSH) Protocol"))
	http.Description = "World Wide Web HTTP (HTTP/1.1)"
	http.Assignee = "[RFC9110]"
	cur.Add(http)
	cur.Add(port("fresh", 1001, registry.TCP, "A new service"))
	cur.Add(port("", 5000, registry.TCP, "Reserved"))
	cur.Add(registry.Record{HasPort: true, Low: 6000, High: 6049, Description: "Unassigned"})
	cur.Add(port("splitter", 6050, registry.TCP, "Inside a former range"))
	cur.Add(registry.Record{HasPort: true, Low: 6051, High: 6099, Description: "Unassigned"})
	cur.Add(registry.Record{Service: "nameonly", Description: "A service name without a port"})
	return registry.Compare(old.Build(), cur.Build())
}

func showChangesView(t *testing.T) (*ChangesView, fyne.Window, *[]uint16) {
	t.Helper()
	test.NewTempApp(t)
	test.ApplyTheme(t, lightTheme)
	v := newChangesView(testDiff())
	var selected []uint16
	v.OnSelectPort = func(p uint16) { selected = append(selected, p) }
	w := test.NewTempWindow(t, v)
	w.Resize(ChangesDialogSize)
	return v, w, &selected
}

// rows is the text of the list's rows as drawn, one string a row, its
// cells joined by " | ".
func rows(v *ChangesView) []string {
	var out []string
	for _, o := range objectsOf(v.list) {
		c, ok := o.(*fyne.Container)
		if !ok || len(c.Objects) != 4 || !c.Visible() {
			continue
		}
		if _, ok := c.Layout.(columns); !ok {
			continue
		}
		var cells []string
		for _, cell := range c.Objects {
			cells = append(cells, cell.(*widget.Label).Text)
		}
		if cells[0] != "" {
			out = append(out, strings.Join(cells, " | "))
		}
	}
	return out
}

// allRows is every entry of testDiff as the view writes it.
var allRows = []string{
	"changed | 80/tcp | http | description, assignee",
	"removed | 1000/udp | gone | Going away",
	"added | 1001/tcp | fresh | A new service",
	"changed | 5000/tcp | — | status unassigned → reserved; description",
	"added | 6000-6049 | — | Unassigned",
	"removed | 6000-6099 | — | Unassigned",
	"added | 6050/tcp | splitter | Inside a former range",
	"added | 6051-6099 | — | Unassigned",
	"added | (no port) | nameonly | A service name without a port",
}

func TestChangesViewLists(t *testing.T) {
	v, w, _ := showChangesView(t)
	w.Resize(fyne.NewSize(640, 800)) // room for every row
	texts := visibleTexts(objectsOf(w.Content()))
	for _, want := range []string{
		"5 added, 2 removed, 2 changed (1 unchanged)",
		"From old.csv, data to 2025-01-10 to new.csv, data to 2026-02-25",
		"Change", "Port", "Service", "What changed",
		"Select a row to see what changed and to show its port on the map.",
	} {
		if !containsText(texts, want) {
			t.Errorf("the view lacks %q: %q", want, texts)
		}
	}
	if want := []string{"All (9)", "Added (5)", "Removed (2)", "Changed (2)"}; !slices.Equal(v.choice.Options, want) {
		t.Errorf("filter options %q, want %q", v.choice.Options, want)
	}
	if got := rows(v); !slices.Equal(got, allRows) {
		t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(allRows, "\n"))
	}
	if v.empty.Visible() {
		t.Errorf("the empty note %q shows over a full list", v.empty.Text)
	}
}

// The filter keeps one kind of entry; the counts stay; "All" brings back
// every row.
func TestChangesViewFilter(t *testing.T) {
	v, w, _ := showChangesView(t)
	w.Resize(fyne.NewSize(640, 800))
	for _, c := range []struct {
		option string
		filter ChangeFilter
		kind   string
	}{
		{"Added (5)", FilterAdded, "added |"},
		{"Removed (2)", FilterRemoved, "removed |"},
		{"Changed (2)", FilterChanged, "changed |"},
		{"All (9)", FilterAll, ""},
	} {
		v.choice.SetSelected(c.option) // as a tap on the option does
		if v.Filter() != c.filter {
			t.Errorf("%s: filter %v", c.option, v.Filter())
		}
		var want []string
		for _, r := range allRows {
			if strings.HasPrefix(r, c.kind) {
				want = append(want, r)
			}
		}
		if got := rows(v); !slices.Equal(got, want) {
			t.Errorf("%s: rows\n%s\nwant\n%s", c.option, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if len(v.Shown()) != len(want) {
			t.Errorf("%s: Shown() has %d entries, want %d", c.option, len(v.Shown()), len(want))
		}
	}
	v.SetFilter(FilterRemoved)
	if v.choice.Selected != "Removed (2)" || len(v.Shown()) != 2 {
		t.Errorf("SetFilter(FilterRemoved): option %q, %d shown", v.choice.Selected, len(v.Shown()))
	}
}

// Tapping a row selects its first port and spells the entry out; a name
// without a port selects nothing on the map.
func TestChangesViewSelect(t *testing.T) {
	v, w, selected := showChangesView(t)
	w.Resize(fyne.NewSize(640, 800))
	tapRow := func(cell string) {
		t.Helper()
		for _, o := range objectsOf(v.list) {
			if l, ok := o.(*widget.Label); ok && l.Visible() && l.Text == cell {
				// The driver's position is relative to the canvas's
				// interactive area.
				inset, _ := w.Canvas().InteractiveArea()
				pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(l).Add(inset)
				test.TapCanvas(w.Canvas(), pos.Add(fyne.NewPos(4, l.Size().Height/2)))
				return
			}
		}
		t.Fatalf("no row shows %q", cell)
	}

	tapRow("5000/tcp")
	if !slices.Equal(*selected, []uint16{5000}) {
		t.Errorf("selected %v, want [5000]", *selected)
	}
	if got, want := v.DetailText(), "Changed: 5000/tcp (Reserved)\nstatus: unassigned → reserved\ndescription: Unassigned → Reserved"; got != want {
		t.Errorf("detail %q, want %q", got, want)
	}
	if !containsText(visibleTexts(objectsOf(w.Content())), "status: unassigned → reserved") {
		t.Error("the detail is not shown")
	}

	tapRow("6000-6099")
	if !slices.Equal(*selected, []uint16{5000, 6000}) {
		t.Errorf("selected %v, want [5000 6000]", *selected)
	}
	tapRow("(no port)")
	if len(*selected) != 2 {
		t.Errorf("a name without a port selected: %v", *selected)
	}
	if got := v.DetailText(); got != "Added: nameonly (no port), assigned\ndescription: A service name without a port" {
		t.Errorf("detail %q", got)
	}

	// A new filter drops the selection.
	v.SetFilter(FilterAdded)
	if v.DetailText() != "" {
		t.Errorf("the detail %q outlived the filter change", v.DetailText())
	}
}

func TestChangesViewEmpty(t *testing.T) {
	test.NewTempApp(t)
	b := registry.NewBuilder("same")
	b.Add(port("ssh", 22, registry.TCP, "SSH"))
	b.Add(port("fresh", 1001, registry.TCP, "A new service"))
	reg := b.Build()
	b2 := registry.NewBuilder("more")
	b2.Add(port("ssh", 22, registry.TCP, "SSH"))
	b2.Add(port("fresh", 1001, registry.TCP, "A new service"))
	b2.Add(port("extra", 1002, registry.TCP, "Extra"))

	v := newChangesView(registry.Compare(reg, reg))
	w := test.NewTempWindow(t, v)
	w.Resize(ChangesDialogSize)
	if !v.empty.Visible() || v.empty.Text != "The two registries hold the same records" {
		t.Errorf("empty note %q (visible %v)", v.empty.Text, v.empty.Visible())
	}
	if !containsText(visibleTexts(objectsOf(w.Content())), "No differences (2 records)") {
		t.Errorf("summary %q", v.summary.Text)
	}

	v.SetDiff(registry.Compare(reg, b2.Build()))
	if v.empty.Visible() || len(rows(v)) != 1 {
		t.Errorf("after SetDiff: empty note visible %v, rows %q", v.empty.Visible(), rows(v))
	}
	v.SetFilter(FilterRemoved)
	if !v.empty.Visible() || v.empty.Text != "No removed records" || len(rows(v)) != 0 {
		t.Errorf("filtered to nothing: note %q (visible %v), rows %q", v.empty.Text, v.empty.Visible(), rows(v))
	}

	v.SetDiff(nil)
	if v.Filter() != FilterAll || v.summary.Text != "No registries compared" || len(v.Shown()) != 0 {
		t.Errorf("nil diff: filter %v, summary %q, %d shown", v.Filter(), v.summary.Text, len(v.Shown()))
	}
}

// showChanges opens the view in a dialog of at least ChangesDialogSize,
// and selecting a row there calls onSelect.
func TestShowChanges(t *testing.T) {
	_, w := newWindow(t)
	w.Resize(fyne.NewSize(1000, 800))
	var selected []uint16
	showChanges(w, testDiff(), func(p uint16) { selected = append(selected, p) })
	objs := overlayObjects(w)
	var v *ChangesView
	for _, o := range objs {
		if cv, ok := o.(*ChangesView); ok {
			v = cv
		}
	}
	if v == nil {
		t.Fatal("no ChangesView in the dialog")
	}
	// 80% of the window (800x640), less the dialog's frame.
	if s := v.Size(); s.Width < 740 || s.Height < 480 {
		t.Errorf("the view is only %v", s)
	}
	if !containsText(visibleTexts(objs), "What changed in the port registry") {
		t.Errorf("no title: %q", visibleTexts(objs))
	}
	v.list.Select(0)
	if !slices.Equal(selected, []uint16{80}) {
		t.Errorf("selected %v, want [80]", selected)
	}
	test.Tap(findButton(objs, "Close"))
	if w.Canvas().Overlays().Top() != nil {
		t.Error("Close left the dialog open")
	}
	for _, c := range []struct{ canvas, want fyne.Size }{
		{fyne.NewSize(1000, 800), fyne.NewSize(800, 640)},
		{fyne.NewSize(700, 500), fyne.NewSize(640, 420)},
		{fyne.NewSize(500, 300), fyne.NewSize(500, 300)},
		{fyne.NewSize(3000, 2000), fyne.NewSize(960, 720)},
	} {
		if got := changesSize(c.canvas); got != c.want {
			t.Errorf("changesSize(%v) = %v, want %v", c.canvas, got, c.want)
		}
	}
}

// The golden image: the view of testDiff in the light theme with the
// changed 5000/tcp selected. Look at testdata/changes_light.png after
// changing the view.
func TestGoldenChangesView(t *testing.T) {
	v, w, _ := showChangesView(t)
	w.Resize(fyne.NewSize(640, 420))
	v.list.Select(3)
	test.AssertImageMatches(t, "changes_light.png", w.Canvas().Capture())
}
