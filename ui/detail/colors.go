package detail

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/portolan/portolan/registry"
)

// statusColorFor is the colour of a registry status: the badge in the pane's
// header and the swatches of a range summary. The map should shade its
// cells from the same palette (to be unified with ui/portmap).
//
// variant is theme.VariantLight or theme.VariantDark; any other value
// (the test app's) counts as dark.
func statusColorFor(st registry.Status, variant fyne.ThemeVariant) color.Color {
	light := variant == theme.VariantLight
	pick := func(l, d uint32) color.Color {
		c := d
		if light {
			c = l
		}
		return color.NRGBA{R: uint8(c >> 16), G: uint8(c >> 8), B: uint8(c), A: 0xff}
	}
	switch st {
	case registry.Assigned:
		return pick(0x2563eb, 0x60a5fa) // blue
	case registry.Reserved:
		return pick(0xb45309, 0xfbbf24) // amber
	case registry.Other:
		return pick(0x7c3aed, 0xc4b5fd) // violet: de-registered, removed...
	case registry.Unassigned:
		return pick(0x15803d, 0x4ade80) // green: free
	}
	return pick(0x6b7280, 0x9ca3af) // grey: not listed
}

// variantOf is the variant the theme looks like: dark when its background
// is dark, so a custom theme that ignores the variant still gets readable
// status colours.
func variantOf(th fyne.Theme, v fyne.ThemeVariant) fyne.ThemeVariant {
	if luminance(th.Color(theme.ColorNameBackground, v)) > 0.5 {
		return theme.VariantLight
	}
	return theme.VariantDark
}

// contrastText is black or white, whichever reads better on bg.
func contrastText(bg color.Color) color.Color {
	if luminance(bg) > 0.5 {
		return color.NRGBA{R: 0x11, G: 0x11, B: 0x11, A: 0xff}
	}
	return color.White
}

// luminance is the perceived brightness of c, 0 to 1.
func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	return (0.299*float64(r) + 0.587*float64(g) + 0.114*float64(b)) / 0xffff
}
