package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/portolan/portolan/cmd/internal/fynelocale"
)

// WindowEnv names the window executable to run instead of the one beside
// portolan (development, unusual installs).
const WindowEnv = "PORTOLAN_WINDOW"

// windowName is the window executable's file name.
func windowName() string {
	if runtime.GOOS == "windows" {
		return "portolan-window.exe"
	}
	return "portolan-window"
}

// findWindow finds the window executable: $PORTOLAN_WINDOW, else beside
// this executable (its symlinks resolved), else on the PATH.
func findWindow(getenv func(string) string, executable func() (string, error), lookPath func(string) (string, error)) (string, error) {
	if p := getenv(WindowEnv); p != "" {
		return p, nil
	}
	where := "beside this program"
	if self, err := executable(); err == nil {
		if real, err := filepath.EvalSymlinks(self); err == nil {
			self = real
		}
		p := filepath.Join(filepath.Dir(self), windowName())
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
			return p, nil
		}
		where = "at " + p
	}
	if p, err := lookPath(windowName()); err == nil {
		return p, nil
	}
	return "", fmt.Errorf("the window is a separate program, %s, and it is neither %s nor on the PATH "+
		"(build it into the same folder with `go build ./cmd/portolan-window`, or set %s); "+
		"the subcommands work without it: portolan help", windowName(), where, WindowEnv)
}

// windowEnv is the window's environment: this one, with LANGUAGE=en added
// when fynelocale.NeedsEnglish says so (a C.UTF-8 locale, Debian's default
// in containers and WSL), so that Fyne falls back to English quietly.
func windowEnv(env []string) []string {
	get := func(name string) string {
		for i := len(env) - 1; i >= 0; i-- {
			if k, v, ok := strings.Cut(env[i], "="); ok && k == name {
				return v
			}
		}
		return ""
	}
	if !fynelocale.NeedsEnglish(get) {
		return env
	}
	return append(env[:len(env):len(env)], "LANGUAGE=en")
}

// errNoExec: this system cannot replace a process (Windows); run a child.
var errNoExec = errors.New("exec is not available")

// openWindow runs the window executable with args: on Unix it replaces
// this process (same PID, signals and exit status go straight to the
// window); elsewhere it runs it as a child and returns its exit code.
func openWindow(path string, args, env []string) (int, error) {
	if err := execProcess(path, append([]string{path}, args...), env); err != errNoExec {
		return 1, err // execProcess returns only on failure
	}
	cmd := exec.Command(path, args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr, cmd.Env = os.Stdin, os.Stdout, os.Stderr, env
	err := cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return exit.ExitCode(), nil
	}
	if err != nil {
		return 1, err
	}
	return 0, nil
}
