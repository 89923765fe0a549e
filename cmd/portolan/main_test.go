package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The test binary doubles as portolan when asked, so the tests run the real
// main in a real process.
func TestMain(m *testing.M) {
	if os.Getenv("PORTOLAN_TEST_AS_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

func runMain(t *testing.T, env []string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(self, args...)
	cmd.Env = append(os.Environ(), append([]string{"PORTOLAN_TEST_AS_MAIN=1", "PORTOLAN_CACHE_DIR=" + t.TempDir()}, env...)...)
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err = cmd.Run()
	return out.String(), errOut.String(), err
}

// Issue 12, item 12: a headless subcommand writes nothing to stderr but its
// own messages, also under Debian's container default LANG=C.UTF-8.
func TestHeadlessWritesNothingElseToStderr(t *testing.T) {
	t.Parallel()
	for _, lang := range []string{"C.UTF-8", "en_US.UTF-8", "POSIX"} {
		out, errOut, err := runMain(t, []string{"LANG=" + lang, "LC_ALL=", "LANGUAGE="}, "port", "22")
		if err != nil || errOut != "" || !strings.Contains(out, "tcp: assigned, ssh") {
			t.Errorf("LANG=%s: %v, stderr %q, stdout %q", lang, err, errOut, out)
		}
	}
	_, errOut, err := runMain(t, nil, "port", "70000")
	if err == nil || errOut != "portolan port: port 70000 is out of range: ports run from 0 to 65535\n" {
		t.Errorf("an error: %v, stderr %q (want its own message only)", err, errOut)
	}
}

// No subcommand: the window executable replaces this process, with the
// same arguments, and LANGUAGE=en under a C.* locale.
func TestOpensTheWindowExecutable(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	fake := filepath.Join(dir, "portolan-window")
	script := "#!/bin/sh\necho \"window $* LANGUAGE=$LANGUAGE\"\nexit 3\n"
	if err := os.WriteFile(fake, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	out, _, err := runMain(t, []string{WindowEnv + "=" + fake, "LANG=C.UTF-8", "LC_ALL=", "LANGUAGE="}, "--select", "290")
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 3 || out != "window --select 290 LANGUAGE=en\n" {
		t.Errorf("got %v, %q; want the window's exit code 3 and output", err, out)
	}
	_, errOut, err := runMain(t, []string{WindowEnv + "=" + filepath.Join(dir, "missing")})
	if err == nil || !strings.Contains(errOut, "cannot open the window") {
		t.Errorf("a missing window: %v, %q", err, errOut)
	}
}

func TestFindWindow(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	bin := filepath.Join(dir, "bin")
	os.Mkdir(bin, 0o755)
	self := filepath.Join(bin, "portolan")
	os.WriteFile(self, nil, 0o755)
	link := filepath.Join(dir, "link-to-portolan")
	if err := os.Symlink(self, link); err != nil {
		t.Fatal(err)
	}
	noEnv := func(string) string { return "" }
	exe := func(p string) func() (string, error) { return func() (string, error) { return p, nil } }
	notOnPath := func(string) (string, error) { return "", exec.ErrNotFound }
	if _, err := findWindow(noEnv, exe(link), notOnPath); err == nil || !strings.Contains(err.Error(), "go build ./cmd/portolan-window") {
		t.Errorf("no window anywhere: %v", err)
	}
	window := filepath.Join(bin, windowName())
	os.WriteFile(window, nil, 0o755)
	if p, err := findWindow(noEnv, exe(link), notOnPath); err != nil || p != window {
		t.Errorf("beside the symlink's target: %q, %v", p, err)
	}
	if p, _ := findWindow(func(string) string { return "/opt/w" }, exe(link), notOnPath); p != "/opt/w" {
		t.Errorf("%s was not obeyed: %q", WindowEnv, p)
	}
	onPath := func(string) (string, error) { return "/usr/bin/portolan-window", nil }
	if p, _ := findWindow(noEnv, exe(filepath.Join(dir, "elsewhere")), onPath); p != "/usr/bin/portolan-window" {
		t.Errorf("the PATH was not searched: %q", p)
	}
}

func TestWindowEnv(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		env  []string
		want string // LANGUAGE added, or ""
	}{
		{[]string{"LANG=C.UTF-8"}, "en"},
		{[]string{"LANG=POSIX.UTF-8"}, "en"},
		{[]string{"LANG=en_US.UTF-8"}, ""},
		{[]string{"LANG=C"}, ""}, // Fyne reads a plain C quietly
		{[]string{"LANG=C.UTF-8", "LANGUAGE=de"}, ""},
		{[]string{"LANG=C.UTF-8", "LC_ALL=fr_FR.UTF-8"}, ""},
		{[]string{"LANG=fr_FR.UTF-8", "LC_MESSAGES=C.UTF-8"}, "en"},
	} {
		got := windowEnv(slices.Clone(c.env))
		added := ""
		if len(got) > len(c.env) {
			added = strings.TrimPrefix(got[len(got)-1], "LANGUAGE=")
		}
		if added != c.want {
			t.Errorf("%v: added LANGUAGE %q, want %q", c.env, added, c.want)
		}
	}
}

// The headless binary must not link Fyne (its package inits are the cost
// this binary avoids); only cmd/portolan-window may.
func TestLinksNoFyne(t *testing.T) {
	t.Parallel()
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	for _, p := range strings.Fields(string(out)) {
		if strings.HasPrefix(p, "fyne.io/") || strings.Contains(p, "go-gl") {
			t.Errorf("cmd/portolan links %s", p)
		}
	}
}
