package identity

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// fileFacts are the facts of one program file, shared by the processes
// that run it.
type fileFacts struct {
	file      bool
	owner     uint32
	ownerName string
	mode      os.FileMode
	place     Place
	placeDir  string
	pkgDB     string
	pkg       string
	problems  []string
}

// view is how a process's file names are reached from here. A process of
// this file system names files under Options.Root; one in another mount
// namespace (a container, a snap, a flatpak) names files of its own, seen
// here under /proc/PID/root, and the host's package databases say nothing
// about them.
type view struct {
	top  string // the real folder standing for the process's "/"
	host bool   // the process shares this file system
	r    *Reader
}

func (v view) real(p string) string {
	if v.host {
		return p
	}
	return filepath.Join(v.top, filepath.FromSlash(p))
}

// shown is the path the process's system sees for a real path.
func (v view) shown(real string) string {
	if v.host {
		return v.r.shown(real)
	}
	rel, err := filepath.Rel(v.top, real)
	if err != nil || strings.HasPrefix(rel, "..") {
		return real
	}
	return "/" + filepath.ToSlash(rel)
}

// system maps a path the process's system sees to a real one.
func (v view) system(p string) string {
	if v.host {
		return v.r.inRoot(p)
	}
	return v.real(p)
}

// build turns a raw process into facts.
func (r *Reader) build(pid int32, raw rawProcess) *Facts {
	f := &Facts{
		PID:          pid,
		Comm:         raw.comm,
		Cmdline:      strings.Join(raw.argv, " "),
		KernelThread: raw.kthread,
		NetNS:        raw.netns,
		Problems:     raw.problems,
	}
	if raw.startMs != 0 {
		f.Started = time.UnixMilli(raw.startMs)
	}
	f.OtherNetNS = raw.netns != "" && r.ownNetNS != "" && raw.netns != r.ownNetNS
	f.OtherMountNS = raw.mntns != "" && r.ownMntNS != "" && raw.mntns != r.ownMntNS
	v := view{top: r.root, host: !f.OtherMountNS || raw.fsRoot == "", r: r}
	if !v.host {
		v.top = raw.fsRoot
	}
	cg := parseCgroup(raw.cgroup)
	f.Unit, f.UnitManager, f.Container, f.Runtime = cg.unit, cg.manager, cg.container, cg.runtime

	link, deleted := strings.CutSuffix(raw.exeLink, deletedSuffix)
	realExe := ""
	if link != "" {
		realExe = v.real(link)
	}
	f.Exe, f.Deleted = v.shown(realExe), deleted
	if deleted {
		if fi, err := r.stat(realExe); err == nil && (raw.exeStat == nil || !os.SameFile(fi, raw.exeStat)) {
			f.Replaced = true
		}
	}
	argv0 := ""
	if len(raw.argv) > 0 {
		argv0 = raw.argv[0]
	}
	f.KernelThreadName = LooksLikeKernelThread(raw.comm) || LooksLikeKernelThread(argv0)

	var script string
	var scriptStat os.FileInfo
	named := realExe != "" && sameName(raw.comm, BaseName(realExe))
	if realExe != "" && !named && isInterpreter(BaseName(realExe)) {
		cwd := ""
		if raw.cwd != "" {
			cwd = v.real(raw.cwd)
		}
		script, scriptStat = findScript(raw.comm, raw.argv, cwd, v.system)
		f.Script = v.shown(script)
	}
	if realExe != "" && !named && script == "" {
		f.NameDiffers = !r.aliasOf(raw.comm, realExe, raw.exeStat, v)
	}

	// The facts of the program file, and the folder of the executable too
	// when a script runs: both say where the program comes from.
	var ff fileFacts
	if realExe != "" {
		ff = r.fileOf(realExe, raw.exeStat, deleted, v)
	}
	if script != "" {
		sf := r.fileOf(script, scriptStat, false, v)
		place, dir := ff.place, ff.placeDir
		ff = sf
		if ff.place == 0 {
			ff.placeDir = dir
		}
		ff.place |= place
	}
	f.File, f.Owner, f.OwnerName, f.Mode = ff.file, ff.owner, ff.ownerName, ff.mode
	f.Place, f.PlaceDir = ff.place, ff.placeDir
	f.PackageDB, f.Package = ff.pkgDB, ff.pkg
	if len(ff.problems) > 0 {
		f.Problems = append(f.Problems[:len(f.Problems):len(f.Problems)], ff.problems...)
	}
	return f
}

// fileOf returns the (cached) facts of a program file at real path p.
func (r *Reader) fileOf(p string, fi os.FileInfo, deleted bool, v view) fileFacts {
	key := fileKey{path: p, deleted: deleted}
	if fi != nil {
		key.size, key.mtimeNs = fi.Size(), fi.ModTime().UnixNano()
	}
	if ff, ok := r.files.get(key); ok {
		return ff
	}

	var ff fileFacts
	shown := v.shown(p)
	if fi != nil {
		ff.file, ff.mode = true, fi.Mode()
		if uid, ok := fileOwner(fi); ok {
			ff.owner, ff.ownerName = uid, r.userName(uid)
		}
	}
	ff.place, ff.placeDir = placeOf(shown)
	if ww := worldWritableDir(filepath.Dir(p), v.top, r.stat); ww != "" {
		if ff.place == 0 {
			ff.placeDir = v.shown(ww)
		}
		ff.place |= PlaceWorldWritable
	}
	for _, db := range r.dbs {
		if !v.host || !db.Available() {
			continue // the host's databases know nothing of a container's files
		}
		pkg, err := db.Owner(shown)
		if err != nil {
			ff.problems = append(ff.problems, "package: "+err.Error())
			break
		}
		ff.pkgDB, ff.pkg = db.Name(), pkg
		break
	}
	r.files.put(key, ff)
	return ff
}

// aliasOf tells whether name is another name of the executable: a link
// in the executable's folder or a system bin folder that leads to the same
// file (python3 -> python3.12, gjs -> gjs-console).
func (r *Reader) aliasOf(name, exe string, exeStat os.FileInfo, v view) bool {
	if exeStat == nil || name == "" || strings.ContainsAny(name, `/\`) || name == "." || name == ".." {
		return false
	}
	dirs := []string{filepath.Dir(exe)}
	for _, d := range [...]string{"/usr/bin", "/usr/sbin", "/bin", "/sbin", "/usr/local/bin", "/usr/local/sbin"} {
		dirs = append(dirs, v.system(d))
	}
	for _, d := range dirs {
		if fi, err := r.stat(filepath.Join(d, name)); err == nil && os.SameFile(fi, exeStat) {
			return true
		}
	}
	return false
}

// interpreters are the programs that run scripts named by "#!" lines
// (with a version after the name: python3.12, perl5.36, php8.2).
var interpreters = []string{
	"python", "perl", "ruby", "node", "nodejs", "bash", "sh", "dash", "zsh", "ksh", "mksh",
	"php", "lua", "luajit", "tclsh", "wish", "gjs", "gjs-console", "rscript", "pwsh", "bun", "deno",
	"osascript", "guile", "expect",
}

// isInterpreter tells whether an executable's base name is an
// interpreter's.
func isInterpreter(base string) bool {
	b := strings.ToLower(base)
	for _, n := range interpreters {
		if rest, ok := strings.CutPrefix(b, n); ok && strings.Trim(rest, "0123456789.") == "" {
			return true
		}
	}
	return false
}

// findScript finds the script an interpreter runs for a "#!" program: the
// kernel starts it as "interpreter [option] script args", and names the
// process after the script. It must be a file beginning with "#!". cwd is
// the real working folder; system maps an absolute path the process sees
// to a real one. It returns the real path.
func findScript(comm string, argv []string, cwd string, system func(string) string) (string, os.FileInfo) {
	for i := 1; i < len(argv) && i <= 2; i++ {
		arg := argv[i]
		if strings.HasPrefix(arg, "-") {
			continue
		}
		if !sameName(comm, filepath.Base(arg)) {
			return "", nil
		}
		if filepath.IsAbs(arg) {
			arg = system(arg)
		} else {
			if cwd == "" {
				return "", nil
			}
			arg = filepath.Join(cwd, arg)
		}
		fi, err := os.Stat(arg)
		if err != nil || !fi.Mode().IsRegular() || !startsWithShebang(arg) {
			return "", nil
		}
		return filepath.Clean(arg), fi
	}
	return "", nil
}

func startsWithShebang(p string) bool {
	f, err := os.Open(p)
	if err != nil {
		return false
	}
	defer f.Close()
	var b [2]byte
	_, err = io.ReadFull(f, b[:])
	return err == nil && b == [2]byte{'#', '!'}
}
