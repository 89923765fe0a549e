package identity

import (
	"io/fs"
	"strings"
	"time"
)

// Facts is what the kernel and the package databases say about one
// process. A zero field means unknown or none; Problems says what could not
// be read, so "unknown" is never confused with "no".
type Facts struct {
	PID int32
	// Started is when the process started; with PID it names the process
	// (PIDs are reused, start times are not).
	Started time.Time
	// Comm is the name the process gives itself (/proc/PID/comm, at most
	// 15 characters on Linux). Any program may change it
	// (prctl(PR_SET_NAME)), so it never decides anything alone.
	Comm string
	// Cmdline is the command line, arguments separated by spaces.
	Cmdline string

	// Exe is the executable the kernel runs, without " (deleted)". When
	// Options.Root is not "/", a path under it is shown as if Root were
	// "/".
	Exe string
	// Deleted: the kernel says the executable was deleted after the
	// process started. Replaced: deleted, but a file is again at that path
	// (the program was upgraded while it ran).
	Deleted, Replaced bool
	// Script is the script an interpreter runs when the process is named
	// after it ("#!/usr/bin/python3" programs); "" otherwise.
	Script string

	// File says whether Owner, OwnerName and Mode are known (the
	// executable could be examined).
	File      bool
	Owner     uint32
	OwnerName string
	Mode      fs.FileMode

	// Place flags the folder of the program file (Script if any, else
	// Exe); PlaceDir is the folder that earned the flags.
	Place    Place
	PlaceDir string

	// PackageDB is the package database consulted ("dpkg", "rpm"), ""
	// when this system has none Portolan reads; then Package is unknown.
	// Package is the package that installed the program file, "" when it
	// comes from no installed package.
	PackageDB string
	Package   string

	// Unit is the systemd unit (ssh.service, app-firefox-1234.scope);
	// UnitManager is "system" or "user" (a user's systemd instance).
	Unit, UnitManager string
	// Container is the container's short id or name, Runtime what runs it
	// (docker, containerd, cri-o, podman, lxc, kubernetes, nspawn).
	Container, Runtime string

	// NetNS is the process's network namespace ("net:[4026531840]");
	// OtherNetNS says it differs from the reader's own.
	NetNS      string
	OtherNetNS bool
	// OtherMountNS: the process sees a file system of its own (a
	// container, a snap, a flatpak). Its files are examined as it sees
	// them; the host's package databases are not asked about them.
	OtherMountNS bool

	// KernelThread: the kernel flags the process as one of its own threads.
	KernelThread bool
	// KernelThreadName: the name looks like a kernel thread's (kworker/0:1,
	// [kthreadd]).
	KernelThreadName bool
	// NameDiffers: Comm is not the executable's (or script's) base name,
	// nor another name of the same file in a system folder (python3 for
	// python3.12). Programs that rename themselves on purpose do this, and
	// so does malware calling itself sshd.
	NameDiffers bool

	// Problems lists what could not be read, in words ("executable:
	// permission denied"). Empty when everything is known.
	Problems []string
}

// Program is the file that says who the process is: the script an
// interpreter runs, else the executable.
func (f *Facts) Program() string {
	if f.Script != "" {
		return f.Script
	}
	return f.Exe
}

// ProgramName is the base name of Program without ".exe": the name the
// knowledge of ordinary programs matches.
func (f *Facts) ProgramName() string { return BaseName(f.Program()) }

// FromNoPackage tells whether a package database was consulted and no
// installed package owns the program file.
func (f *Facts) FromNoPackage() bool {
	return f.PackageDB != "" && f.Package == "" && f.Program() != ""
}

// BaseName is the last element of a slash or backslash path, without
// " (deleted)" and ".exe" (any case).
func BaseName(p string) string {
	p = strings.TrimSuffix(p, deletedSuffix)
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		p = p[i+1:]
	}
	if len(p) > 4 && strings.EqualFold(p[len(p)-4:], ".exe") {
		p = p[:len(p)-4]
	}
	return p
}

const deletedSuffix = " (deleted)"

// Place flags the folder a program file sits in.
type Place uint8

const (
	// PlaceTemp: a temporary folder (/tmp, /var/tmp, /dev/shm, a user's
	// Temp folder on Windows).
	PlaceTemp Place = 1 << iota
	// PlaceWorldWritable: the folder, or one above it, may be written by
	// every user.
	PlaceWorldWritable
	// PlaceDevice: under /dev.
	PlaceDevice
	// PlaceHidden: a folder whose name begins with a dot.
	PlaceHidden
	// PlaceCache: a cache folder (~/.cache, /var/cache, Library/Caches).
	PlaceCache
)

var placeWords = [...]string{"temporary", "world-writable", "device", "hidden", "cache"}

// Has tells whether every flag of q is set.
func (p Place) Has(q Place) bool { return p&q == q && q != 0 }

// String lists the flags in words: "temporary, world-writable".
func (p Place) String() string {
	var parts []string
	for i, w := range placeWords {
		if p&(1<<i) != 0 {
			parts = append(parts, w)
		}
	}
	return strings.Join(parts, ", ")
}

// kernelThreadPrefixes are the names Linux gives its own threads (those of
// ps's "[...]" lines): a user-space process has no business using them.
var kernelThreadPrefixes = []string{
	"kworker/", "ksoftirqd/", "migration/", "rcu_", "rcuc/", "rcuop/", "rcuos/", "watchdog/",
	"watchdogd", "cpuhp/", "irq/", "kswapd", "jbd2/", "kcompactd", "khugepaged", "ksmd",
	"kthreadd", "kdevtmpfs", "khungtaskd", "kauditd", "oom_reaper", "kblockd", "writeback",
	"scsi_eh_", "scsi_tmf_", "idle_inject/", "xfsaild/", "kintegrityd", "kthrotld", "netns",
	"mm_percpu_wq", "ext4-rsv-conver", "nvme-wq", "kstrp", "zswap", "kcryptd", "dmcrypt_write",
	"kverityd", "ipv6_addrconf", "edac-poller", "devfreq_wq", "tpm_dev_wq", "ata_sff",
	"md", "blkcg_punt_bio", "inet_frag_wq", "krdsd", "kpsmoused", "pool_workqueue_",
}

// LooksLikeKernelThread tells whether a process name (or a command line's
// first word) is one the kernel gives its threads, or is written the way
// ps shows them: "[kworker/0:1]".
func LooksLikeKernelThread(name string) bool {
	if len(name) > 2 && name[0] == '[' && name[len(name)-1] == ']' {
		return true
	}
	for _, p := range kernelThreadPrefixes {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// sameName tells whether comm is name, or name cut to Linux's 15
// characters.
func sameName(comm, name string) bool {
	if comm == "" || name == "" {
		return false
	}
	if comm == name {
		return true
	}
	return len(comm) == 15 && strings.HasPrefix(name, comm)
}
