// Command genicon draws Portolan's icon, a chart grid of port cells with a
// harbour mark on the centre cell, as assets/icon.svg and assets/icon.png
// from one description of the shapes. Run: go generate ./assets
package main

import (
	"fmt"
	"image"
	"image/color"
	"image/png"
	"log"
	"math"
	"os"
	"strings"
)

// Shapes on a 16x16 grid, so the icon stays crisp at 16 px.
type shape struct {
	x, y, w, h, r float64 // rounded rectangle; a circle is w == h == 2r
	fill          color.RGBA
}

var (
	sea      = color.RGBA{0x0f, 0x2c, 0x4c, 0xff}
	assigned = color.RGBA{0x56, 0xb4, 0xe9, 0xff} // Okabe-Ito sky blue
	reserved = color.RGBA{0xe6, 0x9f, 0x00, 0xff} // orange
	free     = color.RGBA{0x3d, 0x5a, 0x7a, 0xff} // quiet water
	alert    = color.RGBA{0xd5, 0x5e, 0x00, 0xff} // vermillion
	harbour  = color.RGBA{0xff, 0xff, 0xff, 0xff}
)

func shapes() []shape {
	s := []shape{{0, 0, 16, 16, 3, sea}}
	cells := [3][3]color.RGBA{
		{assigned, free, reserved},
		{free, harbour, assigned},
		{assigned, alert, free},
	}
	for row := 0; row < 3; row++ {
		for col := 0; col < 3; col++ {
			s = append(s, shape{1.5 + float64(col)*4.5, 1.5 + float64(row)*4.5, 4, 4, 0.8, cells[row][col]})
		}
	}
	// The harbour mark: a sea-coloured dot inside the white centre cell.
	s = append(s, shape{7, 7, 2, 2, 1, sea})
	return s
}

func (s shape) contains(x, y float64) bool {
	// Distance to a rounded rectangle.
	cx := math.Max(s.x+s.r, math.Min(x, s.x+s.w-s.r))
	cy := math.Max(s.y+s.r, math.Min(y, s.y+s.h-s.r))
	dx, dy := x-cx, y-cy
	return x >= s.x && x <= s.x+s.w && y >= s.y && y <= s.y+s.h && dx*dx+dy*dy <= s.r*s.r
}

func drawPNG(path string, size int) error {
	img := image.NewRGBA(image.Rect(0, 0, size, size))
	const ss = 4 // 4x4 samples a pixel smooth the edges
	scale := 16 / float64(size)
	sh := shapes()
	for py := 0; py < size; py++ {
		for px := 0; px < size; px++ {
			var r, g, b, a float64
			for sy := 0; sy < ss; sy++ {
				for sx := 0; sx < ss; sx++ {
					x := (float64(px) + (float64(sx)+0.5)/ss) * scale
					y := (float64(py) + (float64(sy)+0.5)/ss) * scale
					for i := len(sh) - 1; i >= 0; i-- {
						if sh[i].contains(x, y) {
							c := sh[i].fill
							r, g, b, a = r+float64(c.R), g+float64(c.G), b+float64(c.B), a+255
							break
						}
					}
				}
			}
			n := float64(ss * ss)
			// image.RGBA is alpha-premultiplied: the sample average is it.
			img.SetRGBA(px, py, color.RGBA{uint8(r / n), uint8(g / n), uint8(b / n), uint8(a / n)})
		}
	}
	f, err := os.Create(path + ".tmp")
	if err != nil {
		return err
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(path+".tmp", path)
}

func writeSVG(path string) error {
	var b strings.Builder
	b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16" width="512" height="512">` + "\n")
	b.WriteString("  <title>Portolan: a chart of port cells with a harbour mark</title>\n")
	for _, s := range shapes() {
		fmt.Fprintf(&b, `  <rect x="%g" y="%g" width="%g" height="%g" rx="%g" fill="#%02x%02x%02x"/>`+"\n",
			s.x, s.y, s.w, s.h, s.r, s.fill.R, s.fill.G, s.fill.B)
	}
	b.WriteString("</svg>\n")
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

func main() {
	if err := writeSVG("icon.svg"); err != nil {
		log.Fatal(err)
	}
	if err := drawPNG("icon.png", 512); err != nil {
		log.Fatal(err)
	}
	if err := drawPNG("icon-16.png", 16); err != nil {
		log.Fatal(err)
	}
}
