package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/portolan/portolan/model"
	"github.com/portolan/portolan/model/update"
	"github.com/portolan/portolan/registry"
	"github.com/portolan/portolan/registry/ianatest"
)

// The package's tests never read the user's own cached download: commands
// that load the default registry get the embedded snapshot, unless a test
// sets a cache folder of its own (regCache). The folder is never created.
func init() {
	os.Setenv(update.CacheDirEnv, filepath.Join(os.TempDir(), fmt.Sprintf("portolan-cli-test-%d-no-cache", os.Getpid())))
}

// regCache gives the test its own cache folder and no system overlays.
func regCache(t *testing.T) (*Env, string) {
	t.Helper()
	dir := t.TempDir()
	t.Setenv(update.CacheDirEnv, dir)
	env := &Env{overlays: func() *model.Overlays {
		return &model.Overlays{Found: []*model.Overlay{}, Problems: []model.OverlayProblem{}}
	}}
	return env, dir
}

// regServer serves body with an ETag, answering If-None-Match with 304.
func regServer(t *testing.T, body []byte) (*httptest.Server, *[]string) {
	t.Helper()
	var seen []string
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = append(seen, r.Header.Get("If-None-Match"))
		w.Header().Set("ETag", `"v1"`)
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Write(body)
	}))
	t.Cleanup(ts.Close)
	return ts, &seen
}

func TestRegistryInfoEmbedded(t *testing.T) {
	env, dir := regCache(t)
	out, errOut, code := env.runT(t, "registry", "info")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"Source:   embedded snapshot\n",
		"In use:   the embedded snapshot (no IANA download yet",
		"Data to:  2026-07\n",
		"Updates:  kept in " + dir + "; last check never\n",
		"Overlays: none found\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("info lacks %q:\n%s", want, out)
		}
	}
}

func TestRegistryInfoOverlays(t *testing.T) {
	env, _ := regCache(t)
	tmp := t.TempDir()
	services := filepath.Join(tmp, "services")
	nmap := filepath.Join(tmp, "nmap-services")
	os.WriteFile(services, []byte("ssh 22/tcp\nhttp 80/tcp www\n"), 0o644)
	os.WriteFile(nmap, []byte("ssh\t22/tcp\t0.18\nbroken line\n"), 0o644)
	env.overlays = func() *model.Overlays {
		return model.LoadOverlays([]model.OverlayCandidate{
			{Kind: model.OverlayServices, Label: "/etc/services", Path: services},
			{Kind: model.OverlayNmap, Label: "nmap", Path: nmap},
			{Kind: model.OverlayWireshark, Label: "Wireshark", Path: tmp},
		})
	}
	out, _, code := env.runT(t, "registry", "info")
	want := "Overlays: /etc/services (" + services + "): 3 entries\n" +
		"          nmap (" + nmap + "): 1 ports with open frequencies\n" +
		"          Wireshark (" + tmp + "): not used, is a folder, not a file\n"
	if code != 0 || !strings.Contains(out, want) {
		t.Errorf("info = %s\nwant %s", out, want)
	}
	out, _, code = env.runT(t, "registry", "info", "--json")
	var info RegistryInfo
	if code != 0 || json.Unmarshal([]byte(out), &info) != nil || info.Overlays == nil || len(info.Overlays.Found) != 2 ||
		info.Overlays.Found[1].Kind != model.OverlayNmap || info.Overlays.Found[1].Skipped != 1 || len(info.Overlays.Problems) != 1 {
		t.Errorf("info JSON overlays = %s", out)
	}
}

// The case on the command line: an update from a local server
// serving IANA's file replaces the embedded snapshot, `registry info` names
// it, and a second update gets 304 and changes nothing.
func TestRegistryUpdateThenInfo(t *testing.T) {
	body, err := os.ReadFile(ianatest.Path(t))
	if err != nil {
		t.Fatal(err)
	}
	env, dir := regCache(t)
	ts, seen := regServer(t, body)
	out, errOut, code := env.runT(t, "registry", "update", "--from", ts.URL+"/ports.csv")
	if code != 0 {
		t.Fatalf("update: exit %d, %s", code, errOut)
	}
	if want := "Updated: 14,500 records, data to 2026-02-25 (was: embedded snapshot, data to 2026-07)\n"; !strings.HasPrefix(out, want) {
		t.Errorf("update said %q, want %q first", out, want)
	}
	if !strings.Contains(out, "Changes: 0 added, 18 removed, 0 changed (14,500 unchanged)") {
		t.Errorf("update said %q, want the changes counted", out)
	}

	out, _, code = env.runT(t, "registry", "info")
	path := filepath.Join(dir, update.CachedCSVName)
	for _, want := range []string{
		"Source:   IANA download of ",
		"In use:   the cached IANA download " + path + "\n",
		"from " + ts.URL + "/ports.csv\n",
		"Format:   iana-csv\n",
		"Data to:  2026-02-25\n",
		"Records:  14500 ",
	} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("info lacks %q:\n%s", want, out)
		}
	}
	out, _, _ = env.runT(t, "registry", "info", "--json")
	var info RegistryInfo
	if err := json.Unmarshal([]byte(out), &info); err != nil || info.Origin != model.OriginCache || info.Path != path ||
		info.Source.Date != "2026-02-25" || info.URL != ts.URL+"/ports.csv" || info.Fetched.IsZero() || info.LastCheck.IsZero() {
		t.Errorf("info JSON = %+v (%v)", info, err)
	}
	// --registry still wins over the download.
	out, _, _ = env.runT(t, "--registry", filepath.Join("..", "..", "..", "registry", "testdata", "sample.csv"), "registry", "info")
	if !strings.Contains(out, "In use:   the file ") {
		t.Errorf("with --registry: %s", out)
	}

	out, errOut, code = env.runT(t, "registry", "update", "--from", ts.URL+"/ports.csv", "--json")
	var res struct {
		Outcome    string `json:"outcome"`
		Message    string `json:"message"`
		HTTPStatus int    `json:"http_status"`
		Changes    *registry.DiffCounts
	}
	if code != 0 || json.Unmarshal([]byte(out), &res) != nil {
		t.Fatalf("second update: exit %d, %s %s", code, out, errOut)
	}
	if res.Outcome != "up-to-date" || res.Message != "Already up to date (server said not modified)" || res.HTTPStatus != 304 || res.Changes != nil {
		t.Errorf("second update = %+v", res)
	}
	if len(*seen) != 2 || (*seen)[1] != `"v1"` {
		t.Errorf("If-None-Match sent: %q", *seen)
	}
}

func TestRegistryUpdateFailure(t *testing.T) {
	env, dir := regCache(t)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, "<html><body>Service unavailable</body></html>")
	}))
	defer ts.Close()
	out, errOut, code := env.runT(t, "registry", "update", "--from", ts.URL)
	want := "portolan registry: Update failed: the server sent a web page, not the registry; keeping embedded snapshot, data to 2026-07\n"
	if code != 1 || out != "" || errOut != want {
		t.Errorf("exit %d, out %q, err %q; want 1, nothing, %q", code, out, errOut, want)
	}
	out, _, code = env.runT(t, "registry", "update", "--from", ts.URL, "--json")
	var res update.Result
	if code != 1 || json.Unmarshal([]byte(out), &res) != nil || res.Outcome != update.Failed ||
		res.Reason != "the server sent a web page, not the registry" {
		t.Errorf("--json: exit %d, %s", code, out)
	}
	out, _, _ = env.runT(t, "registry", "info")
	if !strings.Contains(out, "In use:   the embedded snapshot") {
		t.Errorf("after a failed update: %s", out)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.Name() != update.CacheMetaName {
			t.Errorf("the cache folder holds %s after failed updates", e.Name())
		}
	}
}

func TestRegistryDiffEmbeddedToIANA(t *testing.T) {
	path := ianatest.Path(t)
	env, _ := regCache(t)
	out, errOut, code := env.runT(t, "registry", "diff", "embedded", path)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"Old: embedded snapshot, data to 2026-07\n",
		"New: " + path + ", data to 2026-02-25\n",
		// The snapshot is this file plus the npm assignments newer than it.
		"0 added, 18 removed, 0 changed (14,500 unchanged)\n",
		"- 4480/tcp agtp: Agent Transfer Protocol\n",
		"- 34966/tcp (Reserved)\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("diff lacks %q", want)
		}
	}
	out, _, code = env.runT(t, "registry", "diff", "embedded", path, "--json")
	type entry struct {
		Kind, Service, Protocol, Status string
		Low                             uint16
	}
	var d struct {
		Old            registry.Source
		Counts         registry.DiffCounts
		Added, Changed []entry
		Removed        []entry
	}
	if err := json.Unmarshal([]byte(out), &d); code != 0 || err != nil {
		t.Fatalf("--json: exit %d, %v", code, err)
	}
	found := false
	for _, e := range d.Removed {
		found = found || e.Low == 4480 && e.Protocol == "tcp" && e.Service == "agtp" && e.Status == "assigned"
	}
	if !found || d.Counts.Added != len(d.Added) || d.Counts.Removed != len(d.Removed) || d.Old.Kind != "embedded" {
		t.Errorf("4480/tcp agtp is not among the removals of the JSON diff (%+v)", d.Counts)
	}
}

func TestRegistryDiffSmallFiles(t *testing.T) {
	env, _ := regCache(t)
	tmp := t.TempDir()
	old := filepath.Join(tmp, "old")
	new := filepath.Join(tmp, "new")
	os.WriteFile(old, []byte("ssh 22/tcp # SSH\ngone 99/udp\n"), 0o644)
	os.WriteFile(new, []byte("ssh 22/tcp # Secure Shell\nfresh 100/tcp # New one\n"), 0o644)
	out, _, code := env.runT(t, "registry", "diff", old, new)
	want := "1 added, 1 removed, 1 changed (0 unchanged)\n" +
		"~ 22/tcp ssh\n    description: \"SSH\" -> \"Secure Shell\"\n" +
		"- 99/udp gone\n" +
		"+ 100/tcp fresh: New one\n"
	if code != 0 || !strings.HasSuffix(out, want) {
		t.Errorf("diff = %q\nwant it to end %q", out, want)
	}
	out, _, code = env.runT(t, "registry", "diff", "embedded", "embedded")
	if code != 0 || !strings.Contains(out, "No differences (14,518 records)") {
		t.Errorf("embedded against itself: %s", out)
	}
}

func TestRegistryCommandErrors(t *testing.T) {
	env, _ := regCache(t)
	for _, c := range []struct {
		args []string
		code int
		says string
	}{
		{[]string{"registry"}, 2, "info, update or diff"},
		{[]string{"registry", "frobnicate"}, 2, `unknown registry command "frobnicate"`},
		{[]string{"registry", "update", "extra"}, 2, "takes no arguments"},
		{[]string{"registry", "update", "--timeout", "0s"}, 2, "--timeout must be more than 0"},
		{[]string{"registry", "update", "--from", "http://www.iana.org/x.csv"}, 1, "not an https address"},
		{[]string{"registry", "diff", "embedded"}, 2, "give two registries"},
		{[]string{"registry", "diff", "embedded", "/nonexistent/new.csv"}, 1, "cannot open the registry file"},
		{[]string{"registry", "diff", "cached", "embedded"}, 1, "there is no cached IANA download in "},
	} {
		var out, errOut bytes.Buffer
		code := Run(&Env{Stdout: &out, Stderr: &errOut, overlays: env.overlays}, c.args)
		if code != c.code || !strings.Contains(errOut.String(), c.says) || out.Len() != 0 {
			t.Errorf("%v: exit %d, out %q, err %q; want %d and %q", c.args, code, out.String(), errOut.String(), c.code, c.says)
		}
	}
}
