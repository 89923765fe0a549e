package listen

import (
	"context"
	"errors"
	"io/fs"
	"os/user"
	"strconv"
	"syscall"
	"time"

	"github.com/shirou/gopsutil/v4/process"
)

// procInfo is what a listener shows of its process. It is read once per
// process (PID and start time) and cached.
type procInfo struct {
	name, exe, cmdline, user string
	started                  time.Time
	// note is NoteExited when the process ended while being read, or
	// NoteUnreadable when some details were refused.
	note string
}

// readProcInfo reads a process's details through gopsutil. A process that
// is gone is no error: its note says so.
func readProcInfo(ctx context.Context, pid int32) procInfo {
	p, err := process.NewProcessWithContext(ctx, pid)
	if err != nil {
		if processGone(err) {
			return procInfo{note: NoteExited}
		}
		return procInfo{note: NoteUnreadable}
	}
	var info procInfo
	var failed, gone bool
	check := func(err error) {
		if err != nil {
			failed = true
			gone = gone || processGone(err)
		}
	}
	var e error
	info.name, e = p.NameWithContext(ctx)
	check(e)
	info.exe, e = p.ExeWithContext(ctx)
	check(e)
	info.cmdline, e = p.CmdlineWithContext(ctx)
	check(e)
	info.user, e = p.UsernameWithContext(ctx)
	if e != nil {
		// A uid without a name (containers) is still worth showing.
		if uids, err := p.UidsWithContext(ctx); err == nil && len(uids) > 0 {
			info.user, e = strconv.FormatUint(uint64(uids[0]), 10), nil
		}
	}
	check(e)
	ms, e := p.CreateTimeWithContext(ctx)
	check(e)
	if e == nil && ms > 0 {
		info.started = time.UnixMilli(ms)
	}
	switch {
	case gone:
		info.note = NoteExited
	case failed:
		info.note = NoteUnreadable
	}
	return info
}

// errProcGone means the process exited (or its fd table went away).
var errProcGone = errors.New("process gone")

// processGone tells whether err means the process no longer exists.
func processGone(err error) bool {
	return errors.Is(err, process.ErrorProcessNotRunning) || errors.Is(err, fs.ErrNotExist) ||
		errors.Is(err, syscall.ESRCH) || errors.Is(err, errProcGone)
}

// userNames caches uid -> user name lookups.
type userNames map[uint32]string

func (u userNames) name(uid uint32) string {
	if n, ok := u[uid]; ok {
		return n
	}
	n := strconv.FormatUint(uint64(uid), 10)
	if usr, err := user.LookupId(n); err == nil {
		n = usr.Username
	}
	u[uid] = n
	return n
}

// serviceManagers hold sockets for the services they start (systemd socket
// activation, inetd): when they share a socket with the service, the
// service is the one shown.
var serviceManagers = map[string]bool{"systemd": true, "init": true, "launchd": true, "inetd": true, "xinetd": true}
