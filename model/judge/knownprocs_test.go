package judge

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/portolan/portolan/registry"
)

// TestKnownProcsTableNamesRegisteredServices: every service of the
// built-in table is a service name of the embedded registry, so no entry
// is dead data.
func TestKnownProcsTableNamesRegisteredServices(t *testing.T) {
	k := DefaultKnownProcs()
	reg, err := registry.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	if len(k.Services()) < 20 {
		t.Errorf("only %d services", len(k.Services()))
	}
	for _, svc := range k.Services() {
		if len(reg.ByName(svc)) == 0 {
			t.Errorf("%q is not a service name of the embedded registry", svc)
		}
		if len(k.For(svc)) == 0 {
			t.Errorf("%q has no programs", svc)
		}
	}
	for _, want := range [][2]string{{"ssh", "sshd"}, {"http", "nginx"}, {"http", "httpd"}, {"https", "caddy"}} {
		if !slices.Contains(k.For(want[0]), want[1]) {
			t.Errorf("%s lacks %s", want[0], want[1])
		}
	}
}

func TestKnownProcsMatches(t *testing.T) {
	k := DefaultKnownProcs()
	for _, c := range []struct {
		svc, proc, exe string
		checked, ok    bool
	}{
		{"ssh", "sshd", "/usr/sbin/sshd", true, true},
		{"SSH", "SSHD", "", true, true},
		{"ssh", "python3", "/usr/bin/python3.12", true, false},
		{"ssh", "x", "/usr/sbin/dropbear", true, true}, // the executable's name counts
		{"ssh", "systemd", "/usr/lib/systemd/systemd", true, true},
		{"domain", "systemd-resolve", "", true, true}, // cut to 15 characters
		{"domain", "systemd-resol", "", true, false},  // not a cut name
		{"http", "nginx.exe", `C:\nginx\nginx.exe`, true, true},
		{"nonesuch", "anything", "", false, false},
		{"ssh", "", "", true, false},
	} {
		checked, ok := k.Matches(c.svc, c.proc, c.exe)
		if checked != c.checked || ok != c.ok {
			t.Errorf("Matches(%q, %q, %q) = %v, %v; want %v, %v", c.svc, c.proc, c.exe, checked, ok, c.checked, c.ok)
		}
	}
}

func TestKnownProcsUserAdditions(t *testing.T) {
	dir := t.TempDir()
	k, err := LoadKnownProcs(dir) // no file
	if err != nil || k.Matches2("ssh", "teleport") {
		t.Fatalf("no file: %v", err)
	}
	os.WriteFile(filepath.Join(dir, KnownProcsFile), []byte(`{
  "services": {"ssh": ["teleport"], "http-alt": ["java", "gunicorn*"]},
  "any": ["s6-svscan"]
}`), 0o644)
	k, err = LoadKnownProcs(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range [][2]string{{"ssh", "teleport"}, {"ssh", "sshd"}, {"http-alt", "gunicorn3"}, {"http", "s6-svscan"}} {
		if !k.Matches2(c[0], c[1]) {
			t.Errorf("%s should accept %s", c[0], c[1])
		}
	}
	if DefaultKnownProcs().Matches2("ssh", "teleport") {
		t.Error("user additions leaked into the built-in table")
	}

	// A damaged file: the built-in table, a message, the file untouched.
	bad := []byte(`{"services": {"ssh": "sshd"}}`)
	os.WriteFile(filepath.Join(dir, KnownProcsFile), bad, 0o644)
	k, err = LoadKnownProcs(dir)
	if err == nil || !strings.Contains(err.Error(), KnownProcsFile) {
		t.Errorf("damaged file: err %v", err)
	}
	if k == nil || !k.Matches2("ssh", "sshd") {
		t.Error("the built-in table is not used after a damaged file")
	}
	if err := addKnownProc(dir, "ssh", "teleport"); err == nil {
		t.Error("addKnownProc overwrote a damaged file")
	}
	if got, _ := os.ReadFile(filepath.Join(dir, KnownProcsFile)); string(got) != string(bad) {
		t.Error("the damaged file was changed")
	}
	for _, doc := range []string{`{"services":{"ssh":[""]}}`, `{"services":{"ssh":["[x"]}}`, `{"version":2,"services":{}}`, `{"servces":{}}`} {
		os.WriteFile(filepath.Join(dir, KnownProcsFile), []byte(doc), 0o644)
		if _, err := LoadKnownProcs(dir); err == nil {
			t.Errorf("%s was accepted", doc)
		}
	}
}

func TestAddKnownProc(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new", "folder")
	if err := addKnownProc(dir, "SSH", "teleport"); err != nil {
		t.Fatal(err)
	}
	if err := addKnownProc(dir, "ssh", "teleport"); err != nil { // again: no duplicate
		t.Fatal(err)
	}
	if err := addKnownProc(dir, "http", "myserver"); err != nil {
		t.Fatal(err)
	}
	k, err := LoadKnownProcs(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !k.Matches2("ssh", "teleport") || !k.Matches2("http", "myserver") {
		t.Error("additions not loaded")
	}
	data, _ := os.ReadFile(filepath.Join(dir, KnownProcsFile))
	if strings.Count(string(data), "teleport") != 1 {
		t.Errorf("file:\n%s", data)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary files left: %v", entries)
	}
	if err := addKnownProc(dir, "", "x"); err == nil {
		t.Error("an empty service was accepted")
	}
}

// Matches2 is Matches for a process name alone, for tests.
func (k *KnownProcs) Matches2(service, process string) bool {
	_, ok := k.Matches(service, process, "")
	return ok
}
