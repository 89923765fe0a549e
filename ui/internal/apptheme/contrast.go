package apptheme

import (
	"image/color"
	"math"
)

// MinContrast is the least contrast ratio of text against its background
// (WCAG 2 level AA for body text).
const MinContrast = 4.5

// Luminance is the relative luminance of c (0 black .. 1 white), as WCAG
// defines it; alpha is ignored (composite with Over first).
func Luminance(c color.Color) float64 {
	r, g, b, _ := color.NRGBAModel.Convert(c).(color.NRGBA).RGBA()
	return 0.2126*linear(float64(r)/0xffff) + 0.7152*linear(float64(g)/0xffff) + 0.0722*linear(float64(b)/0xffff)
}

func linear(v float64) float64 {
	if v <= 0.04045 {
		return v / 12.92
	}
	return math.Pow((v+0.055)/1.055, 2.4)
}

// Contrast is the WCAG contrast ratio of two opaque colours, 1 to 21.
func Contrast(a, b color.Color) float64 {
	la, lb := Luminance(a), Luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// Over is c drawn over the opaque colour under: what a translucent colour
// looks like on screen.
func Over(c, under color.Color) color.NRGBA {
	f := color.NRGBAModel.Convert(c).(color.NRGBA)
	u := color.NRGBAModel.Convert(under).(color.NRGBA)
	a := int(f.A)
	mixc := func(x, y uint8) uint8 { return uint8((int(x)*a + int(y)*(255-a) + 127) / 255) }
	return color.NRGBA{R: mixc(f.R, u.R), G: mixc(f.G, u.G), B: mixc(f.B, u.B), A: 0xff}
}

// Legible is c, moved toward black on a light background or toward white
// on a dark one only as far as needed for text in it to reach MinContrast
// against bg (with a little margin): its hue stays.
func Legible(c, bg color.Color) color.NRGBA {
	n := Over(c, bg)
	target := color.NRGBA{A: 0xff}
	if Luminance(bg) < 0.5 {
		target = color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff}
	}
	for t := 0; t <= 256; t += 4 {
		m := mix(n, target, t)
		if Contrast(m, bg) >= MinContrast+0.1 {
			return m
		}
	}
	return target
}

// mix moves a toward b by t/256.
func mix(a, b color.NRGBA, t int) color.NRGBA {
	f := func(x, y uint8) uint8 { return uint8((int(x)*(256-t) + int(y)*t + 128) / 256) }
	return color.NRGBA{R: f(a.R, b.R), G: f(a.G, b.G), B: f(a.B, b.B), A: 0xff}
}
