package apptheme

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

func TestContrastArithmetic(t *testing.T) {
	t.Parallel()
	black, white := color.Black, color.White
	if r := Contrast(black, white); r < 20.99 || r > 21.01 {
		t.Errorf("black on white = %.2f, want 21", r)
	}
	if r := Contrast(white, white); r != 1 {
		t.Errorf("white on white = %.2f, want 1", r)
	}
	// Fyne's light warning orange on white: the issue measured 2.2:1.
	if r := Contrast(color.NRGBA{R: 0xff, G: 0x98, A: 0xff}, white); r < 2.0 || r > 2.3 {
		t.Errorf("#ff9800 on white = %.2f, want about 2.2", r)
	}
	half := Over(color.NRGBA{A: 0x80}, white)
	if half.R < 0x7e || half.R > 0x80 {
		t.Errorf("half-transparent black over white = %v", half)
	}
	for _, bg := range []color.Color{white, color.NRGBA{R: 0x17, G: 0x17, B: 0x18, A: 0xff}} {
		for _, c := range []color.Color{color.NRGBA{R: 0xff, G: 0x98, A: 0xff}, color.NRGBA{R: 0x43, G: 0xf4, B: 0x36, A: 0xff}, color.NRGBA{R: 0x28, G: 0x28, B: 0x30, A: 0xff}} {
			if r := Contrast(Legible(c, bg), bg); r < MinContrast {
				t.Errorf("Legible(%v) on %v = %.2f", c, bg, r)
			}
		}
	}
}

// textOn is every pair of a text colour and the background it is drawn
// on, by Fyne's widgets and by Portolan's own.
var textOn = []struct {
	text fyne.ThemeColorName
	on   []fyne.ThemeColorName // composited in order over the background
}{
	{theme.ColorNameForeground, nil},
	{theme.ColorNamePlaceHolder, nil},
	{theme.ColorNamePrimary, nil},
	{theme.ColorNameHyperlink, nil},
	{theme.ColorNameError, nil},
	{theme.ColorNameWarning, nil},
	{theme.ColorNameSuccess, nil},
	{theme.ColorNameForegroundOnPrimary, []fyne.ThemeColorName{theme.ColorNamePrimary}},
	{theme.ColorNameForegroundOnError, []fyne.ThemeColorName{theme.ColorNameError}},
	{theme.ColorNameForegroundOnWarning, []fyne.ThemeColorName{theme.ColorNameWarning}},
	{theme.ColorNameForegroundOnSuccess, []fyne.ThemeColorName{theme.ColorNameSuccess}},
	// a selected list or table row, a hovered one, a new listener's row
	{theme.ColorNameForeground, []fyne.ThemeColorName{theme.ColorNameSelection}},
	{theme.ColorNameForeground, []fyne.ThemeColorName{theme.ColorNameHover}},
	{theme.ColorNameForeground, []fyne.ThemeColorName{ColorNameNewRow}},
	{theme.ColorNameError, []fyne.ThemeColorName{ColorNameNewRow}},
	{theme.ColorNameError, []fyne.ThemeColorName{theme.ColorNameSelection}},
	{theme.ColorNameForeground, []fyne.ThemeColorName{ColorNameNewRow, theme.ColorNameHover}},
	{theme.ColorNameError, []fyne.ThemeColorName{theme.ColorNameSelection, theme.ColorNameHover}},
}

// TestTextContrast computes the contrast of every text colour of the
// theme against every background it is drawn on, in both variants.
func TestTextContrast(t *testing.T) {
	test.NewTempApp(t)
	for _, choice := range []string{Light, Dark} {
		th := For(choice)
		v := th.Variant
		for _, pair := range textOn {
			bases := TextBackgrounds
			if len(pair.on) > 0 {
				// rows of tables and lists, on the window's background
				bases = bases[:1]
			}
			for _, base := range bases {
				bg := Over(th.Color(base, v), th.Color(theme.ColorNameBackground, v))
				for _, layer := range pair.on {
					bg = Over(th.Color(layer, v), bg)
				}
				fg := Over(th.Color(pair.text, v), bg)
				if r := Contrast(fg, bg); r < MinContrast {
					t.Errorf("%s theme: %s on %s%v = %.2f:1, want >= %.1f (%v on %v)", choice, pair.text, base, pair.on, r, MinContrast, fg, bg)
				}
			}
		}
	}
}

// TestDefaultThemeFailsWithoutLegible proves the test above can fail:
// Fyne's own light theme has text colours under 4.5:1.
func TestDefaultThemeFailsWithoutLegible(t *testing.T) {
	test.NewTempApp(t)
	def := theme.DefaultTheme()
	bg := def.Color(theme.ColorNameBackground, theme.VariantLight)
	low := 0
	for _, n := range []fyne.ThemeColorName{theme.ColorNameWarning, theme.ColorNameSuccess, theme.ColorNamePlaceHolder, theme.ColorNameError} {
		if Contrast(def.Color(n, theme.VariantLight), bg) < MinContrast {
			low++
		}
	}
	if low != 4 {
		t.Errorf("%d of Fyne's light text colours are under %.1f:1, expected 4", low, MinContrast)
	}
}

func TestChoice(t *testing.T) {
	test.NewTempApp(t)
	light := For(Light).Color(theme.ColorNameBackground, theme.VariantDark)
	dark := For(Dark).Color(theme.ColorNameBackground, theme.VariantLight)
	if Luminance(light) < 0.9 || Luminance(dark) > 0.1 {
		t.Errorf("forced variants: light background %v, dark %v", light, dark)
	}
	sys := For("whatever")
	if sys.Forced {
		t.Error("an unknown choice forces a variant")
	}
	if Luminance(sys.Color(theme.ColorNameBackground, theme.VariantDark)) > 0.1 {
		t.Error("the system choice ignores the variant asked for")
	}
}
