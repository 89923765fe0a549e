//go:build !linux

package identity

import (
	"context"
	"errors"
	"os"
	"runtime"
	"strings"

	"github.com/shirou/gopsutil/v4/process"
)

// defaultSource is gopsutil, or a /proc-like folder when one is given
// (tests).
func defaultSource(proc string) source {
	if proc != "" {
		return &procSource{root: proc}
	}
	return gopsutilSource{}
}

// gopsutilSource knows a process's executable, name, command line and
// start time; units, containers and namespaces are Linux's.
type gopsutilSource struct{}

func (gopsutilSource) ownNetNS() string { return "" }

func (gopsutilSource) ownMntNS() string { return "" }

func (gopsutilSource) exeLink(pid int32) (string, error) {
	p, err := process.NewProcessWithContext(context.Background(), pid)
	if err != nil {
		return "", errProcessGone
	}
	return p.Exe()
}

func (gopsutilSource) start(pid int32) (int64, error) {
	p, err := process.NewProcessWithContext(context.Background(), pid)
	if err != nil {
		return 0, errProcessGone
	}
	return p.CreateTime()
}

func (gopsutilSource) read(pid int32) (rawProcess, error) {
	var raw rawProcess
	p, err := process.NewProcessWithContext(context.Background(), pid)
	if err != nil {
		if errors.Is(err, process.ErrorProcessNotRunning) {
			return raw, errProcessGone
		}
		return raw, err
	}
	raw.startMs, _ = p.CreateTime()
	// Windows's "System" (4) and idle (0) processes are the kernel's.
	raw.kthread = runtime.GOOS == "windows" && (pid == 4 || pid == 0)
	if exe, err := p.Exe(); err == nil {
		raw.exeLink = exe
		raw.exeStat, _ = os.Stat(exe)
	} else if !raw.kthread {
		raw.problems = append(raw.problems, "executable: "+err.Error())
	}
	if name, err := p.Name(); err == nil {
		raw.comm = strings.TrimSuffix(strings.TrimSuffix(name, ".exe"), ".EXE")
	}
	raw.argv, _ = p.CmdlineSlice()
	raw.cwd, _ = p.Cwd()
	return raw, nil
}
