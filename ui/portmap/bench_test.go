package portmap

import (
	"fmt"
	"image"
	"math"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/portolan/portolan/registry"
	"github.com/portolan/portolan/ui/internal/uitest"
)

// Targets: a full repaint of the 65,536 cells with every overlay in the
// image < 1 ms, allocating nothing. Run:
//
//	go test -run XXX -bench . -benchmem ./ui/portmap

// BenchmarkPaint repaints the whole image of the embedded registry with
// every overlay the image carries: a selected range, search hits (with
// the rest faded) and the unauthorized-use marks (the ephemeral range is
// striped over the image, not in it).
func BenchmarkPaint(b *testing.B) {
	reg := uitest.Embedded(b)
	var hits hitSet
	for _, r := range []registry.PortRun{{From: 22, To: 22}, {From: 80, To: 80}, {From: 6000, To: 6063}, {From: 8000, To: 8999}} {
		hits.addRun(r)
	}
	var tab lut
	lightPalette.fill(&tab)
	img := image.NewRGBA(image.Rect(0, 0, Side, Side))
	for _, l := range Layouts {
		b.Run(l.String(), func(b *testing.B) {
			pp := paintParams{
				reg: reg, proto: registry.ProtoNone, layout: l, lut: &tab,
				rangeOn: true, rangeLo: 1000, rangeHi: 5000,
				hitsOn: true, hits: &hits,
			}
			paintCells(img.Pix, &pp) // the Hilbert tables are built once, outside the loop
			b.ReportAllocs()
			for b.Loop() {
				paintCells(img.Pix, &pp)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/NumCells, "ns/cell")
		})
	}
}

// BenchmarkMapRepaint is the widget's own repaint: a protocol switch on a
// shown map (paint pass and image refresh).
func BenchmarkMapRepaint(b *testing.B) {
	test.NewTempApp(b)
	m := New(space(uitest.Embedded(b)))
	w := test.NewTempWindow(b, m)
	w.Resize(fyne.NewSize(800, 600))
	m.SetSearchHits([]registry.PortRun{{From: 80, To: 80}})
	m.setSelectedRange(100, 2000)
	protos := [...]registry.Protocol{registry.TCP, registry.UDP}
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		m.SetProtocol(protos[i&1])
		i++
	}
}

// BenchmarkPaintFrequency is BenchmarkPaint in the frequency shading
// (syntheticShade's levels, computed beforehand as the map does).
func BenchmarkPaintFrequency(b *testing.B) {
	var shades [NumCells]uint8
	for p := range NumCells {
		if s, ok := syntheticShade(uint16(p), registry.TCP); ok {
			shades[p] = shadeLevel(s)
		}
	}
	var hits hitSet
	for _, r := range []registry.PortRun{{From: 22, To: 22}, {From: 80, To: 80}, {From: 6000, To: 6063}, {From: 8000, To: 8999}} {
		hits.addRun(r)
	}
	var tab lut
	lightPalette.fillShades(&tab)
	img := image.NewRGBA(image.Rect(0, 0, Side, Side))
	for _, l := range Layouts {
		b.Run(l.String(), func(b *testing.B) {
			pp := paintParams{
				reg: uitest.Embedded(b), proto: registry.TCP, layout: l, lut: &tab, shades: &shades,
				rangeOn: true, rangeLo: 1000, rangeHi: 5000,
				hitsOn: true, hits: &hits,
			}
			paintCells(img.Pix, &pp)
			b.ReportAllocs()
			for b.Loop() {
				paintCells(img.Pix, &pp)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/NumCells, "ns/cell")
		})
	}
}

// syntheticNmap is an nmap-services file of syntheticShade's ports on tcp
// and udp (about 17,000 lines), with frequencies that give those shades.
func syntheticNmap(tb testing.TB) *registry.NmapServices {
	var sb strings.Builder
	for _, proto := range []registry.Protocol{registry.TCP, registry.UDP} {
		for p := range NumCells {
			if s, ok := syntheticShade(uint16(p), proto); ok {
				fmt.Fprintf(&sb, "svc\t%d/%v\t%.6f\n", p, proto, 1e-6*math.Pow(0.48/1e-6, s))
			}
		}
	}
	ns, err := registry.ParseNmapServices(strings.NewReader(sb.String()), "synthetic")
	if err != nil {
		tb.Fatal(err)
	}
	return ns
}

// BenchmarkMapRepaintFrequency is the widget's repaint in the frequency
// shading from nmap-services, on a shown map: "overlay" toggles the
// selected range (a paint pass only: the shades are kept), "protocol"
// switches protocol (the shade of every port read again from
// nmap-services, then a paint pass).
func BenchmarkMapRepaintFrequency(b *testing.B) {
	test.NewTempApp(b)
	m := New(space(uitest.Embedded(b)))
	w := test.NewTempWindow(b, m)
	w.Resize(fyne.NewSize(800, 600))
	m.ShadeByNmap(syntheticNmap(b))
	m.SetSearchHits([]registry.PortRun{{From: 80, To: 80}})
	m.setSelectedRange(100, 2000)
	b.Run("overlay", func(b *testing.B) {
		i := 0
		b.ReportAllocs()
		for b.Loop() {
			if i&1 == 0 {
				m.clearSelectedRange()
			} else {
				m.setSelectedRange(100, 2000)
			}
			i++
		}
	})
	b.Run("protocol", func(b *testing.B) {
		protos := [...]registry.Protocol{registry.TCP, registry.UDP}
		i := 0
		b.ReportAllocs()
		for b.Loop() {
			m.SetProtocol(protos[i&1])
			i++
		}
	})
}

// BenchmarkHover moves the pointer from cell to cell: a shape moves and the
// status text is built; the image is not repainted.
func BenchmarkHover(b *testing.B) {
	test.NewTempApp(b)
	m := New(space(uitest.Embedded(b)))
	w := test.NewTempWindow(b, m)
	w.Resize(fyne.NewSize(800, 600))
	m.SetZoom(4)
	paints := m.paintCount()
	n := 0
	m.OnHover = func(int, string) { n++ }
	positions := make([]fyne.Position, 64)
	for i := range positions {
		positions[i] = m.cellPos(i*3, i*2).AddXY(1, 1)
	}
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		m.hoverAt(positions[i%len(positions)])
		i++
	}
	if m.paintCount() != paints || n == 0 {
		b.Fatalf("hovering repainted %d times, %d hover calls", m.paintCount()-paints, n)
	}
}

// BenchmarkOutline computes the outline of a long range in the Hilbert
// layout (done when a range is selected or dragged).
func BenchmarkOutline(b *testing.B) {
	var segs []Segment
	for b.Loop() {
		segs = Hilbert.Outline(segs[:0], 1234, 45678)
	}
	b.ReportMetric(float64(len(segs)), "segments")
}
