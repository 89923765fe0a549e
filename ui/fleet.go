package ui

// The window showing a fleet: osquery results of many hosts opened with
// File → Open fleet results or --fleet PATH. The map is shaded by how many
// hosts listen on each port, with the ports where a host has an alert
// marked; the fleet's panel takes the place of this machine's listener
// panel, and its legend that of the status legend. "This machine" goes
// back. The poller goes on meanwhile: this machine's marks are kept and
// come back with it.

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"github.com/portolan/portolan/model"
	"github.com/portolan/portolan/model/fleet"
	"github.com/portolan/portolan/model/fleet/fleetjudge"
	"github.com/portolan/portolan/ui/fleetui"
	"github.com/portolan/portolan/ui/portmap"
)

// fleetMode is the fleet's part of the window.
type fleetMode struct {
	panel   *fleetui.Panel
	legend  *portmap.HostsLegend
	loader  fleetui.Loader
	loading *fleetui.Loading

	fleet  *fleet.Fleet // nil: this machine is shown
	view   *fleet.View
	source string
	// deliver hands the filter's view to the Fyne goroutine; filtering
	// numbers the requests so that only the last typed is shown.
	deliver   func(func())
	filtering int
	// localMarks are this machine's listeners, kept for its return.
	localMarks []portmap.Mark
}

// newFleetMode makes the fleet's widgets, hidden; deliver is Options'
// Deliver (fyne.Do when nil).
func (m *MainWindow) newFleetMode(deliver func(func())) *fleetMode {
	if deliver == nil {
		deliver = fyne.Do
	}
	fm := &fleetMode{panel: fleetui.NewPanel(m.win), legend: portmap.NewHostsLegend(),
		loader: fleetui.Loader{Win: m.win, Deliver: deliver}, deliver: deliver}
	fm.panel.OnSelectPort = m.selectPort
	fm.panel.OnFilter = m.setFleetFilter
	fm.panel.OnClose = m.closeFleet
	fm.panel.Hide()
	fm.legend.Hide()
	return fm
}

// FleetShown tells whether the window shows a fleet rather than this
// machine.
func (m *MainWindow) FleetShown() bool { return m.fleet.fleet != nil }

// chooseFleetFolder asks for a folder of osquery results (read
// recursively).
func (m *MainWindow) chooseFleetFolder() {
	dialog.ShowFolderOpen(func(u fyne.ListableURI, err error) {
		if err != nil {
			dialog.ShowError(err, m.win)
			return
		}
		if u != nil {
			m.openFleet([]string{u.Path()})
		}
	}, m.win)
}

// chooseFleetFile asks for one file of osquery results.
func (m *MainWindow) chooseFleetFile() {
	dialog.ShowFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			dialog.ShowError(err, m.win)
			return
		}
		if r == nil {
			return
		}
		path := r.URI().Path()
		r.Close() // fleet.Load opens it itself
		m.openFleet([]string{path})
	}, m.win)
}

// openFleet reads the osquery results under paths in the background, with
// the verdicts of the engine and the user's knowledge, and shows them once
// read. A load under way is cancelled first.
func (m *MainWindow) openFleet(paths []string) {
	fm := m.fleet
	if fm.loading != nil {
		fm.loading.Cancel()
	}
	j, err := fleetjudge.ForUser(m.space.Reg)
	if err != nil {
		dialog.ShowInformation("Known programs", fmt.Sprintf("%v\n\nThe fleet is judged with the built-in knowledge.", err), m.win)
	}
	opt := fleet.Options{Registry: m.space.Reg, Judge: j.Row}
	var loading *fleetui.Loading
	loading = fm.loader.Start(paths, opt, func(f *fleet.Fleet, err error) {
		if fm.loading == loading {
			fm.loading = nil
		}
		m.fleetLoaded(paths, f, err)
	})
	fm.loading = loading
}

// fleetLoaded shows a fleet just read, or says why there is none.
func (m *MainWindow) fleetLoaded(paths []string, f *fleet.Fleet, err error) {
	switch {
	case errors.Is(err, fleetui.ErrCancelled):
		return // the user knows
	case err != nil:
		dialog.ShowError(err, m.win)
		return
	case f.Files == 0:
		msg := "Found no osquery results in " + strings.Join(paths, ", ") + "."
		if len(f.Problems) > 0 {
			msg += "\n\n" + f.Problems[0].String()
		}
		dialog.ShowInformation("Fleet results", msg, m.win)
		return
	}
	v, err := f.View("")
	if err != nil {
		dialog.ShowError(err, m.win)
		return
	}
	fm := m.fleet
	fm.fleet, fm.source = f, describeSources(paths)
	// The nmap shading would hide the fleet's: back with this machine.
	m.shadingSelect.SetSelected(portmap.ShadeStatus.Title())
	m.shadingSelect.Disable()
	m.panel.Hide()
	m.legend.Hide()
	fm.panel.Show()
	fm.legend.Show()
	m.win.Content().Refresh() // the room the window gives each follows
	m.showFleetView(v)
}

// describeSources names what was opened: a folder or file's base name, and
// how many more.
func describeSources(paths []string) string {
	if len(paths) == 0 {
		return ""
	}
	s := filepath.Base(filepath.Clean(paths[0]))
	if len(paths) > 1 {
		s += fmt.Sprintf(" and %d more", len(paths)-1)
	}
	return s
}

// showFleetView shows the fleet through v (the host filter's view): the
// map's shading and alert marks, the legend, the panel, and the current
// selection's hosts.
func (m *MainWindow) showFleetView(v *fleet.View) {
	fm := m.fleet
	fm.view = v
	c := v.Counts()
	m.portMap.ShadeByHosts(c, v.Hosts)
	fm.legend.SetCounts(c.Max[fleet.AnyProtocol], v.Hosts)
	var marks []portmap.Mark
	for port, alerts := range c.Alerts[fleet.AnyProtocol] {
		if alerts > 0 {
			marks = append(marks, portmap.Mark{Port: uint16(port), Flagged: true})
		}
	}
	m.portMap.SetListenerMarks(marks)
	fm.panel.SetFleet(fm.fleet, v, fm.source)
	m.showCurrent()
}

// setFleetFilter shows the hosts matching pattern (the panel's filter).
// The view is made off the Fyne goroutine (a pass over every row: a tenth
// of a second for half a million), and shown unless another keystroke
// came meanwhile.
func (m *MainWindow) setFleetFilter(pattern string) {
	fm := m.fleet
	f := fm.fleet
	if f == nil {
		return
	}
	fm.filtering++
	n := fm.filtering
	go func() {
		v, err := f.View(pattern)
		fm.deliver(func() {
			if n != fm.filtering || fm.fleet != f {
				return // typed on, or closed
			}
			if err != nil {
				fm.panel.SetFilterError(err)
				return
			}
			m.showFleetView(v)
		})
	}()
}

// closeFleet goes back to this machine: its shading, legend, listener
// panel and marks.
func (m *MainWindow) closeFleet() {
	fm := m.fleet
	if fm.fleet == nil {
		return
	}
	fm.fleet, fm.view = nil, nil
	fm.panel.Hide()
	fm.legend.Hide()
	m.panel.Show()
	m.legend.Show()
	m.win.Content().Refresh()
	m.portMap.ShadeByHosts(nil, 0)
	m.legend.SetShading(m.portMap.Shading())
	if m.overlays != nil && m.overlays.Nmap() != nil {
		m.shadingSelect.Enable()
	}
	m.portMap.SetListenerMarks(fm.localMarks)
	m.showCurrent()
}

// setListenerMarks takes this machine's listener marks: shown on the map,
// and kept for its return while the map shows a fleet.
func (m *MainWindow) setListenerMarks(marks []portmap.Mark) {
	m.fleet.localMarks = append(m.fleet.localMarks[:0], marks...)
	if m.fleet.fleet == nil {
		m.portMap.SetListenerMarks(marks)
	}
}

// showFleetSelection tells the fleet's panel the selection.
func (m *MainWindow) showFleetSelection(sel model.Selection) {
	if m.fleet.fleet != nil {
		m.fleet.panel.ShowSelection(sel, m.protocol)
	}
}
