package portmap

import (
	"fmt"
	"image/color"
	"math"
	"testing"

	"github.com/portolan/portolan/registry"
)

// Colour-vision deficiency simulation: Machado, Oliveira and Fernandes
// (2009), severity 1.0, applied in linear RGB.
var cvdMatrices = map[string][3][3]float64{
	"normal": {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}},
	"protanopia": {
		{0.152286, 1.052583, -0.204868},
		{0.114503, 0.786281, 0.099216},
		{-0.003882, -0.048116, 1.051998}},
	"deuteranopia": {
		{0.367322, 0.860646, -0.227968},
		{0.280085, 0.672501, 0.047413},
		{-0.011820, 0.042940, 0.968881}},
	"tritanopia": {
		{1.255528, -0.076749, -0.178779},
		{-0.078411, 0.930809, 0.147602},
		{0.004733, 0.691367, 0.303900}},
}

type lab struct{ L, A, B float64 }

func toLab(c color.NRGBA, m [3][3]float64) lab {
	r, g, b := lin(float64(c.R)/255), lin(float64(c.G)/255), lin(float64(c.B)/255)
	clamp := func(v float64) float64 { return math.Max(0, math.Min(1, v)) }
	r, g, b = clamp(m[0][0]*r+m[0][1]*g+m[0][2]*b), clamp(m[1][0]*r+m[1][1]*g+m[1][2]*b), clamp(m[2][0]*r+m[2][1]*g+m[2][2]*b)
	x := (0.4124*r + 0.3576*g + 0.1805*b) / 0.95047
	y := 0.2126*r + 0.7152*g + 0.0722*b
	z := (0.0193*r + 0.1192*g + 0.9505*b) / 1.08883
	f := func(t float64) float64 {
		if t > 216.0/24389 {
			return math.Cbrt(t)
		}
		return (24389.0/27*t + 16) / 116
	}
	fx, fy, fz := f(x), f(y), f(z)
	return lab{116*fy - 16, 500 * (fx - fy), 200 * (fy - fz)}
}

func deltaE(a, b lab) float64 {
	return math.Sqrt((a.L-b.L)*(a.L-b.L) + (a.A-b.A)*(a.A-b.A) + (a.B-b.B)*(a.B-b.B))
}

// statusKinds are the cell kinds a user must tell apart in one range.
func statusKinds(p *palette, class registry.RangeClass) map[string]color.NRGBA {
	return map[string]color.NRGBA{
		"assigned":     p.base(registry.Assigned, class, false),
		"reserved":     p.base(registry.Reserved, class, false),
		"other":        p.base(registry.Other, class, false),
		"not listed":   p.base(registry.NotListed, class, false),
		"unassigned":   p.base(registry.Unassigned, class, false),
		"unauthorized": p.base(registry.Assigned, class, true),
	}
}

// Every pair of statuses stays apart (CIE76 delta E) for normal vision and
// the three dichromacies, in every range and in both palettes; and the
// range steps of a status can be told apart too.
func TestPaletteColourBlindSafe(t *testing.T) {
	const minStatusDelta = 15 // clearly different side by side
	const minClassDelta = 6   // a visible step of lightness
	for _, p := range []*palette{&lightPalette, &darkPalette} {
		name := map[bool]string{false: "light", true: "dark"}[p.dark]
		for vision, m := range cvdMatrices {
			worst, worstPair := math.Inf(1), ""
			for _, class := range []registry.RangeClass{registry.System, registry.User, registry.Dynamic} {
				kinds := statusKinds(p, class)
				for a, ca := range kinds {
					for b, cb := range kinds {
						if a >= b {
							continue
						}
						if d := deltaE(toLab(ca, m), toLab(cb, m)); d < worst {
							worst, worstPair = d, fmt.Sprintf("%s/%s in %s", a, b, class)
						}
					}
				}
			}
			if worst < minStatusDelta {
				t.Errorf("%s palette, %s: %s differ by delta E %.1f, want >= %d", name, vision, worstPair, worst, minStatusDelta)
			}
			t.Logf("%s palette, %-12s closest statuses: %-40s delta E %.1f", name, vision, worstPair, worst)
			// System and User hold every status; Dynamic (49152-65535)
			// is all unassigned in IANA's registry, so only that step
			// matters there.
			for _, st := range []registry.Status{registry.Assigned, registry.Unassigned, registry.Reserved, registry.Other} {
				s, u := toLab(p.base(st, registry.System, false), m), toLab(p.base(st, registry.User, false), m)
				if d := deltaE(s, u); d < minClassDelta {
					t.Errorf("%s palette, %s: the System/User step of %v is too small (%.1f)", name, vision, st, d)
				}
			}
			u, d := toLab(p.base(registry.Unassigned, registry.User, false), m), toLab(p.base(registry.Unassigned, registry.Dynamic, false), m)
			if deltaE(u, d) < minClassDelta {
				t.Errorf("%s palette, %s: the User/Dynamic step of unassigned is too small (%.1f)", name, vision, deltaE(u, d))
			}
		}
		// The map must stand out from the window: unassigned Dynamic cells
		// (the faintest) still differ from the background.
		if d := deltaE(toLab(p.base(registry.Unassigned, registry.Dynamic, false), cvdMatrices["normal"]), toLab(p.background, cvdMatrices["normal"])); d < 4 {
			t.Errorf("%s palette: unassigned Dynamic cells are %.1f from the background", name, d)
		}
		// Search hits are drawn in ink over faded cells: they must beat
		// every faded cell by a wide margin.
		var tab lut
		p.fill(&tab)
		for i := 0; i < lutSize; i++ {
			if i&lutFadeBit == 0 || i&lutHitBit != 0 || i&7 > int(registry.Assigned) || i>>lutClassShift&3 > 2 {
				continue
			}
			if d := deltaE(toLab(unpack(tab[i]), cvdMatrices["normal"]), toLab(p.hit, cvdMatrices["normal"])); d < 40 {
				t.Fatalf("%s palette: faded cell %#x is only %.1f from a search hit", name, i, d)
			}
		}
	}
}

func TestPaletteFollowsTheme(t *testing.T) {
	if p := paletteFor(color.White); p.dark {
		t.Error("white background gave the dark palette")
	}
	if p := paletteFor(color.NRGBA{0x17, 0x17, 0x18, 0xff}); !p.dark {
		t.Error("dark background gave the light palette")
	}
	var l, d lut
	lightPalette.fill(&l)
	darkPalette.fill(&d)
	if l == d {
		t.Error("light and dark tables are the same")
	}
}

func TestLabelContrast(t *testing.T) {
	for _, p := range []*palette{&lightPalette, &darkPalette} {
		var status, shades lut
		p.fill(&status)
		p.fillShades(&shades)
		for _, tab := range []*lut{&status, &shades} {
			for i := 0; i < lutSize; i++ {
				c := unpack(tab[i])
				lc := p.label(c)
				l1, l2 := luminance(c), luminance(lc)
				if l1 < l2 {
					l1, l2 = l2, l1
				}
				if ratio := (l1 + 0.05) / (l2 + 0.05); ratio < 3 {
					t.Fatalf("label on cell %v has contrast %.2f, want >= 3", c, ratio)
				}
			}
		}
	}
}
