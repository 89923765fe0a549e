package history

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

const concurrentSteps = 40

// sameEvents fails the test with the first difference between two event
// sequences.
func sameEvents(t *testing.T, got, want []string) {
	t.Helper()
	for i := range max(len(got), len(want)) {
		g, w := "(none)", "(none)"
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if g != w {
			t.Fatalf("event %d of %d: got %q, want %q (%d events wanted)", i, len(got), g, w, len(want))
		}
	}
}

// Two recorders in one process record the same polls; the writer gives
// the lock up a quarter of the way, then the writer stops half way, and
// the other takes over each time: one history, as if one had recorded.
func TestTwoRecordersInGoroutines(t *testing.T) {
	t.Parallel()
	want := scenarioEvents(t, concurrentSteps)
	path := filepath.Join(t.TempDir(), FileName)
	rec := []*Store{openTest(t, Options{Path: path}), openTest(t, Options{Path: path})}
	closed := make([]bool, 2)
	wrote := make([]int, 2)
	for k := 0; k <= concurrentSteps; k++ {
		var wg sync.WaitGroup
		written := make([]bool, 2)
		for i, s := range rec {
			if closed[i] {
				continue
			}
			wg.Go(func() {
				res, err := s.Record(context.Background(), stepTime(k), scenarioStep(k))
				if err != nil {
					t.Errorf("recorder %d, step %d: %v", i, k, err)
				}
				written[i] = res.Written
			})
		}
		wg.Wait()
		if written[0] == written[1] && !closed[0] && !closed[1] {
			t.Fatalf("step %d: written by both or neither (%v)", k, written)
		}
		for i := range written {
			if written[i] {
				wrote[i]++
			}
		}
		switch k {
		case concurrentSteps / 4: // the writer pauses: it gives the lock up
			w := slices.Index(written, true)
			if err := rec[w].StopWriting(); err != nil {
				t.Fatal(err)
			}
		case concurrentSteps / 2: // the writer stops
			w := slices.Index(written, true)
			rec[w].Close()
			closed[w] = true
		}
	}
	if wrote[0] == 0 || wrote[1] == 0 {
		t.Fatalf("steps written per recorder %v: the second never took over", wrote)
	}
	sameEvents(t, eventTexts(allEvents(t, rec[slices.Index(closed, false)])), want)
}

// child is a recorder process: the test binary run again in a child mode.
type child struct {
	cmd *exec.Cmd
	in  io.WriteCloser
	out *bufio.Scanner
}

func startChild(t *testing.T, mode, path string, env ...string) *child {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+mode, "HISTORY_TEST_DB="+path)
	cmd.Env = append(cmd.Env, env...)
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	return &child{cmd: cmd, in: in, out: bufio.NewScanner(out)}
}

func (c *child) line(t *testing.T) string {
	t.Helper()
	if !c.out.Scan() {
		t.Fatalf("child %d ended: %v", c.cmd.Process.Pid, c.out.Err())
	}
	return c.out.Text()
}

// Two recorder processes record the same polls in lockstep; the writer is
// killed half way (SIGKILL) and the other takes over.
func TestTwoRecorderProcesses(t *testing.T) {
	t.Parallel()
	want := scenarioEvents(t, concurrentSteps)
	path := filepath.Join(t.TempDir(), FileName)
	kids := []*child{startChild(t, "lockstep", path), startChild(t, "lockstep", path)}
	alive := []bool{true, true}
	wrote := make([]int, 2)
	for k := 0; k <= concurrentSteps; k++ {
		for i, c := range kids {
			if alive[i] {
				fmt.Fprintf(c.in, "%d\n", k)
			}
		}
		writer := -1
		for i, c := range kids {
			if !alive[i] {
				continue
			}
			if got := c.line(t); got == fmt.Sprintf("%d true", k) {
				if writer >= 0 {
					t.Fatalf("step %d written by both", k)
				}
				writer = i
				wrote[i]++
			} else if got != fmt.Sprintf("%d false", k) {
				t.Fatalf("child said %q at step %d", got, k)
			}
		}
		if writer < 0 {
			t.Fatalf("step %d written by neither", k)
		}
		if k == concurrentSteps/2 {
			kids[writer].cmd.Process.Signal(syscall.SIGKILL)
			kids[writer].cmd.Wait()
			alive[writer] = false
		}
	}
	if wrote[0] == 0 || wrote[1] == 0 {
		t.Fatalf("steps written per process %v: the second never took over", wrote)
	}
	for i, c := range kids {
		if alive[i] {
			c.in.Close()
			c.cmd.Wait()
		}
	}
	s := openTest(t, Options{Path: path})
	sameEvents(t, eventTexts(allEvents(t, s)), want)
}

// A recorder killed at random points, 20 times, each time taken up again
// by a new one: the history holds every committed poll whole, exactly as
// one uninterrupted recorder would have written it, and passes
// integrity_check.
func TestSIGKILLDuringWrites(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), FileName)
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 13))
	lastSaid := -1
	for run := 0; run < 20; run++ {
		c := startChild(t, "stream", path)
		// Let it commit a few polls, then kill it at a random moment of the
		// next ones.
		wait := 1 + rng.IntN(8)
		for range wait {
			n, err := strconv.Atoi(c.line(t))
			if err != nil || n <= lastSaid {
				t.Fatalf("run %d: child said step %d after %d (%v)", run, n, lastSaid, err)
			}
			lastSaid = n
		}
		time.Sleep(time.Duration(rng.IntN(3000)) * time.Microsecond)
		c.cmd.Process.Signal(syscall.SIGKILL)
		err := c.cmd.Wait()
		if ws, ok := c.cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || ws.Signal() != syscall.SIGKILL {
			t.Fatalf("run %d: the child was not killed but ended: %v", run, err)
		}
		for c.out.Scan() { // what it said before dying was committed too
			n, _ := strconv.Atoi(c.out.Text())
			lastSaid = max(lastSaid, n)
		}
	}
	integrityCheck(t, path)
	s := openTest(t, Options{Path: path})
	last, err := s.LastPoll(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	lastStep := int(last.Sub(t0) / time.Second)
	if lastStep < lastSaid {
		t.Fatalf("the history's last poll is step %d, but step %d was committed", lastStep, lastSaid)
	}
	got := eventTexts(allEvents(t, s))
	want := scenarioEvents(t, lastStep)
	t.Logf("20 kills; %d steps, %d events", lastStep+1, len(got))
	sameEvents(t, got, want)
	if !strings.Contains(strings.Join(got, "\n"), "gone") {
		t.Fatal("the scenario made no gone events")
	}
}
