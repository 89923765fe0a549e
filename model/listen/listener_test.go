package listen

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/netip"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/portolan/portolan/model/identity"
)

// socketChildEnv makes the test binary a child that opens listening sockets
// (see TestHelperSocketChild).
const socketChildEnv = "PORTOLAN_SOCKET_CHILD"

// TestHelperSocketChild is not a test: run as a child process with
// PORTOLAN_SOCKET_CHILD=N it opens N listening sockets on 127.0.0.1 (TCP
// and UDP in turn), prints "ready PID", and waits until its stdin closes.
func TestHelperSocketChild(t *testing.T) {
	v := os.Getenv(socketChildEnv)
	if v == "" {
		t.Skip("helper process only")
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bad", socketChildEnv, v)
		os.Exit(2)
	}
	raiseFileLimit(n + 64)
	var keep []any
	for i := 0; i < n; i++ {
		if i%2 == 0 {
			l, err := net.Listen("tcp4", "127.0.0.1:0")
			if err != nil {
				fmt.Fprintln(os.Stderr, "listen:", err)
				os.Exit(1)
			}
			keep = append(keep, l)
		} else {
			c, err := net.ListenPacket("udp4", "127.0.0.1:0")
			if err != nil {
				fmt.Fprintln(os.Stderr, "listen:", err)
				os.Exit(1)
			}
			keep = append(keep, c)
		}
	}
	fmt.Printf("ready %d\n", os.Getpid())
	bufio.NewReader(os.Stdin).ReadString('\n') // returns when the parent closes stdin
	_ = keep
	os.Exit(0)
}

// socketChild is a running helper process.
type socketChild struct {
	cmd   *exec.Cmd
	stdin interface{ Close() error }
	pid   int
}

// startSocketChild starts a helper holding n sockets; it is stopped when
// the test ends.
func startSocketChild(tb testing.TB, n int) *socketChild {
	tb.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperSocketChild$")
	cmd.Env = append(os.Environ(), socketChildEnv+"="+strconv.Itoa(n))
	stdin, err := cmd.StdinPipe()
	if err != nil {
		tb.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		tb.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	c := &socketChild{cmd: cmd, stdin: stdin}
	tb.Cleanup(func() { c.stop() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "ready ") {
		tb.Fatalf("socket child did not start: %q %v", line, err)
	}
	c.pid, _ = strconv.Atoi(strings.TrimSpace(strings.TrimPrefix(line, "ready ")))
	return c
}

func (c *socketChild) stop() {
	if c.cmd.ProcessState != nil {
		return
	}
	c.stdin.Close()
	done := make(chan struct{})
	go func() { c.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		c.cmd.Process.Kill()
		<-done
	}
}

// kill ends the child at once and reaps it.
func (c *socketChild) kill() {
	if c.cmd.ProcessState == nil {
		c.cmd.Process.Kill()
		c.cmd.Wait()
	}
}

// testEndpoint identifies a listener in tests.
type testEndpoint struct {
	proto, addr string
	port        uint16
}

func testEndpointOf(l *Listener) testEndpoint { return testEndpoint{l.Protocol, l.Address, l.Port} }

func mustAddr(s string) netip.Addr { return netip.MustParseAddr(s) }

// openLoopback opens TCP and UDP listeners on 127.0.0.1 and ::1 (when IPv6
// works) on ephemeral ports, closed at the end of the test.
func openLoopback(t *testing.T) (map[testEndpoint]bool, func()) {
	t.Helper()
	want := map[testEndpoint]bool{}
	var closers []func() error
	for _, host := range []string{"127.0.0.1", "::1"} {
		l, err := net.Listen("tcp", net.JoinHostPort(host, "0"))
		if err != nil {
			if host == "::1" {
				t.Logf("IPv6 loopback unavailable, testing IPv4 only: %v", err)
				continue
			}
			t.Fatal(err)
		}
		closers = append(closers, l.Close)
		want[testEndpoint{"tcp", host, uint16(l.Addr().(*net.TCPAddr).Port)}] = true
		c, err := net.ListenPacket("udp", net.JoinHostPort(host, "0"))
		if err != nil {
			t.Fatal(err)
		}
		closers = append(closers, c.Close)
		want[testEndpoint{"udp", host, uint16(c.LocalAddr().(*net.UDPAddr).Port)}] = true
	}
	closeAll := func() {
		for _, c := range closers {
			c()
		}
		closers = nil
	}
	t.Cleanup(closeAll)
	return want, closeAll
}

// testSources are the implementations run against real sockets.
func testSources() map[string]func() SocketSource {
	srcs := map[string]func() SocketSource{
		"system":   NewSystemSource,
		"gopsutil": NewGopsutilSource,
	}
	addPlatformSources(srcs)
	return srcs
}

func TestRealSocketsFoundAndGone(t *testing.T) {
	me, err := user.Current()
	if err != nil {
		t.Fatal(err)
	}
	exe, _ := os.Executable()
	wantName := filepath.Base(exe)
	for name, newSrc := range testSources() {
		t.Run(name, func(t *testing.T) {
			want, closeAll := openLoopback(t)
			src := newSrc()
			ctx := context.Background()
			snap, err := src.Snapshot(ctx)
			if err != nil {
				t.Fatal(err)
			}
			found := map[testEndpoint]bool{}
			for i := range snap.Listeners {
				l := &snap.Listeners[i]
				e := testEndpointOf(l)
				if !want[e] {
					continue
				}
				found[e] = true
				if l.PID != int32(os.Getpid()) {
					t.Errorf("%s: pid %d, want %d (note %q)", l.Endpoint(), l.PID, os.Getpid(), l.Note)
				}
				if l.Process != wantName {
					t.Errorf("%s: process %q, want %q", l.Endpoint(), l.Process, wantName)
				}
				if l.User != me.Username {
					t.Errorf("%s: user %q, want %q", l.Endpoint(), l.User, me.Username)
				}
				if l.Scope != ScopeLoopback {
					t.Errorf("%s: scope %q", l.Endpoint(), l.Scope)
				}
				if l.Exe == "" || l.Cmdline == "" || l.Note != "" {
					t.Errorf("%s: exe %q cmdline %q note %q", l.Endpoint(), l.Exe, l.Cmdline, l.Note)
				}
				if l.Started.IsZero() || l.Started.After(time.Now().Add(time.Second)) || time.Since(l.Started) > 24*time.Hour {
					t.Errorf("%s: started %v", l.Endpoint(), l.Started)
				}
				wantFamily, wantState := "ipv4", "LISTEN"
				if strings.Contains(l.Address, ":") {
					wantFamily = "ipv6"
				}
				if l.Protocol == "udp" {
					wantState = "UNCONN"
				}
				if l.Family != wantFamily || l.State != wantState {
					t.Errorf("%s: family %q state %q", l.Endpoint(), l.Family, l.State)
				}
			}
			for e := range want {
				if !found[e] {
					t.Errorf("listener %v not found", e)
				}
			}
			// A second poll (from the caches) sees the same.
			snap2, err := src.Snapshot(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for i := range snap2.Listeners {
				if l := &snap2.Listeners[i]; want[testEndpointOf(l)] && l.PID != int32(os.Getpid()) {
					t.Errorf("second poll: %s has pid %d", l.Endpoint(), l.PID)
				}
			}
			closeAll()
			snap3, err := src.Snapshot(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for i := range snap3.Listeners {
				if l := &snap3.Listeners[i]; want[testEndpointOf(l)] && l.PID == int32(os.Getpid()) {
					t.Errorf("%s still listed after closing", l.Endpoint())
				}
			}
		})
	}
}

// TestRealSocketsNewSocketOfKnownProcess: a socket opened between polls by
// a process already known is found (without a scan of every process).
func TestRealSocketsNewSocketOfKnownProcess(t *testing.T) {
	src := NewSystemSource()
	ctx := context.Background()
	want, _ := openLoopback(t)
	if _, err := src.Snapshot(ctx); err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	port := uint16(l.Addr().(*net.TCPAddr).Port)
	snap, err := src.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for i := range snap.Listeners {
		x := &snap.Listeners[i]
		if x.Port == port && x.Protocol == "tcp" && x.Address == "127.0.0.1" || want[testEndpointOf(x)] {
			n++
			if x.PID != int32(os.Getpid()) {
				t.Errorf("%s: pid %d", x.Endpoint(), x.PID)
			}
		}
	}
	if n != len(want)+1 {
		t.Errorf("found %d of %d listeners", n, len(want)+1)
	}
}

func TestListenerJSONKeys(t *testing.T) {
	l := Listener{Protocol: "tcp", Family: "ipv4", Address: "127.0.0.1", Port: 22, Scope: ScopeLoopback,
		PID: 7, Process: "sshd", Exe: "/usr/sbin/sshd", Cmdline: "sshd -D", User: "root",
		Started: time.Date(2026, 1, 2, 3, 4, 5, 600, time.UTC), Service: "ssh",
		Severity: SeverityAlert, Findings: []Finding{{ReasonNew, SeverityAlert}},
		Facts: &identity.Facts{Exe: "/usr/sbin/sshd", Unit: "ssh.service", Package: "openssh-server", PackageDB: "dpkg"}}
	data, err := json.Marshal(l)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	json.Unmarshal(data, &m)
	keys := []string{"protocol", "family", "address", "port", "scope", "pid", "process", "exe", "cmdline", "user", "started", "service",
		"severity", "reasons", "unit", "container", "package"}
	if len(m) != len(keys) {
		t.Errorf("keys: %v", m)
	}
	for _, k := range keys {
		if _, ok := m[k]; !ok {
			t.Errorf("no key %q in %s", k, data)
		}
	}
	if m["started"] != "2026-01-02T03:04:05Z" || m["pid"] != 7.0 || m["reasons"].([]any)[0] != string(ReasonNew) ||
		m["severity"] != "alert" || m["unit"] != "ssh.service" || m["container"] != "" || m["package"] != "openssh-server" {
		t.Errorf("values: %s", data)
	}
	unknown := Listener{Protocol: "udp", Family: "ipv6", Address: "::", Port: 5353, Scope: ScopeAll, User: "avahi", Note: NoteOtherUser}
	data, _ = json.Marshal(unknown)
	s := string(data)
	for _, want := range []string{`"pid":null`, `"started":null`, `"reasons":[]`, `"severity":"none"`, `"unit":""`, `"container":""`, `"package":""`, `"note":"` + NoteOtherUser + `"`} {
		if !strings.Contains(s, want) {
			t.Errorf("%s lacks %s", s, want)
		}
	}
	if got := unknown.ProcessText(); got != NoteOtherUser {
		t.Errorf("ProcessText = %q", got)
	}
	if got := unknown.Endpoint(); got != "udp [::]:5353" {
		t.Errorf("Endpoint = %q", got)
	}
}

func TestScopeOf(t *testing.T) {
	for _, c := range []struct {
		addr  string
		dev   bool
		scope Scope
	}{
		{"127.0.0.1", false, ScopeLoopback}, {"127.0.0.53", false, ScopeLoopback}, {"::1", false, ScopeLoopback},
		{"::ffff:127.0.0.1", false, ScopeLoopback}, {"0.0.0.0", false, ScopeAll}, {"::", false, ScopeAll},
		{"0.0.0.0", true, ScopeAddress}, {"192.168.1.5", false, ScopeAddress}, {"fe80::1", true, ScopeAddress},
	} {
		if got := ScopeOf(mustAddr(c.addr), c.dev); got != c.scope {
			t.Errorf("ScopeOf(%s, %v) = %s, want %s", c.addr, c.dev, got, c.scope)
		}
	}
}

// lst is a listener of process (none: "") on addr and port, as the OS
// readers fill it (model/internal/listentest.Listener for other packages).
func lst(proto, addr string, port uint16, process string) Listener {
	ip := mustAddr(addr)
	l := Listener{Protocol: proto, Family: FamilyOf(ip), IP: ip, Address: addr, Port: port,
		Scope: ScopeOf(ip, false), Process: process, User: "root"}
	if process != "" {
		l.PID = 100
	}
	return l
}

func TestListenerWho(t *testing.T) {
	t.Parallel()
	sshd := Listener{PID: 812, Process: "sshd", Exe: "/usr/sbin/sshd", User: "root",
		Facts: &identity.Facts{Exe: "/usr/sbin/sshd", Comm: "sshd", PackageDB: "dpkg", Package: "openssh-server", Unit: "ssh.service", UnitManager: "system"}}
	gone := Listener{PID: 9, Process: "sshd", User: "nobody",
		Facts: &identity.Facts{Exe: "/usr/local/bin/agent", Comm: "sshd", Deleted: true, PackageDB: "dpkg", NameDiffers: true, OtherNetNS: true}}
	script := Listener{PID: 10, Process: "serve.py", User: "ann",
		Facts: &identity.Facts{Exe: "/usr/bin/python3.12", Script: "/srv/serve.py", Comm: "serve.py", Container: "3f2a1b4c5d6e", Runtime: "docker", UnitManager: "user", Unit: "app.service"}}
	hidden := Listener{User: "avahi", Note: NoteOtherUser}
	for _, c := range []struct {
		l    Listener
		want string
	}{
		{sshd, "/usr/sbin/sshd · package openssh-server · unit ssh.service · user root"},
		{gone, "/usr/local/bin/agent (deleted) · from no installed package · calls itself sshd · in another network namespace · user nobody"},
		{script, "/srv/serve.py · run by /usr/bin/python3.12 · unit app.service (the user's) · container docker 3f2a1b4c5d6e · user ann"},
		{hidden, NoteOtherUser + " · user avahi"},
	} {
		if got := c.l.Who(); got != c.want {
			t.Errorf("Who:\n got %q\nwant %q", got, c.want)
		}
	}
}
