package ui

import (
	"fyne.io/fyne/v2"

	"github.com/portolan/portolan/ui/detail"
	"github.com/portolan/portolan/ui/internal/apptheme"
)

// Preference keys kept between runs (Fyne's preferences API).
const (
	prefWindowWidth  = "window.width"
	prefWindowHeight = "window.height"
	prefLayout       = "map.layout"         // "rows" or "hilbert"
	prefZoom         = "map.zoom"           // pixels per port; 0 = fit
	prefProtocol     = "map.protocol"       // "", "tcp", "udp", "sctp", "dccp"
	prefTheme        = "view.theme"         // "system", "light", "dark"
	prefNotify       = "listeners.notify"   // system notifications for new flagged listeners
	prefPollInterval = "listeners.interval" // seconds between polls
	// the body's splits as the user left them (0..1), or 0: not moved
	prefSplitMap   = "window.split.map"   // map | pane and panel
	prefSplitPanel = "window.split.panel" // pane / panel
)

// Theme choices of the View menu.
const (
	themeSystem = apptheme.System
	themeLight  = apptheme.Light
	themeDark   = apptheme.Dark
)

// themeFor is the app's theme for a choice of the View menu: legible colours
// (apptheme) that also answer the detail pane's text sizes (detail.Theme).
func themeFor(choice string) fyne.Theme { return detail.Theme(apptheme.For(choice)) }

// clampFloat keeps a stored number in range; a corrupt preference falls back.
func clampFloat(v, lo, hi, fallback float64) float64 {
	if v != v || v < lo || v > hi { // v != v: NaN
		return fallback
	}
	return v
}
