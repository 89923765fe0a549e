package listen

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
)

// procNetFiles are the /proc/net tables read when sock_diag is not
// available (a kernel without it, or a sandbox that forbids netlink).
var procNetFiles = [...]struct {
	name  string
	proto uint8
	v6    bool
}{
	{"tcp", syscall.IPPROTO_TCP, false},
	{"tcp6", syscall.IPPROTO_TCP, true},
	{"udp", syscall.IPPROTO_UDP, false},
	{"udp6", syscall.IPPROTO_UDP, true},
}

// readProcNet lists the listening sockets from root/net/{tcp,tcp6,udp,udp6}.
// A missing tcp6 or udp6 (IPv6 off) is no error.
func readProcNet(ctx context.Context, root string, out []rawSocket) ([]rawSocket, error) {
	for _, f := range procNetFiles {
		if err := ctx.Err(); err != nil {
			return out, err
		}
		data, err := os.ReadFile(filepath.Join(root, "net", f.name))
		if err != nil {
			if f.v6 && errors.Is(err, fs.ErrNotExist) {
				continue
			}
			return out, err
		}
		out, err = parseProcNet(data, f.proto, f.v6, out)
		if err != nil {
			return out, fmt.Errorf("%s: %w", f.name, err)
		}
	}
	return out, nil
}

// parseProcNet reads one /proc/net/{tcp,udp}[6] table, keeping TCP sockets
// in LISTEN and UDP sockets that are unconnected (state 07, no remote port).
func parseProcNet(data []byte, proto uint8, v6 bool, out []rawSocket) ([]rawSocket, error) {
	want := []byte("0A")
	if proto == syscall.IPPROTO_UDP {
		want = []byte("07")
	}
	first := true
	for line := range bytes.Lines(data) {
		if first { // the header
			first = false
			continue
		}
		var f [10][]byte
		n := 0
		for field := range bytes.FieldsSeq(line) {
			if n == len(f) {
				break
			}
			f[n] = field
			n++
		}
		if n < len(f) {
			continue
		}
		if !bytes.Equal(f[3], want) {
			continue
		}
		ip, port, err := parseHexAddr(f[1], v6)
		if err != nil {
			return out, fmt.Errorf("local address %q: %w", f[1], err)
		}
		_, rport, err := parseHexAddr(f[2], v6)
		if err != nil {
			return out, fmt.Errorf("remote address %q: %w", f[2], err)
		}
		if proto == syscall.IPPROTO_UDP && rport != 0 {
			continue
		}
		uid, err := strconv.ParseUint(string(f[7]), 10, 32)
		if err != nil {
			return out, fmt.Errorf("uid %q: %w", f[7], err)
		}
		inode, err := strconv.ParseUint(string(f[9]), 10, 64)
		if err != nil {
			return out, fmt.Errorf("inode %q: %w", f[9], err)
		}
		out = append(out, rawSocket{proto: proto, v6: v6, ip: ip, port: port, uid: uint32(uid), inode: inode})
	}
	return out, nil
}

// parseHexAddr reads "0100007F:1F90": the kernel prints each 32-bit word of
// the address as a host-order number.
func parseHexAddr(s []byte, v6 bool) (netip.Addr, uint16, error) {
	i := bytes.IndexByte(s, ':')
	if i < 0 {
		return netip.Addr{}, 0, errors.New("no port")
	}
	port, err := strconv.ParseUint(string(s[i+1:]), 16, 16)
	if err != nil {
		return netip.Addr{}, 0, errors.New("bad port")
	}
	hexIP := s[:i]
	words := 1
	if v6 {
		words = 4
	}
	if len(hexIP) != 8*words {
		return netip.Addr{}, 0, errors.New("bad address length")
	}
	var b [16]byte
	for w := 0; w < words; w++ {
		v, err := strconv.ParseUint(string(hexIP[8*w:8*w+8]), 16, 32)
		if err != nil {
			return netip.Addr{}, 0, errors.New("bad address")
		}
		binary.NativeEndian.PutUint32(b[4*w:], uint32(v))
	}
	if v6 {
		return netip.AddrFrom16(b), uint16(port), nil
	}
	return netip.AddrFrom4([4]byte(b[:4])), uint16(port), nil
}
