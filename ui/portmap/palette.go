package portmap

// The map's colours. Status is told by hue, from the Okabe-Ito set that
// people with any of the common colour-vision deficiencies can tell apart,
// and by lightness (every status pair differs in lightness too, so the map
// reads even in grey). The range (System, User, Dynamic) is a step of
// lightness on top, never a hue. The ephemeral range is striped over the
// image (ephemeral.go), search hits are drawn in ink with the other cells
// faded, and the selected range is darkened (light theme) or lightened
// (dark theme) and outlined: none of them rely on hue either.

import (
	"encoding/binary"
	"image/color"
	"math"
	"slices"

	"github.com/portolan/portolan/registry"
)

// palette is the set of colours for one theme variant.
type palette struct {
	dark bool
	// background is the colour the map fades to (the theme's background
	// in spirit), ink the strongest contrast to it.
	background, ink color.NRGBA
	// status colours of a User-range port, by registry.Status.
	status [5]color.NRGBA
	// unassigned is the colour of free ports by range: most of the map, so
	// its range steps are set by hand (System darkest in the light theme,
	// lightest in the dark one; Dynamic closest to the background).
	unassigned [3]color.NRGBA
	// unauthorized marks a port with a known unauthorized use.
	unauthorized color.NRGBA
	// classShift is the lightness step of each range: toward ink (System,
	// stronger) or toward the background (Dynamic, weaker), in 1/256.
	classToInk [3]int
	classToBg  [3]int
	// inRange is how far (1/256) a selected range moves toward ink.
	inRange int
	// fade is how far (1/256) a cell that is not a search hit moves toward
	// the background while a search is shown.
	fade int
	// hit colours a search hit.
	hit color.NRGBA

	// The colours of the shapes over the image are interface values made
	// once, so that laying shapes out allocates nothing.

	// hitRing circles a lone search hit.
	hitRing color.Color
	// listener marks a live listener; flagged one the user should look at.
	listener, listenerStroke, flagged color.Color
	// hover and selection outlines; selection has an inner contrasting line.
	hover, selection, selectionInner color.Color
	// rangeOutline outlines the selected range.
	rangeOutline color.Color
	// label is the port number text on light (black) and on dark (white)
	// cells.
	labelOnLight, labelOnDark color.Color

	// The "how often found open" shading (ShadeFrequency).

	// ramp is the sequential scale from rarely (0) to often (1) found open,
	// from near the background to the strongest contrast with it; see
	// rampColour.
	ramp []color.NRGBA
	// notInNmap is a port nmap-services does not list: a near-grey a step
	// from the background, tinted (cool on light, warm on dark) so that it
	// stays apart from the pale end of the ramp also for tritanopes.
	notInNmap color.NRGBA
}

func rgb(v uint32) color.NRGBA {
	return color.NRGBA{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v), A: 0xff}
}

var (
	lightPalette = palette{
		background: rgb(0xffffff),
		ink:        rgb(0x111111),
		status: [5]color.NRGBA{
			registry.Unassigned: rgb(0xe6dfd1), // warm paper
			registry.NotListed:  rgb(0xa9cfe8), // pale sky blue
			registry.Other:      rgb(0xcc79a7), // Okabe-Ito reddish purple
			registry.Reserved:   rgb(0xe69f00), // Okabe-Ito orange
			registry.Assigned:   rgb(0x0068a8), // Okabe-Ito blue, a little darker
		},
		unassigned:     [3]color.NRGBA{rgb(0xd3cab8), rgb(0xe6dfd1), rgb(0xf6f3ec)},
		unauthorized:   rgb(0x9c3300), // Okabe-Ito vermillion, darkened
		classToInk:     [3]int{registry.System: 40},
		classToBg:      [3]int{registry.Dynamic: 56},
		inRange:        80,
		fade:           176,
		hit:            rgb(0x111111),
		hitRing:        rgb(0x111111),
		listener:       rgb(0xffffff),
		listenerStroke: rgb(0x111111),
		flagged:        rgb(0xd55e00),
		hover:          rgb(0x111111),
		selection:      rgb(0x111111),
		selectionInner: rgb(0xffffff),
		rangeOutline:   rgb(0x111111),
		labelOnLight:   rgb(0x000000),
		labelOnDark:    rgb(0xffffff),
		ramp:           viridisReversed,
		notInNmap:      rgb(0xeaf2fa),
	}
	darkPalette = palette{
		dark:       true,
		background: rgb(0x171718),
		ink:        rgb(0xf3f3f3),
		status: [5]color.NRGBA{
			registry.Unassigned: rgb(0x3a362f), // warm dark
			registry.NotListed:  rgb(0x33566e), // slate blue
			registry.Other:      rgb(0xc673a4),
			registry.Reserved:   rgb(0xe69f00),
			registry.Assigned:   rgb(0x2f86c8), // Okabe-Ito blue, lighter for a dark ground
		},
		unassigned:     [3]color.NRGBA{rgb(0x4a453b), rgb(0x38342d), rgb(0x272522)},
		unauthorized:   rgb(0xffd8c2), // vermillion, pale
		classToBg:      [3]int{registry.User: 36, registry.Dynamic: 64},
		inRange:        72,
		fade:           150,
		hit:            rgb(0xf3f3f3),
		hitRing:        rgb(0xf3f3f3),
		listener:       rgb(0x171718),
		listenerStroke: rgb(0xf3f3f3),
		flagged:        rgb(0xff7a33),
		hover:          rgb(0xf3f3f3),
		selection:      rgb(0xf3f3f3),
		selectionInner: rgb(0x171718),
		rangeOutline:   rgb(0xf3f3f3),
		labelOnLight:   rgb(0x000000),
		labelOnDark:    rgb(0xffffff),
		ramp:           viridis,
		notInNmap:      rgb(0x29231d),
	}
)

// viridis is matplotlib's viridis in steps of a ninth, from its second
// (violet: the first, near black, is too close to the dark ground and to
// the dark theme's grey) to yellow. Its lightness rises evenly and people
// with any common colour-vision deficiency read it in the same order. On a
// dark ground it runs as is (often found open = bright); on a light ground
// reversed (often = dark), so that in both themes "often" stands out most.
var (
	viridis = []color.NRGBA{
		rgb(0x482878), rgb(0x3e4989), rgb(0x31688e), rgb(0x26828e),
		rgb(0x1f9e89), rgb(0x35b779), rgb(0x6ece58), rgb(0xb5de2b), rgb(0xfde725),
	}
	viridisReversed = func() []color.NRGBA {
		r := slices.Clone(viridis)
		slices.Reverse(r)
		return r
	}()
)

// paletteFor picks the palette for a theme whose background is bg: dark
// when the background is dark, whatever the variant is called.
func paletteFor(bg color.Color) *palette {
	if luminance(bg) < 0.5 {
		return &darkPalette
	}
	return &lightPalette
}

// luminance is the relative luminance (0 black .. 1 white) of c.
func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	return (0.2126*lin(float64(r)/0xffff) + 0.7152*lin(float64(g)/0xffff) + 0.0722*lin(float64(b)/0xffff))
}

func lin(v float64) float64 {
	if v <= 0.04045 {
		return v / 12.92
	}
	return math.Pow((v+0.055)/1.055, 2.4)
}

// mix moves a toward b by t/256.
func mix(a, b color.NRGBA, t int) color.NRGBA {
	f := func(x, y uint8) uint8 { return uint8((int(x)*(256-t) + int(y)*t + 128) / 256) }
	return color.NRGBA{R: f(a.R, b.R), G: f(a.G, b.G), B: f(a.B, b.B), A: 0xff}
}

// base is the colour of a cell before overlays.
func (p *palette) base(st registry.Status, class registry.RangeClass, unauthorized bool) color.NRGBA {
	c := p.status[st]
	switch {
	case unauthorized:
		c = p.unauthorized
	case st == registry.Unassigned:
		return p.unassigned[class]
	}
	if t := p.classToInk[class]; t > 0 {
		c = mix(c, p.ink, t)
	}
	if t := p.classToBg[class]; t > 0 {
		c = mix(c, p.background, t)
	}
	return c
}

// The colour look-up table: one packed RGBA per combination of what a cell
// can be. Index bits:
const (
	lutStatusShift = 0 // 3 bits: registry.Status
	lutClassShift  = 3 // 2 bits: registry.RangeClass
	lutUnauthBit   = 1 << 5
	lutRangeBit    = 1 << 7 // inside the selected range
	lutHitBit      = 1 << 8 // a search hit
	lutFadeBit     = 1 << 9 // a search is shown and this is no hit
	lutSize        = 1 << 10

	lutOverlayBits = lutRangeBit | lutHitBit | lutFadeBit
)

type lut [lutSize]uint32

// pack stores c so that binary.LittleEndian.PutUint32 writes R, G, B, A.
func pack(c color.NRGBA) uint32 {
	return uint32(c.R) | uint32(c.G)<<8 | uint32(c.B)<<16 | uint32(c.A)<<24
}

func unpack(v uint32) color.NRGBA {
	var b [4]byte
	binary.LittleEndian.PutUint32(b[:], v)
	return color.NRGBA{R: b[0], G: b[1], B: b[2], A: b[3]}
}

// cell is the final colour of a cell with the given look-up index.
func (p *palette) cell(idx int) color.NRGBA {
	st := registry.Status(idx >> lutStatusShift & 7)
	class := registry.RangeClass(idx >> lutClassShift & 3)
	if st > registry.Assigned || class > registry.Dynamic {
		return p.background
	}
	return p.overlay(p.base(st, class, idx&lutUnauthBit != 0), idx)
}

// overlay adds what the overlay bits of idx draw in the image to a cell of
// colour c: the same in both shadings.
func (p *palette) overlay(c color.NRGBA, idx int) color.NRGBA {
	if idx&lutRangeBit != 0 {
		c = mix(c, p.ink, p.inRange)
	}
	switch {
	case idx&lutHitBit != 0:
		c = p.hit
	case idx&lutFadeBit != 0:
		c = mix(c, p.background, p.fade)
	}
	return c
}

// fill computes the whole table.
func (p *palette) fill(t *lut) {
	for i := range t {
		t[i] = pack(p.cell(i))
	}
}

// The frequency look-up table (ShadeFrequency) has the same overlay bits;
// its low six bits are a shade level instead of status, range and
// unauthorized use:
const (
	shadeLevels  = 63 // levels of the ramp: 1..shadeLevels
	shadeNotInIt = 0  // the level of a port nmap does not list
	lutShadeMask = 0x3f
)

// shadeLevel quantizes a shade (0 rarely .. 1 often found open) to a level
// of the ramp, 1..shadeLevels; NaN counts as 0.
func shadeLevel(s float64) uint8 {
	if !(s > 0) {
		s = 0
	}
	return 1 + uint8(math.Round(min(s, 1)*(shadeLevels-1)))
}

// levelShade is the shade in the middle of level's step, 0..1.
func levelShade(level int) float64 {
	return float64(level-1) / (shadeLevels - 1)
}

// rampColour is the colour of shade s (0..1) on the ramp, interpolated
// between its steps.
func (p *palette) rampColour(s float64) color.NRGBA {
	s = min(max(s, 0), 1) * float64(len(p.ramp)-1)
	i := min(int(s), len(p.ramp)-2)
	return mix(p.ramp[i], p.ramp[i+1], int(math.Round((s-float64(i))*256)))
}

// shadeCell is the final colour, in the frequency shading, of a cell with
// the given look-up index.
func (p *palette) shadeCell(idx int) color.NRGBA {
	level := idx & lutShadeMask
	c := p.notInNmap
	if level != shadeNotInIt {
		c = p.rampColour(levelShade(level))
	}
	return p.overlay(c, idx)
}

// fillShades computes the whole frequency table.
func (p *palette) fillShades(t *lut) {
	for i := range t {
		t[i] = pack(p.shadeCell(i))
	}
}

// label is the colour of a port number drawn on a cell of colour c: black
// or white, whichever stands out more (one of them always reaches 4.58:1,
// at a luminance of 0.179 where both do).
func (p *palette) label(c color.NRGBA) color.Color {
	l := luminance(c)
	if (l+0.05)/0.05 > 1.05/(l+0.05) {
		return p.labelOnLight
	}
	return p.labelOnDark
}
