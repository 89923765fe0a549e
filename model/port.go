package model

import (
	"strconv"

	"github.com/portolan/portolan/registry"
)

// PortAnswer is everything the registry says about one port. Its JSON form
// is the output of `portolan port N --json` (keys documented in README.md).
type PortAnswer struct {
	Port uint16 `json:"port"`
	// Range is "system", "user" or "dynamic".
	Range registry.RangeClass `json:"range"`
	// Protocol is the protocol asked for, or "" for the combined view.
	Protocol string `json:"protocol,omitempty"`
	// Status is the status on Protocol, or combined over all protocols.
	Status          registry.Status           `json:"status"`
	UnauthorizedUse bool                      `json:"unauthorized_use_reported"`
	Protocols       map[string]ProtocolAnswer `json:"protocols"`
	UnassignedRun   *registry.PortRun         `json:"unassigned_run"`
	Previous        *registry.PortName        `json:"previous_assigned"`
	Next            *registry.PortName        `json:"next_assigned"`
	// NearestFree is the nearest unassigned non-dynamic port, or -1.
	NearestFree int `json:"nearest_free"`
	// Ephemeral tells whether the port is in this machine's ephemeral range.
	Ephemeral bool `json:"ephemeral"`
}

// ProtocolAnswer is what the registry says of the port on one protocol.
type ProtocolAnswer struct {
	Status        registry.Status    `json:"status"`
	Service       string             `json:"service,omitempty"`
	Aliases       []string           `json:"aliases,omitempty"`
	Records       []RecordAnswer     `json:"records"`
	UnassignedRun *registry.PortRun  `json:"unassigned_run"`
	Previous      *registry.PortName `json:"previous_assigned"`
	Next          *registry.PortName `json:"next_assigned"`
}

// RecordAnswer is one registry record in the JSON output.
type RecordAnswer struct {
	Service         string            `json:"service"`
	Ports           string            `json:"ports"` // "80" or "6000-6063"
	Protocol        string            `json:"protocol"`
	Status          registry.Status   `json:"status"`
	Description     string            `json:"description"`
	Assignee        string            `json:"assignee"`
	Contact         string            `json:"contact"`
	References      []ReferenceAnswer `json:"references"`
	Registered      string            `json:"registered"`
	Modified        string            `json:"modified"`
	ServiceCode     string            `json:"service_code,omitempty"`
	UnauthorizedUse string            `json:"unauthorized_use"`
	Notes           string            `json:"notes"`
	Source          string            `json:"source"`
}

// ReferenceAnswer is a reference with the address people can open.
type ReferenceAnswer struct {
	registry.Reference
	URL string `json:"url,omitempty"`
}

// Space is the port space of one registry on this machine.
type Space struct {
	Reg       *registry.Registry
	Ephemeral EphemeralRange
}

// NewSpace joins a registry with this machine's ephemeral range.
func NewSpace(reg *registry.Registry) *Space {
	return &Space{Reg: reg, Ephemeral: LocalEphemeralRange()}
}

// Answer builds the full answer for port on proto (ProtoNone: every
// protocol, with the combined status on top).
func (s *Space) Answer(port uint16, proto registry.Protocol) PortAnswer {
	reg := s.Reg
	n := reg.NeighboursOf(port, proto)
	a := PortAnswer{
		Port:            port,
		Range:           registry.ClassOf(port),
		Protocol:        proto.String(),
		Status:          reg.Status(port, proto),
		UnauthorizedUse: reg.Unauthorized(port),
		Protocols:       map[string]ProtocolAnswer{},
		UnassignedRun:   n.Run,
		Previous:        n.Previous,
		Next:            n.Next,
		NearestFree:     n.NearestFree,
		Ephemeral:       s.Ephemeral.Contains(port),
	}
	protos := registry.Transports[:]
	if proto != registry.ProtoNone {
		protos = []registry.Protocol{proto}
	}
	for _, p := range protos {
		pn := reg.NeighboursOf(port, p)
		pa := ProtocolAnswer{
			Status:        reg.Status(port, p),
			Aliases:       reg.Aliases(port, p),
			Records:       []RecordAnswer{},
			UnassignedRun: pn.Run,
			Previous:      pn.Previous,
			Next:          pn.Next,
		}
		if r := reg.Primary(port, p); r != nil {
			pa.Service = r.Service
		}
		// Protocol-less records (IANA's unassigned ranges) speak for every
		// protocol, so they are listed under each.
		for _, r := range reg.RecordsFor(port, p) {
			pa.Records = append(pa.Records, RecordOf(r))
		}
		a.Protocols[p.String()] = pa
	}
	return a
}

// RecordOf converts a registry record for output.
func RecordOf(r *registry.Record) RecordAnswer {
	out := RecordAnswer{
		Service: r.Service, Ports: r.PortText(), Protocol: r.Protocol.String(), Status: r.Status(),
		Description: r.Description, Assignee: r.Assignee, Contact: r.Contact,
		References: []ReferenceAnswer{}, Registered: r.Registered, Modified: r.Modified,
		ServiceCode: r.ServiceCode, UnauthorizedUse: r.UnauthorizedUse, Notes: r.Notes, Source: r.Source,
	}
	for _, ref := range r.References {
		out.References = append(out.References, ReferenceAnswer{Reference: ref, URL: ref.URL()})
	}
	return out
}

// Summary is the one-line description of a port for status lines:
// "290 · unassigned · System · run 288-299".
func (s *Space) Summary(port uint16, proto registry.Protocol) string {
	reg := s.Reg
	st := reg.Status(port, proto)
	text := strconv.Itoa(int(port))
	if st == registry.Assigned {
		if r := reg.Primary(port, proto); r != nil {
			text += " " + r.Service
		}
	}
	text += " · " + st.String() + " · " + registry.ClassOf(port).Title()
	if st == registry.Unassigned {
		if n := reg.NeighboursOf(port, proto); n.Run != nil && n.Run.From != n.Run.To {
			text += " · run " + n.Run.String()
		}
	}
	if reg.Unauthorized(port) {
		text += " · unauthorized use reported"
	}
	if s.Ephemeral.Contains(port) {
		text += " · ephemeral"
	}
	return text
}
