package listen

import (
	"context"
	"encoding/binary"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
)

func raiseFileLimit(n int) {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		return
	}
	if lim.Cur < uint64(n) {
		lim.Cur = min(uint64(n), lim.Max)
		syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim)
	}
}

func addPlatformSources(m map[string]func() SocketSource) {
	m["procnet"] = func() SocketSource {
		s := newLinuxSource("/proc")
		s.useProcNet = true
		return s
	}
}

func littleEndian(t *testing.T) {
	var b [2]byte
	binary.NativeEndian.PutUint16(b[:], 1)
	if b[0] != 1 {
		t.Skip("the /proc/net samples are from a little-endian machine")
	}
}

func TestParseProcNet(t *testing.T) {
	littleEndian(t)
	read := func(name string, proto uint8, v6 bool) []rawSocket {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		out, err := parseProcNet(data, proto, v6, nil)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	tcp := read("proc_net_tcp", syscall.IPPROTO_TCP, false)
	want := []rawSocket{
		{proto: syscall.IPPROTO_TCP, ip: mustAddr("127.0.0.1"), port: 8080, uid: 1000, inode: 41001},
		{proto: syscall.IPPROTO_TCP, ip: mustAddr("0.0.0.0"), port: 22, uid: 0, inode: 41002},
	}
	if !slices.Equal(tcp, want) { // the established and the closed sockets are left out
		t.Errorf("tcp:\n got %+v\nwant %+v", tcp, want)
	}
	tcp6 := read("proc_net_tcp6", syscall.IPPROTO_TCP, true)
	want = []rawSocket{
		{proto: syscall.IPPROTO_TCP, v6: true, ip: mustAddr("::"), port: 443, uid: 33, inode: 42001},
		{proto: syscall.IPPROTO_TCP, v6: true, ip: mustAddr("::ffff:127.0.0.1"), port: 3306, uid: 1000, inode: 42002},
	}
	if !slices.Equal(tcp6, want) {
		t.Errorf("tcp6:\n got %+v\nwant %+v", tcp6, want)
	}
	udp6 := read("proc_net_udp6", syscall.IPPROTO_UDP, true)
	want = []rawSocket{
		{proto: syscall.IPPROTO_UDP, v6: true, ip: mustAddr("::1"), port: 53, uid: 101, inode: 43001},
		{proto: syscall.IPPROTO_UDP, v6: true, ip: mustAddr("fe80::5aec:fff:fe63:6b1f"), port: 546, uid: 0, inode: 43003},
	}
	if !slices.Equal(udp6, want) { // the connected socket is left out
		t.Errorf("udp6:\n got %+v\nwant %+v", udp6, want)
	}
	if _, err := parseProcNet([]byte("header\n 0: 0100007F:ZZZZ 00000000:0000 0A 0 0 0 0 0 1\n"), syscall.IPPROTO_TCP, false, nil); err == nil {
		t.Error("a bad port was accepted")
	}
}

func TestParseProcStat(t *testing.T) {
	st, err := parseProcStat([]byte("4242 (my (odd) name) S 1 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 12345 67 18446744073709551615\n"))
	if err != nil || st.comm != "my (odd) name" || st.state != 'S' || st.start != 987654 {
		t.Errorf("got %+v %v", st, err)
	}
	if _, err := parseProcStat([]byte("1 (x) S 1 2")); err == nil {
		t.Error("a short stat was accepted")
	}
	self, err := readProcStat("/proc", int32(os.Getpid()), make([]byte, 1024))
	if err != nil || self.start == 0 || self.comm == "" {
		t.Errorf("own stat: %+v %v", self, err)
	}
	if _, err := readProcStat("/proc", 1<<30, make([]byte, 1024)); err != errProcGone {
		t.Errorf("a missing process: %v", err)
	}
}

// diagMsg builds a netlink message carrying one inet_diag_msg.
func diagMsg(seq uint32, family, state uint8, ip netip.Addr, port, dport uint16, ifindex, uid, inode uint32) []byte {
	ne := binary.NativeEndian
	m := make([]byte, nlmsgHdrLen+diagMsgLen)
	ne.PutUint32(m[0:], uint32(len(m)))
	ne.PutUint16(m[4:], sockDiagByFamily)
	ne.PutUint32(m[8:], seq)
	b := m[nlmsgHdrLen:]
	b[0], b[1] = family, state
	binary.BigEndian.PutUint16(b[4:], port)
	binary.BigEndian.PutUint16(b[6:], dport)
	a := ip.As16()
	if ip.Is4() {
		a4 := ip.As4()
		copy(b[8:], a4[:])
	} else {
		copy(b[8:], a[:])
	}
	ne.PutUint32(b[40:], ifindex)
	ne.PutUint32(b[64:], uid)
	ne.PutUint32(b[68:], inode)
	return m
}

func TestParseDiag(t *testing.T) {
	q := diagQueries[3] // udp6
	var buf []byte
	buf = append(buf, diagMsg(7, syscall.AF_INET6, tcpClose, mustAddr("::1"), 53, 0, 0, 101, 900)...)
	buf = append(buf, diagMsg(7, syscall.AF_INET6, tcpClose, mustAddr("fe80::1"), 546, 0, 2, 0, 901)...)
	buf = append(buf, diagMsg(7, syscall.AF_INET6, tcpClose, mustAddr("::1"), 4000, 53, 0, 0, 902)...) // connected
	buf = append(buf, diagMsg(6, syscall.AF_INET6, tcpClose, mustAddr("::1"), 1, 0, 0, 0, 903)...)     // stale sequence
	out, done, err := parseDiag(buf, 7, q, nil)
	if err != nil || done {
		t.Fatal(err, done)
	}
	want := []rawSocket{
		{proto: syscall.IPPROTO_UDP, v6: true, ip: mustAddr("::1"), port: 53, uid: 101, inode: 900},
		{proto: syscall.IPPROTO_UDP, v6: true, ip: mustAddr("fe80::1"), port: 546, ifindex: 2, inode: 901},
	}
	if !slices.Equal(out, want) {
		t.Errorf("\n got %+v\nwant %+v", out, want)
	}
	doneMsg := make([]byte, nlmsgHdrLen+4)
	binary.NativeEndian.PutUint32(doneMsg, uint32(len(doneMsg)))
	binary.NativeEndian.PutUint16(doneMsg[4:], syscall.NLMSG_DONE)
	binary.NativeEndian.PutUint32(doneMsg[8:], 7)
	if _, done, err := parseDiag(doneMsg, 7, q, nil); !done || err != nil {
		t.Errorf("done: %v %v", done, err)
	}
	errMsg := slices.Clone(doneMsg)
	binary.NativeEndian.PutUint16(errMsg[4:], syscall.NLMSG_ERROR)
	eperm := -int32(syscall.EPERM)
	binary.NativeEndian.PutUint32(errMsg[16:], uint32(eperm))
	if _, _, err := parseDiag(errMsg, 7, q, nil); err == nil {
		t.Error("an error message was not reported")
	}
	if _, _, err := parseDiag(doneMsg[:20][:18], 7, q, nil); err == nil {
		t.Error("a truncated message was accepted")
	}
}

// TestNetlinkAgreesWithProcNet: both kernel interfaces list the test's own
// sockets the same way.
func TestNetlinkAgreesWithProcNet(t *testing.T) {
	want, _ := openLoopback(t)
	var d diagDumper
	nl, err := d.dump(context.Background(), nil)
	if err != nil {
		t.Skipf("sock_diag unavailable here (%v); /proc/net is used instead", err)
	}
	pn, err := readProcNet(context.Background(), "/proc", nil)
	if err != nil {
		t.Fatal(err)
	}
	pick := func(rs []rawSocket) map[uint64]rawSocket {
		m := map[uint64]rawSocket{}
		for _, r := range rs {
			proto := "tcp"
			if r.proto == syscall.IPPROTO_UDP {
				proto = "udp"
			}
			if want[testEndpoint{proto, r.ip.String(), r.port}] {
				m[r.inode] = r
			}
		}
		return m
	}
	a, b := pick(nl), pick(pn)
	if len(a) != len(want) || len(b) != len(want) {
		t.Fatalf("netlink found %d, /proc/net %d of %d", len(a), len(b), len(want))
	}
	for inode, r := range a {
		if b[inode] != r {
			t.Errorf("netlink %+v, /proc/net %+v", r, b[inode])
		}
	}
}

func TestFdScannerFindsOwnSocket(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	f, err := l.(*net.TCPListener).File()
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var st syscall.Stat_t
	if err := syscall.Fstat(int(f.Fd()), &st); err != nil {
		t.Fatal(err)
	}
	var s fdScanner
	var got []holder
	err = s.scanPID(int32(os.Getpid()), map[uint64]struct{}{st.Ino: {}}, func(inode uint64, h holder) {
		if inode == st.Ino {
			got = append(got, h)
		}
	})
	if err != nil || len(got) != 2 { // the listener and its dup
		t.Errorf("holders %v, err %v", got, err)
	}
	pids, err := s.pids()
	if err != nil || !slices.Contains(pids, int32(os.Getpid())) {
		t.Errorf("pids: %d found, err %v", len(pids), err)
	}
	if err := s.scanPID(1<<30, nil, nil); err != errProcGone {
		t.Errorf("missing process: %v", err)
	}
}

// TestProcessExitsWhileResolving: a process that exits after the kernel
// listed its socket, before or after its descriptors are read, costs no
// error; its row says why details are missing.
func TestProcessExitsWhileResolving(t *testing.T) {
	for _, stage := range []string{"before-scan", "before-details"} {
		t.Run(stage, func(t *testing.T) {
			child := startSocketChild(t, 2)
			src := newLinuxSource("/proc")
			hook := func() { child.kill() }
			if stage == "before-scan" {
				src.afterList = hook
			} else {
				src.beforeDetails = hook
			}
			snap, err := src.Snapshot(context.Background())
			if err != nil {
				t.Fatalf("snapshot: %v", err)
			}
			seen := 0
			for i := range snap.Listeners {
				l := &snap.Listeners[i]
				if l.PID == int32(child.pid) || (l.Address == "127.0.0.1" && l.PID == 0) {
					seen++
					if l.Process == "" && l.Note == "" {
						t.Errorf("%s: blank without a reason", l.Endpoint())
					}
					if l.PID == int32(child.pid) && l.Note != NoteExited {
						t.Errorf("%s: note %q, want %q", l.Endpoint(), l.Note, NoteExited)
					}
				}
			}
			if seen < 2 {
				t.Errorf("%d of the child's 2 sockets listed", seen)
			}
			// The next poll has forgotten it.
			snap, err = src.Snapshot(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			for i := range snap.Listeners {
				if snap.Listeners[i].PID == int32(child.pid) {
					t.Errorf("%s still listed", snap.Listeners[i].Endpoint())
				}
			}
			if n := len(src.procs); n > 0 {
				for pid := range src.procs {
					if pid == int32(child.pid) {
						t.Error("the exited process is still cached")
					}
				}
			}
		})
	}
}

// TestCachesDoNotGrow: sockets and processes that went away leave the
// caches.
func TestCachesDoNotGrow(t *testing.T) {
	src := newLinuxSource("/proc")
	ctx := context.Background()
	base, err := src.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 5; i++ {
		_, closeAll := openLoopback(t)
		if _, err := src.Snapshot(ctx); err != nil {
			t.Fatal(err)
		}
		closeAll()
	}
	if _, err := src.Snapshot(ctx); err != nil {
		t.Fatal(err)
	}
	if len(src.socks) > len(base.Listeners)+2 {
		t.Errorf("%d sockets cached for %d listeners", len(src.socks), len(base.Listeners))
	}
}
