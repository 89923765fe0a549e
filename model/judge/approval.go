package judge

import (
	"fmt"
	"strconv"
	"strings"
)

// ApprovalKey names what an approval covers: a program (its executable,
// or the script an interpreter runs) listening on a protocol, a scope and
// a port, or on "an ephemeral port" for programs that take a new one from
// the OS each time they start. Restarting the program keeps its approval;
// the same program on another port or scope, or another program on the
// port, is not covered.
type ApprovalKey struct {
	// Exe is "" when the program could not be identified: the approval then
	// covers whatever program listens there.
	Exe       string
	Protocol  string
	Scope     Scope
	Port      uint16
	Ephemeral bool
}

// KeyOf is the approval key of a listener.
func KeyOf(in *Input) ApprovalKey {
	k := ApprovalKey{Protocol: in.Protocol, Scope: in.Scope, Port: in.Port, Ephemeral: in.Ephemeral}
	if in.Ephemeral {
		k.Port = 0
	}
	if in.Facts != nil && in.PID != 0 {
		k.Exe = in.Facts.Program()
	}
	return k
}

// PortText is the port, or "ephemeral".
func (k ApprovalKey) PortText() string {
	if k.Ephemeral {
		return "ephemeral"
	}
	return strconv.Itoa(int(k.Port))
}

// String is the text form: "tcp all 22 /usr/sbin/sshd",
// "udp all ephemeral /usr/sbin/avahi-daemon" (no executable: "*").
func (k ApprovalKey) String() string {
	exe := k.Exe
	if exe == "" {
		exe = "*"
	}
	return k.Protocol + " " + string(k.Scope) + " " + k.PortText() + " " + exe
}

// ParseApprovalKey reads the text form of String.
func ParseApprovalKey(s string) (ApprovalKey, error) {
	f := strings.SplitN(strings.TrimSpace(s), " ", 4)
	if len(f) != 4 {
		return ApprovalKey{}, fmt.Errorf("approval %q: want \"PROTOCOL SCOPE PORT EXECUTABLE\"", s)
	}
	k := ApprovalKey{Protocol: f[0], Scope: Scope(f[1]), Exe: f[3]}
	if k.Protocol != "tcp" && k.Protocol != "udp" {
		return ApprovalKey{}, fmt.Errorf("approval %q: protocol %q is not tcp or udp", s, f[0])
	}
	switch k.Scope {
	case ScopeLoopback, ScopeAddress, ScopeAll:
	default:
		return ApprovalKey{}, fmt.Errorf("approval %q: scope %q is not loopback, address or all", s, f[1])
	}
	if f[2] == "ephemeral" {
		k.Ephemeral = true
	} else if p, err := strconv.ParseUint(f[2], 10, 16); err == nil && p > 0 {
		k.Port = uint16(p)
	} else {
		return ApprovalKey{}, fmt.Errorf("approval %q: port %q is not a port or \"ephemeral\"", s, f[2])
	}
	if k.Exe == "*" {
		k.Exe = ""
	}
	return k, nil
}

// MarshalText writes the text form (JSON).
func (k ApprovalKey) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// UnmarshalText reads the text form.
func (k *ApprovalKey) UnmarshalText(b []byte) error {
	v, err := ParseApprovalKey(string(b))
	if err == nil {
		*k = v
	}
	return err
}
