package portmap

import (
	"strconv"

	"github.com/portolan/portolan/registry"
)

// Shading is what the colour of a cell tells.
type Shading uint8

const (
	// ShadeStatus colours each port by its registry status (the default).
	ShadeStatus Shading = iota
	// ShadeFrequency colours each port by how often nmap finds it open, on
	// a sequential ramp (rarely: near the background; often: the strongest
	// contrast with it), and the ports nmap does not list in a neutral
	// grey. The ephemeral stripes, search hits, the selected range and the
	// shapes over the map are drawn as in ShadeStatus.
	ShadeFrequency
)

// Shadings lists the shadings in menu order.
var Shadings = [...]Shading{ShadeStatus, ShadeFrequency}

func (s Shading) String() string {
	switch s {
	case ShadeStatus:
		return "status"
	case ShadeFrequency:
		return "frequency"
	}
	return "shading?"
}

// Title names the shading for people.
func (s Shading) Title() string {
	switch s {
	case ShadeStatus:
		return "Status"
	case ShadeFrequency:
		return "nmap: found open"
	}
	return "?"
}

// ShadeFunc gives the shade of port on proto (registry.ProtoNone: any
// protocol) for ShadeFrequency: 0 (rarely found open) to 1 (the most often),
// and false when nmap does not list the port. registry.NmapServices.Shade
// gives such shades, on a log scale.
type ShadeFunc = func(port uint16, proto registry.Protocol) (float64, bool)

// Shading is the current shading.
func (m *Map) Shading() Shading { return m.shading }

// SetShading switches the shading. shade is only used for ShadeFrequency;
// a nil shade, or any other s, gives ShadeStatus. shade is called once for
// every port now and again on each protocol switch (never while painting),
// on the goroutine that calls SetShading or SetProtocol. The hover text
// tells the shade; ShadeByNmap tells nmap's own frequency instead.
func (m *Map) SetShading(s Shading, shade ShadeFunc) {
	m.setShading(s, shade, nil)
}

// ShadeByNmap shades the map by how often nmap finds each port open, from
// nmap's nmap-services file (its Shade, on a log scale), and the hover text
// tells nmap's frequency ("· nmap: found open 0.182286"). A nil ns gives
// ShadeStatus.
func (m *Map) ShadeByNmap(ns *registry.NmapServices) {
	if ns == nil {
		m.setShading(ShadeStatus, nil, nil)
		return
	}
	m.setShading(ShadeFrequency, nmapShade(ns), ns)
}

// nmapShade is ns's shade, with the ports it does not list told apart.
func nmapShade(ns *registry.NmapServices) ShadeFunc {
	return func(port uint16, proto registry.Protocol) (float64, bool) {
		if _, ok := ns.Entry(port, proto); !ok {
			return 0, false
		}
		return ns.Shade(port, proto), true
	}
}

func (m *Map) setShading(s Shading, shade ShadeFunc, ns *registry.NmapServices) {
	if s != ShadeFrequency || shade == nil {
		s, shade, ns = ShadeStatus, nil, nil
	}
	if s == ShadeStatus && m.shading == ShadeStatus {
		return
	}
	m.shading, m.shadeFn, m.nmap = s, shade, ns
	m.computeShades()
	m.invalidate()
	m.refreshHoverText()
}

// computeShades fills the level of every port for the frequency shading,
// for the current protocol.
func (m *Map) computeShades() {
	if m.shading != ShadeFrequency {
		return
	}
	for p := range NumCells {
		level := uint8(shadeNotInIt)
		if v, ok := m.shadeFn(uint16(p), m.proto); ok {
			level = shadeLevel(v)
		}
		m.shades[p] = level
	}
}

// shadeText is what the hover text adds in the frequency shading.
func (m *Map) shadeText(port uint16) string {
	if m.shading != ShadeFrequency {
		return ""
	}
	const notListed = " · not in nmap's list"
	if m.nmap != nil {
		e, ok := m.nmap.Entry(port, m.proto)
		if !ok {
			return notListed
		}
		text := " · nmap: found open " + strconv.FormatFloat(e.Frequency, 'f', -1, 64)
		if m.proto == registry.ProtoNone {
			text += " on " + e.Protocol.String()
		}
		return text
	}
	v, ok := m.shadeFn(port, m.proto)
	if !ok {
		return notListed
	}
	return " · nmap: shade " + strconv.FormatFloat(v, 'f', 2, 64) + " of 1"
}
