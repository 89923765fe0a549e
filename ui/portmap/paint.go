package portmap

// The paint pass: one pixel per port into the reused 256x256 image. It
// imports no Fyne and allocates nothing.

import (
	"encoding/binary"

	"github.com/portolan/portolan/registry"
)

// hitSet is a bit per port.
type hitSet [NumCells / 64]uint64

func (h *hitSet) has(p uint16) bool { return h[p>>6]&(1<<(p&63)) != 0 }

func (h *hitSet) addRun(r registry.PortRun) {
	for p := int(r.From); p <= int(r.To); p++ {
		h[p>>6] |= 1 << (p & 63)
	}
}

// paintParams is everything a paint pass reads besides the image.
type paintParams struct {
	reg    *registry.Registry
	proto  registry.Protocol
	layout Layout
	lut    *lut
	// shades, when not nil, is the frequency shading: a level of the ramp
	// per port (shadeNotInIt for a port nmap does not list), and lut is
	// the frequency table.
	shades           *[NumCells]uint8
	rangeOn          bool // the selected range lo..hi
	rangeLo, rangeHi uint16
	hitsOn           bool // search hits shown: hits in ink, the rest faded
	hits             *hitSet
}

// paintCells writes the colour of every cell into pix, the Pix of a
// 256x256 *image.RGBA (stride 1024).
func paintCells(pix []byte, pp *paintParams) {
	pix = pix[:NumCells*4]
	table := pp.layout.portTable()
	reg, proto, lt, shades := pp.reg, pp.proto, pp.lut, pp.shades
	for i := 0; i < NumCells; i++ {
		port := uint16(i)
		if table != nil {
			port = table[i]
		}
		var idx int
		if shades != nil {
			idx = int(shades[port])
		} else {
			idx = int(reg.Status(port, proto)) << lutStatusShift
			switch {
			case port >= 49152:
				idx |= int(registry.Dynamic) << lutClassShift
			case port >= 1024:
				idx |= int(registry.User) << lutClassShift
			}
			if reg.Unauthorized(port) {
				idx |= lutUnauthBit
			}
		}
		if pp.rangeOn && pp.rangeLo <= port && port <= pp.rangeHi {
			idx |= lutRangeBit
		}
		if pp.hitsOn {
			if pp.hits.has(port) {
				idx |= lutHitBit
			} else {
				idx |= lutFadeBit
			}
		}
		binary.LittleEndian.PutUint32(pix[i*4:], lt[idx])
	}
}
