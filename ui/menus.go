package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"github.com/portolan/portolan/ui/internal/apptheme"
	"github.com/portolan/portolan/ui/portmap"
	"github.com/portolan/portolan/ui/registryui"
	"github.com/portolan/portolan/ui/search"
)

// menuChecks are the View menu's items that show the current choice.
type menuChecks struct {
	layouts   map[portmap.Layout]*fyne.MenuItem
	protocols map[string]*fyne.MenuItem
	themes    map[string]*fyne.MenuItem
}

func (m *MainWindow) mainMenu() *fyne.MainMenu {
	file := fyne.NewMenu("File",
		fyne.NewMenuItem("Open registry...", m.openRegistry),
		fyne.NewMenuItem("Update registry from iana.org...", m.updateRegistry),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Export the selection...", m.export),
		fyne.NewMenuItem("Export map image...", m.exportMapImage),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Open fleet results folder...", m.chooseFleetFolder),
		fyne.NewMenuItem("Open fleet results file...", m.chooseFleetFile),
		fyne.NewMenuItem("Back to this machine", m.closeFleet),
		fyne.NewMenuItemSeparator(),
		m.quitItem(),
	)
	m.menu = menuChecks{layouts: map[portmap.Layout]*fyne.MenuItem{},
		protocols: map[string]*fyne.MenuItem{}, themes: map[string]*fyne.MenuItem{}}
	view := fyne.NewMenu("View")
	for _, l := range portmap.Layouts {
		item := fyne.NewMenuItem(l.Title()+" layout", func() { m.layoutSelect.SetSelected(l.Title()) })
		m.menu.layouts[l] = item
		view.Items = append(view.Items, item)
	}
	view.Items = append(view.Items, fyne.NewMenuItemSeparator())
	for _, p := range protocolChoices {
		item := fyne.NewMenuItem("Protocol: "+p, func() { m.protocolSelect.SetSelected(p) })
		m.menu.protocols[p] = item
		view.Items = append(view.Items, item)
	}
	view.Items = append(view.Items,
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Zoom in (+)", func() { m.portMap.ZoomIn() }),
		fyne.NewMenuItem("Zoom out (-)", func() { m.portMap.ZoomOut() }),
		fyne.NewMenuItem("Fit the whole map (Ctrl+0)", func() { m.portMap.ZoomToFit() }),
		fyne.NewMenuItemSeparator(),
	)
	for _, t := range []string{apptheme.System, apptheme.Light, apptheme.Dark} {
		item := fyne.NewMenuItem("Theme: "+t, func() { m.setTheme(t) })
		m.menu.themes[t] = item
		view.Items = append(view.Items, item)
	}
	view.Items = append(view.Items,
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Reset the window's layout", m.resetArrangement),
		fyne.NewMenuItemSeparator(),
	)
	weekly := fyne.NewMenuItem("Check iana.org weekly for a newer registry", nil)
	weekly.Checked, _ = registryui.BackgroundChecks(m.prefs)
	weekly.Action = func() {
		weekly.Checked = !weekly.Checked
		registryui.SetBackgroundChecks(m.prefs, weekly.Checked)
		m.refreshMenu()
	}
	notifyItem := fyne.NewMenuItem("Notify me of new flagged listeners", nil)
	notifyItem.Checked = m.prefs.BoolWithFallback(prefNotify, true)
	notifyItem.Action = func() {
		notifyItem.Checked = !notifyItem.Checked
		m.prefs.SetBool(prefNotify, notifyItem.Checked)
		m.refreshMenu()
	}
	view.Items = append(view.Items, weekly, notifyItem)
	help := fyne.NewMenu("Help",
		fyne.NewMenuItem("Keyboard shortcuts", m.showShortcuts),
		fyne.NewMenuItem("Filter syntax", m.showFilterSyntax),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("About", m.about),
	)
	m.updateMenuChecks()
	return fyne.NewMainMenu(file, view, help)
}

// updateMenuChecks ticks the View menu's items of the current layout,
// protocol and theme.
func (m *MainWindow) updateMenuChecks() {
	if m.menu.layouts == nil {
		return
	}
	for l, item := range m.menu.layouts {
		item.Checked = l == m.portMap.Layout()
	}
	proto := m.protocol.String()
	if proto == "" {
		proto = "any"
	}
	for p, item := range m.menu.protocols {
		item.Checked = p == proto
	}
	th := m.prefs.StringWithFallback(prefTheme, themeSystem)
	for t, item := range m.menu.themes {
		item.Checked = t == th
	}
	m.refreshMenu()
}

func (m *MainWindow) refreshMenu() {
	if mm := m.win.MainMenu(); mm != nil {
		mm.Refresh()
	}
}

func (m *MainWindow) addShortcuts() {
	c := m.win.Canvas()
	c.AddShortcut(search.FocusShortcut(), func(fyne.Shortcut) { m.searchBox.Focus() })
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyLeft, Modifier: fyne.KeyModifierAlt}, func(fyne.Shortcut) { m.back() })
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyRight, Modifier: fyne.KeyModifierAlt}, func(fyne.Shortcut) { m.forward() })
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.Key0, Modifier: fyne.KeyModifierShortcutDefault}, func(fyne.Shortcut) { m.portMap.ZoomToFit() })
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyM, Modifier: fyne.KeyModifierShortcutDefault}, func(fyne.Shortcut) { m.focusMap() })
}

func (m *MainWindow) setTheme(choice string) {
	m.prefs.SetString(prefTheme, choice)
	m.app.Settings().SetTheme(themeFor(choice))
	m.updateMenuChecks()
}
