package portmap

import "slices"

// Clone is a new map that shows what m shows (the registry, layout,
// protocol, shading, search hits, selected range, listener marks and
// selection), zoomed to fit and not yet shown: to draw the map elsewhere,
// as an image to export. Changing either leaves the other alone.
func (m *Map) Clone() *Map {
	c := New(m.space)
	c.layout, c.proto, c.showEph = m.layout, m.proto, m.showEph
	c.shading, c.shadeFn, c.nmap, c.shades = m.shading, m.shadeFn, m.nmap, m.shades
	c.hitsOn, c.hits, c.hitRings = m.hitsOn, m.hits, slices.Clone(m.hitRings)
	c.marks = slices.Clone(m.marks)
	c.selected = m.selected
	c.rangeOn, c.rangeLo, c.rangeHi = m.rangeOn, m.rangeLo, m.rangeHi
	c.updateOutline()
	c.updateEphemeralOutline()
	c.invalidate()
	return c
}
