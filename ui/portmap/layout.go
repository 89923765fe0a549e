package portmap

// This file is the map's geometry: where each port sits on the 256x256 grid
// in each layout, and back. It imports no Fyne so that it is tested
// exhaustively and cheaply.

import "sync"

// Side is the number of cells on each side of the map: 256 x 256 = 65,536
// ports, one cell (and one image pixel) each.
const Side = 256

// NumCells is the number of cells, one per port.
const NumCells = Side * Side

// Layout is how ports are placed on the grid.
type Layout uint8

const (
	// Rows places 256 ports a row, 256 rows: port = row*256 + column.
	Rows Layout = iota
	// Hilbert follows an order-8 Hilbert curve: numerically close ports stay
	// close on screen, and every aligned run of 4^k ports (0-1023, the
	// System range, is one) fills a square block. Port 0 is the top-left
	// cell, 65535 the top-right; the Dynamic range is the top-right quarter.
	Hilbert
)

// Layouts lists the layouts in menu order.
var Layouts = [...]Layout{Rows, Hilbert}

func (l Layout) String() string {
	switch l {
	case Rows:
		return "rows"
	case Hilbert:
		return "hilbert"
	}
	return "layout?"
}

// Title names the layout for people.
func (l Layout) Title() string {
	switch l {
	case Rows:
		return "Rows"
	case Hilbert:
		return "Hilbert curve"
	}
	return "?"
}

// Cell returns the column x and row y of port.
func (l Layout) Cell(port uint16) (x, y int) {
	if l == Hilbert {
		c := hilbertTables().cellOf[port]
		return int(c & 0xff), int(c >> 8)
	}
	return int(port) & 0xff, int(port) >> 8
}

// Port returns the port at column x, row y; ok is false outside the grid.
func (l Layout) Port(x, y int) (port uint16, ok bool) {
	if x < 0 || y < 0 || x >= Side || y >= Side {
		return 0, false
	}
	return l.portAt(y*Side + x), true
}

// portAt is the port at pixel index i = y*256 + x (no bounds check beyond
// the uint16 range).
func (l Layout) portAt(i int) uint16 {
	if l == Hilbert {
		return hilbertTables().portOf[i]
	}
	return uint16(i)
}

// portTable is the port of every pixel index, or nil when the port is the
// index itself (Rows).
func (l Layout) portTable() *[NumCells]uint16 {
	if l == Hilbert {
		return &hilbertTables().portOf
	}
	return nil
}

type hilbertTable struct {
	portOf [NumCells]uint16 // pixel index -> port
	cellOf [NumCells]uint16 // port -> x | y<<8
}

var (
	hilbertOnce sync.Once
	hilbertTab  *hilbertTable
)

func hilbertTables() *hilbertTable {
	hilbertOnce.Do(func() {
		t := new(hilbertTable)
		for d := 0; d < NumCells; d++ {
			x, y := hilbertD2XY(Side, d)
			t.portOf[y*Side+x] = uint16(d)
			t.cellOf[d] = uint16(x | y<<8)
		}
		hilbertTab = t
	})
	return hilbertTab
}

// hilbertD2XY maps distance d along a Hilbert curve filling an n x n square
// (n a power of two) to its cell.
func hilbertD2XY(n, d int) (x, y int) {
	t := d
	for s := 1; s < n; s *= 2 {
		rx := 1 & (t / 2)
		ry := 1 & (t ^ rx)
		x, y = hilbertRot(s, x, y, rx, ry)
		x += s * rx
		y += s * ry
		t /= 4
	}
	return x, y
}

// hilbertXY2D is the inverse of hilbertD2XY.
func hilbertXY2D(n, x, y int) (d int) {
	for s := n / 2; s > 0; s /= 2 {
		rx, ry := 0, 0
		if x&s > 0 {
			rx = 1
		}
		if y&s > 0 {
			ry = 1
		}
		d += s * s * ((3 * rx) ^ ry)
		x, y = hilbertRot(n, x, y, rx, ry)
	}
	return d
}

func hilbertRot(n, x, y, rx, ry int) (int, int) {
	if ry == 0 {
		if rx == 1 {
			x = n - 1 - x
			y = n - 1 - y
		}
		x, y = y, x
	}
	return x, y
}

// Move is a keyboard move of the selection.
type Move uint8

const (
	MoveLeft Move = iota
	MoveRight
	MoveUp
	MoveDown
	MovePageUp   // 256 ports back: a row in Rows, a 16x16 block in Hilbert
	MovePageDown // 256 ports on
	MoveHome     // port 0
	MoveEnd      // port 65535
)

// Step moves from port by m. Arrows go to the neighbouring cell on screen;
// in Rows, Left and Right step one port and so wrap at the ends of a row.
// Moves stop at the edges of the map and at ports 0 and 65535.
func (l Layout) Step(port uint16, m Move) uint16 {
	p := int(port)
	switch m {
	case MovePageUp:
		return uint16(max(p-Side, 0))
	case MovePageDown:
		return uint16(min(p+Side, NumCells-1))
	case MoveHome:
		return 0
	case MoveEnd:
		return NumCells - 1
	}
	if l == Rows && (m == MoveLeft || m == MoveRight) {
		if m == MoveLeft {
			return uint16(max(p-1, 0))
		}
		return uint16(min(p+1, NumCells-1))
	}
	x, y := l.Cell(port)
	switch m {
	case MoveLeft:
		x--
	case MoveRight:
		x++
	case MoveUp:
		y--
	case MoveDown:
		y++
	}
	if q, ok := l.Port(x, y); ok {
		return q
	}
	return port
}

// Vertical moves from port by rows cells up (negative) or down on screen,
// stopping at the top and bottom rows: a screenful for Page Up and Down.
func (l Layout) Vertical(port uint16, rows int) uint16 {
	x, y := l.Cell(port)
	q, _ := l.Port(x, max(0, min(Side-1, y+rows)))
	return q
}

// Segment is a straight piece of an outline on the grid's lines, in cell
// units: from (X0, Y0) to (X1, Y1), either horizontal or vertical.
type Segment struct {
	X0, Y0, X1, Y1 int16
}

// Outline appends to dst the boundary of the cells of the ports lo..hi
// (inclusive) in layout l: the grid lines between a cell inside the range
// and one outside it (or the map's edge), merged into maximal straight
// segments. In Rows the outline has at most 8 segments; in Hilbert a few
// dozen.
func (l Layout) Outline(dst []Segment, lo, hi uint16) []Segment {
	if lo > hi {
		return dst
	}
	// The cells of the range, and the rows and columns they touch: only
	// there can an edge be.
	var inside [NumCells]bool // 64 KiB on the stack
	y0, y1, x0, x1 := Side, -1, Side, -1
	if l == Rows {
		for p := int(lo); p <= int(hi); p++ {
			inside[p] = true
		}
		y0, y1, x0, x1 = int(lo)/Side, int(hi)/Side, 0, Side-1
	} else {
		cellOf := &hilbertTables().cellOf
		for p := int(lo); p <= int(hi); p++ {
			c := cellOf[p]
			x, y := int(c&0xff), int(c>>8)
			inside[y*Side+x] = true
			y0, y1, x0, x1 = min(y0, y), max(y1, y), min(x0, x), max(x1, x)
		}
	}
	in := func(x, y int) bool {
		return x >= 0 && y >= 0 && x < Side && y < Side && inside[y*Side+x]
	}
	// Horizontal edges on the line above row y (y in y0..y1+1).
	for y := y0; y <= y1+1; y++ {
		start := -1
		for x := x0; x <= x1+1; x++ {
			edge := x <= x1 && in(x, y-1) != in(x, y)
			if edge && start < 0 {
				start = x
			} else if !edge && start >= 0 {
				dst = append(dst, Segment{int16(start), int16(y), int16(x), int16(y)})
				start = -1
			}
		}
	}
	// Vertical edges on the line left of column x.
	for x := x0; x <= x1+1; x++ {
		start := -1
		for y := y0; y <= y1+1; y++ {
			edge := y <= y1 && in(x-1, y) != in(x, y)
			if edge && start < 0 {
				start = y
			} else if !edge && start >= 0 {
				dst = append(dst, Segment{int16(x), int16(start), int16(x), int16(y)})
				start = -1
			}
		}
	}
	return dst
}
