package cli

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/portolan/portolan/model/listen"
	"github.com/portolan/portolan/model/update"
	"github.com/portolan/portolan/registry/ianatest"
)

// Issue 12, item 14: a negative port is out of range, not an unknown flag;
// a flag's negative value is still its value.
func TestPortOutOfRange(t *testing.T) {
	for _, c := range []struct {
		args []string
		code int
		says string
	}{
		{[]string{"port", "-1"}, 1, "portolan port: port -1 is out of range: ports run from 0 to 65535\n"},
		{[]string{"port", "--json", "-1"}, 1, "portolan port: port -1 is out of range: ports run from 0 to 65535\n"},
		{[]string{"port", "65536"}, 1, "portolan port: port 65536 is out of range: ports run from 0 to 65535\n"},
		{[]string{"search", "ssh", "--limit", "-1"}, 2, "portolan search: usage: --limit must be 0 or more\n"},
		{[]string{"port", "-x"}, 2, "portolan port: usage: flag provided but not defined: -x\n"},
	} {
		out, errOut, code := runCmd(c.args...)
		if code != c.code || out != "" || !strings.HasPrefix(errOut, c.says) {
			t.Errorf("%v: exit %d, out %q, err %q; want %d and %q", c.args, code, out, errOut, c.code, c.says)
		}
	}
	if out, errOut, code := runCmd("port", "22", "--json"); code != 0 || !strings.Contains(out, `"port": 22`) {
		t.Errorf("port 22 --json: exit %d, %q %q", code, out, errOut)
	}
}

// Item 11: a filter of marks alone is a usage error naming the term; a
// negated port ("-22") is a filter, not a flag.
func TestListenersFilterOfMarks(t *testing.T) {
	env, _, _ := useFakeOS(t, standardListeners())
	for _, term := range []string{"-", "!", ",,,"} {
		out, errOut, code := env.runCmd("listeners", term)
		if code != 2 || out != "" || !strings.Contains(errOut, `portolan listeners: usage: filter: "`+term+`" `) {
			t.Errorf("listeners %s: exit %d, out %q, err %q", term, code, out, errOut)
		}
	}
	out, errOut, code := env.runCmd("listeners", "--json", "-22")
	var got []listen.ListenerJSON
	if code != 0 || json.Unmarshal([]byte(out), &got) != nil || len(got) != 3 || slices.ContainsFunc(got, func(l listen.ListenerJSON) bool { return l.Port == 22 }) {
		t.Errorf("listeners -22: exit %d, %s %s", code, out, errOut)
	}
}

// cliSeedIANA gives the test its own cache folder holding IANA's file, as
// `registry update` installed it.
func cliSeedIANA(t *testing.T) (env *Env, dir string, body []byte) {
	t.Helper()
	body, err := os.ReadFile(ianatest.Path(t))
	if err != nil {
		t.Fatal(err)
	}
	env, dir = regCache(t)
	full, _ := regServer(t, body)
	if _, errOut, code := env.runT(t, "registry", "update", "--from", full.URL); code != 0 {
		t.Fatalf("seeding: exit %d, %s", code, errOut)
	}
	return env, dir, body
}

// cliCut serves IANA's file cut at a line end, with no Content-Length.
func cliCut(t *testing.T, body []byte) *httptest.Server {
	t.Helper()
	end := len(body) * 84 / 100
	end = bytes.LastIndexByte(body[:end], '\n') + 1
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write(body[:end])
		w.(http.Flusher).Flush()
	}))
	t.Cleanup(ts.Close)
	return ts
}

// Items 1 and 2 on the command line: a smaller download is refused, says
// what would vanish and how to take it anyway; --force takes it.
func TestRegistryUpdateForce(t *testing.T) {
	env, dir, body := cliSeedIANA(t)
	cut := cliCut(t, body)
	out, errOut, code := env.runT(t, "registry", "update", "--from", cut.URL)
	for _, want := range []string{"portolan registry: Update failed: it holds 12,", "distinct records where the registry in use has 14,499",
		" records of the registry in use would vanish (", "it looks cut short", "\n(portolan registry update --force takes it anyway)\n"} {
		if code != 1 || out != "" || !strings.Contains(errOut, want) {
			t.Errorf("refused update: exit %d, out %q, err %q; want it to say %q", code, out, errOut, want)
		}
	}
	if cached, _ := os.ReadFile(filepath.Join(dir, update.CachedCSVName)); !bytes.Equal(cached, body) {
		t.Error("a refused update changed the cached copy")
	}
	out, _, code = env.runT(t, "registry", "update", "--from", cut.URL, "--json")
	var res update.Result
	if code != 1 || json.Unmarshal([]byte(out), &res) != nil || !res.Forceable || len(res.Refusals) == 0 {
		t.Errorf("--json refusal: exit %d, %s", code, out)
	}
	out, errOut, code = env.runT(t, "registry", "update", "--from", cut.URL, "--force")
	if code != 0 || !strings.HasPrefix(out, "Updated: 12,") || !strings.Contains(out, "; forced, although it holds 12,") {
		t.Errorf("--force: exit %d, out %q, err %q", code, out, errOut)
	}
}

// Item 4 on the command line: a damaged cached download is not used; every
// command that reads the registry says so in one line on stderr.
func TestDamagedCacheNoteOnStderr(t *testing.T) {
	env, dir, body := cliSeedIANA(t)
	if _, errOut, code := env.runT(t, "port", "22"); code != 0 || errOut != "" {
		t.Fatalf("with a good cache: exit %d, stderr %q", code, errOut)
	}
	header, _, _ := bytes.Cut(body, []byte("\n"))
	path := filepath.Join(dir, update.CachedCSVName)
	if err := os.WriteFile(path, append(header, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := env.runT(t, "port", "22")
	if code != 0 || !strings.Contains(out, "ssh") {
		t.Errorf("port 22 over a damaged cache: exit %d:\n%s", code, out)
	}
	if !strings.HasPrefix(errOut, "portolan: note: the cached download "+path+" is damaged: ") || strings.Count(errOut, "\n") != 1 {
		t.Errorf("stderr = %q, want one note line", errOut)
	}
	out, errOut, _ = env.runT(t, "registry", "info")
	if !strings.Contains(out, "In use:   the embedded snapshot") || !strings.Contains(out, "Note:     the cached download "+path+" is damaged") || errOut != "" {
		t.Errorf("registry info: %q, stderr %q", out, errOut)
	}
}
