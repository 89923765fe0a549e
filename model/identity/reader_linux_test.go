package identity

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// copyProgram copies an executable found in PATH to dst.
func copyProgram(t testing.TB, name, dst string) {
	t.Helper()
	src, err := exec.LookPath(name)
	if err != nil {
		t.Skipf("no %s on this system: %v", name, err)
	}
	in, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		t.Fatal(err)
	}
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o755)
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

// startProgram starts path with args and stops it when the test ends.
func startProgram(t testing.TB, path string, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(path, args...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	return cmd
}

// waitExec waits until the child runs path (after fork, before exec, it is
// still the test binary).
func waitExec(t testing.TB, pid int, path string) {
	t.Helper()
	link := filepath.Join("/proc", itoa(pid), "exe")
	for i := 0; i < 500; i++ {
		if got, _ := os.Readlink(link); got == path {
			return
		}
		time.Sleep(2 * time.Millisecond)
	}
	t.Fatalf("process %d never ran %s", pid, path)
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}

// TestDeletedAndReplacedExecutable runs a real program, then deletes its
// file and puts another at the same path, as an upgrade does.
func TestDeletedAndReplacedExecutable(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "bin")
	exe := filepath.Join(dir, "portolan-sleeper")
	copyProgram(t, "sleep", exe)
	cmd := startProgram(t, exe, "60")
	pid := int32(cmd.Process.Pid)
	waitExec(t, cmd.Process.Pid, exe)

	r := NewReader(Options{Packages: []PackageDB{}})
	f := r.Facts(pid, time.Time{})
	if f.Exe != exe || f.Deleted || !f.File || f.Mode.Perm() != 0o755 || f.Comm != "portolan-sleepe" || f.NameDiffers ||
		!f.Place.Has(PlaceTemp) {
		t.Fatalf("running copy: %+v", *f)
	}
	if r.Recheck() {
		t.Fatal("Recheck saw a change where there was none")
	}

	if err := os.Remove(exe); err != nil {
		t.Fatal(err)
	}
	if !r.Recheck() {
		t.Fatal("Recheck missed the deletion")
	}
	f = r.Facts(pid, time.Time{})
	if !f.Deleted || f.Replaced || f.Exe != exe || !f.File {
		t.Fatalf("deleted: %+v (the kernel still lets us stat the running file)", *f)
	}

	copyProgram(t, "sleep", exe)
	f = NewReader(Options{Packages: []PackageDB{}}).Facts(pid, time.Time{})
	if !f.Deleted || !f.Replaced {
		t.Fatalf("replaced: %+v", *f)
	}
}

// TestRenamedByLink: a program started through a link in its own folder is
// named after the link, which is no masquerade; a program named after
// nothing on disk is.
func TestRenamedByLink(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	exe := filepath.Join(dir, "sleep-real")
	copyProgram(t, "sleep", exe)
	alias := filepath.Join(dir, "snooze")
	if err := os.Symlink("sleep-real", alias); err != nil {
		t.Fatal(err)
	}
	cmd := startProgram(t, alias, "60")
	waitExec(t, cmd.Process.Pid, exe)
	r := NewReader(Options{Packages: []PackageDB{}})
	f := r.Facts(int32(cmd.Process.Pid), time.Time{})
	if f.Comm != "snooze" || f.Exe != exe || f.NameDiffers {
		t.Fatalf("started through a link: %+v", *f)
	}
	if err := os.Remove(alias); err != nil {
		t.Fatal(err)
	}
	f = NewReader(Options{Packages: []PackageDB{}}).Facts(int32(cmd.Process.Pid), time.Time{})
	if !f.NameDiffers {
		t.Fatalf("named after a link that is gone: %+v", *f)
	}
}

// TestPackageOfARealProgram asks this machine's dpkg which package owns
// sleep.
func TestPackageOfARealProgram(t *testing.T) {
	t.Parallel()
	if !NewDpkg("/var/lib/dpkg").Available() {
		t.Skip("no dpkg database on this machine")
	}
	sleep, err := exec.LookPath("sleep")
	if err != nil {
		t.Skip("no sleep")
	}
	real, err := filepath.EvalSymlinks(sleep)
	if err != nil {
		t.Fatal(err)
	}
	cmd := startProgram(t, sleep, "60")
	waitExec(t, cmd.Process.Pid, real)
	f := NewReader(Options{}).Facts(int32(cmd.Process.Pid), time.Time{})
	if f.PackageDB != "dpkg" || f.Package != "coreutils" || f.FromNoPackage() || f.Place != 0 || f.Owner != 0 {
		t.Fatalf("%s: %+v", real, *f)
	}
}
