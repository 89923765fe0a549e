// Package ui is Portolan's window: the port map, the detail pane and the
// listener panel. cmd/portolan passes in the app and window, so tests can
// pass their own (fyne.io/fyne/v2/test).
package ui

import (
	"fmt"
	"net/url"
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
	"github.com/portolan/portolan/ui/internal/tooltip"
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
	// Fleet are osquery results to open at start (--fleet PATH...).
	Fleet []string
	// Sockets is where listeners come from; nil means this machine's OS.
	// Tests pass a fake.
	Sockets listen.SocketSource
	// Notice is shown once the window is up (e.g. from RescueSettings).
	Notice string
	// NoBackground skips the start-up work that reaches outside: the
	// question about weekly registry checks, the check itself, and the
	// discovery of other port lists (tests).
	NoBackground bool
	// HistoryPath says where the listener history is (nil: the window
	// keeps none; cmd/portolan passes record.DefaultPath).
	HistoryPath func() (string, error)
	// ManualPolling sets the poller up without starting its goroutine:
	// Fyne's test driver runs fyne.Do on the calling goroutine, so tests
	// poll with PollOnce and apply the result themselves.
	ManualPolling bool
	// Deliver runs what background work and timers hand to the UI
	// goroutine (poll results, the search box's results, a tip's or a
	// notice's time being up): fyne.Do when nil. Tests pass a queue they
	// run on their own goroutine, as Fyne's event loop would.
	Deliver func(func())
	// OpenURL opens a link in the browser (the app's OpenURL when nil).
	OpenURL func(*url.URL) error
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
	openLink  func(*url.URL) error

	// tips shows each control's tip on hover; notice says what a click
	// did where nothing else shows it.
	tips   *tooltip.Layer
	notice *notice

	layoutSelect   *tooltip.Select
	protocolSelect *tooltip.Select
	shadingSelect  *tooltip.Select
	backButton     *tooltip.Button
	forwardButton  *tooltip.Button
	zoomLabel      *widget.Label

	// the body's splits: map | (pane / panel), each following its rule
	// until the user drags it
	mainSplit, rightSplit *container.Split
	mainAuto, rightAuto   *autoSplit

	hoverLine    *widget.Label
	sourceLine   *widget.Label
	listenerLine *widget.Label
	pollLine     *widget.Label
	historyLine  *widget.Label

	pauseButton    *tooltip.Button
	intervalSelect *tooltip.Select

	// the View menu's items that show the current choice
	menu menuChecks

	setup    *judge.Setup // the verdicts' knowledge, history and identity reader
	verdicts *judge.Verdicts
	poller   *listen.Poller
	// session is the run's listings, shared with the panel, which applies
	// each poll to it: the counts are made there, once.
	session *listen.Session
	// lhist records the polls and shows the listener history.
	lhist *listenerHistory
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

	fleet *fleetMode // fleet.go
}

var protocolChoices = []string{"any", "tcp", "udp", "sctp", "dccp"}

// NewMainWindow builds the window's content, menus and shortcuts, and
// starts the listener poller (stopped when the window closes or the app
// quits).
func NewMainWindow(a fyne.App, w fyne.Window, opts Options) *MainWindow {
	m := &MainWindow{app: a, win: w, prefs: a.Preferences(), openLink: opts.OpenURL, life: newLife(opts.Deliver)}
	if m.openLink == nil {
		m.openLink = a.OpenURL
	}
	a.Settings().SetTheme(themeFor(m.prefs.StringWithFallback(prefTheme, themeSystem)))
	w.SetIcon(fyne.NewStaticResource("icon.png", assets.IconPNG))

	reg, choice, loadErr := model.LoadRegistry(opts.RegistryPath)
	if loadErr != nil {
		// A bad --registry file must not leave the user with nothing.
		reg, choice, _ = model.LoadRegistry("")
	}
	m.space = model.NewSpace(reg)
	m.choice = choice

	m.fleet = m.newFleetMode(opts.Deliver)
	m.build(opts)
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
	m.setupHistory(m.life.ctx, opts)
	if !opts.ManualPolling {
		m.startPoller()
	}
	if !opts.NoBackground {
		m.startBackground()
	}
	if len(opts.Fleet) > 0 {
		m.openFleet(opts.Fleet)
	}
	return m
}

func (m *MainWindow) build(opts Options) {
	m.tips = tooltip.NewLayer()
	m.notice = newNotice()
	if opts.Deliver != nil {
		m.tips.Do, m.notice.do = opts.Deliver, opts.Deliver
	}
	tips := m.tips

	m.portMap = portmap.New(m.space)
	m.portMap.OnSelected = m.selectPort
	m.portMap.OnRangeSelected = m.selectRange
	m.portMap.OnHover = func(port int, text string) { m.hoverLine.SetText(text) }
	m.portMap.OnZoomChanged = m.showZoom
	m.legend = portmap.NewLegend()
	m.legend.Tips = tips

	m.updater = &update.Updater{}
	m.sources = registryui.NewSourcesView()
	m.pane = detail.New(m.space)
	m.pane.OnNavigate = m.selectPort
	m.pane.OnSelectRange = m.selectRange
	m.pane.OnCopy = m.copyText
	m.pane.OnOpenURL = m.openURL

	m.searchBox = search.New(m.space.Reg)
	m.searchBox.SetDeliver(opts.Deliver)
	m.searchBox.OnHits = m.showSearchHits
	m.searchBox.OnChosen = func(h registry.Hit) {
		m.chooseHit(h)
		m.focusMap() // the keys go on where the answer is
	}
	m.searchBox.OnCleared = func() { m.portMap.SetSearchHits(nil) }
	m.searchBox.OnEscape = m.focusMap
	m.searchBox.SetPlaceHolder("Search: 22, 288-307, ssh, secure shell   (Ctrl+F)")

	m.layoutSelect = tips.NewSelect([]string{portmap.Rows.Title(), portmap.Hilbert.Title()},
		"How the ports are laid out: rows of 256 ports, or a Hilbert curve that keeps neighbouring ports together", m.chooseLayout)
	m.protocolSelect = tips.NewSelect(protocolChoices,
		"The protocol whose registry status the map shades (any: the strongest of the four)", m.chooseProtocol)
	// Shading by nmap's "how often found open" is offered once the user's
	// own nmap-services file is found (never bundled).
	m.shadingSelect = tips.NewSelect([]string{portmap.ShadeStatus.Title(), portmap.ShadeFrequency.Title()}, shadingTipOff, func(s string) {
		var ns *registry.NmapServices
		if s == portmap.ShadeFrequency.Title() && m.overlays != nil {
			ns = m.overlays.Nmap()
		}
		m.portMap.ShadeByNmap(ns)
		m.legend.SetShading(m.portMap.Shading())
	})
	m.shadingSelect.SetSelected(portmap.ShadeStatus.Title())
	m.shadingSelect.Disable()
	m.backButton = tips.NewButton("", theme.NavigateBackIcon(), "Back to the previous selection (Alt+Left)", m.back)
	m.forwardButton = tips.NewButton("", theme.NavigateNextIcon(), "Forward again (Alt+Right)", m.forward)
	m.updateHistoryButtons()
	m.zoomLabel = widget.NewLabel("")

	tools := container.NewHBox(
		m.backButton, m.forwardButton, widget.NewSeparator(),
		m.layoutSelect, m.protocolSelect, m.shadingSelect,
		tips.NewButton("", theme.ZoomOutIcon(), "Zoom out about the selection (-)", func() { m.portMap.ZoomOut() }),
		tips.NewButton("", theme.ZoomFitIcon(), "Fit the whole map (Ctrl+0)", func() { m.portMap.ZoomToFit() }),
		tips.NewButton("", theme.ZoomInIcon(), "Zoom in about the selection (+); Ctrl+wheel zooms about the pointer", func() { m.portMap.ZoomIn() }),
		m.zoomLabel,
		widget.NewSeparator(),
	)
	// In this order for Tab: the tools, the search box, then the map.
	toolbar := container.New(layout.NewBorderLayout(nil, nil, tools, nil), tools, m.searchBox)

	m.session = &listen.Session{}
	m.panel = listeners.New(m.win, listeners.Options{Session: m.session, Tips: tips})
	m.panel.OnSelectPort = m.selectPort
	m.panel.OnNotify = m.notify
	m.panel.OnFeedback = m.say

	// The map's column: the map as wide as it needs, the legend under it
	// (this machine's, or the fleet's while one is shown).
	col := &mapColumn{m: m.portMap, legend: m.legend, fleet: m.fleet.legend,
		scroll: container.NewVScroll(container.NewStack(m.legend, m.fleet.legend))}
	left := container.New(col, m.portMap, col.scroll)
	// The pane over the panel, which keeps room for panelRows rows (the
	// fleet's panel: fleetPanelShare of the height).
	paneArea := container.NewBorder(nil, m.sources, nil, nil, m.pane)
	m.rightSplit = container.NewVSplit(paneArea, container.NewStack(m.panel, m.fleet.panel))
	m.rightAuto = newAutoSplit(m.rightSplit, func(s fyne.Size) float32 {
		if m.FleetShown() {
			return (1 - fleetPanelShare) * s.Height
		}
		return s.Height - 2*theme.Padding() - panelHeight(m.panel, s.Height)
	})
	m.mainSplit = container.NewHSplit(left, container.New(m.rightAuto, m.rightSplit))
	m.mainAuto = newAutoSplit(m.mainSplit, col.mapWidth)
	body := container.New(m.mainAuto, m.mainSplit)

	m.notes = newStatusNotes(m.win)
	m.hoverLine = widget.NewLabel("")
	m.sourceLine = widget.NewLabel("")
	m.listenerLine = widget.NewLabel("Listeners: not polled yet")
	m.pollLine = widget.NewLabel("")
	m.historyLine = widget.NewLabel("")
	m.pauseButton = tips.NewButton("", theme.MediaPauseIcon(), "Pause polling the listeners", m.togglePause)
	refresh := tips.NewButton("", theme.ViewRefreshIcon(), "Poll the listeners now", func() { m.poller.RefreshNow() })
	m.intervalSelect = tips.NewSelect(pollIntervalChoices, "How often the listeners are polled", func(s string) {
		d, err := time.ParseDuration(strings.ReplaceAll(s, " ", ""))
		if err != nil || m.poller == nil || m.poller.SetInterval(d) != nil {
			return
		}
		m.prefs.SetFloat(prefPollInterval, d.Seconds())
	})
	// The hover line takes the room the others leave, cut short if need be:
	// the status bar never widens the window.
	m.hoverLine.Truncation = fyne.TextTruncateEllipsis
	statusRight := container.NewHBox(m.historyLine, m.listenerLine, m.pollLine,
		m.pauseButton, refresh, m.intervalSelect, widget.NewSeparator(), m.notes.box, m.sourceLine)
	status := container.New(layout.NewBorderLayout(nil, nil, nil, statusRight), m.hoverLine, statusRight)
	m.updateSourceLine()

	content := container.New(layout.NewBorderLayout(toolbar, status, nil, nil), toolbar, body, status)
	m.win.SetContent(container.NewStack(content, m.notice.layer, m.tips))
}

// shadingTipOff and shadingTipOn are the shading drop-down's tips.
const (
	shadingTipOff = "Shade by how often nmap finds a port open: needs nmap's nmap-services file, " +
		"which was not found on this system (install nmap to offer it)"
	shadingTipOn = "Shade the map by registry status, or by how often nmap finds a port open (from your nmap-services)"
)

func (m *MainWindow) chooseLayout(s string) {
	if s == portmap.Hilbert.Title() {
		m.portMap.SetLayout(portmap.Hilbert)
	} else {
		m.portMap.SetLayout(portmap.Rows)
	}
	m.updateMenuChecks()
}

func (m *MainWindow) chooseProtocol(s string) {
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
	m.updateMenuChecks()
}

// showZoom says the map's zoom beside the zoom buttons.
func (m *MainWindow) showZoom() {
	if m.zoomLabel != nil {
		m.zoomLabel.SetText(m.portMap.ZoomText())
	}
}

// focusMap gives the keyboard to the map.
func (m *MainWindow) focusMap() {
	m.win.Canvas().Focus(m.portMap)
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
