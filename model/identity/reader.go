package identity

import (
	"errors"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Options says where the OS is. The zero value is this machine.
type Options struct {
	// Proc is the Linux /proc to read ("" = "/proc"). Tests give a folder
	// laid out the same way. On other systems "" means gopsutil.
	Proc string
	// Root is the file system the executables and package databases live
	// in ("" = "/"). A path under Root is shown as if Root were "/", so a
	// test can lay out a /usr tree in a temporary folder.
	Root string
	// Packages are the package databases to ask, in order; the first that
	// is Available answers. nil means those found under Root (dpkg); an
	// empty slice means none.
	Packages []PackageDB
}

// Reader finds and caches the facts of processes. It is safe for
// concurrent use.
type Reader struct {
	root     string
	src      source
	dbs      []PackageDB
	ownNetNS string
	ownMntNS string
	stat     func(string) (os.FileInfo, error)

	procs *cache[procKey, procEntry]
	files *cache[fileKey, fileFacts]
	users *cache[uint32, string]
}

type procKey struct {
	pid     int32
	startMs int64
}

type procEntry struct {
	facts *Facts
	// link is the executable link as read, for Recheck.
	link string
}

// fileKey names one version of a program file: its path, size and
// modification time (an upgrade changes them).
type fileKey struct {
	path    string
	size    int64
	mtimeNs int64
	deleted bool
}

// NewReader returns a Reader of the system Options describe.
func NewReader(o Options) *Reader {
	root := o.Root
	if root == "" {
		root = "/"
	}
	r := &Reader{
		root:  filepath.Clean(root),
		src:   defaultSource(o.Proc),
		dbs:   o.Packages,
		stat:  os.Stat,
		procs: newCache[procKey, procEntry](),
		files: newCache[fileKey, fileFacts](),
		users: newCache[uint32, string](),
	}
	if r.dbs == nil {
		r.dbs = []PackageDB{NewDpkg(filepath.Join(r.root, "var", "lib", "dpkg"))}
	}
	r.ownNetNS, r.ownMntNS = r.src.ownNetNS(), r.src.ownMntNS()
	return r
}

// Facts returns the facts of process pid. started is its start time if the
// caller knows it (the listener poller does; it saves reading
// /proc/PID/stat); zero otherwise. The result is cached per PID and start
// time and shared: do not modify it. A process that is gone gives facts
// whose Problems say so.
func (r *Reader) Facts(pid int32, started time.Time) *Facts {
	startMs := started.UnixMilli()
	if started.IsZero() {
		ms, err := r.src.start(pid)
		if err != nil {
			return gone(pid, err)
		}
		startMs = ms
	}
	key := procKey{pid, startMs}
	if e, ok := r.procs.get(key); ok {
		return e.facts
	}

	raw, err := r.src.read(pid)
	if err != nil {
		return gone(pid, err)
	}
	if raw.startMs != 0 && (raw.startMs-startMs > 1000 || startMs-raw.startMs > 1000) {
		// The PID now names another process: the one asked about is gone.
		return gone(pid, errProcessGone)
	}
	f := r.build(pid, raw)
	if f.Started.IsZero() {
		f.Started = time.UnixMilli(startMs)
	}
	r.procs.put(key, procEntry{facts: f, link: raw.exeLink})
	return f
}

func gone(pid int32, err error) *Facts {
	msg := "process: " + err.Error()
	if errors.Is(err, errProcessGone) {
		msg = "process: it exited while being looked at"
	}
	return &Facts{PID: pid, Problems: []string{msg}}
}

// Sweep forgets the processes and files not asked about since the
// previous Sweep. The poller calls it once per poll, so the cache holds
// what is listening now.
func (r *Reader) Sweep() {
	r.procs.sweep()
	r.files.sweep()
}

// Recheck asks the OS again for the executable of every cached process
// (one readlink each) and forgets those whose answer changed: the file
// was deleted, or the process ran another program (exec). It tells whether
// any did, so the caller judges its listeners again even though the
// listing did not change.
func (r *Reader) Recheck() bool {
	changed := false
	r.procs.each(func(k procKey, e procEntry) {
		link, err := r.src.exeLink(k.pid)
		if err != nil && e.link != "" || err == nil && link != e.link {
			r.procs.drop(k)
			changed = true
		}
	})
	return changed
}

// Cached is how many processes and program files the cache holds.
func (r *Reader) Cached() (processes, files int) {
	return r.procs.len(), r.files.len()
}

// shown turns a real path into the path the system sees (under Root).
func (r *Reader) shown(real string) string {
	if r.root == "/" || real == "" {
		return real
	}
	rel, err := filepath.Rel(r.root, real)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return real
	}
	return "/" + filepath.ToSlash(rel)
}

// inRoot turns a path the system sees into a real path.
func (r *Reader) inRoot(p string) string {
	if r.root == "/" {
		return p
	}
	return filepath.Join(r.root, filepath.FromSlash(p))
}

// userName is the name of uid, or the number when it has none.
func (r *Reader) userName(uid uint32) string {
	if name, ok := r.users.get(uid); ok {
		return name
	}
	id := strconv.FormatUint(uint64(uid), 10)
	name := id
	if u, err := user.LookupId(id); err == nil {
		name = u.Username
	}
	r.users.put(uid, name)
	return name
}
