package detail

import (
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/portolan/portolan/registry"
	"github.com/portolan/portolan/ui/internal/apptheme"
)

// The pane's own colours are legible in both themes: a status written in
// its colour on the background, and a badge's text on its pill. (The
// theme's text colours are apptheme's test.)
func TestStatusColourContrast(t *testing.T) {
	test.NewTempApp(t)
	for _, choice := range []string{apptheme.Light, apptheme.Dark} {
		th := apptheme.For(choice)
		bg := th.Color(theme.ColorNameBackground, th.Variant)
		for st := registry.Status(0); st <= registry.Assigned; st++ {
			c := statusColorFor(st, variantOf(th, th.Variant))
			if r := apptheme.Contrast(c, bg); r < apptheme.MinContrast {
				t.Errorf("%s theme: the word %q is %.2f:1 on the background", choice, st, r)
			}
			if r := apptheme.Contrast(contrastText(c), c); r < apptheme.MinContrast {
				t.Errorf("%s theme: the %q badge's text is %.2f:1 on its pill", choice, st, r)
			}
		}
	}
}
