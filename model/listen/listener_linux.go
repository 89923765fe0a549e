package listen

import (
	"context"
	"errors"
	"net"
	"slices"
	"strconv"
	"sync"
	"syscall"
)

// NewSystemSource lists this machine's listeners. On Linux it asks the
// kernel through sock_diag (as `ss` does; /proc/net when netlink is not
// allowed), finds each socket's process in /proc/PID/fd, and reads process
// details through gopsutil. What does not change is cached: a socket's
// process by inode, a process's details by PID and start time; a poll in
// which nothing changed reads no process directory at all.
func NewSystemSource() SocketSource { return newLinuxSource("/proc") }

type linuxSource struct {
	mu   sync.Mutex
	root string

	diag       diagDumper
	useProcNet bool  // sock_diag failed: read /proc/net
	diagErr    error // why

	scan    fdScanner
	raw     []rawSocket
	socks   map[uint64]*sockEntry
	procs   map[int32]*procEntry
	users   userNames
	euid    uint32
	gen     uint64
	statBuf []byte
	// limited is set when the last full scan met processes it could not
	// read.
	limited bool

	// The last listing and the sockets it was built from; a poll that finds
	// the same sockets and owners returns it again.
	last        []Listener
	lastLimited bool
	lastRaw     []rawSocket
	wanted      map[uint64]struct{}
	holders     map[uint64][]holder
	scanned     map[int32]bool

	// Test hooks: after the kernel's list, before process details.
	afterList, beforeDetails func()
}

// sockState is how far a socket's process is known.
type sockState uint8

const (
	sockPending sockState = iota // to be looked for
	sockOwned                    // owner holds it
	sockOrphan                   // no readable process holds it
)

type sockEntry struct {
	raw   rawSocket
	base  Listener // the socket's own fields
	state sockState
	owner int32
	note  string // for sockOrphan
	seen  uint64
}

type procEntry struct {
	stat    procStat
	info    procInfo
	hasInfo bool
	checked uint64 // generation of the last liveness check
	alive   bool
}

func newLinuxSource(root string) *linuxSource {
	return &linuxSource{
		root:    root,
		scan:    fdScanner{root: root},
		socks:   map[uint64]*sockEntry{},
		procs:   map[int32]*procEntry{},
		users:   userNames{},
		euid:    uint32(syscall.Geteuid()),
		statBuf: make([]byte, 1024),
		wanted:  map[uint64]struct{}{},
		holders: map[uint64][]holder{},
		scanned: map[int32]bool{},
	}
}

// Snapshot lists the listeners.
func (s *linuxSource) Snapshot(ctx context.Context) (Snapshot, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	raw, err := s.list(ctx)
	if err != nil {
		return Snapshot{}, err
	}
	s.raw = raw
	if s.afterList != nil {
		s.afterList()
	}
	s.gen++
	clear(s.wanted)
	changed := s.last == nil || !slices.Equal(raw, s.lastRaw)
	for i := range raw {
		r := &raw[i]
		if r.inode == 0 {
			continue
		}
		e := s.socks[r.inode]
		if e == nil || e.raw != *r { // new, or an inode number reused
			e = s.newEntry(r)
			s.socks[r.inode] = e
		}
		e.seen = s.gen
		if e.state == sockOwned && s.alive(e.owner) == nil {
			e.state, e.owner = sockPending, 0
		}
		if e.state == sockPending {
			s.wanted[r.inode] = struct{}{}
		}
	}
	if len(s.wanted) > 0 {
		changed = true
		if err := s.resolve(ctx); err != nil {
			s.last = nil
			return Snapshot{}, err
		}
	}
	if !changed {
		// The same sockets, held by the same living processes: the last
		// listing stands, shared and not rebuilt.
		return Snapshot{Listeners: s.last, Limited: s.lastLimited}, nil
	}
	s.last = nil
	if s.beforeDetails != nil {
		s.beforeDetails()
	}
	snap := Snapshot{Listeners: make([]Listener, len(raw))}
	for i := range raw {
		snap.Listeners[i] = s.build(ctx, &raw[i])
	}
	SortListeners(snap.Listeners)
	for i := range snap.Listeners {
		if snap.Listeners[i].Note == NoteOtherUser {
			snap.Limited = true
			break
		}
	}
	s.last, s.lastLimited = snap.Listeners, snap.Limited
	s.lastRaw = append(s.lastRaw[:0], raw...)
	for inode, e := range s.socks {
		if e.seen != s.gen {
			delete(s.socks, inode)
		}
	}
	for pid, p := range s.procs {
		if p.checked != s.gen {
			delete(s.procs, pid)
		}
	}
	return snap, nil
}

// build makes the listener of one socket.
func (s *linuxSource) build(ctx context.Context, r *rawSocket) Listener {
	e := s.socks[r.inode]
	if r.inode == 0 || e == nil {
		l := s.newEntry(r).base
		l.User = s.users.name(r.uid)
		l.Note = NoteNoProcess
		return l
	}
	l := e.base
	if e.state == sockOwned {
		s.fillProcess(ctx, &l, e)
	} else {
		l.User = s.users.name(r.uid)
		l.Note = e.note
	}
	return l
}

// list asks the kernel for the listening sockets.
func (s *linuxSource) list(ctx context.Context) ([]rawSocket, error) {
	if !s.useProcNet {
		raw, err := s.diag.dump(ctx, s.raw[:0])
		if err == nil {
			return raw, nil
		}
		if ctx.Err() != nil {
			return nil, err
		}
		s.useProcNet, s.diagErr = true, err
	}
	return readProcNet(ctx, s.root, s.raw[:0])
}

func (s *linuxSource) newEntry(r *rawSocket) *sockEntry {
	l := Listener{
		Protocol: "tcp", Family: "ipv4", IP: r.ip, Address: r.ip.String(), Port: r.port,
		Scope: ScopeOf(r.ip, r.ifindex != 0), State: "LISTEN", Inode: r.inode,
	}
	if r.proto == syscall.IPPROTO_UDP {
		l.Protocol, l.State = "udp", "UNCONN"
	}
	if r.v6 {
		l.Family = "ipv6"
	}
	if r.ifindex != 0 {
		name := strconv.Itoa(int(r.ifindex))
		if ifi, err := net.InterfaceByIndex(int(r.ifindex)); err == nil {
			name = ifi.Name
		}
		l.Address += "%" + name
	}
	return &sockEntry{raw: *r, base: l}
}

// alive returns the cached process pid if it still runs (checked once per
// poll), else nil.
func (s *linuxSource) alive(pid int32) *procEntry {
	p := s.procs[pid]
	if p == nil {
		return nil
	}
	if p.checked != s.gen {
		p.checked = s.gen
		st, err := readProcStat(s.root, pid, s.statBuf)
		p.alive = err == nil && st.start == p.stat.start
	}
	if !p.alive {
		return nil
	}
	return p
}

// proc returns the entry for a running pid, reading its stat when it is
// new (or its PID was reused); nil if it has exited.
func (s *linuxSource) proc(pid int32) *procEntry {
	if p := s.procs[pid]; p != nil && p.checked == s.gen {
		if p.alive {
			return p
		}
		return nil
	}
	st, err := readProcStat(s.root, pid, s.statBuf)
	if err != nil {
		delete(s.procs, pid)
		return nil
	}
	p := s.procs[pid]
	if p == nil || p.stat.start != st.start {
		p = &procEntry{stat: st}
		s.procs[pid] = p
	}
	p.checked, p.alive = s.gen, true
	return p
}

// resolve finds the processes of the sockets in s.wanted: first among the
// processes already known to listen, then, if some are still missing, in
// every process.
func (s *linuxSource) resolve(ctx context.Context) error {
	clear(s.holders)
	clear(s.scanned)
	record := func(inode uint64, h holder) { s.holders[inode] = append(s.holders[inode], h) }
	for pid, p := range s.procs {
		if p.checked == s.gen && p.alive {
			s.scanned[pid] = true
			if err := s.scan.scanPID(pid, s.wanted, record); err != nil && !errors.Is(err, errProcGone) {
				continue
			}
		}
	}
	if len(s.holders) < len(s.wanted) {
		// A full scan costs what `ss -p` pays on every call; the sockets no
		// process was found for last time get another chance in it.
		for inode, e := range s.socks {
			if e.seen == s.gen && e.state == sockOrphan {
				s.wanted[inode] = struct{}{}
			}
		}
		pids, err := s.scan.pids()
		if err != nil {
			return err
		}
		limited := false
		for _, pid := range pids {
			if s.scanned[pid] {
				continue
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			err := s.scan.scanPID(pid, s.wanted, record)
			if errors.Is(err, syscall.EACCES) || errors.Is(err, syscall.EPERM) {
				limited = true
			}
		}
		s.limited = limited
	}
	for inode := range s.wanted {
		e := s.socks[inode]
		if best := s.pick(s.holders[inode]); best != nil {
			e.state, e.owner, e.note = sockOwned, best.pid, ""
			continue
		}
		e.state, e.owner = sockOrphan, 0
		e.note = NoteNoProcess
		if s.limited && e.raw.uid != s.euid {
			e.note = NoteOtherUser
		}
	}
	return nil
}

// pick chooses the process shown for a socket several hold: not a service
// manager (systemd, inetd) when the service itself holds it too, then the
// lowest PID (a server's parent rather than its workers).
func (s *linuxSource) pick(hs []holder) *holder {
	var best *holder
	bestManager := false
	for i := range hs {
		h := &hs[i]
		p := s.proc(h.pid)
		if p == nil {
			continue
		}
		manager := serviceManagers[p.stat.comm]
		if best == nil || (bestManager && !manager) || (manager == bestManager && h.pid < best.pid) {
			best, bestManager = h, manager
		}
	}
	return best
}

// fillProcess copies the owner's details into l, reading them once per
// process.
func (s *linuxSource) fillProcess(ctx context.Context, l *Listener, e *sockEntry) {
	p := s.procs[e.owner]
	l.PID = e.owner
	if p == nil { // cannot happen: owners are checked in this poll
		l.Note = NoteExited
		return
	}
	if !p.hasInfo {
		p.info = readProcInfo(ctx, e.owner)
		p.hasInfo = true
		// The details count only if they are the same process's.
		if st, err := readProcStat(s.root, e.owner, s.statBuf); err != nil || st.start != p.stat.start {
			p.info = procInfo{note: NoteExited}
		}
		if p.info.note == NoteExited {
			p.alive = false // look again next time: a child may hold it
		}
	}
	if p.info.note == NoteExited {
		e.state, e.owner = sockPending, 0
	}
	l.Process, l.Exe, l.Cmdline, l.User, l.Started = p.info.name, p.info.exe, p.info.cmdline, p.info.user, p.info.started
	l.Note = p.info.note
	if l.Process == "" {
		l.Process = p.stat.comm
	}
	if l.User == "" {
		l.User = s.users.name(e.raw.uid)
	}
}
