// Package apptheme is Portolan's theme: Fyne's default, forced to the
// light or dark variant when the user chose one, with every colour that
// text is drawn in made legible (contrast at least MinContrast against
// the background it is drawn on), and the contrast arithmetic that checks
// it. It imports Fyne only; the ui packages and their tests import it.
package apptheme

import (
	"image/color"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// The theme choices of the View menu, as kept in the preferences.
const (
	System = "system"
	Light  = "light"
	Dark   = "dark"
)

// Theme is the app's theme. Its zero value follows the system's variant.
type Theme struct {
	// Variant, when Forced, replaces the variant the system asks for.
	Variant fyne.ThemeVariant
	Forced  bool
}

var _ fyne.Theme = Theme{}

// For is the theme of a View menu choice (System, Light or Dark); any
// other word is System.
func For(choice string) Theme {
	switch choice {
	case Light:
		return Theme{Variant: theme.VariantLight, Forced: true}
	case Dark:
		return Theme{Variant: theme.VariantDark, Forced: true}
	}
	return Theme{}
}

// ColorNameNewRow is Portolan's own colour, asked of the theme like
// Fyne's: the tint behind a listener that appeared lately, a translucent
// blue apart from the selection by its lightness and never the only sign
// (the row also says "new"). Other themes do not know it: NewRowTint
// stands in.
const ColorNameNewRow fyne.ThemeColorName = "portolan-new-row"

// NewRowTint is the tint of ColorNameNewRow.
var NewRowTint color.Color = newRow

// textColours are the theme colours text is written in on the window's
// background (and on the input, header, menu and overlay backgrounds,
// which differ from it by a few percent): each is made legible.
var textColours = map[fyne.ThemeColorName]bool{
	theme.ColorNamePrimary:     true,
	theme.ColorNameHyperlink:   true,
	theme.ColorNameError:       true,
	theme.ColorNameWarning:     true,
	theme.ColorNameSuccess:     true,
	theme.ColorNamePlaceHolder: true,
	theme.ColorNameForeground:  true,
}

// rowColours are the text colours of the rows of lists and tables, which
// may be selected or tinted: they stay legible on those tints too.
var rowColours = map[fyne.ThemeColorName]bool{
	theme.ColorNameForeground: true,
	theme.ColorNameError:      true, // an alert's verdict
	theme.ColorNamePrimary:    true, // a notice's verdict
}

// Color is Fyne's colour, made legible where text is drawn in it.
func (t Theme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if t.Forced {
		v = t.Variant
	}
	def := theme.DefaultTheme()
	bg := def.Color(theme.ColorNameBackground, v)
	rows := rowColours[n]
	switch n {
	case theme.ColorNameForegroundOnPrimary, theme.ColorNameForegroundOnError,
		theme.ColorNameForegroundOnWarning, theme.ColorNameForegroundOnSuccess:
		// These colours are legible on the background, so the background
		// is legible on them.
		return bg
	case ColorNameNewRow:
		return newRow
	}
	c := def.Color(n, v)
	if !textColours[n] {
		return c
	}
	key := legibleKey{color.NRGBAModel.Convert(c).(color.NRGBA), v, rows}
	if l, ok := legibleMemo.Load(key); ok {
		return l.(color.NRGBA)
	}
	// The darkest (light theme) or lightest (dark theme) of the
	// backgrounds text sits on decides.
	l := Legible(c, darkestBackground(def, v, bg, rows))
	legibleMemo.Store(key, l)
	return l
}

// legibleMemo remembers Legible's answers: Color is asked at every
// refresh, and the answer depends only on the colour and the variant.
var legibleMemo sync.Map // legibleKey -> color.NRGBA

type legibleKey struct {
	c    color.NRGBA
	v    fyne.ThemeVariant
	rows bool
}

// darkestBackground is, of the backgrounds text is drawn on, the one
// closest to the text: in the light theme the darkest (a selected row),
// in the dark one the lightest.
func darkestBackground(def fyne.Theme, v fyne.ThemeVariant, bg color.Color, rows bool) color.Color {
	light := Luminance(bg) >= 0.5
	worst := bg
	consider := func(c color.Color) {
		if l := Luminance(c); (light && l < Luminance(worst)) || (!light && l > Luminance(worst)) {
			worst = c
		}
	}
	for _, n := range TextBackgrounds {
		consider(Over(def.Color(n, v), bg))
	}
	if rows {
		// Rows of lists and tables: selected or new, and hovered.
		hover := def.Color(theme.ColorNameHover, v)
		consider(Over(hover, Over(def.Color(theme.ColorNameSelection, v), bg)))
		consider(Over(hover, Over(newRow, bg)))
	}
	return worst
}

// newRow is the tint of ColorNameNewRow.
var newRow = color.NRGBA{R: 0x29, G: 0x6f, B: 0xf6, A: 0x24}

// TextBackgrounds are the theme colours text is drawn on.
var TextBackgrounds = []fyne.ThemeColorName{
	theme.ColorNameBackground, theme.ColorNameInputBackground, theme.ColorNameHeaderBackground,
	theme.ColorNameMenuBackground, theme.ColorNameOverlayBackground, theme.ColorNameButton,
}

// Font is Fyne's.
func (Theme) Font(s fyne.TextStyle) fyne.Resource { return theme.DefaultTheme().Font(s) }

// Icon is Fyne's.
func (Theme) Icon(n fyne.ThemeIconName) fyne.Resource { return theme.DefaultTheme().Icon(n) }

// Size is Fyne's.
func (Theme) Size(n fyne.ThemeSizeName) float32 { return theme.DefaultTheme().Size(n) }
