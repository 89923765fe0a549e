package registry

import (
	"fmt"
	"strconv"
)

// PortName is a port with the name of its service, for neighbour links.
type PortName struct {
	Port    uint16 `json:"port"`
	Service string `json:"service"`
}

// PortRun is an inclusive run of ports.
type PortRun struct {
	From uint16 `json:"from"`
	To   uint16 `json:"to"`
}

// Len is the number of ports in the run.
func (r PortRun) Len() int { return int(r.To) - int(r.From) + 1 }

func (r PortRun) String() string {
	if r.From == r.To {
		return strconv.Itoa(int(r.From))
	}
	return fmt.Sprintf("%d-%d", r.From, r.To)
}

// Neighbours places a port among the others on one protocol (ProtoNone: the
// combined view).
type Neighbours struct {
	Previous *PortName `json:"previous_assigned"`
	Next     *PortName `json:"next_assigned"`
	// Run is the maximal run of unassigned ports the port sits in, or nil.
	Run *PortRun `json:"unassigned_run"`
	// NearestFree is the nearest unassigned port outside the Dynamic range
	// (the port itself when it is free), or -1 if there is none.
	NearestFree int `json:"nearest_free"`
}

// NeighboursOf answers where port sits on proto.
func (reg *Registry) NeighboursOf(port uint16, proto Protocol) Neighbours {
	st := &reg.status[proto]
	n := Neighbours{NearestFree: -1}
	for p := int(port) - 1; p >= 0; p-- {
		if st[p] == Assigned {
			n.Previous = &PortName{Port: uint16(p), Service: reg.serviceName(uint16(p), proto)}
			break
		}
	}
	for p := int(port) + 1; p < NumPorts; p++ {
		if st[p] == Assigned {
			n.Next = &PortName{Port: uint16(p), Service: reg.serviceName(uint16(p), proto)}
			break
		}
	}
	if st[port] == Unassigned {
		from, to := int(port), int(port)
		for from > 0 && st[from-1] == Unassigned {
			from--
		}
		for to < NumPorts-1 && st[to+1] == Unassigned {
			to++
		}
		n.Run = &PortRun{From: uint16(from), To: uint16(to)}
	}
	const lastNonDynamic = 49151
	for d := 0; d <= lastNonDynamic; d++ {
		if lo := int(port) - d; lo >= 0 && lo <= lastNonDynamic && st[lo] == Unassigned {
			n.NearestFree = lo
			break
		}
		if hi := int(port) + d; hi <= lastNonDynamic && st[hi] == Unassigned {
			n.NearestFree = hi
			break
		}
		if int(port)-d < 0 && int(port)+d > lastNonDynamic {
			break
		}
	}
	return n
}

func (reg *Registry) serviceName(port uint16, proto Protocol) string {
	if r := reg.Primary(port, proto); r != nil {
		return r.Service
	}
	return ""
}
