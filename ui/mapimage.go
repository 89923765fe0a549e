package ui

// File → Export map image: the map as it is shown (layout, protocol,
// shading, overlays, marks, orientation) under a title, with its legend,
// as a PNG at a chosen scale, drawn by Fyne's software painter.

import (
	"fmt"
	"image"
	"image/png"
	"math"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/software"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/portolan/portolan/ui/portmap"
)

// mapImageScales are the scales offered: the map is drawn two units a
// port, at this many pixels a unit.
var mapImageScales = []struct {
	label string
	scale float32
}{
	{"Small: 2 pixels a port (about 700 pixels across)", 1},
	{"Medium: 4 pixels a port (about 1,400 pixels across)", 2},
	{"Large: 8 pixels a port (about 2,800 pixels across)", 4},
}

func (m *MainWindow) exportMapImage() {
	labels := make([]string, len(mapImageScales))
	for i, s := range mapImageScales {
		labels[i] = s.label
	}
	choice := widget.NewRadioGroup(labels, nil)
	choice.SetSelected(labels[1])
	body := container.NewVBox(widget.NewLabel("The map as it is shown now, with its title and legend, as a PNG image."), choice)
	dialog.ShowCustomConfirm("Export map image", "Choose the file...", "Cancel", body, func(ok bool) {
		if !ok {
			return
		}
		scale := float32(2)
		for _, s := range mapImageScales {
			if s.label == choice.Selected {
				scale = s.scale
			}
		}
		d := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
			if err != nil {
				dialog.ShowError(fmt.Errorf("could not open the file to save the image in: %w", err), m.win)
				return
			}
			if wc == nil {
				return // cancelled
			}
			img := renderMapImage(m.portMap, m.mapTitle(), m.mapSubtitle(), scale)
			err = png.Encode(wc, img)
			if cerr := wc.Close(); err == nil && cerr != nil {
				err = cerr
			}
			if err != nil {
				dialog.ShowError(fmt.Errorf("could not write the image to %s: %w; the file may be incomplete", wc.URI().Path(), err), m.win)
				return
			}
			b := img.Bounds()
			m.say(fmt.Sprintf("Saved the map image (%d × %d pixels) to %s", b.Dx(), b.Dy(), wc.URI().Path()))
		}, m.win)
		d.SetFileName("portolan-map.png")
		d.SetFilter(storage.NewExtensionFileFilter([]string{".png"}))
		d.Show()
	}, m.win)
}

// mapTitle and mapSubtitle say what the image shows.
func (m *MainWindow) mapTitle() string {
	proto := m.protocol.String()
	if proto == "" {
		proto = "any protocol"
	}
	what := "registry status"
	if m.portMap.Shading() == portmap.ShadeFrequency {
		what = "how often nmap finds them open"
	}
	return fmt.Sprintf("The 65,536 ports by %s (%s), %s layout", what, proto, m.portMap.Layout().Title())
}

func (m *MainWindow) mapSubtitle() string {
	return "Portolan " + Version + " · registry: " + m.choice.Describe() + " · " + time.Now().Format("2006-01-02 15:04")
}

// renderMapImage draws a copy of pm at two units a port with its gutters,
// the title and subtitle above it and the legend below, at scale pixels
// a unit, in the app's theme.
func renderMapImage(pm *portmap.Map, title, subtitle string, scale float32) image.Image {
	th := fyne.CurrentApp().Settings().Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	pad := 2 * th.Size(theme.SizeNamePadding)

	clone := pm.Clone()
	side := portmap.Side*2 + 2*th.Size(theme.SizeNameScrollBar)
	mapW := clone.WidthFor(side)
	legend := portmap.NewLegend()
	legend.SetShading(pm.Shading())

	head := canvas.NewText(title, th.Color(theme.ColorNameForeground, v))
	head.TextStyle.Bold = true
	head.TextSize = th.Size(theme.SizeNameSubHeadingText)
	sub := canvas.NewText(subtitle, th.Color(theme.ColorNamePlaceHolder, v))
	sub.TextSize = th.Size(theme.SizeNameCaptionText)
	width := fyne.Max(mapW, fyne.Max(head.MinSize().Width, sub.MinSize().Width)+4*pad)
	legendH := legend.HeightFor(width - 2*pad)

	y := pad
	head.Move(fyne.NewPos(pad, y))
	head.Resize(head.MinSize())
	y += head.MinSize().Height
	sub.Move(fyne.NewPos(pad, y))
	sub.Resize(sub.MinSize())
	y += sub.MinSize().Height
	clone.Move(fyne.NewPos((width-mapW)/2, y))
	clone.Resize(fyne.NewSize(mapW, side))
	y += side
	legend.Move(fyne.NewPos(pad, y))
	legend.Resize(fyne.NewSize(width-2*pad, legendH))
	y += legendH + pad
	// whole units, so that every scale gives whole pixels
	width, y = float32(math.Ceil(float64(width))), float32(math.Ceil(float64(y)))
	back := canvas.NewRectangle(th.Color(theme.ColorNameBackground, v))
	back.Resize(fyne.NewSize(width, y))

	c := software.NewCanvas()
	c.SetPadded(false)
	c.SetScale(scale)
	c.SetContent(container.NewWithoutLayout(back, head, sub, clone, legend))
	c.Resize(fyne.NewSize(width, y))
	return c.Capture()
}
