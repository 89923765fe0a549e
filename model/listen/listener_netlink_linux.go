package listen

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"net/netip"
	"syscall"
	"time"
)

// rawSocket is one listening socket as the kernel lists it, before its
// process is known.
type rawSocket struct {
	proto   uint8 // syscall.IPPROTO_TCP or IPPROTO_UDP
	v6      bool  // the socket's family (an IPv4-mapped address stays v6)
	ip      netip.Addr
	port    uint16
	ifindex uint32 // the device the socket is bound to, 0 for none
	uid     uint32
	inode   uint64
}

// The kernel's sock_diag interface (linux/sock_diag.h, linux/inet_diag.h),
// the one `ss` uses: it dumps only the sockets in the states asked for, so
// a machine with many connections costs no more than one with few.
const (
	netlinkSockDiag  = 4  // NETLINK_SOCK_DIAG
	sockDiagByFamily = 20 // SOCK_DIAG_BY_FAMILY
	tcpClose         = 7  // an unconnected UDP socket
	tcpListen        = 10 // a listening TCP socket
	nlmsgHdrLen      = 16
	diagReqLen       = 56 // struct inet_diag_req_v2
	diagMsgLen       = 72 // struct inet_diag_msg
)

// diagQuery is one dump request: a family and protocol with the states
// that mean "listening".
type diagQuery struct {
	family uint8
	proto  uint8
	states uint32
}

var diagQueries = [...]diagQuery{
	{syscall.AF_INET, syscall.IPPROTO_TCP, 1 << tcpListen},
	{syscall.AF_INET6, syscall.IPPROTO_TCP, 1 << tcpListen},
	{syscall.AF_INET, syscall.IPPROTO_UDP, 1 << tcpClose},
	{syscall.AF_INET6, syscall.IPPROTO_UDP, 1 << tcpClose},
}

// diagDumper lists listening sockets over netlink, reusing its buffer.
type diagDumper struct {
	buf []byte
	seq uint32
}

// dump appends the listening TCP and unconnected UDP sockets to out.
func (d *diagDumper) dump(ctx context.Context, out []rawSocket) ([]rawSocket, error) {
	if d.buf == nil {
		d.buf = make([]byte, 64<<10)
	}
	fd, err := syscall.Socket(syscall.AF_NETLINK, syscall.SOCK_DGRAM|syscall.SOCK_CLOEXEC, netlinkSockDiag)
	if err != nil {
		return out, fmt.Errorf("cannot open a sock_diag netlink socket: %w", err)
	}
	defer syscall.Close(fd)
	// A receive timeout keeps a stuck kernel reply from blocking past the
	// caller's deadline.
	timeout := 5 * time.Second
	if dl, ok := ctx.Deadline(); ok {
		timeout = max(time.Until(dl), time.Millisecond)
	}
	tv := syscall.NsecToTimeval(timeout.Nanoseconds())
	if err := syscall.SetsockoptTimeval(fd, syscall.SOL_SOCKET, syscall.SO_RCVTIMEO, &tv); err != nil {
		return out, fmt.Errorf("sock_diag: %w", err)
	}
	if err := syscall.Bind(fd, &syscall.SockaddrNetlink{Family: syscall.AF_NETLINK}); err != nil {
		return out, fmt.Errorf("sock_diag: %w", err)
	}
	for _, q := range diagQueries {
		if out, err = d.query(ctx, fd, q, out); err != nil {
			return out, err
		}
	}
	return out, nil
}

func (d *diagDumper) query(ctx context.Context, fd int, q diagQuery, out []rawSocket) ([]rawSocket, error) {
	d.seq++
	var req [nlmsgHdrLen + diagReqLen]byte
	ne := binary.NativeEndian
	ne.PutUint32(req[0:], uint32(len(req)))
	ne.PutUint16(req[4:], sockDiagByFamily)
	ne.PutUint16(req[6:], syscall.NLM_F_REQUEST|syscall.NLM_F_DUMP)
	ne.PutUint32(req[8:], d.seq)
	req[16] = q.family
	req[17] = q.proto
	ne.PutUint32(req[20:], q.states)
	if err := syscall.Sendto(fd, req[:], 0, &syscall.SockaddrNetlink{Family: syscall.AF_NETLINK}); err != nil {
		return out, fmt.Errorf("sock_diag request: %w", err)
	}
	for {
		if err := ctx.Err(); err != nil {
			return out, err
		}
		n, _, err := syscall.Recvfrom(fd, d.buf, 0)
		if err != nil {
			if errors.Is(err, syscall.EINTR) {
				continue
			}
			if errors.Is(err, syscall.EAGAIN) {
				return out, fmt.Errorf("sock_diag: no answer from the kernel: %w", context.DeadlineExceeded)
			}
			return out, fmt.Errorf("sock_diag: %w", err)
		}
		var done bool
		out, done, err = parseDiag(d.buf[:n], d.seq, q, out)
		if err != nil || done {
			return out, err
		}
	}
}

// parseDiag reads one datagram of netlink messages; done is set at the end
// of the dump.
func parseDiag(b []byte, seq uint32, q diagQuery, out []rawSocket) (_ []rawSocket, done bool, err error) {
	ne := binary.NativeEndian
	for len(b) >= nlmsgHdrLen {
		l := int(ne.Uint32(b[0:]))
		typ := ne.Uint16(b[4:])
		if l < nlmsgHdrLen || l > len(b) {
			return out, false, errors.New("sock_diag: malformed netlink message")
		}
		msg := b[nlmsgHdrLen:l]
		if ne.Uint32(b[8:]) == seq {
			switch typ {
			case syscall.NLMSG_DONE:
				return out, true, nil
			case syscall.NLMSG_ERROR:
				if len(msg) >= 4 {
					if errno := -int32(ne.Uint32(msg)); errno != 0 {
						return out, false, fmt.Errorf("sock_diag: %w", syscall.Errno(errno))
					}
				}
				return out, true, nil
			case sockDiagByFamily:
				if s, ok := parseDiagMsg(msg, q); ok {
					out = append(out, s)
				}
			}
		}
		b = b[min((l+3)&^3, len(b)):]
	}
	return out, false, nil
}

// parseDiagMsg reads a struct inet_diag_msg.
func parseDiagMsg(m []byte, q diagQuery) (rawSocket, bool) {
	if len(m) < diagMsgLen {
		return rawSocket{}, false
	}
	ne := binary.NativeEndian
	family, state := m[0], m[1]
	want := uint8(tcpListen)
	if q.proto == syscall.IPPROTO_UDP {
		want = tcpClose
	}
	if state != want {
		return rawSocket{}, false
	}
	// struct inet_diag_sockid starts at 4: ports are big-endian.
	s := rawSocket{
		proto:   q.proto,
		v6:      family == syscall.AF_INET6,
		port:    binary.BigEndian.Uint16(m[4:]),
		ifindex: ne.Uint32(m[40:]),
		uid:     ne.Uint32(m[64:]),
		inode:   uint64(ne.Uint32(m[68:])),
	}
	if q.proto == syscall.IPPROTO_UDP && binary.BigEndian.Uint16(m[6:]) != 0 {
		return rawSocket{}, false // has a remote address: not listening
	}
	if s.v6 {
		s.ip = netip.AddrFrom16([16]byte(m[8:24]))
	} else {
		s.ip = netip.AddrFrom4([4]byte(m[8:12]))
	}
	return s, true
}
