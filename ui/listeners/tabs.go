package listeners

import "fyne.io/fyne/v2/container"

// AddTab adds a tab of the window's after the panel's own (the History
// tab). It shares the tab bar only: while it is shown, the panel's filter
// box and row actions, which act on the listeners table, are hidden.
func (p *Panel) AddTab(t *container.TabItem) {
	if p.foreign == nil {
		p.foreign = map[*container.TabItem]bool{}
		own := p.tabs.OnSelected
		p.tabs.OnSelected = func(ti *container.TabItem) {
			if own != nil {
				own(ti)
			}
			p.top.Hidden, p.bottom.Hidden = p.foreign[ti], p.foreign[ti]
			p.content.Refresh()
		}
	}
	p.foreign[t] = true
	p.tabs.Append(t)
}

// SelectTab shows tab t (one of the panel's or one added).
func (p *Panel) SelectTab(t *container.TabItem) { p.tabs.Select(t) }
