package model

import (
	"fmt"
	"strings"

	"github.com/portolan/portolan/registry"
)

// RangeAnswer is what the registry says about a range of ports.
type RangeAnswer struct {
	From uint16 `json:"from"`
	To   uint16 `json:"to"`
	// Protocol is the protocol asked for, or "" for the combined view.
	Protocol string `json:"protocol,omitempty"`
	Ports    int    `json:"ports"`
	// Classes are the RFC 6335 ranges the ports fall in.
	Classes []registry.RangeClass `json:"ranges"`
	// Counts is how many ports have each status, all five listed.
	Counts map[registry.Status]int `json:"counts"`
	// Unauthorized lists the ports with a reported unauthorized use.
	Unauthorized []uint16 `json:"unauthorized_use_reported"`
	// Ephemeral is the part of the range inside this machine's ephemeral
	// range, or nil.
	Ephemeral *registry.PortRun `json:"ephemeral"`
	// Services are the assigned services in the range, by port.
	Services []RangeService `json:"services"`
}

// RangeService is one assigned service in a range: its records on every
// protocol folded into one line.
type RangeService struct {
	Ports       string `json:"ports"` // "300" or "6000-6063"
	Port        uint16 `json:"port"`  // the first port
	Protocols   string `json:"protocols"`
	Service     string `json:"service"`
	Description string `json:"description"`
}

// StatusOrder is the order statuses are listed in summaries.
var StatusOrder = [...]registry.Status{registry.Assigned, registry.Reserved, registry.Other, registry.Unassigned, registry.NotListed}

// AnswerRange summarises lo..hi on proto (ProtoNone: the combined status).
func (s *Space) AnswerRange(lo, hi uint16, proto registry.Protocol) RangeAnswer {
	if hi < lo {
		lo, hi = hi, lo
	}
	reg := s.Reg
	a := RangeAnswer{From: lo, To: hi, Protocol: proto.String(), Ports: int(hi) - int(lo) + 1,
		Counts: map[registry.Status]int{}, Unauthorized: []uint16{}, Services: []RangeService{}}
	for _, st := range StatusOrder {
		a.Counts[st] = 0
	}
	for c := registry.ClassOf(lo); c <= registry.ClassOf(hi); c++ {
		a.Classes = append(a.Classes, c)
	}
	at := map[[2]string]int{}
	for p := int(lo); p <= int(hi); p++ {
		port := uint16(p)
		a.Counts[reg.Status(port, proto)]++
		if reg.Unauthorized(port) {
			a.Unauthorized = append(a.Unauthorized, port)
		}
		pr := reg.Lookup(port)
		for i := 0; i < pr.Len(); i++ {
			r := pr.At(i)
			// A record is listed once: where it starts, or at lo.
			if r.Service == "" || (r.Low != port && p != int(lo)) || (proto != registry.ProtoNone && r.Protocol != proto) {
				continue
			}
			key := [2]string{strings.ToLower(r.Service), r.PortText()}
			if j, ok := at[key]; ok {
				svc := &a.Services[j]
				if pn := r.Protocol.String(); pn != "" && !strings.Contains("/"+svc.Protocols+"/", "/"+pn+"/") {
					if svc.Protocols != "" {
						svc.Protocols += "/"
					}
					svc.Protocols += pn
				}
				continue
			}
			at[key] = len(a.Services)
			a.Services = append(a.Services, RangeService{Ports: r.PortText(), Port: r.Low,
				Protocols: r.Protocol.String(), Service: r.Service, Description: r.Description})
		}
	}
	e := s.Ephemeral
	if e.High > 0 && e.Low <= hi && lo <= e.High {
		a.Ephemeral = &registry.PortRun{From: max(lo, e.Low), To: min(hi, e.High)}
	}
	return a
}

// ClassesText is "System" or "System and User".
func (a RangeAnswer) ClassesText() string {
	names := make([]string, len(a.Classes))
	for i, c := range a.Classes {
		names[i] = c.Title()
	}
	return strings.Join(names, " and ")
}

// CountsText is "1 assigned, 12 unassigned" (statuses with no port left out).
func (a RangeAnswer) CountsText() string {
	var parts []string
	for _, st := range StatusOrder {
		if n := a.Counts[st]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, st))
		}
	}
	return strings.Join(parts, ", ")
}
