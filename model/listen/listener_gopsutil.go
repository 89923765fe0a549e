package listen

import (
	"context"
	"net/netip"
	"os"
	"runtime"
	"sync"
	"syscall"

	psnet "github.com/shirou/gopsutil/v4/net"
	"github.com/shirou/gopsutil/v4/process"
)

// NewGopsutilSource lists listeners with gopsutil's portable
// net.Connections. It is the system source outside Linux; on Linux it is
// kept for comparison, since every call walks every process's descriptors.
// Process details are cached by PID and start time.
func NewGopsutilSource() SocketSource {
	return &gopsutilSource{procs: map[int32]*gpProc{}}
}

type gopsutilSource struct {
	mu    sync.Mutex
	procs map[int32]*gpProc
	gen   uint64
}

type gpProc struct {
	created int64
	info    procInfo
	seen    uint64
}

// Snapshot lists the listeners.
func (s *gopsutilSource) Snapshot(ctx context.Context) (Snapshot, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	conns, err := psnet.ConnectionsWithoutUidsWithContext(ctx, "inet")
	if err != nil {
		return Snapshot{}, err
	}
	s.gen++
	elevated := isElevated()
	var snap Snapshot
	for i := range conns {
		c := &conns[i]
		l, ok := listenerFromConn(c)
		if !ok {
			continue
		}
		if c.Pid > 0 {
			l.PID = c.Pid
			info := s.info(ctx, c.Pid)
			l.Process, l.Exe, l.Cmdline, l.User, l.Started, l.Note = info.name, info.exe, info.cmdline, info.user, info.started, info.note
		} else if elevated {
			l.Note = NoteNoProcess
		} else {
			l.Note = NoteOtherUser
			snap.Limited = true
		}
		snap.Listeners = append(snap.Listeners, l)
	}
	for pid, p := range s.procs {
		if p.seen != s.gen {
			delete(s.procs, pid)
		}
	}
	SortListeners(snap.Listeners)
	return snap, nil
}

// listenerFromConn keeps TCP sockets in LISTEN and UDP sockets without a
// remote address (gopsutil's UDP state is "NONE").
func listenerFromConn(c *psnet.ConnectionStat) (Listener, bool) {
	l := Listener{Port: uint16(c.Laddr.Port)}
	switch c.Type {
	case syscall.SOCK_STREAM:
		if c.Status != "LISTEN" {
			return l, false
		}
		l.Protocol, l.State = "tcp", "LISTEN"
	case syscall.SOCK_DGRAM:
		if c.Raddr.Port != 0 {
			return l, false
		}
		l.Protocol, l.State = "udp", "UNCONN"
	default:
		return l, false
	}
	v6 := c.Family == syscall.AF_INET6
	l.Family = "ipv4"
	l.IP = netip.IPv4Unspecified()
	if v6 {
		l.Family = "ipv6"
		l.IP = netip.IPv6Unspecified()
	}
	if ip, err := netip.ParseAddr(c.Laddr.IP); err == nil { // "*" stays unspecified
		l.IP = ip.WithZone("")
	}
	l.Address = c.Laddr.IP
	if l.Address == "" || l.Address == "*" {
		l.Address = l.IP.String()
	}
	l.Scope = ScopeOf(l.IP, false)
	return l, true
}

func (s *gopsutilSource) info(ctx context.Context, pid int32) procInfo {
	created := int64(0)
	if p, err := process.NewProcessWithContext(ctx, pid); err == nil {
		created, _ = p.CreateTimeWithContext(ctx)
	}
	if e := s.procs[pid]; e != nil && e.created == created && created != 0 {
		e.seen = s.gen
		return e.info
	}
	info := readProcInfo(ctx, pid)
	if created == 0 && info.note == "" {
		info.note = NoteExited
	}
	s.procs[pid] = &gpProc{created: created, info: info, seen: s.gen}
	return info
}

// isElevated tells whether this process may see every process's sockets.
func isElevated() bool {
	if runtime.GOOS == "windows" {
		return false
	}
	return os.Geteuid() == 0
}
