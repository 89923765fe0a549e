package identity

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// fakeSystem is a /proc and a file-system root laid out in temporary
// folders, the way Linux shows them.
type fakeSystem struct {
	t          *testing.T
	proc, root string
}

const fakeBootSec = 1_700_000_000

func newFakeSystem(t *testing.T) *fakeSystem {
	t.Helper()
	fs := &fakeSystem{t: t, proc: t.TempDir(), root: t.TempDir()}
	fs.write(filepath.Join(fs.proc, "stat"), fmt.Sprintf("cpu  1 2 3\nbtime %d\n", fakeBootSec))
	fs.link("net:[4026531840]", filepath.Join(fs.proc, "self", "ns", "net"))
	fs.link("mnt:[4026531841]", filepath.Join(fs.proc, "self", "ns", "mnt"))
	return fs
}

func (fs *fakeSystem) write(p, data string) {
	fs.t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		fs.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o755); err != nil {
		fs.t.Fatal(err)
	}
}

func (fs *fakeSystem) link(target, p string) {
	fs.t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		fs.t.Fatal(err)
	}
	if err := os.Symlink(target, p); err != nil {
		fs.t.Fatal(err)
	}
}

// file creates a file at a path the system sees ("/usr/sbin/sshd") and
// returns its real path.
func (fs *fakeSystem) file(p, data string) string {
	real := filepath.Join(fs.root, p)
	fs.write(real, data)
	return real
}

// dpkg writes a package's file list.
func (fs *fakeSystem) dpkg(pkg string, paths ...string) {
	fs.write(filepath.Join(fs.root, "var/lib/dpkg/info", pkg+".list"), "/.\n/usr\n"+strings.Join(paths, "\n")+"\n")
	fs.write(filepath.Join(fs.root, "var/lib/dpkg/status"), "Package: "+pkg+"\n")
}

type fakeProcess struct {
	comm       string
	exe        string // the link's target: a real path, maybe with " (deleted)"
	argv       []string
	cwd        string
	cgroup     string
	netns      string
	kthread    bool
	startTicks uint64
	// fsRoot, when set, is the real folder of a file system of its own
	// (another mount namespace).
	fsRoot string
}

func (fs *fakeSystem) add(pid int, p fakeProcess) {
	dir := filepath.Join(fs.proc, fmt.Sprint(pid))
	flags := 4194304
	if p.kthread {
		flags |= pfKthread
	}
	fs.write(filepath.Join(dir, "stat"), fmt.Sprintf("%d (%s) S 1 %d %d 0 -1 %d 0 0 0 0 0 0 0 0 20 0 1 0 %d 1000 10\n",
		pid, p.comm, pid, pid, flags, p.startTicks))
	fs.write(filepath.Join(dir, "comm"), p.comm+"\n")
	fs.write(filepath.Join(dir, "cmdline"), strings.Join(p.argv, "\x00")+"\x00")
	if p.cgroup == "" {
		p.cgroup = "0::/"
	}
	fs.write(filepath.Join(dir, "cgroup"), p.cgroup+"\n")
	if p.exe != "" {
		fs.link(p.exe, filepath.Join(dir, "exe"))
	}
	if p.cwd != "" {
		fs.link(p.cwd, filepath.Join(dir, "cwd"))
	}
	if p.netns == "" {
		p.netns = "net:[4026531840]"
	}
	fs.link(p.netns, filepath.Join(dir, "ns", "net"))
	mnt := "mnt:[4026531841]"
	if p.fsRoot != "" {
		mnt = "mnt:[4026532001]"
		fs.link(p.fsRoot, filepath.Join(dir, "root"))
	}
	fs.link(mnt, filepath.Join(dir, "ns", "mnt"))
}

func (fs *fakeSystem) reader() *Reader {
	return NewReader(Options{Proc: fs.proc, Root: fs.root})
}

func startOf(ticks uint64) time.Time {
	return time.UnixMilli(fakeBootSec*1000 + int64(ticks*1000/clockTicks))
}
