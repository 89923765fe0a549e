package listeners

import (
	"image/color"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/portolan/portolan/model/listen"
	"github.com/portolan/portolan/ui/internal/apptheme"
)

// Every text colour the table draws, on every background a row can have
// (plain, selected, new, and the hover over a new row), in both themes,
// has a contrast of at least 4.5:1; and a severity is said in words, not
// by colour alone.
func TestCellContrast(t *testing.T) {
	test.NewTempApp(t)
	flagged := lis("tcp", "0.0.0.0", 4444, 812, "nc", "root", "", alert(listen.ReasonNetTool))
	noticed := lis("tcp", "0.0.0.0", 22, 812, "sshd", "root", "ssh", notice(listen.ReasonAllInterfaces))
	calm := lis("udp", "127.0.0.53", 53, 640, "systemd-resolve", "systemd-resolve", "domain")
	gone := &listen.Gone{Listener: flagged, Time: t0}
	rows := map[string]row{
		"alert":      {l: &flagged},
		"alert new":  {l: &flagged, isNew: true},
		"notice":     {l: &noticed},
		"notice new": {l: &noticed, isNew: true},
		"calm":       {l: &calm},
		"calm new":   {l: &calm, isNew: true},
		"gone":       {l: &gone.Listener, gone: gone},
	}
	for _, choice := range []string{apptheme.Light, apptheme.Dark} {
		th := apptheme.For(choice)
		v := th.Variant
		bg := th.Color(theme.ColorNameBackground, v)
		for name, r := range rows {
			for _, selected := range []bool{false, true} {
				for c := range numCols {
					s := styleFor(&r, c, selected)
					under := bg
					if s.back != "" {
						under = apptheme.Over(th.Color(s.back, v), bg)
					}
					hovered := apptheme.Over(th.Color(theme.ColorNameHover, v), under)
					fgName := s.color
					if fgName == "" {
						fgName = theme.ColorNameForeground
					}
					fg := th.Color(fgName, v)
					for what, back := range map[string]color.Color{"": under, " hovered": hovered} {
						if r := apptheme.Contrast(apptheme.Over(fg, back), back); r < apptheme.MinContrast {
							t.Errorf("%s theme, %s row (selected %v), %s%s: %s on %v = %.2f:1", choice, name, selected, columns[c].title, what, fgName, back, r)
						}
					}
				}
				text := cellText(&r, colVerdict, time.UTC)
				if w := SeverityWord(r.l.Severity); r.gone == nil && !strings.HasPrefix(text, w) {
					t.Errorf("a %s row's verdict reads %q, not %q first", r.l.Severity, text, w)
				}
				if r.isNew && r.gone == nil && !strings.Contains(text, verdictNew) {
					t.Errorf("a new row's verdict reads %q: the tint alone says it", text)
				}
			}
		}
	}
}
