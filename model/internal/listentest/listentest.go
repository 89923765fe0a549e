// Package listentest holds what the tests of model/listen and model/judge
// share: a small registry and listeners as the OS readers fill them. Only
// tests import it; it imports model, model/listen and registry, never
// model/judge (judge's own tests use it).
package listentest

import (
	"net/netip"

	"github.com/portolan/portolan/model"
	"github.com/portolan/portolan/model/listen"
	"github.com/portolan/portolan/registry"
)

// Space is a registry of a few ports with Linux's ephemeral range.
func Space() *model.Space {
	b := registry.NewBuilder("test")
	add := func(svc string, port uint16, p registry.Protocol, desc string) {
		b.Add(registry.Record{Service: svc, HasPort: true, Low: port, High: port, Protocol: p, Description: desc})
	}
	add("ssh", 22, registry.TCP, "The Secure Shell (SSH) Protocol")
	add("ssh", 22, registry.UDP, "The Secure Shell (SSH) Protocol")
	add("http", 80, registry.TCP, "World Wide Web HTTP")
	add("domain", 53, registry.UDP, "Domain Name Server")
	add("", 290, registry.ProtoNone, "Unassigned")
	add("", 1023, registry.TCP, "Reserved")
	add("x11", 6000, registry.TCP, "X Window System")
	return &model.Space{Reg: b.Build(), Ephemeral: model.EphemeralRange{Low: 32768, High: 60999, Source: "test"}}
}

// Listener is a listener of process (none: "") on addr and port, as
// the OS readers fill it.
func Listener(proto, addr string, port uint16, process string) listen.Listener {
	ip := netip.MustParseAddr(addr)
	l := listen.Listener{Protocol: proto, Family: listen.FamilyOf(ip), IP: ip, Address: addr, Port: port,
		Scope: listen.ScopeOf(ip, false), Process: process, User: "root"}
	if process != "" {
		l.PID = 100
	}
	return l
}
