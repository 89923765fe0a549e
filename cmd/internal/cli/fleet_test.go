package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/portolan/portolan/model/fleet"
	"github.com/portolan/portolan/model/judge"
	"github.com/portolan/portolan/model/listen"
	"github.com/portolan/portolan/registry"
)

// fleetFixtures is model/fleet's testdata, found from the module root so
// the test survives the package moving.
func fleetFixtures(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "model", "fleet", "testdata", "fleet")
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test")
		}
		dir = parent
	}
}

func TestFleetSummaryText(t *testing.T) {
	t.Parallel()
	out, errOut, code := run(t, "fleet", "summary", fleetFixtures(t))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(out, "\n")
	if want := "8 hosts, 19 listeners (3 rows skipped: UNIX sockets, port 0, not TCP/UDP), from 6 files (3 ignored)"; lines[0] != want {
		t.Errorf("first line %q, want %q", lines[0], want)
	}
	if f := strings.Fields(lines[2]); strings.Join(f, " ") != "22 tcp ssh 5 0" {
		t.Errorf("first port line %q", lines[2])
	}
	if !strings.Contains(errOut, "warning: ") || !strings.Contains(errOut, "broken-7.json:4: malformed JSON") {
		t.Errorf("stderr lacks the problems:\n%s", errOut)
	}
	if strings.Contains(errOut, "Reading osquery results") {
		t.Error("progress printed on a stderr that is not a terminal")
	}
}

func TestFleetSummaryJSON(t *testing.T) {
	t.Parallel()
	out, errOut, code := run(t, "fleet", "summary", "--json", fleetFixtures(t))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var s struct {
		Hosts, Listeners, Skipped int
		Ports                     []map[string]any
		Problems                  []fleet.Problem
	}
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatal(err)
	}
	if s.Hosts != 8 || s.Listeners != 19 || s.Skipped != 3 || len(s.Problems) != 5 {
		t.Errorf("summary = %+v", s)
	}
	p := s.Ports[0]
	if p["protocol"] != "tcp" || p["port"].(float64) != 22 || p["service"] != "ssh" || p["hosts"].(float64) != 5 || p["alerts"].(float64) != 0 {
		t.Errorf("first port = %v", p)
	}
}

func TestFleetPortJSONKeys(t *testing.T) {
	t.Parallel()
	out, errOut, code := run(t, "fleet", "port", "22", fleetFixtures(t), "--json", "--hosts", "app-*,web-*")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var rows []map[string]any
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 { // app-01, app-02, web-01 twice (IPv4, IPv6)
		t.Fatalf("%d rows: %s", len(rows), out)
	}
	for _, k := range []string{"host", "protocol", "address", "port", "pid", "process", "exe", "user", "severity", "reasons", "net_namespace"} {
		if _, ok := rows[0][k]; !ok {
			t.Errorf("row lacks %q: %v", k, rows[0])
		}
	}
	if rows[0]["host"] != "app-01" || rows[0]["exe"] != "/usr/sbin/sshd" || rows[3]["address"] != "::" {
		t.Errorf("rows = %v", rows)
	}
}

func TestFleetPortText(t *testing.T) {
	t.Parallel()
	out, _, code := run(t, "fleet", "port", "8080", fleetFixtures(t))
	if code != 0 || !strings.Contains(out, "HOST") {
		t.Fatalf("exit %d: %s", code, out)
	}
	if f := strings.Fields(strings.Split(out, "\n")[1]); strings.Join(f, " ") != "app-02 tcp [::]:8080 5100 java /opt/java/openjdk/bin/java uid 1001 notice open on all interfaces" {
		t.Errorf("row %q", f)
	}
	out, _, _ = run(t, "fleet", "port", "9", fleetFixtures(t))
	if out != "No host listens on port 9.\n" {
		t.Errorf("empty port: %q", out)
	}
}

func TestFleetRare(t *testing.T) {
	t.Parallel()
	out, errOut, code := run(t, "fleet", "rare", fleetFixtures(t), "--max-hosts", "1", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var rare []fleet.PortCount
	if err := json.Unmarshal([]byte(out), &rare); err != nil {
		t.Fatal(err)
	}
	if len(rare) != 13 {
		t.Errorf("%d rare ports, want 13", len(rare))
	}
	for _, p := range rare {
		if p.Hosts != 1 {
			t.Errorf("rare port on %d hosts: %+v", p.Hosts, p)
		}
	}
	out, _, _ = run(t, "fleet", "rare", fleetFixtures(t))
	if !strings.HasPrefix(out, "13 ports open on at most 3 of 8 hosts, fewest first:") {
		t.Errorf("rare text: %s", out)
	}
	for _, line := range strings.Split(out, "\n") {
		if f := strings.Fields(line); len(f) > 0 && f[0] == "6379" && f[len(f)-1] != "web-01" {
			t.Errorf("6379 is on web-01: %q", line)
		}
	}
}

func TestFleetPack(t *testing.T) {
	t.Parallel()
	out, _, code := run(t, "fleet", "pack", "--interval", "900")
	var pack map[string]map[string]map[string]any
	if err := json.Unmarshal([]byte(out), &pack); err != nil || code != 0 {
		t.Fatalf("exit %d, %v: %s", code, err, out)
	}
	if q := pack["queries"]["listening_ports_linux"]; q["interval"].(float64) != 900 || !strings.Contains(q["query"].(string), "listening_ports") {
		t.Errorf("query = %v", q)
	}
	out, _, _ = run(t, "fleet", "pack", "--sql")
	if !strings.HasPrefix(out, "SELECT ") || !strings.HasSuffix(out, ";\n") {
		t.Errorf("--sql: %q", out)
	}
}

func TestFleetUsageErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"fleet"}, 2, "say what to do"},
		{[]string{"fleet", "summary"}, 2, "give the files or folders"},
		{[]string{"fleet", "port", "22"}, 2, "give a port number and the files"},
		{[]string{"fleet", "port", "http", "."}, 1, `"http" is not a port number`},
		{[]string{"fleet", "rare", ".", "--max-hosts", "0"}, 2, "--max-hosts must be 1 or more"},
		{[]string{"fleet", "summary", "/nonexistent/fleet"}, 1, "cannot read /nonexistent/fleet"},
		{[]string{"fleet", "pack", "--interval", "1"}, 2, "give 60 to 604800"},
	} {
		_, errOut, code := run(t, tc.args...)
		if code != tc.code || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, %q; want %d, %q", tc.args, code, errOut, tc.code, tc.want)
		}
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("hello"), 0o644)
	_, errOut, code := run(t, "fleet", "summary", dir)
	if code != 1 || !strings.Contains(errOut, "notes.txt: not osquery output") || !strings.Contains(errOut, "found no osquery results in") {
		t.Errorf("a folder without results: exit %d, %s", code, errOut)
	}
}

func TestFleetProgressLine(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	writeFleetProgress(&b, fleet.Progress{Files: 3, FilesTotal: 10, Hosts: 2, Rows: 40})
	writeFleetProgress(&b, fleet.Progress{Files: 10, FilesTotal: 10, Hosts: 7, Rows: 140, Done: true})
	want := "\rReading osquery results: 3 of 10 files, 2 hosts, 40 rows \rReading osquery results: 10 of 10 files, 7 hosts, 140 rows \n"
	if b.String() != want {
		t.Errorf("progress %q, want %q", b.String(), want)
	}
	if isTerminal(&b) {
		t.Error("a buffer is a terminal")
	}
}

func TestFleetProblemsShownAtMost20(t *testing.T) {
	t.Parallel()
	f := &fleet.Fleet{ProblemsMore: 3}
	for i := range 25 {
		f.Problems = append(f.Problems, fleet.Problem{File: "f.json", Line: i + 1, Message: "malformed JSON"})
	}
	var b bytes.Buffer
	writeFleetProblems(&b, f)
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if len(lines) != 21 || lines[0] != "warning: f.json:1: malformed JSON" ||
		lines[20] != "warning: ... and 8 more problems (summary --json lists the first 25)" {
		t.Errorf("%d lines:\n%s", len(lines), b.String())
	}
}

func TestFleetMaxRows(t *testing.T) {
	t.Parallel()
	out, errOut, code := run(t, "fleet", "summary", fleetFixtures(t), "--max-rows", "3", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var s fleet.Summary
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatal(err)
	}
	if s.Listeners > 3 || len(s.Problems) == 0 || s.Problems[0].Message != "more than 3 rows: the rest of the input was not read" {
		t.Errorf("%d listeners, problems %v", s.Listeners, s.Problems)
	}
	if _, errOut, code := run(t, "fleet", "rare", ".", "--max-rows", "0"); code != 2 || !strings.Contains(errOut, "--max-rows must be 1 or more") {
		t.Errorf("--max-rows 0: exit %d, %s", code, errOut)
	}
}

// TestFleetVerdicts: the planted nc in /dev/shm is an alert with its
// reasons, first in the port's list and counted in the summary; sshd is
// calm.
func TestFleetVerdicts(t *testing.T) {
	t.Parallel()
	out, errOut, code := run(t, "fleet", "port", "4444", fleetFixtures(t), "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var rows []fleet.Row
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].Severity != "alert" || !slices.Contains(rows[0].Reasons, string(listen.ReasonDeleted)) ||
		!slices.Contains(rows[0].Reasons, string(listen.ReasonNetTool)) {
		t.Fatalf("4444: %+v", rows)
	}
	out, _, _ = run(t, "fleet", "summary", fleetFixtures(t), "--json")
	var s fleet.Summary
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatal(err)
	}
	for _, p := range s.Ports {
		want := 0
		if p.Port == 4444 {
			want = 1
		}
		if p.Alerts != want {
			t.Errorf("%d/%s: %d alerts, want %d", p.Port, p.Protocol, p.Alerts, want)
		}
	}
	out, _, _ = run(t, "fleet", "port", "22", fleetFixtures(t), "--hosts", "web-01", "--json")
	if err := json.Unmarshal([]byte(out), &rows); err != nil || len(rows) != 2 || rows[0].Severity != "none" || len(rows[0].Reasons) != 0 {
		t.Errorf("sshd on web-01: %v %+v", err, rows)
	}
}

// TestFleetJudgeSeam: the command judges with Env's fleetJudge, over the
// registry it loaded.
func TestFleetJudgeSeam(t *testing.T) {
	t.Parallel()
	var sawRegistry bool
	env := &Env{fleetJudge: func(_ *Env, reg *registry.Registry) func(r *fleet.Row) (string, []string) {
		sawRegistry = reg != nil
		return func(r *fleet.Row) (string, []string) {
			if r.Port == 22 {
				return "alert", []string{"test"}
			}
			return "none", nil
		}
	}}
	out, errOut, code := env.runT(t, "fleet", "rare", fleetFixtures(t), "--max-hosts", "8", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var rare []fleet.PortCount
	if err := json.Unmarshal([]byte(out), &rare); err != nil {
		t.Fatal(err)
	}
	for _, p := range rare {
		if (p.Port == 22 && p.Protocol == "tcp") != (p.Alerts > 0) {
			t.Errorf("%+v", p)
		}
	}
	if !sawRegistry {
		t.Error("the judge was not given the registry")
	}
}

// TestFleetUserKnowledge: the user's programs.json counts for the fleet as
// for this machine; one that cannot be used is named and the built-in
// knowledge judges.
func TestFleetUserKnowledge(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(judge.ConfigDirEnv, dir)
	os.WriteFile(filepath.Join(dir, judge.ProgramsFile), []byte(`{"version": 1, "programs": [{"program": "java", "listens": ["tcp 8080 all"]}]}`), 0o600)
	out, errOut, code := run(t, "fleet", "port", "8080", fleetFixtures(t), "--json")
	var rows []fleet.Row
	if err := json.Unmarshal([]byte(out), &rows); err != nil || code != 0 || len(rows) != 1 || rows[0].Severity != "none" {
		t.Errorf("java on 8080, approved by the user's knowledge: exit %d, %v %+v %s", code, err, rows, errOut)
	}
	os.WriteFile(filepath.Join(dir, judge.ProgramsFile), []byte(`{"version": 1, "programs": [`), 0o600)
	out, errOut, _ = run(t, "fleet", "port", "8080", fleetFixtures(t), "--json")
	if err := json.Unmarshal([]byte(out), &rows); err != nil || len(rows) != 1 || rows[0].Severity != "notice" ||
		!strings.Contains(errOut, "warning: known programs:") || !strings.Contains(errOut, judge.ProgramsFile) {
		t.Errorf("a broken programs.json: %v %+v\n%s", err, rows, errOut)
	}
}
