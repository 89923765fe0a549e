package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/portolan/portolan/ui/detail"
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
)

// Theme choices of the View menu.
const (
	themeSystem = "system"
	themeLight  = "light"
	themeDark   = "dark"
)

// variantTheme forces the light or dark variant of the default theme;
// "system" uses the default theme as it is.
type variantTheme struct {
	fyne.Theme
	variant fyne.ThemeVariant
}

func (t variantTheme) Color(name fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return t.Theme.Color(name, t.variant)
}

// themeFor is the app's theme for a choice of the View menu; it answers
// the detail pane's text sizes too (detail.Theme).
func themeFor(choice string) fyne.Theme {
	switch choice {
	case themeLight:
		return detail.Theme(variantTheme{theme.DefaultTheme(), theme.VariantLight})
	case themeDark:
		return detail.Theme(variantTheme{theme.DefaultTheme(), theme.VariantDark})
	}
	return detail.Theme(theme.DefaultTheme())
}

// clampFloat keeps a stored number in range; a corrupt preference falls back.
func clampFloat(v, lo, hi, fallback float64) float64 {
	if v != v || v < lo || v > hi { // v != v: NaN
		return fallback
	}
	return v
}
