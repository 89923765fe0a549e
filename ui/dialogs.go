package ui

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"

	"github.com/portolan/portolan/model"
	"github.com/portolan/portolan/model/export"
	"github.com/portolan/portolan/model/update"
	"github.com/portolan/portolan/registry"
	"github.com/portolan/portolan/ui/registryui"
)

// setSpace swaps in a newly loaded registry everywhere.
func (m *MainWindow) setSpace(reg *registry.Registry, choice model.RegistryChoice) {
	m.space = model.NewSpace(reg)
	m.choice = choice
	m.portMap.SetSpace(m.space)
	m.pane.SetSpace(m.space)
	m.searchBox.SetRegistry(reg)
	if m.verdicts != nil {
		m.verdicts.SetSpace(m.space)
		m.poller.RefreshNow()
	}
	m.updateSourceLine()
	m.showCurrent()
}

// startBackground discovers the system's other port lists, and asks once
// whether to check iana.org weekly (and checks when allowed and due); both
// end when the window stops.
func (m *MainWindow) startBackground() {
	m.life.start(func(context.Context) {
		o := model.DiscoverOverlays()
		m.life.toUI(func() { m.setOverlays(o) })
	})
	registryui.AskBackgroundChecks(m.win, m.prefs, func(allowed bool) {
		if allowed {
			// The check posts its result with fyne.Do itself: live drops
			// one that comes after the window stopped.
			registryui.MaybeBackgroundCheck(m.life.ctx, m.prefs, m.updater, func(res *update.Result) {
				if m.life.live() {
					m.updated(res)
				}
			})
		}
	})
}

// setOverlays takes in the other port lists found on this system.
func (m *MainWindow) setOverlays(o *model.Overlays) {
	m.overlays = o
	if o != nil && o.Nmap() != nil {
		m.shadingSelect.Enable()
		m.shadingSelect.Tip = shadingTipOn
	}
	m.showCurrent()
}

// updated takes in the result of an update: a new registry replaces the
// one in use; a failure leaves it and is said in words.
func (m *MainWindow) updated(res *update.Result) {
	if res == nil || res.Outcome != update.Replaced || res.Registry == nil {
		return
	}
	choice := model.RegistryChoice{Origin: model.OriginCache, Path: res.Path, Source: res.Registry.Source(), URL: res.URL}
	m.setSpace(res.Registry, choice)
}

func (m *MainWindow) updateRegistry() {
	d := registryui.NewUpdateDialog(m.win, m.updater, m.updated)
	d.OnSelectPort = m.selectPort
	d.Context = m.life.ctx
	d.Start()
}

func (m *MainWindow) openRegistry() {
	d := dialog.NewFileOpen(func(rc fyne.URIReadCloser, err error) {
		if err != nil {
			dialog.ShowError(err, m.win)
			return
		}
		if rc == nil {
			return // cancelled
		}
		path := rc.URI().Path()
		rc.Close()
		go func() {
			reg, choice, err := model.LoadRegistry(path)
			fyne.Do(func() {
				if err != nil {
					dialog.ShowError(fmt.Errorf("%w\n\nThe registry in use is unchanged", err), m.win)
					return
				}
				m.setSpace(reg, choice)
				msg := fmt.Sprintf("Loaded %d records from %s.", len(reg.Records()), path)
				if n := len(reg.Skipped()); n > 0 {
					msg += fmt.Sprintf("\n%d rows could not be read and were skipped (the first at line %d: %s).",
						n, reg.Skipped()[0].Line, reg.Skipped()[0].Reason)
				}
				dialog.ShowInformation("Registry opened", msg, m.win)
			})
		}()
	}, m.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".csv", ".xml", ".txt", ".iana", ""}))
	d.Show()
}

// export saves the selected port's answer as text, Markdown or JSON, chosen
// by the file name's extension.
func (m *MainWindow) export() {
	sel, ok := m.history.Current()
	if !ok {
		dialog.ShowInformation("Export", "Select a port or a range on the map first.", m.win)
		return
	}
	d := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
		if err != nil {
			dialog.ShowError(err, m.win)
			return
		}
		if wc == nil {
			return
		}
		defer wc.Close()
		format := export.Text
		switch wc.URI().Extension() {
		case ".md":
			format = export.Markdown
		case ".json":
			format = export.JSON
		}
		var text string
		if sel.IsRange() {
			text, err = export.RangeString(m.space.AnswerRange(sel.From, sel.To, m.protocol), format)
		} else {
			text, err = export.PortString(m.space, m.space.Answer(sel.From, m.protocol), format)
		}
		if err == nil {
			_, err = wc.Write([]byte(text))
		}
		if err != nil {
			dialog.ShowError(fmt.Errorf("could not write the export: %w", err), m.win)
			return
		}
		m.say("Exported " + sel.String() + " to " + wc.URI().Path())
	}, m.win)
	d.SetFileName("port-" + sel.String() + ".md")
	d.Show()
}
