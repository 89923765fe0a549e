//go:build linux

package cli

import (
	"encoding/json"
	"net"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// endpoint is what both listings must agree on.
type endpoint struct {
	proto, addr string
	port        int
}

var ssPID = regexp.MustCompile(`pid=(\d+)`)

// parseSS reads `ss -tulpnH` into endpoints and the PIDs ss names for each.
func parseSS(t *testing.T, out string) map[endpoint][]int32 {
	t.Helper()
	got := map[endpoint][]int32{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		f := strings.Fields(line)
		if len(f) < 5 {
			continue
		}
		local := f[4]
		i := strings.LastIndexByte(local, ':')
		if i < 0 {
			t.Fatalf("ss line without a port: %q", line)
		}
		addr, port := local[:i], local[i+1:]
		addr = strings.Trim(addr, "[]")
		if j := strings.IndexByte(addr, '%'); j >= 0 {
			addr = addr[:j] // bound to one interface: "127.0.0.53%lo"
		}
		if addr == "*" {
			addr = "::" // ss's name for a dual-stack socket
		}
		p, err := strconv.Atoi(port)
		if err != nil {
			t.Fatalf("ss port %q: %v", port, err)
		}
		e := endpoint{f[0], addr, p}
		var pids []int32
		for _, m := range ssPID.FindAllStringSubmatch(line, -1) {
			n, _ := strconv.Atoi(m[1])
			pids = append(pids, int32(n))
		}
		got[e] = append(got[e], pids...)
	}
	return got
}

// As root, `portolan listeners --json` lists what `ss -tulpnH` lists: the
// same protocols, addresses and ports, and a PID ss names for the socket.
func TestListenersMatchSS(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root: without it neither tool sees other users' processes")
	}
	ss, err := exec.LookPath("ss")
	if err != nil {
		t.Skip("ss (iproute2) is not installed")
	}
	// Sockets of our own, of every kind, on loopback.
	for _, spec := range [][2]string{{"tcp4", "127.0.0.1:0"}, {"tcp6", "[::1]:0"}} {
		if l, err := net.Listen(spec[0], spec[1]); err == nil {
			defer l.Close()
		}
	}
	for _, spec := range [][2]string{{"udp4", "127.0.0.1:0"}, {"udp6", "[::1]:0"}} {
		if c, err := net.ListenPacket(spec[0], spec[1]); err == nil {
			defer c.Close()
		}
	}
	var lastDiff []string
	// Other processes may open or close a socket between the two listings:
	// a few tries, and one that agrees is enough.
	for try := 0; try < 3; try++ {
		out, errOut, code := runCmd("listeners", "--json")
		if code != 0 {
			t.Fatalf("listeners --json: exit %d: %s", code, errOut)
		}
		ssOut, err := exec.Command(ss, "-tulpnH").Output()
		if err != nil {
			t.Fatal(err)
		}
		var ours []struct {
			Protocol, Address string
			Port              int
			PID               *int32
		}
		if err := json.Unmarshal([]byte(out), &ours); err != nil {
			t.Fatal(err)
		}
		theirs := parseSS(t, string(ssOut))
		lastDiff = nil
		seen := map[endpoint]bool{}
		for _, l := range ours {
			e := endpoint{l.Protocol, l.Address, l.Port}
			seen[e] = true
			pids, ok := theirs[e]
			switch {
			case !ok:
				lastDiff = append(lastDiff, "only portolan lists "+l.Protocol+" "+l.Address+":"+strconv.Itoa(l.Port))
			case l.PID != nil && !slices.Contains(pids, *l.PID):
				lastDiff = append(lastDiff, "PID "+strconv.Itoa(int(*l.PID))+" for "+l.Address+":"+strconv.Itoa(l.Port)+" is not among ss's")
			case l.PID == nil && len(pids) > 0:
				lastDiff = append(lastDiff, "portolan has no PID for "+l.Address+":"+strconv.Itoa(l.Port))
			}
		}
		for e := range theirs {
			if !seen[e] {
				lastDiff = append(lastDiff, "only ss lists "+e.proto+" "+e.addr+":"+strconv.Itoa(e.port))
			}
		}
		if len(lastDiff) == 0 {
			if len(ours) < 4 {
				t.Fatalf("only %d listeners, but the test opened 4", len(ours))
			}
			return
		}
	}
	t.Errorf("portolan and ss disagree:\n%s", strings.Join(lastDiff, "\n"))
}
