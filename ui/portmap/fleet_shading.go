package portmap

// The fleet shading: each port coloured by how many hosts of a fleet
// listen on it, on the frequency shading's ramp (viridis, colour-blind
// safe, lightness rising evenly) with a logarithmic scale, so that one
// host and ten stand apart as well as a hundred and a thousand. A port no
// host listens on takes the neutral colour. The levels go through the
// frequency shading's paint path; only the scale, the hover text and the
// legend (HostsLegend) are the fleet's.

import (
	"math"
	"strconv"

	"github.com/portolan/portolan/model/fleet"
	"github.com/portolan/portolan/registry"
)

// ShadeHosts colours each port by how many hosts of a fleet listen on it
// (ShadeByHosts). Marks, the selection and search hits are drawn as in the
// other shadings.
const ShadeHosts = ShadeFrequency + 1

// hostShading is what the fleet shading shows.
type hostShading struct {
	counts *fleet.Counts
	hosts  int // in the view: the hover text's "of N hosts"
}

// minHostShade is the shade of one host: a step up the ramp, so that the
// rarest ports (the story in a fleet) stand clear of the neutral colour of
// ports no host listens on.
const minHostShade = 0.25

// HostShade is the shade (0..1 on the ramp) of a port on n hosts when the
// busiest port is on most hosts: logarithmic, one host at minHostShade and
// most at 1. ok is false for no host.
func HostShade(n, most uint32) (shade float64, ok bool) {
	if n == 0 {
		return 0, false
	}
	if most <= 1 || n >= most {
		return 1, true
	}
	return minHostShade + (1-minHostShade)*math.Log(float64(n))/math.Log(float64(most)), true
}

// ShadeByHosts shades the map by counts (a fleet.View's Counts; hosts is
// the view's number of hosts), on the scale of the busiest port of any
// protocol so that switching protocols keeps the legend. nil goes back to
// ShadeStatus. The hover text tells "· 12 of 300 hosts · 1 alert".
func (m *Map) ShadeByHosts(counts *fleet.Counts, hosts int) {
	if counts == nil {
		if m.hosts != nil {
			m.setShading(ShadeStatus, nil, nil)
		}
		return
	}
	h := &hostShading{counts: counts, hosts: hosts}
	m.setShading(ShadeFrequency, h.shade, nil)
	m.hosts = h // after setShading, which forgets it
	m.refreshHoverText()
}

// protoIndex is the Counts index of a map protocol, or -1 (SCTP, DCCP:
// osquery reports neither).
func hostsProtoIndex(p registry.Protocol) int {
	switch p {
	case registry.ProtoNone:
		return fleet.AnyProtocol
	case registry.TCP:
		return fleet.TCP
	case registry.UDP:
		return fleet.UDP
	}
	return -1
}

func (h *hostShading) shade(port uint16, proto registry.Protocol) (float64, bool) {
	p := hostsProtoIndex(proto)
	if p < 0 {
		return 0, false
	}
	return HostShade(h.counts.Hosts[p][port], h.counts.Max[fleet.AnyProtocol])
}

// text is the hover text's addition.
func (h *hostShading) text(port uint16, proto registry.Protocol) string {
	p := hostsProtoIndex(proto)
	if p < 0 {
		return " · no host (osquery reports TCP and UDP only)"
	}
	n, alerts := h.counts.Hosts[p][port], h.counts.Alerts[p][port]
	if n == 0 {
		return " · no host listens"
	}
	s := " · " + strconv.FormatUint(uint64(n), 10) + " of " + strconv.Itoa(h.hosts) + " hosts"
	switch {
	case alerts == 1:
		s += " · 1 alert"
	case alerts > 1:
		s += " · " + strconv.FormatUint(uint64(alerts), 10) + " alerts"
	}
	return s
}

// HostTicks are the host counts the fleet legend shows, from 1 to most:
// 1, 2, 5, 10, 20, 50... or, when those would be more than maxTicks, the
// powers of ten; most itself always ends the list.
func HostTicks(most uint32) []uint32 {
	if most <= 1 {
		return []uint32{1}
	}
	const maxTicks = 6
	var ticks []uint32
	for decade := uint64(1); decade < uint64(most); decade *= 10 {
		for _, f := range [...]uint64{1, 2, 5} {
			if t := decade * f; t < uint64(most) {
				ticks = append(ticks, uint32(t))
			}
		}
	}
	if len(ticks)+1 > maxTicks {
		ticks = ticks[:0]
		for decade := uint64(1); decade < uint64(most); decade *= 10 {
			ticks = append(ticks, uint32(decade))
		}
	}
	return append(ticks, most)
}
