package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/portolan/portolan/model/history"
	"github.com/portolan/portolan/model/judge"
	"github.com/portolan/portolan/model/listen"
)

// The test binary doubles as the portolan command: TestMain runs Run with
// the arguments of PORTOLAN_CLI_TEST_ARGS (one per line) when it is set.
const cliChildEnv = "PORTOLAN_CLI_TEST_ARGS"

func TestMain(m *testing.M) {
	if args := os.Getenv(cliChildEnv); args != "" {
		os.Exit(Run(&Env{Stdout: os.Stdout, Stderr: os.Stderr}, strings.Split(args, "\n")))
	}
	os.Exit(m.Run())
}

// historyEnv is an Env whose history is path (in a temporary folder).
func historyEnv(t *testing.T) (*Env, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), history.FileName)
	return &Env{historyPath: func() (string, error) { return path, nil }}, path
}

// seedHistory records a few polls: python3 on 8000 from 5 hours ago, gone
// 1 hour ago, when nc came on 4444 (an alert, its process named like a
// formula) with a UDP ephemeral-port listener.
func seedHistory(t *testing.T, path string, now time.Time) {
	t.Helper()
	s, err := history.Open(context.Background(), history.Options{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	py := history.Observation{Protocol: "tcp", Family: "ipv4", Address: "127.0.0.1", Port: 8000, Scope: "loopback",
		PID: 900, Process: "python3", Exe: "/usr/bin/python3.12", User: "alice", Severity: history.SeverityNone}
	nc := history.Observation{Protocol: "tcp", Family: "ipv4", Address: "0.0.0.0", Port: 4444, Scope: "all",
		PID: 901, Process: "=nc", Exe: "/usr/bin/nc", User: "alice", Severity: history.SeverityAlert}
	eph := history.Observation{Protocol: "udp", Family: "ipv6", Address: "::", Port: 45123, Ephemeral: true, Scope: "all",
		Process: "chrome", Exe: "/opt/chrome", User: "alice", Severity: history.SeverityNone}
	for _, poll := range []struct {
		at  time.Duration
		obs []history.Observation
	}{
		{-5 * time.Hour, []history.Observation{py}},
		{-1 * time.Hour, []history.Observation{nc, eph}},
	} {
		if res, err := s.Record(context.Background(), now.Add(poll.at), poll.obs); err != nil || !res.Written {
			t.Fatalf("seeding: %+v %v", res, err)
		}
	}
}

func TestHistoryEventsJSONCSVFilterSince(t *testing.T) {
	t.Parallel()
	env, path := historyEnv(t)
	now := time.Now().Truncate(time.Second)
	seedHistory(t, path, now)

	out, errOut, code := env.runCmd("history", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var rows []map[string]any
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	keys := []string{"time", "event", "protocol", "family", "address", "port", "scope", "pid", "process", "exe", "user", "severity"}
	var summary []string
	for _, r := range rows {
		got := make([]string, 0, len(r))
		for k := range r {
			got = append(got, k)
		}
		slices.Sort(got)
		if want := slices.Sorted(slices.Values(keys)); !slices.Equal(got, want) {
			t.Errorf("keys %v, want %v", got, want)
		}
		tm, err := time.Parse(time.RFC3339, r["time"].(string))
		if err != nil {
			t.Errorf("time %v: %v", r["time"], err)
		}
		summary = append(summary, fmt.Sprintf("%s %s %v %v %v", now.Sub(tm), r["event"], r["port"], r["process"], r["pid"]))
	}
	want := []string{"5h0m0s new 8000 python3 900", "1h0m0s gone 8000 python3 900", "1h0m0s new 4444 =nc 901", "1h0m0s new 45123 chrome <nil>"}
	if !slices.Equal(summary, want) {
		t.Errorf("events, oldest first:\n got %q\nwant %q", summary, want)
	}
	if rows[2]["severity"] != "alert" || rows[2]["exe"] != "/usr/bin/nc" || rows[3]["family"] != "ipv6" || rows[0]["scope"] != "loopback" {
		t.Errorf("rows: %v", rows)
	}

	out, _, code = env.runCmd("history", "--csv")
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if code != 0 || err != nil || len(recs) != 5 {
		t.Fatalf("csv (%d, %v):\n%s", code, err, out)
	}
	if !slices.Equal(recs[0], keys) || recs[3][8] != "'=nc" || recs[4][7] != "" || recs[1][5] != "8000" {
		t.Errorf("csv: %q", recs)
	}

	for filter, want := range map[string]string{
		"gone":             "gone 8000",
		"flagged":          "new 4444",
		"port=4000-5000":   "new 4444",
		"proto=udp":        "new 45123",
		"exe=python":       "new 8000|gone 8000",
		"exe=python !gone": "new 8000",
	} {
		out, errOut, code := env.runCmd(append([]string{"history", "--json"}, strings.Fields(filter)...)...)
		var got []history.EventJSON
		if err := json.Unmarshal([]byte(out), &got); code != 0 || err != nil {
			t.Fatalf("%q: exit %d, %v: %s", filter, code, err, errOut)
		}
		var s []string
		for _, e := range got {
			s = append(s, e.Event+" "+strconv.Itoa(int(e.Port)))
		}
		if strings.Join(s, "|") != want {
			t.Errorf("history %s: %q, want %s", filter, s, want)
		}
	}

	out, _, code = env.runCmd("history", "--since", "2h")
	if code != 0 || strings.Contains(out, " new      tcp 127.0.0.1:8000") || !strings.Contains(out, "gone     tcp 127.0.0.1:8000  python3 (pid 900)  /usr/bin/python3.12") ||
		!strings.Contains(out, "[alert]") || strings.Count(out, "\n") != 3 {
		t.Errorf("--since 2h (%d):\n%s", code, out)
	}
	if out, _, _ := env.runCmd("history", "--since", "30m", "--json"); strings.TrimSpace(out) != "[]" {
		t.Errorf("--since 30m: %s", out)
	}
	if out, _, _ := env.runCmd("history", "--since", "1d", "nothing-like-this"); strings.TrimSpace(out) != "No events." {
		t.Errorf("nothing found: %s", out)
	}
}

func TestHistoryListeners(t *testing.T) {
	t.Parallel()
	env, path := historyEnv(t)
	now := time.Now().Truncate(time.Second)
	seedHistory(t, path, now)
	out, errOut, code := env.runCmd("history", "--listeners", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var rows []map[string]any
	if err := json.Unmarshal([]byte(out), &rows); err != nil || len(rows) != 3 {
		t.Fatalf("%v:\n%s", err, out)
	}
	keys := []string{"protocol", "address", "port", "scope", "exe", "process", "user", "first_seen", "last_seen", "times_seen", "present"}
	byProcess := map[string]map[string]any{}
	for _, r := range rows {
		if len(r) != len(keys) {
			t.Errorf("keys of %v, want %v", r, keys)
		}
		for _, k := range keys {
			if _, ok := r[k]; !ok {
				t.Errorf("no %q in %v", k, r)
			}
		}
		byProcess[r["process"].(string)] = r
	}
	py, ch := byProcess["python3"], byProcess["chrome"]
	first := now.Add(-5 * time.Hour).UTC().Format(time.RFC3339)
	last := now.Add(-time.Hour).UTC().Format(time.RFC3339)
	if py["port"] != 8000.0 || py["first_seen"] != first || py["last_seen"] != first || py["times_seen"] != 1.0 || py["present"] != false {
		t.Errorf("python3: %v (first %s)", py, first)
	}
	if ch["port"] != "ephemeral" || ch["present"] != true || ch["last_seen"] != last {
		t.Errorf("chrome: %v", ch)
	}

	out, _, code = env.runCmd("history", "--listeners", "--csv", "present")
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if code != 0 || err != nil || len(recs) != 3 || !slices.Equal(recs[0], keys) || recs[1][5] != "'=nc" || recs[2][2] != "ephemeral" {
		t.Errorf("csv present (%d, %v): %q", code, err, recs)
	}
	out, _, _ = env.runCmd("history", "--listeners", "python")
	if !strings.Contains(out, "127.0.0.1:8000") || !strings.Contains(out, "gone") || strings.Contains(out, "chrome") {
		t.Errorf("text:\n%s", out)
	}
	if _, errOut, code := env.runCmd("history", "--listeners", "--since", "1h"); code != 2 || !strings.Contains(errOut, "--since") {
		t.Errorf("--listeners --since: %d %s", code, errOut)
	}
	for _, args := range [][]string{{"history", "--json", "--csv"}, {"history", "--since", "soon"}, {"history", "port=x"}} {
		if _, errOut, code := env.runCmd(args...); code != 2 {
			t.Errorf("%q: exit %d, %s", args, code, errOut)
		}
	}
}

// Reading a history that does not exist creates nothing; a file in its
// place that is not a history is moved aside, with a message, and the
// command goes on with a new one.
func TestHistoryMissingAndCorrupt(t *testing.T) {
	t.Parallel()
	env, path := historyEnv(t)
	out, errOut, code := env.runCmd("history", "--json")
	if code != 0 || strings.TrimSpace(out) != "[]" || !strings.Contains(errOut, "no history yet") {
		t.Errorf("missing (%d): %s %s", code, out, errOut)
	}
	if _, err := os.Stat(path); err == nil {
		t.Error("reading created the history")
	}
	junk := []byte("these are somebody's notes, not a database\n")
	if err := os.WriteFile(path, junk, 0o600); err != nil {
		t.Fatal(err)
	}
	out, errOut, code = env.runCmd("history", "--listeners")
	if code != 0 || !strings.Contains(errOut, "could not be used") || !strings.Contains(errOut, "moved to") ||
		strings.TrimSpace(out) != "No listeners." {
		t.Fatalf("corrupt (%d):\n%s\n%s", code, out, errOut)
	}
	aside, _ := filepath.Glob(path + ".corrupt-*")
	if len(aside) != 1 {
		t.Fatalf("moved aside: %v", aside)
	}
	if data, err := os.ReadFile(aside[0]); err != nil || !bytes.Equal(data, junk) {
		t.Errorf("the file moved aside holds %q, %v", data, err)
	}
	if _, errOut, code := env.runCmd("history"); code != 0 || errOut != "" {
		t.Errorf("the new history (%d): %s", code, errOut)
	}
}

// watch records unless --no-record.
func TestWatchRecords(t *testing.T) {
	a := fakeListener("tcp", "127.0.0.1", 8080, 10, "java")
	b := fakeListener("udp", "0.0.0.0", 5000, 11, "nc")
	env, _, calls := useFakeOS(t, []listen.Listener{a, b}, []listen.Listener{a})
	watch := func(args ...string) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		env.watchContext = func() (context.Context, context.CancelFunc) { return ctx, cancel }
		start := calls()
		go func() { // polls half a second apart: stop after 1.5 s
			for calls() < start+4 {
				time.Sleep(5 * time.Millisecond)
			}
			cancel()
		}()
		if _, errOut, code := env.runCmd(append([]string{"watch", "--interval", "500ms"}, args...)...); code != 0 {
			t.Fatalf("watch %q: exit %d: %s", args, code, errOut)
		}
	}
	watch()
	out, errOut, _ := env.runCmd("history", "--json")
	var es []history.EventJSON
	if err := json.Unmarshal([]byte(out), &es); err != nil {
		t.Fatalf("%v: %s %s", err, out, errOut)
	}
	var got []string
	for _, e := range es {
		got = append(got, e.Event+" "+e.Protocol+"/"+strconv.Itoa(int(e.Port))+" "+e.Severity)
	}
	// nc on every interface is flagged (an alert until listeners carry a
	// severity of their own).
	if want := []string{"new tcp/8080 none", "new udp/5000 alert", "gone udp/5000 alert"}; !slices.Equal(got, want) {
		t.Errorf("recorded %q, want %q", got, want)
	}
	other := filepath.Join(t.TempDir(), history.FileName)
	env.historyPath = func() (string, error) { return other, nil }
	watch("--no-record")
	if _, err := os.Stat(other); err == nil {
		t.Error("watch --no-record made a history")
	}
}

// `portolan record`, a process of its own, records real loopback sockets
// of this test (new, then gone, with this test's executable) and stops
// cleanly on SIGTERM.
func TestRecordCommandRealSocketsAndSIGTERM(t *testing.T) {
	t.Parallel()
	dataDir, configDir := t.TempDir(), t.TempDir()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)

	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), cliChildEnv+"=record\n--interval\n500ms", history.DataDirEnv+"="+dataDir,
		judge.ConfigDirEnv+"="+configDir)
	var errOut bytes.Buffer
	cmd.Stderr = &errOut
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	waitFor := func(kind string) {
		t.Helper()
		deadline := time.After(20 * time.Second)
		for {
			select {
			case l, ok := <-lines:
				if !ok {
					t.Fatalf("record ended before %s: %s", kind, errOut.String())
				}
				if strings.Contains(l, " "+kind+" ") && strings.Contains(l, "127.0.0.1:"+port+" ") {
					if !strings.Contains(l, "(pid "+strconv.Itoa(os.Getpid())+")") || !strings.HasSuffix(strings.TrimSuffix(l, "  [alert]"), exe) {
						t.Errorf("%s line %q: want pid %d and %s", kind, l, os.Getpid(), exe)
					}
					return
				}
			case <-deadline:
				t.Fatalf("no %s event for port %s in 20 s: %s", kind, port, errOut.String())
			}
		}
	}
	waitFor("new")
	ln.Close()
	waitFor("gone")
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	for range lines {
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("record after SIGTERM: %v\n%s", err, errOut.String())
	}
	if !strings.Contains(errOut.String(), "Recording stopped.") {
		t.Errorf("stderr:\n%s", errOut.String())
	}
	// The history is whole, and free for the next recorder.
	path := filepath.Join(dataDir, history.FileName)
	s, err := history.Open(context.Background(), history.Options{Path: path, Verify: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if n := s.Notices(); len(n) > 0 {
		t.Errorf("notices after a clean stop: %q", n)
	}
	es, err := s.Events(context.Background(), history.EventQuery{Keep: func(e history.Event) bool {
		return strconv.Itoa(int(e.Port)) == port && e.Key.Exe == exe
	}})
	if err != nil || len(es) != 2 || es[0].Kind != history.EventNew || es[1].Kind != history.EventGone {
		t.Errorf("events of port %s: %+v, %v", port, es, err)
	}
	if res, err := s.Record(context.Background(), time.Now().Add(time.Minute), nil); err != nil || !res.Written {
		t.Errorf("the lock was kept: %+v %v", res, err)
	}
}
