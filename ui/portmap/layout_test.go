package portmap

import (
	"testing"
)

// Every port maps to exactly one cell and back, in both layouts.
func TestLayoutBijection(t *testing.T) {
	for _, l := range Layouts {
		var seen [Side][Side]bool
		for p := 0; p < NumCells; p++ {
			x, y := l.Cell(uint16(p))
			if x < 0 || y < 0 || x >= Side || y >= Side {
				t.Fatalf("%v: port %d at (%d, %d), off the grid", l, p, x, y)
			}
			if seen[y][x] {
				t.Fatalf("%v: two ports share cell (%d, %d)", l, x, y)
			}
			seen[y][x] = true
			back, ok := l.Port(x, y)
			if !ok || int(back) != p {
				t.Fatalf("%v: port %d -> (%d, %d) -> %d", l, p, x, y, back)
			}
			if l.portAt(y*Side+x) != uint16(p) {
				t.Fatalf("%v: pixel index of port %d disagrees", l, p)
			}
		}
		for _, c := range [][2]int{{-1, 0}, {0, -1}, {Side, 0}, {0, Side}} {
			if _, ok := l.Port(c[0], c[1]); ok {
				t.Errorf("%v: (%d, %d) is off the grid but has a port", l, c[0], c[1])
			}
		}
	}
}

func TestRowsLayout(t *testing.T) {
	for _, c := range []struct{ port, x, y int }{{0, 0, 0}, {255, 255, 0}, {256, 0, 1}, {290, 34, 1}, {65535, 255, 255}} {
		if x, y := Rows.Cell(uint16(c.port)); x != c.x || y != c.y {
			t.Errorf("rows: %d at (%d, %d), want (%d, %d)", c.port, x, y, c.x, c.y)
		}
	}
}

// Consecutive ports are neighbouring cells on the Hilbert curve, and every
// aligned run of 4^k ports fills a square: the System range is the 32x32
// block in the top-left corner.
func TestHilbertLayout(t *testing.T) {
	for p := 1; p < NumCells; p++ {
		x0, y0 := Hilbert.Cell(uint16(p - 1))
		x1, y1 := Hilbert.Cell(uint16(p))
		if d := abs(x1-x0) + abs(y1-y0); d != 1 {
			t.Fatalf("ports %d and %d are %d cells apart", p-1, p, d)
		}
	}
	for p := 0; p < NumCells; p++ {
		x, y := Hilbert.Cell(uint16(p))
		if hilbertXY2D(Side, x, y) != p {
			t.Fatalf("xy2d(%d, %d) = %d, want %d", x, y, hilbertXY2D(Side, x, y), p)
		}
	}
	for _, k := range []int{2, 4, 8, 16, 32, 64, 128} {
		n := k * k
		for start := 0; start < NumCells; start += n {
			minX, minY, maxX, maxY := Side, Side, -1, -1
			for p := start; p < start+n; p++ {
				x, y := Hilbert.Cell(uint16(p))
				minX, minY, maxX, maxY = min(minX, x), min(minY, y), max(maxX, x), max(maxY, y)
			}
			if maxX-minX+1 != k || maxY-minY+1 != k {
				t.Fatalf("ports %d-%d span %dx%d cells, want a %dx%d square", start, start+n-1, maxX-minX+1, maxY-minY+1, k, k)
			}
		}
	}
	for p := 0; p <= 1023; p++ {
		if x, y := Hilbert.Cell(uint16(p)); x >= 32 || y >= 32 {
			t.Fatalf("System port %d at (%d, %d), outside the top-left 32x32 block", p, x, y)
		}
	}
	if x, y := Hilbert.Cell(0); x != 0 || y != 0 {
		t.Errorf("port 0 at (%d, %d), want the top-left corner", x, y)
	}
	if x, y := Hilbert.Cell(65535); x != 255 || y != 0 {
		t.Errorf("port 65535 at (%d, %d), want the top-right corner", x, y)
	}
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

func TestStep(t *testing.T) {
	cases := []struct {
		l    Layout
		from uint16
		m    Move
		want uint16
	}{
		{Rows, 290, MoveRight, 291}, {Rows, 290, MoveLeft, 289}, {Rows, 290, MoveDown, 546}, {Rows, 290, MoveUp, 34},
		{Rows, 255, MoveRight, 256}, {Rows, 256, MoveLeft, 255}, // Left/Right wrap at the ends of a row
		{Rows, 0, MoveLeft, 0}, {Rows, 65535, MoveRight, 65535}, {Rows, 10, MoveUp, 10}, {Rows, 65500, MoveDown, 65500},
		{Rows, 290, MovePageDown, 546}, {Rows, 290, MovePageUp, 34}, {Rows, 100, MovePageUp, 0}, {Rows, 65500, MovePageDown, 65535},
		{Rows, 290, MoveHome, 0}, {Rows, 290, MoveEnd, 65535},
		{Hilbert, 1000, MovePageDown, 1256}, {Hilbert, 1000, MovePageUp, 744}, {Hilbert, 5, MoveHome, 0}, {Hilbert, 5, MoveEnd, 65535},
		{Hilbert, 0, MoveLeft, 0}, {Hilbert, 0, MoveUp, 0}, {Hilbert, 65535, MoveRight, 65535},
	}
	for _, c := range cases {
		if got := c.l.Step(c.from, c.m); got != c.want {
			t.Errorf("%v: %d move %d = %d, want %d", c.l, c.from, c.m, got, c.want)
		}
	}
	// In Hilbert the arrows go to the neighbouring cell on screen.
	for _, p := range []uint16{1, 300, 1023, 4000, 40000, 65000} {
		x, y := Hilbert.Cell(p)
		for m, d := range map[Move][2]int{MoveLeft: {-1, 0}, MoveRight: {1, 0}, MoveUp: {0, -1}, MoveDown: {0, 1}} {
			want, ok := Hilbert.Port(x+d[0], y+d[1])
			if !ok {
				want = p
			}
			if got := Hilbert.Step(p, m); got != want || (ok && hilbertXY2D(Side, x+d[0], y+d[1]) != int(got)) {
				t.Errorf("hilbert: %d move %d = %d, want %d", p, m, got, want)
			}
		}
	}
}

// The outline runs exactly along the boundary of the range's cells: its
// unit edges are those between a cell inside and one outside.
func TestOutline(t *testing.T) {
	ranges := [][2]uint16{{0, 0}, {0, 1023}, {290, 290}, {288, 299}, {8000, 8200}, {1000, 5000}, {49152, 65535}, {0, 65535}, {12345, 54321}, {255, 256}}
	for _, l := range Layouts {
		for _, rg := range ranges {
			lo, hi := rg[0], rg[1]
			segs := l.Outline(nil, lo, hi)
			if l == Rows && len(segs) > 8 {
				t.Errorf("rows %d-%d: %d segments, want at most 8", lo, hi, len(segs))
			}
			got := map[[4]int]bool{} // unit edges: x, y, dx, dy
			for _, s := range segs {
				if s.X0 != s.X1 && s.Y0 != s.Y1 {
					t.Fatalf("%v %d-%d: diagonal segment %+v", l, lo, hi, s)
				}
				for x := s.X0; x < s.X1; x++ {
					got[[4]int{int(x), int(s.Y0), 1, 0}] = true
				}
				for y := s.Y0; y < s.Y1; y++ {
					got[[4]int{int(s.X0), int(y), 0, 1}] = true
				}
			}
			in := func(x, y int) bool {
				p, ok := l.Port(x, y)
				return ok && lo <= p && p <= hi
			}
			want := 0
			for y := 0; y <= Side; y++ {
				for x := 0; x <= Side; x++ {
					if in(x, y-1) != in(x, y) && x < Side {
						want++
						if !got[[4]int{x, y, 1, 0}] {
							t.Fatalf("%v %d-%d: missing edge above (%d, %d)", l, lo, hi, x, y)
						}
					}
					if in(x-1, y) != in(x, y) && y < Side {
						want++
						if !got[[4]int{x, y, 0, 1}] {
							t.Fatalf("%v %d-%d: missing edge left of (%d, %d)", l, lo, hi, x, y)
						}
					}
				}
			}
			if len(got) != want {
				t.Errorf("%v %d-%d: outline has %d unit edges, the boundary %d", l, lo, hi, len(got), want)
			}
		}
	}
	if segs := Rows.Outline(nil, 10, 5); len(segs) != 0 {
		t.Errorf("a backwards range has an outline: %v", segs)
	}
}
