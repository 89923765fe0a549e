package identity

import (
	"strings"
	"time"
)

// Reported is what another machine said about a process, as osquery's
// processes table gives it: text only. Nothing of it can be examined from
// here (no file to stat, no package database to ask), so facts made from
// it know less than a Reader's.
type Reported struct {
	PID     int32
	Started time.Time
	// Comm is the process's name (processes.name); Cmdline its command
	// line; Exe its executable as the kernel named it (processes.path,
	// which may end in " (deleted)").
	Comm, Cmdline, Exe string
	// OnDisk is processes.on_disk: 1 the executable is there, 0 it is not
	// (deleted), -1 unknown.
	OnDisk int8
	// Cgroup is processes.cgroup_path: one cgroup path ("/system.slice/
	// ssh.service"), the unified hierarchy's where there is one.
	Cgroup string
	// NetNS is the network namespace's inode (listening_ports.net_namespace).
	NetNS string
}

// FromReport makes the facts a report tells: the executable and whether it
// was deleted, the script an interpreter runs (by the kernel's naming, the
// file itself cannot be checked), the kind of folder (from the path alone),
// the systemd unit or container, a kernel-thread name, and a name that
// differs from the executable's. File, Package and the namespaces compared
// with the reader's own stay unknown.
func FromReport(r Reported) *Facts {
	f := &Facts{PID: r.PID, Started: r.Started, Comm: r.Comm, Cmdline: r.Cmdline}
	exe, deleted := strings.CutSuffix(r.Exe, deletedSuffix)
	f.Exe = exe
	// on_disk 0: no file at the path, so deleted and not replaced. A
	// " (deleted)" path with on_disk 1 is an upgrade: a new file is there.
	f.Deleted = exe != "" && (r.OnDisk == 0 || deleted)
	f.Replaced = f.Deleted && deleted && r.OnDisk == 1
	if r.NetNS != "" {
		f.NetNS = "net:[" + r.NetNS + "]"
	}
	if r.Cgroup != "" {
		cg := parseCgroup([]byte("0::" + r.Cgroup))
		f.Unit, f.UnitManager, f.Container, f.Runtime = cg.unit, cg.manager, cg.container, cg.runtime
	}
	argv := strings.Fields(r.Cmdline)
	argv0 := ""
	if len(argv) > 0 {
		argv0 = argv[0]
	}
	comm := commName(r.Comm)
	f.KernelThreadName = LooksLikeKernelThread(r.Comm) || LooksLikeKernelThread(argv0)
	if exe == "" {
		return f
	}
	named := sameName(comm, BaseName(exe))
	if !named && isInterpreter(BaseName(exe)) {
		f.Script = reportedScript(comm, argv)
	}
	if !named && f.Script == "" && comm != "" {
		f.NameDiffers = !versionedName(comm, BaseName(exe))
	}
	f.Place, f.PlaceDir = placeOf(exe)
	if f.Script != "" {
		// The script's folder and the interpreter's both say where the
		// program comes from.
		place, dir := placeOf(f.Script)
		if place != 0 {
			f.PlaceDir = dir
		}
		f.Place |= place
	}
	return f
}

// commName is a process name without Windows' ".exe" (osquery gives
// "sshd.exe" there), kept whole otherwise: kernel thread names hold
// slashes.
func commName(c string) string {
	if len(c) > 4 && strings.EqualFold(c[len(c)-4:], ".exe") {
		return c[:len(c)-4]
	}
	return c
}

// reportedScript is the script of a "#!" program as the kernel starts it,
// "interpreter [option] /path/to/script args", named after the script. Only
// an absolute path is taken: the working folder is not reported.
func reportedScript(comm string, argv []string) string {
	for i := 1; i < len(argv) && i <= 2; i++ {
		arg := argv[i]
		if strings.HasPrefix(arg, "-") {
			continue
		}
		if strings.HasPrefix(arg, "/") && sameName(comm, BaseName(arg)) {
			return arg
		}
		return ""
	}
	return ""
}

// versionedName tells whether comm is the executable's name without its
// version (python3 for python3.12, perl for perl5.36): the link a Reader
// would find in a bin folder, which a report cannot show.
func versionedName(comm, base string) bool {
	rest, ok := strings.CutPrefix(base, comm)
	return ok && rest != "" && strings.Trim(rest, "0123456789.-") == ""
}
