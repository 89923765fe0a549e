package judge

import (
	"bufio"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// buildFakeDaemon builds the helper program once per test binary run.
func buildFakeDaemon(t *testing.T) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "fakedaemon")
	cmd := exec.Command("go", "build", "-o", out, "./internal/fakedaemon")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building the helper: %v\n%s", err, b)
	}
	return out
}

// place puts the helper at path: a hard link when it can (the cases share
// one file, saving disk), a copy when distinct is set or linking fails.
// A process renamed after another program needs a copy: were its file the
// other program's, the name would be no lie.
func place(t *testing.T, helper, path string, distinct bool) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if !distinct && os.Link(helper, path) == nil {
		return
	}
	in, err := os.Open(helper)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o755)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}

// daemon is one started helper.
type daemon struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
}

// errCannotListen: a port is taken or needs rights the test lacks.
var errCannotListen = errors.New("cannot listen")

// start runs path with args (argv0 replaces the first argument when set)
// and waits for "ready".
func start(t *testing.T, path, argv0 string, args ...string) (*daemon, error) {
	t.Helper()
	cmd := exec.Command(path, args...)
	if argv0 != "" {
		cmd.Args[0] = argv0
	}
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	d := &daemon{cmd: cmd, stdin: stdin}
	ready := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if sc.Text() == "ready" {
				ready <- nil
				io.Copy(io.Discard, stdout)
				return
			}
		}
		ready <- errors.New("no ready line")
	}()
	select {
	case err = <-ready:
	case <-time.After(20 * time.Second):
		err = errors.New("not ready after 20 s")
	}
	if err != nil {
		d.stop()
		msg := stderr.String()
		if strings.Contains(msg, "address already in use") || strings.Contains(msg, "permission denied") {
			return nil, fmt.Errorf("%w: %s", errCannotListen, strings.TrimSpace(msg))
		}
		return nil, fmt.Errorf("%s: %v: %s", path, err, msg)
	}
	return d, nil
}

func (d *daemon) stop() {
	d.stdin.Close()
	done := make(chan struct{})
	go func() { d.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		d.cmd.Process.Kill()
		<-done
	}
}

// socket is a listening socket found the way ss finds them: the kernel's
// table of the process's network namespace, matched to the process's
// descriptors by inode.
type socket struct {
	proto string
	addr  netip.Addr
	port  uint16
}

// socketsOf lists the listening TCP and bound UDP sockets process pid holds.
func socketsOf(pid int) ([]socket, error) {
	fds, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid))
	if err != nil {
		return nil, err
	}
	inodes := map[string]bool{}
	for _, fd := range fds {
		link, err := os.Readlink(fmt.Sprintf("/proc/%d/fd/%s", pid, fd.Name()))
		if ino, ok := strings.CutPrefix(link, "socket:["); err == nil && ok {
			inodes[strings.TrimSuffix(ino, "]")] = true
		}
	}
	var out []socket
	for _, table := range []string{"tcp", "tcp6", "udp", "udp6"} {
		data, err := os.ReadFile(fmt.Sprintf("/proc/%d/net/%s", pid, table))
		if err != nil {
			return nil, err
		}
		for _, line := range strings.Split(string(data), "\n")[1:] {
			f := strings.Fields(line)
			if len(f) < 10 || !inodes[f[9]] {
				continue
			}
			state, proto := f[3], strings.TrimSuffix(table, "6")
			if proto == "tcp" && state != "0A" || proto == "udp" && state != "07" {
				continue
			}
			host, port, _ := strings.Cut(f[1], ":")
			p, _ := strconv.ParseUint(port, 16, 16)
			out = append(out, socket{proto: proto, addr: procAddr(host), port: uint16(p)})
		}
	}
	return out, nil
}

// procAddr decodes /proc/net's hex address (little-endian 32-bit words).
func procAddr(h string) netip.Addr {
	b, _ := hex.DecodeString(h)
	for i := 0; i+4 <= len(b); i += 4 {
		b[i], b[i+1], b[i+2], b[i+3] = b[i+3], b[i+2], b[i+1], b[i]
	}
	a, _ := netip.AddrFromSlice(b)
	return a.Unmap()
}

func scopeOf(a netip.Addr) Scope {
	switch {
	case a.IsLoopback():
		return ScopeLoopback
	case a.IsUnspecified():
		return ScopeAll
	}
	return ScopeAddress
}

// ephemeralRange reads this machine's range (the documented default when
// it cannot).
func ephemeralRange() (lo, hi uint16) {
	lo, hi = 32768, 60999
	data, err := os.ReadFile("/proc/sys/net/ipv4/ip_local_port_range")
	if err != nil {
		return
	}
	f := strings.Fields(string(data))
	if len(f) == 2 {
		a, err1 := strconv.Atoi(f[0])
		b, err2 := strconv.Atoi(f[1])
		if err1 == nil && err2 == nil {
			lo, hi = uint16(a), uint16(b)
		}
	}
	return
}

// canExec tells whether programs may run from dir (not mounted noexec).
func canExec(dir string) bool {
	var st syscall.Statfs_t
	return syscall.Statfs(dir, &st) == nil && st.Flags&0x8 == 0 // ST_NOEXEC
}
