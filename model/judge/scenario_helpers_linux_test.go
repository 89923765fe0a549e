package judge

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// buildFakeDaemon builds the helper program once per test binary run.
func buildFakeDaemon(t *testing.T) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "fakedaemon")
	cmd := exec.Command("go", "build", "-o", out, "./internal/fakedaemon")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building the helper: %v\n%s", err, b)
	}
	return out
}

// place puts the helper at path: a hard link when it can (the cases share
// one file, saving disk), a copy when distinct is set or linking fails.
// A process renamed after another program needs a copy: were its file the
// other program's, the name would be no lie.
func place(t *testing.T, helper, path string, distinct bool) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if !distinct && os.Link(helper, path) == nil {
		return
	}
	in, err := os.Open(helper)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o755)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}

// daemon is one started helper.
type daemon struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
}

// errCannotListen: a port is taken or needs rights the test lacks.
var errCannotListen = errors.New("cannot listen")

// start runs path with args (argv0 replaces the first argument when set)
// and waits for "ready".
func start(t *testing.T, path, argv0 string, args ...string) (*daemon, error) {
	t.Helper()
	cmd := exec.Command(path, args...)
	if argv0 != "" {
		cmd.Args[0] = argv0
	}
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	d := &daemon{cmd: cmd, stdin: stdin}
	ready := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if sc.Text() == "ready" {
				ready <- nil
				io.Copy(io.Discard, stdout)
				return
			}
		}
		ready <- errors.New("no ready line")
	}()
	select {
	case err = <-ready:
	case <-time.After(20 * time.Second):
		err = errors.New("not ready after 20 s")
	}
	if err != nil {
		d.stop()
		msg := stderr.String()
		if strings.Contains(msg, "address already in use") || strings.Contains(msg, "permission denied") {
			return nil, fmt.Errorf("%w: %s", errCannotListen, strings.TrimSpace(msg))
		}
		return nil, fmt.Errorf("%s: %v: %s", path, err, msg)
	}
	return d, nil
}

func (d *daemon) stop() {
	d.stdin.Close()
	done := make(chan struct{})
	go func() { d.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		d.cmd.Process.Kill()
		<-done
	}
}

// canExec tells whether programs may run from dir (not mounted noexec).
func canExec(dir string) bool {
	var st syscall.Statfs_t
	return syscall.Statfs(dir, &st) == nil && st.Flags&0x8 == 0 // ST_NOEXEC
}
