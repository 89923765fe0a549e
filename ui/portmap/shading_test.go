package portmap

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/portolan/portolan/registry"
)

// rampShade is a fake shade function that counts its calls: ports
// 1000-1999 are listed, from shade 0 (1000) to 1 (1999) on every protocol
// but udp, where the ramp runs the other way; the others are not listed.
type rampShade struct{ calls int }

func (f *rampShade) shade(port uint16, proto registry.Protocol) (float64, bool) {
	f.calls++
	if port < 1000 || port > 1999 {
		return 0, false
	}
	s := float64(port-1000) / 999
	if proto == registry.UDP {
		s = 1 - s
	}
	return s, true
}

func lightness(c color.RGBA) float64 { return toLab(color.NRGBA(c), cvdMatrices["normal"]).L }

// shadeColour is the colour the palette gives a port of shade s with the
// overlay bits of idx.
func shadeColour(p *palette, s float64, idx int) color.RGBA {
	return color.RGBA(p.shadeCell(int(shadeLevel(s)) | idx))
}

func TestFrequencyShading(t *testing.T) {
	m, _ := showMap(t, fixture(), fyne.NewSize(300, 300))
	m.SetProtocol(registry.TCP)
	statusPix := slices.Clone(m.Image().Pix)
	if m.Shading() != ShadeStatus {
		t.Fatalf("a new map shades by %v", m.Shading())
	}
	f := &rampShade{}
	before := m.paintCount()
	m.SetShading(ShadeFrequency, f.shade)
	if m.Shading() != ShadeFrequency {
		t.Fatalf("shading = %v after SetShading(ShadeFrequency)", m.Shading())
	}
	if got := m.paintCount() - before; got != 1 {
		t.Errorf("switching to the frequency shading painted %d times, want once", got)
	}
	if f.calls != NumCells {
		t.Errorf("the shade function was called %d times, want once per port (%d)", f.calls, NumCells)
	}
	pal := &lightPalette

	// From shade 0 to 1 the cells darken step by step (the light theme:
	// often found open is the strongest contrast with the background).
	prev, prevPort := math.Inf(1), 0
	for port := 1000; port <= 1999; port += 37 {
		c := m.CellColor(uint16(port))
		if want := shadeColour(pal, float64(port-1000)/999, 0); c != want {
			t.Errorf("%d (shade %.2f) = %v, want %v", port, float64(port-1000)/999, c, want)
		}
		if l := lightness(c); l >= prev {
			t.Errorf("%d is no darker than %d (L* %.1f, then %.1f): the ramp is not monotonic", port, prevPort, prev, l)
		} else {
			prev, prevPort = l, port
		}
	}
	low, high := m.CellColor(1000), m.CellColor(1999)
	if low != color.RGBA(pal.rampColour(0)) || high != color.RGBA(pal.rampColour(1)) {
		t.Errorf("shade 0 and 1 = %v and %v, want the ends of the ramp %v and %v", low, high, pal.rampColour(0), pal.rampColour(1))
	}
	if lightness(low)-lightness(high) < 50 {
		t.Errorf("the ramp spans only %.1f of lightness", lightness(low)-lightness(high))
	}
	x, y := m.Layout().Cell(1500)
	if i := (y*Side + x) * 4; bytes.Equal(m.Image().Pix[i:i+4], statusPix[i:i+4]) {
		t.Error("1500 kept its status colour")
	}

	// Ports nmap does not list get the neutral colour, whatever their
	// status: unassigned, assigned, reserved, unauthorized use.
	neutral := color.RGBA(pal.notInNmap)
	for _, port := range []uint16{2000, 22, 4010, 6003, 999, 2001} {
		if got := m.CellColor(port); got != neutral {
			t.Errorf("unlisted %d = %v, want the neutral %v", port, got, neutral)
		}
	}
	for port := 1000; port <= 1999; port++ {
		if m.CellColor(uint16(port)) == neutral {
			t.Fatalf("listed port %d has the neutral colour", port)
		}
	}
	// The ephemeral range is striped over the image, not painted in it.
	if got := m.CellColor(32768); got != neutral {
		t.Errorf("first ephemeral port = %v, want the neutral %v", got, neutral)
	}

	// A protocol switch computes the shades again (and paints once); a
	// repaint for an overlay does not call the shade function.
	f.calls = 0
	before = m.paintCount()
	m.SetProtocol(registry.UDP)
	if f.calls != NumCells || m.paintCount() != before+1 {
		t.Errorf("protocol switch: %d shade calls, %d paints; want %d and 1", f.calls, m.paintCount()-before, NumCells)
	}
	if m.CellColor(1000) != high || m.CellColor(1999) != low {
		t.Error("the shades did not follow the protocol (udp's ramp runs the other way)")
	}
	m.SetProtocol(registry.TCP)
	f.calls = 0
	m.showEphemeral(false)
	if f.calls != 0 {
		t.Errorf("a repaint called the shade function %d times", f.calls)
	}
	m.showEphemeral(true)

	// The other overlays in the image are drawn over the shades as over
	// the statuses.
	m.SetSearchHits([]registry.PortRun{{From: 1500, To: 1500}})
	if m.CellColor(1500) != color.RGBA(pal.hit) {
		t.Error("a search hit is not drawn in the hit colour")
	}
	if got, want := m.CellColor(1400), shadeColour(pal, 400.0/999, lutFadeBit); got != want {
		t.Errorf("a port that is no hit = %v, want faded %v", got, want)
	}
	m.SetSearchHits(nil)
	m.setSelectedRange(1200, 1300)
	if got, want := m.CellColor(1250), shadeColour(pal, 250.0/999, lutRangeBit); got != want {
		t.Errorf("in the selected range 1250 = %v, want %v", got, want)
	}
	m.clearSelectedRange()
	before = m.paintCount()
	m.Select(1500)
	m.SetListenerMarks([]Mark{{Port: 1500}, {Port: 1600, Flagged: true}})
	m.setHover(1700)
	if m.paintCount() != before || m.surface.r.selOuter.Hidden || m.surface.r.hover.Hidden {
		t.Errorf("selection, marks and hover: %d paints, selection hidden %v, hover hidden %v",
			m.paintCount()-before, m.surface.r.selOuter.Hidden, m.surface.r.hover.Hidden)
	}

	// Back to the status shading: the very image of before, in one paint.
	f.calls = 0
	before = m.paintCount()
	m.SetShading(ShadeStatus, f.shade)
	if m.Shading() != ShadeStatus || m.paintCount() != before+1 || f.calls != 0 {
		t.Errorf("back to status: shading %v, %d paints, %d shade calls", m.Shading(), m.paintCount()-before, f.calls)
	}
	if !bytes.Equal(m.Image().Pix, statusPix) {
		t.Error("switching back did not restore the status colours")
	}
	// Asking for the status shading again, or for the frequency shading
	// without a function (or an unknown shading), changes nothing.
	before = m.paintCount()
	m.SetShading(ShadeStatus, nil)
	m.SetShading(ShadeFrequency, nil)
	m.SetShading(Shading(9), f.shade)
	if m.Shading() != ShadeStatus || m.paintCount() != before || f.calls != 0 {
		t.Errorf("status again: shading %v, %d paints, %d shade calls", m.Shading(), m.paintCount()-before, f.calls)
	}
	// Each switch paints once.
	for i := range 4 {
		before = m.paintCount()
		if i%2 == 0 {
			m.SetShading(ShadeFrequency, f.shade)
		} else {
			m.SetShading(ShadeStatus, nil)
		}
		if m.paintCount() != before+1 {
			t.Errorf("switch %d painted %d times", i, m.paintCount()-before)
		}
	}
}

// Before the map is shown the shades are computed all the same, and the
// first paint uses them.
func TestFrequencyShadingBeforeShown(t *testing.T) {
	test.NewTempApp(t)
	test.ApplyTheme(t, lightTheme)
	m := New(space(fixture()))
	f := &rampShade{}
	m.SetShading(ShadeFrequency, f.shade)
	w := test.NewTempWindow(t, m)
	w.Resize(fyne.NewSize(300, 300))
	if m.CellColor(1999) != color.RGBA(lightPalette.rampColour(1)) || m.paintCount() != 1 {
		t.Errorf("1999 = %v after %d paints", m.CellColor(1999), m.paintCount())
	}
}

func TestFrequencyShadingDarkTheme(t *testing.T) {
	m, w := showMap(t, fixture(), fyne.NewSize(300, 300))
	m.SetShading(ShadeFrequency, (&rampShade{}).shade)
	before := m.paintCount()
	test.ApplyTheme(t, darkTheme)
	w.Canvas().Content().Refresh()
	if m.paintCount() != before+1 {
		t.Errorf("theme switch repainted %d times", m.paintCount()-before)
	}
	pal := &darkPalette
	if got := m.CellColor(1999); got != color.RGBA(pal.rampColour(1)) {
		t.Errorf("1999 in the dark theme = %v, want %v", got, pal.rampColour(1))
	}
	if got := m.CellColor(2000); got != color.RGBA(pal.notInNmap) {
		t.Errorf("2000 in the dark theme = %v, want %v", got, pal.notInNmap)
	}
	// In the dark theme often found open is the lightest.
	prev := -1.0
	for port := 1000; port <= 1999; port += 37 {
		l := lightness(m.CellColor(uint16(port)))
		if l <= prev {
			t.Errorf("dark theme: %d is no lighter than the port before (L* %.1f, then %.1f)", port, prev, l)
		}
		prev = l
	}
}

// A made-up nmap-services file (not nmap's data).
const testNmapServices = "tcpmux\t1/tcp\t0.001995\t# TCP Port Service Multiplexer\n" +
	"ssh\t22/tcp\t0.182286\t# Secure Shell Login\n" +
	"ssh\t22/udp\t0.003905\n" +
	"http\t80/tcp\t0.484143\t# World Wide Web HTTP\n" +
	"http\t80/udp\t0.035767\n" +
	"unknown\t2000/udp\t0.000001\n" +
	"x11\t6003/tcp\t0.000251\n"

func TestFrequencyHoverText(t *testing.T) {
	m, w := showMap(t, fixture(), fyne.NewSize(600, 600))
	var last string
	calls := 0
	m.OnHover = func(port int, text string) { last = text; calls++ }
	hover := func(port uint16) string {
		test.MoveMouse(w.Canvas(), cellCentre(m, port))
		if m.Hovered() != int(port) {
			t.Fatalf("hovered %d, want %d", m.Hovered(), port)
		}
		return last
	}
	if got := hover(22); got != "22 svc · assigned · System" {
		t.Fatalf("status hover = %q", got)
	}
	// Switching the shading tells OnHover the new text at once.
	m.SetShading(ShadeFrequency, (&rampShade{}).shade)
	if last != "22 svc · assigned · System · not in nmap's list" {
		t.Errorf("hover text after the switch = %q", last)
	}
	if got := hover(1500); got != "1500 block · assigned · User · nmap: shade 0.50 of 1" {
		t.Errorf("hover 1500 = %q", got)
	}

	// From nmap-services the text tells nmap's own frequency.
	ns, err := registry.ParseNmapServices(strings.NewReader(testNmapServices), "test")
	if err != nil {
		t.Fatal(err)
	}
	m.ShadeByNmap(ns)
	if m.Shading() != ShadeFrequency {
		t.Fatalf("ShadeByNmap: shading = %v", m.Shading())
	}
	for _, c := range []struct {
		port  uint16
		proto registry.Protocol
		want  string
	}{
		{22, registry.ProtoNone, "22 svc · assigned · System · nmap: found open 0.182286 on tcp"},
		{22, registry.UDP, "22 svc · assigned · System · nmap: found open 0.003905"},
		{80, registry.TCP, "80 svc · assigned · System · nmap: found open 0.484143"},
		{2000, registry.ProtoNone, "2000 · unassigned · User · run 1536-2999 · nmap: found open 0.000001 on udp"},
		{2000, registry.TCP, "2000 · unassigned · User · run 1536-2999 · not in nmap's list"},
		{23, registry.TCP, "23 svc · assigned · System · not in nmap's list"},
	} {
		m.SetProtocol(c.proto)
		if got := hover(c.port); got != c.want {
			t.Errorf("hover %d/%v = %q, want %q", c.port, c.proto, got, c.want)
		}
	}
	// The cells are shaded by nmap's Shade: 80/tcp, the most often found
	// open, at the end of the ramp.
	m.SetProtocol(registry.TCP)
	for _, port := range []uint16{1, 22, 80, 6003, 2000, 23} {
		want := color.RGBA(lightPalette.notInNmap)
		if _, ok := ns.Entry(port, registry.TCP); ok {
			want = shadeColour(&lightPalette, ns.Shade(port, registry.TCP), 0)
		}
		if got := m.CellColor(port); got != want {
			t.Errorf("%d/tcp from nmap = %v, want %v", port, got, want)
		}
	}
	if m.CellColor(80) != color.RGBA(lightPalette.rampColour(1)) {
		t.Error("80/tcp is not at the end of the ramp")
	}
	// Without nmap-services: back to the status shading and its text.
	calls = 0
	m.ShadeByNmap(nil)
	if m.Shading() != ShadeStatus || calls != 1 || last != "23 svc · assigned · System" {
		t.Errorf("ShadeByNmap(nil): shading %v, hover text %q (%d calls)", m.Shading(), last, calls)
	}
}

func TestShadingNames(t *testing.T) {
	seen := map[string]bool{}
	for _, s := range Shadings {
		if s.String() == "shading?" || s.Title() == "?" || seen[s.String()] || seen[s.Title()] {
			t.Errorf("shading %d has names %q, %q", s, s.String(), s.Title())
		}
		seen[s.String()], seen[s.Title()] = true, true
	}
	if Shading(9).String() != "shading?" {
		t.Error("an unknown shading has a name")
	}
}

func TestShadeLevel(t *testing.T) {
	for _, c := range []struct {
		s    float64
		want uint8
	}{{0, 1}, {-1, 1}, {math.NaN(), 1}, {1, shadeLevels}, {2, shadeLevels}, {0.5, 32}} {
		if got := shadeLevel(c.s); got != c.want {
			t.Errorf("shadeLevel(%v) = %d, want %d", c.s, got, c.want)
		}
	}
	for l := 1; l <= shadeLevels; l++ {
		if got := shadeLevel(levelShade(l)); int(got) != l {
			t.Fatalf("level %d round trips to %d", l, got)
		}
		if l > lutShadeMask {
			t.Fatal("levels overflow their bits")
		}
	}
}

// The ramp reads in one order for normal vision and the three
// dichromacies, in both palettes; every level stands apart from the
// neutral colour of unlisted ports, which stands apart from the background.
func TestRampColourBlindSafe(t *testing.T) {
	const minNeutralDelta = 15
	for _, p := range []*palette{&lightPalette, &darkPalette} {
		name := map[bool]string{false: "light", true: "dark"}[p.dark]
		for vision, m := range cvdMatrices {
			neutral := toLab(p.notInNmap, m)
			bg := toLab(p.background, m)
			prev := toLab(p.rampColour(0), m)
			worst := math.Inf(1)
			for l := 1; l <= shadeLevels; l++ {
				c := toLab(unpack(pack(p.shadeCell(l))), m)
				if d := deltaE(c, neutral); d < worst {
					worst = d
				}
				// Away from the background: darker on light, lighter on dark.
				if away := c.L - prev.L; l > 1 && (p.dark && away <= 0 || !p.dark && away >= 0) {
					t.Errorf("%s palette, %s: level %d (L* %.1f) does not move away from the background after %.1f", name, vision, l, c.L, prev.L)
				}
				prev = c
			}
			if worst < minNeutralDelta {
				t.Errorf("%s palette, %s: a level of the ramp is only delta E %.1f from the neutral colour", name, vision, worst)
			}
			t.Logf("%s palette, %-12s ramp L* %.1f to %.1f, closest to neutral: delta E %.1f", name, vision,
				toLab(p.rampColour(0), m).L, toLab(p.rampColour(1), m).L, worst)
			if d := deltaE(neutral, bg); d < 4 {
				t.Errorf("%s palette, %s: unlisted cells are %.1f from the background", name, vision, d)
			}
		}
		// Search hits beat every faded cell.
		var tab lut
		p.fillShades(&tab)
		for i := 0; i < lutSize; i++ {
			if i&lutFadeBit == 0 || i&lutHitBit != 0 || i&lutShadeMask > shadeLevels {
				continue
			}
			if d := deltaE(toLab(unpack(tab[i]), cvdMatrices["normal"]), toLab(p.hit, cvdMatrices["normal"])); d < 40 {
				t.Fatalf("%s palette: faded shade cell %#x is only %.1f from a search hit", name, i, d)
			}
		}
	}
}

func TestRampFollowsTheme(t *testing.T) {
	var l, d lut
	lightPalette.fillShades(&l)
	darkPalette.fillShades(&d)
	if l == d {
		t.Error("light and dark frequency tables are the same")
	}
	for _, p := range []*palette{&lightPalette, &darkPalette} {
		if got := fmt.Sprint(p.rampColour(0), p.rampColour(1)); got != fmt.Sprint(p.ramp[0], p.ramp[len(p.ramp)-1]) {
			t.Errorf("ramp ends = %s", got)
		}
	}
}
