package listeners

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// panelRenderer fits the columns to the panel's width as it lays it out.
type panelRenderer struct {
	fyne.WidgetRenderer
	p *Panel
}

func (r *panelRenderer) Layout(size fyne.Size) {
	r.p.fitColumns(size.Width)
	r.WidgetRenderer.Layout(size)
}

// HeightForRows is the height at which the panel shows n rows of its
// table at once, with everything around them.
func (p *Panel) HeightForRows(n int) float32 {
	th := p.Theme()
	pad := th.Size(theme.SizeNamePadding)
	row := newCell(nil)
	row.text = "Mg"
	rowH := row.MinSize().Height
	header := newHeader(nil, nil).MinSize().Height
	// the tab bar: AppTabs' height over its content's
	tabBar := p.tabs.MinSize().Height - p.table.MinSize().Height
	return p.top.MinSize().Height + tabBar + header + float32(n)*(rowH+pad) + p.bottom.MinSize().Height + 4*pad
}
