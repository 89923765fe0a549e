package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func run(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	return (&Env{}).runT(t, args...)
}

// runT runs a command line (global options first) in a copy of env,
// which holds the test's fakes.
func (env *Env) runT(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	g, rest, err := ParseGlobal(args)
	if err != nil {
		return "", err.Error(), 2
	}
	e := *env
	e.Stdout, e.Stderr, e.RegistryPath = &out, &errOut, g.RegistryPath
	code = Run(&e, rest)
	return out.String(), errOut.String(), code
}

func TestPortJSONKeys(t *testing.T) {
	out, errOut, code := run(t, "port", "290", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var a map[string]any
	if err := json.Unmarshal([]byte(out), &a); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"port", "range", "status", "protocols", "unassigned_run", "previous_assigned", "next_assigned"} {
		if _, ok := a[k]; !ok {
			t.Errorf("JSON lacks %q: %s", k, out)
		}
	}
	if a["range"] != "system" || a["status"] != "unassigned" {
		t.Errorf("range/status = %v/%v", a["range"], a["status"])
	}
	run := a["unassigned_run"].(map[string]any)
	if run["from"].(float64) != 288 || run["to"].(float64) != 299 {
		t.Errorf("unassigned_run = %v", run)
	}
	udp := a["protocols"].(map[string]any)["udp"].(map[string]any)
	if next := udp["next_assigned"].(map[string]any); next["port"].(float64) != 308 || next["service"] != "novastorbakcup" {
		t.Errorf("udp next = %v", next)
	}
}

func TestPortJSONRecords(t *testing.T) {
	out, _, code := run(t, "port", "--json", "--proto", "tcp", "80")
	if code != 0 {
		t.Fatal(code)
	}
	var a struct {
		Status    string `json:"status"`
		Protocols map[string]struct {
			Service string   `json:"service"`
			Aliases []string `json:"aliases"`
			Records []struct {
				Service         string `json:"service"`
				Description     string `json:"description"`
				Assignee        string `json:"assignee"`
				References      []any  `json:"references"`
				Registered      string `json:"registered"`
				Modified        string `json:"modified"`
				UnauthorizedUse string `json:"unauthorized_use"`
				Notes           string `json:"notes"`
				Source          string `json:"source"`
			} `json:"records"`
		} `json:"protocols"`
	}
	if err := json.Unmarshal([]byte(out), &a); err != nil {
		t.Fatal(err)
	}
	tcp, ok := a.Protocols["tcp"]
	if !ok || len(a.Protocols) != 1 {
		t.Fatalf("--proto tcp gave protocols %v", a.Protocols)
	}
	if tcp.Service != "http" || strings.Join(tcp.Aliases, ",") != "www,www-http" || len(tcp.Records) != 3 {
		t.Errorf("80/tcp = %+v", tcp)
	}
	if tcp.Records[0].Source != "embedded snapshot" {
		t.Errorf("source = %q", tcp.Records[0].Source)
	}
}

func TestPortText(t *testing.T) {
	out, _, code := run(t, "port", "6003")
	if code != 0 {
		t.Fatal(code)
	}
	for _, want := range []string{"Port 6003: assigned, User range", "x11", "6000-6063", "Warning: IANA has a report of unauthorized use"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	out, _, _ = run(t, "port", "50000")
	if !strings.Contains(out, "IANA never assigns") {
		t.Errorf("50000 output:\n%s", out)
	}
}

func TestSearchJSON(t *testing.T) {
	out, _, code := run(t, "search", "secure", "shell", "--json", "--limit", "3")
	if code != 0 {
		t.Fatal(code)
	}
	var hits []map[string]any
	if err := json.Unmarshal([]byte(out), &hits); err != nil {
		t.Fatal(err)
	}
	if len(hits) == 0 || hits[0]["port"].(float64) != 22 {
		t.Fatalf("hits = %v", hits)
	}
	for _, k := range []string{"port", "to", "protocol", "service", "description", "score"} {
		if _, ok := hits[0][k]; !ok {
			t.Errorf("hit lacks %q", k)
		}
	}
	if len(hits) > 3 {
		t.Errorf("--limit 3 gave %d hits", len(hits))
	}
}

func TestErrors(t *testing.T) {
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"port", "70000"}, 1, "out of range"},
		{[]string{"port", "abc"}, 1, "not a port number"},
		{[]string{"port", "22", "--proto", "ip"}, 1, "unknown transport protocol"},
		{[]string{"port"}, 2, "give one port number"},
		{[]string{"nosuch"}, 2, "unknown command"},
		{[]string{"--registry", "/nonexistent/file.csv", "port", "22"}, 1, "cannot open the registry file"},
		{[]string{"search"}, 2, "give something to search for"},
	}
	for _, c := range cases {
		out, errOut, code := run(t, c.args...)
		if code != c.code || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d and %q", c.args, code, errOut, c.code, c.want)
		}
		if out != "" {
			t.Errorf("%v: wrote to stdout on error: %q", c.args, out)
		}
	}
}

func TestRegistryFlagLoadsFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "services")
	if err := os.WriteFile(path, []byte("myservice 4242/tcp # my own\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := run(t, "--registry", path, "port", "4242")
	if code != 0 || !strings.Contains(out, "myservice") {
		t.Errorf("exit %d, out %q, err %q", code, out, errOut)
	}
	out, _, code = run(t, "--registry="+path, "registry", "info", "--json")
	var info RegistryInfo
	if code != 0 || json.Unmarshal([]byte(out), &info) != nil || info.Source.Name != path || info.Counts["records"] != 1 {
		t.Errorf("info = %+v (%s)", info, out)
	}
}

func TestParseGlobal(t *testing.T) {
	g, rest, err := ParseGlobal([]string{"--select", "290"})
	if err != nil || g.Select != 290 || len(rest) != 0 {
		t.Errorf("--select 290: %+v %v %v", g, rest, err)
	}
	if _, _, err := ParseGlobal([]string{"--select", "99999"}); err == nil {
		t.Error("--select 99999 accepted")
	}
	if _, _, err := ParseGlobal([]string{"--bogus"}); err == nil {
		t.Error("--bogus accepted")
	}
	g, rest, err = ParseGlobal([]string{"--registry=x.csv", "port", "22", "--json"})
	if err != nil || g.RegistryPath != "x.csv" || strings.Join(rest, " ") != "port 22 --json" {
		t.Errorf("got %+v %v %v", g, rest, err)
	}
	g, rest, err = ParseGlobal([]string{"--fleet", "a/", "--fleet=b.json", "--select", "22"})
	if err != nil || strings.Join(g.Fleet, " ") != "a/ b.json" || g.Select != 22 || len(rest) != 0 {
		t.Errorf("--fleet twice: %+v %v %v", g, rest, err)
	}
	if _, _, err := ParseGlobal([]string{"--fleet", "a/", "fleet", "summary"}); err == nil || !strings.Contains(err.Error(), "portolan fleet summary PATH") {
		t.Errorf("--fleet with a command: %v", err)
	}
}
