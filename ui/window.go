// Package ui is Portolan's window: the port map, the detail pane and the
// listener panel. cmd/portolan passes in the app and window, so tests can
// pass their own (fyne.io/fyne/v2/test).
package ui

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/portolan/portolan/assets"
	"github.com/portolan/portolan/model"
	"github.com/portolan/portolan/model/judge"
	"github.com/portolan/portolan/model/listen"
	"github.com/portolan/portolan/model/update"
	"github.com/portolan/portolan/registry"
	"github.com/portolan/portolan/ui/detail"
	"github.com/portolan/portolan/ui/listeners"
	"github.com/portolan/portolan/ui/portmap"
	"github.com/portolan/portolan/ui/registryui"
	"github.com/portolan/portolan/ui/search"
)

// AppID is the reverse-DNS application ID (also in FyneApp.toml).
const AppID = "io.github.portolan.portolan"

// Version is the program's version, generated from FyneApp.toml.
const Version = assets.Version

// Options are the start-up choices from the command line.
type Options struct {
	RegistryPath string // --registry FILE; "" for the default registry
	Select       int    // --select N; -1 for none
	// Sockets is where listeners come from; nil means this machine's OS.
	// Tests pass a fake.
	Sockets listen.SocketSource
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
	// RunOnUI hands a function from a background goroutine to the UI
	// goroutine; nil is fyne.Do. Tests pass a queue they run on their own
	// goroutine, as Fyne's event loop would.
	RunOnUI func(func())
	// CheckNotifications tells whether the system can show notifications
	// (notifications.go); nil asks the system (the session D-Bus on Linux).
	CheckNotifications NotificationCheck
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
	updater   *update.Updater

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

	verdicts *judge.Verdicts
	poller   *listen.Poller
	// session is the run's listings, shared with the panel, which applies
	// each poll to it: the counts are made there, once.
	session *listen.Session
	// life is the background work (poller, registry check, discovery)
	// and its end when the app stops (lifecycle.go).
	life *life
	// notes are the status bar's lasting warnings (statusnotes.go).
	notes         *statusNotes
	notifications notifications
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
// starts the listener poller (stopped when the window closes or the app
// quits).
func NewMainWindow(a fyne.App, w fyne.Window, opts Options) *MainWindow {
	m := &MainWindow{app: a, win: w, prefs: a.Preferences(), life: newLife(opts.RunOnUI)}
	a.Settings().SetTheme(themeFor(m.prefs.StringWithFallback(prefTheme, themeSystem)))
	w.SetIcon(fyne.NewStaticResource("icon.png", assets.IconPNG))

	reg, choice, loadErr := model.LoadRegistry(opts.RegistryPath)
	if loadErr != nil {
		// A bad --registry file must not leave the user with nothing.
		reg, choice, _ = model.LoadRegistry("")
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
	}
	if opts.Notice != "" {
		dialog.ShowInformation("Settings", opts.Notice, w)
	}
	if opts.Select >= 0 && opts.Select <= 65535 {
		m.selectPort(uint16(opts.Select))
	}
	m.setupPoller(opts.Sockets)
	m.watchLifecycle()
	m.checkNotifications(opts.CheckNotifications)
	if !opts.ManualPolling {
		m.startPoller()
	}
	if !opts.NoBackground {
		m.startBackground()
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

	m.updater = &update.Updater{}
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

	m.notes = newStatusNotes(m.win)
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
		m.pauseButton, refresh, m.intervalSelect, widget.NewSeparator(), m.notes.box, m.sourceLine)
	m.updateSourceLine()

	m.win.SetContent(container.NewBorder(toolbar, status, nil, nil, body))
}

// updateSourceLine names the registry in use in the status bar, with a
// note when the cached download was passed over (damaged, unreadable).
func (m *MainWindow) updateSourceLine() {
	m.sourceLine.SetText("Registry: " + m.choice.Describe())
	short, long := "", ""
	if note := m.choice.Note; note != "" {
		short, long = "Cached registry not used", registryui.Sentence(note)
	}
	m.notes.set(noteRegistry, short, long)
}

const noteRegistry = "registry"
