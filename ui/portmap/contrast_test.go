package portmap

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/portolan/portolan/ui/internal/apptheme"
)

// Every text the map draws is legible (4.5:1) on what it is drawn on, in
// both themes: the port numbers on every colour a cell can take, and the
// block and range labels on their backdrop over any cell.
func TestMapTextContrast(t *testing.T) {
	test.NewTempApp(t)
	for _, c := range []struct {
		name string
		pal  *palette
		th   apptheme.Theme
	}{
		{"light", &lightPalette, apptheme.For(apptheme.Light)},
		{"dark", &darkPalette, apptheme.For(apptheme.Dark)},
	} {
		var cells []color.NRGBA
		for i := range lutSize {
			cells = append(cells, c.pal.cell(i), c.pal.shadeCell(i))
		}
		worst := 99.0
		for _, cell := range cells {
			if r := apptheme.Contrast(c.pal.label(cell), cell); r < worst {
				worst = r
			}
			if r := apptheme.Contrast(c.pal.label(cell), cell); r < apptheme.MinContrast {
				t.Errorf("%s: a port number on %v is %.2f:1", c.name, cell, r)
				break
			}
		}
		t.Logf("%s: the port numbers' worst contrast is %.2f:1", c.name, worst)
		// Block labels: the theme's text on the backdrop over any cell.
		v := c.th.Variant
		fg := c.th.Color(theme.ColorNameForeground, v)
		back := withAlpha(c.th.Color(theme.ColorNameBackground, v), labelBackdropAlpha)
		for _, cell := range cells {
			under := apptheme.Over(back, cell)
			if r := apptheme.Contrast(fg, under); r < apptheme.MinContrast {
				t.Errorf("%s: a block label over %v is %.2f:1", c.name, cell, r)
				break
			}
		}
	}
}
