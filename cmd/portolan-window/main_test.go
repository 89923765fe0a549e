package main

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Started directly (not through portolan, which sets LANGUAGE) under
// Debian's container default LANG=C.UTF-8, the window's program writes
// nothing to stderr before it does anything: Fyne's lang package reads the
// locale in its init, and the package english must run first. The test
// runs this test binary again, which links the same packages in the same
// order, with a quick test of its own to run after the inits.
func TestStartsQuietUnderCLocale(t *testing.T) {
	for _, env := range [][]string{
		{"LANG=C.UTF-8", "LC_ALL=", "LC_MESSAGES=", "LANGUAGE="},
		{"LANG=en_US.UTF-8", "LC_ALL=POSIX.UTF-8", "LANGUAGE="},
	} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestStopOnSignal$")
		cmd.Env = append(os.Environ(), env...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("%v: %v\n%s", env, err, stderr.String())
		}
		if stderr.Len() > 0 {
			t.Errorf("%v: stderr holds\n%s", env, stderr.String())
		}
	}
}

func TestStopOnSignal(t *testing.T) {
	t.Parallel()
	for _, second := range []bool{false, true} {
		signals := make(chan os.Signal, 2)
		var order []string
		exited := make(chan int, 1)
		grace := time.Duration(0)
		if second {
			grace = time.Hour // only the second signal ends it
			signals <- syscall.SIGTERM
		}
		signals <- syscall.SIGTERM
		stopOnSignal(signals, func() { order = append(order, "stop") }, func() { order = append(order, "quit") },
			func(code int) { order = append(order, "exit"); exited <- code }, grace)
		if strings.Join(order, " ") != "stop quit exit" || <-exited != 0 {
			t.Errorf("second signal %v: %v, want the background stopped, the window asked to quit, then exit(0)", second, order)
		}
	}
}
