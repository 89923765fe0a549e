package cli

import (
	"bytes"
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"

	"github.com/portolan/portolan/model/history"
	"github.com/portolan/portolan/model/judge"
)

// approveChildEnv makes TestApproveChild a child of
// TestApprovalsInSeveralProcesses: it holds the port it names and approves
// its own listener through the command line.
const approveChildEnv = "PORTOLAN_TEST_APPROVE_PORT"

func TestApproveChild(t *testing.T) {
	port := os.Getenv(approveChildEnv)
	if port == "" {
		t.Skip("a helper of TestApprovalsInSeveralProcesses")
	}
	l, err := net.Listen("tcp", "127.0.0.1:"+port)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	var out, errOut bytes.Buffer
	code := Run(&Env{Stdout: &out, Stderr: &errOut}, []string{"listeners", "--approve", "port=" + port, "pid=" + strconv.Itoa(os.Getpid())})
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
}

// TestApprovalsInSeveralProcesses is issue 12's item 8 through the command
// line: processes run `listeners --approve` at once, four at a time, each
// for its own listener; every approval is kept.
func TestApprovalsInSeveralProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("starts 20 processes")
	}
	config, data := t.TempDir(), t.TempDir()
	const rounds, atOnce = 5, 4
	ports := freePorts(t, rounds*atOnce)
	for r := range rounds {
		var wg sync.WaitGroup
		for i := range atOnce {
			port := ports[r*atOnce+i]
			wg.Add(1)
			go func() {
				defer wg.Done()
				cmd := exec.Command(os.Args[0], "-test.run=^TestApproveChild$", "-test.v")
				cmd.Env = append(os.Environ(), approveChildEnv+"="+strconv.Itoa(port),
					judge.ConfigDirEnv+"="+config, history.DataDirEnv+"="+data)
				if out, err := cmd.CombinedOutput(); err != nil {
					t.Errorf("child for port %d: %v\n%s", port, err, out)
				}
			}()
		}
		wg.Wait()
	}
	store, err := history.Open(context.Background(), history.Options{Path: filepath.Join(data, history.FileName)})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	set, err := store.Approvals(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	approved := map[int]bool{}
	for _, a := range set.Entries() {
		approved[int(a.Port)] = true
	}
	for _, p := range ports {
		if !approved[p] {
			t.Errorf("the approval of port %d was lost (%d of %d kept)", p, len(approved), len(ports))
		}
	}
}

// freePorts finds n TCP ports free on 127.0.0.1 below this machine's
// ephemeral range (an approval of an ephemeral port covers them all).
func freePorts(t *testing.T, n int) []int {
	t.Helper()
	var out []int
	for p := 20000 + os.Getpid()%5000; len(out) < n && p < 32000; p++ {
		l, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(p))
		if err != nil {
			continue
		}
		l.Close()
		out = append(out, p)
	}
	if len(out) < n {
		t.Fatalf("only %d free ports", len(out))
	}
	return out
}
