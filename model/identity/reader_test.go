package identity

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestFactsFromFixture(t *testing.T) {
	t.Parallel()
	fs := newFakeSystem(t)
	sshd := fs.file("/usr/sbin/sshd", "ELF")
	fs.dpkg("openssh-server", "/usr/sbin/sshd")
	python := fs.file("/usr/bin/python3.12", "ELF")
	fs.link("python3.12", filepath.Join(fs.root, "usr/bin/python3"))
	fs.dpkg("python3.12-minimal:amd64", "/usr/bin/python3.12")
	script := fs.file("/usr/bin/networkd-dispatcher", "#!/usr/bin/python3\n")
	fs.dpkg("networkd-dispatcher", "/usr/bin/networkd-dispatcher")
	bash := fs.file("/usr/bin/bash", "ELF")
	fs.dpkg("bash", "/bin/bash") // listed under the old name: merged /usr
	hidden := fs.file("/home/ann/.x/nginx", "ELF")
	tmpDir := t.TempDir() // outside Root: a real temporary folder
	nc := filepath.Join(tmpDir, "nc")
	fs.write(nc, "ELF")

	fs.add(100, fakeProcess{comm: "sshd", exe: sshd, argv: []string{"sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups"},
		cgroup: "0::/system.slice/ssh.service", startTicks: 500})
	fs.add(101, fakeProcess{comm: "sshd", exe: "/dev/shm/sshd", argv: []string{"/dev/shm/sshd"}, startTicks: 600})
	fs.add(102, fakeProcess{comm: "kworker/0:1", exe: nc, argv: []string{"[kworker/0:1]"}, startTicks: 700})
	fs.add(103, fakeProcess{comm: "networkd-dispat", exe: python,
		argv: []string{"/usr/bin/python3", "/usr/bin/networkd-dispatcher", "--run-startup-triggers"}, startTicks: 800})
	fs.add(104, fakeProcess{comm: "python3", exe: python, argv: []string{"python3", "-m", "http.server"}, startTicks: 900})
	fs.add(105, fakeProcess{comm: "sshd", exe: hidden, argv: []string{"sshd"}, cwd: filepath.Join(fs.root, "home/ann"), startTicks: 1000,
		cgroup: "0::/user.slice/user-1000.slice/user@1000.service/app.slice/app-org.gnome.Terminal.slice/vte-spawn-1.scope"})
	fs.add(106, fakeProcess{comm: "bash", exe: bash, argv: []string{"bash"}, startTicks: 1100,
		cgroup: "0::/system.slice/docker-" + strings.Repeat("ab", 32) + ".scope", netns: "net:[4026532999]"})
	fs.add(107, fakeProcess{comm: "kthreadd", kthread: true, startTicks: 1})
	fs.add(108, fakeProcess{comm: "nc", exe: filepath.Join(tmpDir, "gone") + " (deleted)", argv: []string{"nc", "-l", "4444"}, startTicks: 1200})
	fs.add(109, fakeProcess{comm: "sshd", exe: sshd + " (deleted)", argv: []string{"sshd"}, startTicks: 1300})
	container := t.TempDir()
	fs.write(filepath.Join(container, "usr/sbin/nginx"), "ELF")
	fs.add(110, fakeProcess{comm: "nginx", exe: "/usr/sbin/nginx", argv: []string{"nginx: master process"}, startTicks: 1400,
		fsRoot: container, cgroup: "0::/system.slice/docker-" + strings.Repeat("cd", 32) + ".scope"})

	r := fs.reader()
	get := func(pid int32) *Facts { return r.Facts(pid, time.Time{}) }

	f := get(100)
	if f.Exe != "/usr/sbin/sshd" || f.Package != "openssh-server" || f.PackageDB != "dpkg" || f.Unit != "ssh.service" ||
		f.UnitManager != "system" || f.NameDiffers || f.Deleted || f.Place != 0 || !f.File || f.Mode.Perm() != 0o755 ||
		f.KernelThreadName || f.OtherNetNS || len(f.Problems) > 0 {
		t.Errorf("sshd: %+v", *f)
	}
	if !f.Started.Equal(startOf(500)) {
		t.Errorf("sshd started %v, want %v", f.Started, startOf(500))
	}

	f = get(101)
	if !f.Place.Has(PlaceTemp|PlaceDevice) || f.PlaceDir != "/dev/shm" || f.FromNoPackage() != true {
		t.Errorf("sshd in /dev/shm: place %v in %q, no package %v", f.Place, f.PlaceDir, f.FromNoPackage())
	}

	f = get(102)
	if !f.KernelThreadName || f.KernelThread || !f.NameDiffers || !f.Place.Has(PlaceTemp) {
		t.Errorf("kworker from a user program: %+v", *f)
	}

	f = get(103)
	if f.Script != "/usr/bin/networkd-dispatcher" || f.NameDiffers || f.Package != "networkd-dispatcher" || f.ProgramName() != "networkd-dispatcher" {
		t.Errorf("python script: %+v", *f)
	}
	_ = script

	f = get(104)
	if f.NameDiffers || f.Script != "" || f.Package != "python3.12-minimal" {
		t.Errorf("python3 -m http.server (python3 is a link to python3.12): %+v", *f)
	}

	f = get(105)
	if !f.NameDiffers || !f.Place.Has(PlaceHidden) || f.PlaceDir != "/home/ann/.x" || f.Unit != "vte-spawn-1.scope" || f.UnitManager != "user" {
		t.Errorf("nginx renamed sshd in a hidden folder: %+v", *f)
	}

	f = get(106)
	if f.Container != "abababababab" || f.Runtime != "docker" || f.Unit != "" || !f.OtherNetNS || f.Package != "bash" {
		t.Errorf("bash in a container: %+v", *f)
	}

	f = get(107)
	if !f.KernelThread || f.Exe != "" || len(f.Problems) > 0 {
		t.Errorf("a kernel thread has no executable and that is no problem: %+v", *f)
	}

	f = get(108)
	if !f.Deleted || f.Replaced || f.Exe != filepath.Join(tmpDir, "gone") || f.File || !f.Place.Has(PlaceTemp) {
		t.Errorf("deleted nc: %+v", *f)
	}

	f = get(109)
	if !f.Deleted || !f.Replaced || f.Exe != "/usr/sbin/sshd" {
		t.Errorf("sshd upgraded while running: %+v", *f)
	}

	f = get(110)
	if f.Exe != "/usr/sbin/nginx" || !f.OtherMountNS || !f.File || f.PackageDB != "" || f.FromNoPackage() ||
		f.Container != "cdcdcdcdcdcd" || f.Place != 0 {
		t.Errorf("nginx in a container: %+v", *f)
	}

	f = get(999)
	if len(f.Problems) != 1 || !strings.Contains(f.Problems[0], "exited") {
		t.Errorf("a missing process: %+v", *f)
	}
}

// countingSource counts the reads that reach the OS.
type countingSource struct {
	source
	reads int
}

func (c *countingSource) read(pid int32) (rawProcess, error) {
	c.reads++
	return c.source.read(pid)
}

func TestFactsCache(t *testing.T) {
	t.Parallel()
	fs := newFakeSystem(t)
	exe := fs.file("/usr/bin/syncthing", "ELF")
	fs.dpkg("syncthing", "/usr/bin/syncthing")
	fs.add(200, fakeProcess{comm: "syncthing", exe: exe, argv: []string{"syncthing"}, startTicks: 10})
	fs.add(201, fakeProcess{comm: "syncthing", exe: exe, argv: []string{"syncthing"}, startTicks: 20})
	r := fs.reader()
	cs := &countingSource{source: r.src}
	r.src = cs

	a := r.Facts(200, time.Time{})
	b := r.Facts(200, startOf(10))
	if a != b || cs.reads != 1 {
		t.Fatalf("the second question about one process read it again (%d reads)", cs.reads)
	}
	r.Facts(201, time.Time{})
	if p, files := r.Cached(); p != 2 || files != 1 || cs.reads != 2 {
		t.Fatalf("two processes of one file: cached %d processes, %d files, %d reads", p, files, cs.reads)
	}
	// A PID now naming another process (new start time) is read again.
	if f := r.Facts(200, startOf(500)); !strings.Contains(strings.Join(f.Problems, ""), "exited") {
		t.Fatalf("a stale start time gave the new process's facts: %+v", *f)
	}

	r.Sweep() // everything was used in this round
	r.Facts(200, time.Time{})
	r.Sweep() // 201 was not asked about since
	if p, _ := r.Cached(); p != 1 {
		t.Fatalf("after two sweeps %d processes cached, want 1", p)
	}
	r.Sweep()
	if p, files := r.Cached(); p != 0 || files != 0 {
		t.Fatalf("after an idle sweep %d processes, %d files cached", p, files)
	}
}

func TestFactsOfThisProcess(t *testing.T) {
	t.Parallel()
	r := NewReader(Options{Packages: []PackageDB{}})
	f := r.Facts(int32(os.Getpid()), time.Time{})
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	if f.Exe != exe || f.Deleted || f.NameDiffers || !f.File || f.OtherNetNS || f.PackageDB != "" {
		t.Fatalf("this test binary: %+v, want exe %s", *f, exe)
	}
	if time.Since(f.Started) > time.Hour || time.Since(f.Started) < 0 {
		t.Fatalf("started %v", f.Started)
	}
	// go test runs its binaries from a temporary folder.
	if tmp := os.TempDir(); strings.HasPrefix(exe, "/tmp/") && !f.Place.Has(PlaceTemp) {
		t.Fatalf("%s is in %s but place is %q", exe, tmp, f.Place)
	}
	if !slices.Contains([]string{"", "system", "user"}, f.UnitManager) {
		t.Fatalf("unit manager %q", f.UnitManager)
	}
}

// TestFactsConcurrently asks for the same processes from several
// goroutines while the cache is swept (run with -race).
func TestFactsConcurrently(t *testing.T) {
	t.Parallel()
	fs := newFakeSystem(t)
	exe := fs.file("/usr/sbin/nginx", "ELF")
	fs.dpkg("nginx-core", "/usr/sbin/nginx")
	for pid := 300; pid < 310; pid++ {
		fs.add(pid, fakeProcess{comm: "nginx", exe: exe, argv: []string{"nginx"}, startTicks: uint64(pid)})
	}
	r := fs.reader()
	done := make(chan string)
	for g := range 4 {
		go func() {
			for i := range 200 {
				if g == 0 && i%50 == 0 {
					r.Sweep()
				}
				f := r.Facts(int32(300+i%10), time.Time{})
				if f.Package != "nginx-core" || f.Exe != "/usr/sbin/nginx" {
					done <- fmt.Sprintf("%+v", *f)
					return
				}
			}
			done <- ""
		}()
	}
	for range 4 {
		if msg := <-done; msg != "" {
			t.Fatal(msg)
		}
	}
}
