package judge

import (
	"fmt"
	"strconv"
	"strings"
)

// Scope is where a listener can be reached from (the same words as the
// listener's scope).
type Scope string

const (
	// ScopeLoopback: 127.0.0.0/8 or ::1, this machine only.
	ScopeLoopback Scope = "loopback"
	// ScopeAddress: one address or one interface.
	ScopeAddress Scope = "address"
	// ScopeAll: 0.0.0.0 or ::, every interface.
	ScopeAll Scope = "all"
)

// reach orders scopes from narrow to wide.
func (s Scope) reach() int {
	switch s {
	case ScopeLoopback:
		return 0
	case ScopeAddress:
		return 1
	}
	return 2
}

// beyondLoopback tells whether other machines may reach the listener.
func (s Scope) beyondLoopback() bool { return s != ScopeLoopback }

// Listen is one habit of a program: protocols, ports and how wide it
// usually listens. Its text form is "tcp 22 all", "tcp+udp 1714-1764 all",
// "udp ephemeral all", "tcp any loopback".
type Listen struct {
	TCP, UDP bool
	// Low-High is the port range; Ephemeral means "a port the OS hands
	// out"; Any means any port (the port is the user's choice).
	Low, High      uint16
	Ephemeral, Any bool
	// Scope is the widest scope the program usually uses (default all).
	Scope Scope
}

// ParseListen reads the text form: protocols (tcp, udp, tcp+udp), ports
// (22, 80,443, 1714-1764, ephemeral, any) and an optional scope (loopback,
// address, all; all when left out).
func ParseListen(s string) (Listen, error) {
	f := strings.Fields(s)
	if len(f) < 2 || len(f) > 3 {
		return Listen{}, fmt.Errorf("listen %q: want \"PROTOCOLS PORTS [SCOPE]\", e.g. \"tcp 22 all\"", s)
	}
	var l Listen
	for _, p := range strings.Split(f[0], "+") {
		switch p {
		case "tcp":
			l.TCP = true
		case "udp":
			l.UDP = true
		default:
			return Listen{}, fmt.Errorf("listen %q: protocol %q is not tcp or udp", s, p)
		}
	}
	switch f[1] {
	case "ephemeral":
		l.Ephemeral = true
	case "any":
		l.Any = true
	default:
		lo, hi, ok := strings.Cut(f[1], "-")
		a, err1 := strconv.ParseUint(lo, 10, 16)
		b := a
		var err2 error
		if ok {
			b, err2 = strconv.ParseUint(hi, 10, 16)
		}
		if err1 != nil || err2 != nil || a == 0 || b < a {
			return Listen{}, fmt.Errorf("listen %q: ports %q are not a port (1-65535), a range, \"ephemeral\" or \"any\"", s, f[1])
		}
		l.Low, l.High = uint16(a), uint16(b)
	}
	l.Scope = ScopeAll
	if len(f) == 3 {
		switch sc := Scope(f[2]); sc {
		case ScopeLoopback, ScopeAddress, ScopeAll:
			l.Scope = sc
		default:
			return Listen{}, fmt.Errorf("listen %q: scope %q is not loopback, address or all", s, f[2])
		}
	}
	return l, nil
}

// parseListens reads a list; "80,443" in one item stands for two.
func parseListens(items []string) ([]Listen, error) {
	var out []Listen
	for _, it := range items {
		f := strings.Fields(it)
		if len(f) >= 2 && strings.Contains(f[1], ",") {
			for _, port := range strings.Split(f[1], ",") {
				g := append([]string{f[0], port}, f[2:]...)
				l, err := ParseListen(strings.Join(g, " "))
				if err != nil {
					return nil, err
				}
				out = append(out, l)
			}
			continue
		}
		l, err := ParseListen(it)
		if err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, nil
}

// portMatch tells whether the habit covers the protocol and port.
func (l *Listen) portMatch(tcp bool, port uint16, ephemeral bool) bool {
	if tcp && !l.TCP || !tcp && !l.UDP {
		return false
	}
	return l.Any || l.Ephemeral && ephemeral || l.Low <= port && port <= l.High && l.Low != 0
}
