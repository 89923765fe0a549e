package identity

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
)

// rawProcess is one process as the OS shows it, before interpretation.
type rawProcess struct {
	exeLink string      // "/usr/sbin/sshd", "/tmp/x (deleted)"; "" when unknown
	exeStat fs.FileInfo // the running executable's file (even deleted); nil when unknown
	comm    string
	argv    []string
	cwd     string
	startMs int64 // Unix milliseconds, 0 when unknown
	kthread bool
	cgroup  []byte
	netns   string
	// mntns is the mount namespace; fsRoot is where its files are seen
	// from here (/proc/PID/root).
	mntns, fsRoot string
	// problems says what could not be read.
	problems []string
}

// source reads processes from the OS. start returns a process's start
// time (Unix ms) cheaply; read returns everything. Both return
// errProcessGone for a process that no longer exists.
type source interface {
	start(pid int32) (int64, error)
	read(pid int32) (rawProcess, error)
	// exeLink is the executable as the kernel names it now (with
	// " (deleted)"), for checking cached facts.
	exeLink(pid int32) (string, error)
	ownNetNS() string
	ownMntNS() string
}

var errProcessGone = errors.New("the process is gone")

// procSource reads a Linux /proc (the real one, or a fixture folder laid
// out the same way).
type procSource struct {
	root string

	bootOnce sync.Once
	bootMs   int64
}

// clockTicks is USER_HZ, the unit of /proc/PID/stat times: 100 on every
// Linux architecture Go supports.
const clockTicks = 100

// pfKthread is the kernel's PF_KTHREAD flag in /proc/PID/stat.
const pfKthread = 0x00200000

func (s *procSource) path(pid int32, name string) string {
	return filepath.Join(s.root, strconv.Itoa(int(pid)), name)
}

func (s *procSource) boot() int64 {
	s.bootOnce.Do(func() {
		data, err := readFile(filepath.Join(s.root, "stat"))
		if err != nil {
			return
		}
		for _, line := range strings.Split(string(data), "\n") {
			if v, ok := strings.CutPrefix(line, "btime "); ok {
				if n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64); err == nil {
					s.bootMs = n * 1000
				}
			}
		}
	})
	return s.bootMs
}

// stat reads the start time and the flags of /proc/PID/stat.
func (s *procSource) stat(pid int32) (startMs int64, flags uint64, err error) {
	data, err := readFile(s.path(pid, "stat"))
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return 0, 0, errProcessGone
		}
		return 0, 0, err
	}
	// The name (field 2) may hold spaces and parentheses: fields start
	// after the last ')'.
	i := bytes.LastIndexByte(data, ')')
	if i < 0 {
		return 0, 0, fmt.Errorf("process %d: stat has no name", pid)
	}
	f := strings.Fields(string(data[i+1:]))
	if len(f) < 20 {
		return 0, 0, fmt.Errorf("process %d: stat has %d fields", pid, len(f)+2)
	}
	flags, err1 := strconv.ParseUint(f[6], 10, 64)
	ticks, err2 := strconv.ParseUint(f[19], 10, 64)
	if err := errors.Join(err1, err2); err != nil {
		return 0, 0, fmt.Errorf("process %d: stat: %w", pid, err)
	}
	// The same arithmetic as gopsutil's CreateTime, so the poller's start
	// times and these name the same process.
	return int64(ticks*1000/clockTicks) + s.boot(), flags, nil
}

func (s *procSource) start(pid int32) (int64, error) {
	ms, _, err := s.stat(pid)
	return ms, err
}

func (s *procSource) exeLink(pid int32) (string, error) {
	return os.Readlink(s.path(pid, "exe"))
}

func (s *procSource) ownNetNS() string {
	ns, _ := os.Readlink(filepath.Join(s.root, "self", "ns", "net"))
	return ns
}

func (s *procSource) ownMntNS() string {
	ns, _ := os.Readlink(filepath.Join(s.root, "self", "ns", "mnt"))
	return ns
}

func (s *procSource) read(pid int32) (rawProcess, error) {
	var p rawProcess
	ms, flags, err := s.stat(pid)
	if err != nil {
		return p, err
	}
	p.startMs, p.kthread = ms, flags&pfKthread != 0
	problem := func(what string, err error) {
		switch {
		case errors.Is(err, fs.ErrPermission):
			p.problems = append(p.problems, what+": permission denied (run elevated to see it)")
		default:
			p.problems = append(p.problems, what+": "+err.Error())
		}
	}
	if comm, err := readFile(s.path(pid, "comm")); err == nil {
		p.comm = strings.TrimSuffix(string(comm), "\n")
	} else {
		problem("name", err)
	}
	if ns, err := os.Readlink(filepath.Join(s.root, strconv.Itoa(int(pid)), "ns", "mnt")); err == nil {
		p.mntns = ns
		p.fsRoot = s.path(pid, "root")
	}
	exe := s.path(pid, "exe")
	if link, err := os.Readlink(exe); err == nil {
		p.exeLink = link
		fi, err := os.Stat(exe)
		if err != nil && p.fsRoot != "" && !strings.HasSuffix(link, " (deleted)") {
			fi, err = os.Stat(filepath.Join(p.fsRoot, link))
		}
		if err == nil {
			p.exeStat = fi
		} else {
			problem("executable file", err)
		}
	} else if !(p.kthread && errors.Is(err, fs.ErrNotExist)) {
		// Kernel threads have no executable; for others it is a fact
		// worth saying that it could not be read.
		problem("executable", err)
	}
	if cmd, err := readFile(s.path(pid, "cmdline")); err == nil {
		cmd = bytes.TrimRight(cmd, "\x00")
		if len(cmd) > 0 {
			p.argv = strings.Split(string(cmd), "\x00")
		}
	}
	p.cwd, _ = os.Readlink(s.path(pid, "cwd"))
	if cg, err := readFile(s.path(pid, "cgroup")); err == nil {
		p.cgroup = cg
	}
	if ns, err := os.Readlink(filepath.Join(s.root, strconv.Itoa(int(pid)), "ns", "net")); err == nil {
		p.netns = ns
	}
	// A process that ended while being read: say so rather than half.
	if _, err := os.Stat(s.path(pid, "stat")); errors.Is(err, fs.ErrNotExist) {
		return rawProcess{}, errProcessGone
	}
	return p, nil
}
