package listeners

import (
	"testing"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// A tab of the window's hides the panel's filter and actions while shown;
// the Changes tab, the panel's own, keeps them.
func TestAddTabHidesPanelChrome(t *testing.T) {
	p, _ := newPanel(t, Options{})
	extra := container.NewTabItem("History", widget.NewLabel("history"))
	p.AddTab(extra)
	if len(p.tabs.Items) != 3 || p.tabs.Items[2] != extra {
		t.Fatalf("tabs: %d", len(p.tabs.Items))
	}
	p.SelectTab(extra)
	if p.top.Visible() || p.bottom.Visible() || !extra.Content.Visible() {
		t.Errorf("on the added tab: filter shown %v, actions shown %v", p.top.Visible(), p.bottom.Visible())
	}
	p.SelectTab(p.changesTab)
	if !p.top.Visible() || !p.bottom.Visible() {
		t.Error("the panel's own tab lost the filter or the actions")
	}
	p.SelectTab(p.tabs.Items[0])
	if !p.top.Visible() || p.tabs.Selected() != p.tabs.Items[0] {
		t.Error("back on the listeners")
	}
}
