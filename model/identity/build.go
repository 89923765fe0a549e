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
	cg := parseCgroup(raw.cgroup)
	f.Unit, f.UnitManager, f.Container, f.Runtime = cg.unit, cg.manager, cg.container, cg.runtime

	realExe, deleted := strings.CutSuffix(raw.exeLink, deletedSuffix)
	f.Exe, f.Deleted = r.shown(realExe), deleted
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
	if realExe != "" && !sameName(raw.comm, BaseName(realExe)) && isInterpreter(BaseName(realExe)) {
		script, scriptStat = findScript(raw, r.inRoot)
		f.Script = r.shown(script)
	}
	if realExe != "" && !sameName(raw.comm, BaseName(realExe)) && script == "" {
		f.NameDiffers = !r.aliasOf(raw.comm, realExe, raw.exeStat)
	}

	// The facts of the program file, and the folder of the executable too
	// when a script runs: both say where the program comes from.
	var ff fileFacts
	if realExe != "" {
		ff = r.fileOf(realExe, raw.exeStat, deleted)
	}
	if script != "" {
		sf := r.fileOf(script, scriptStat, false)
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
func (r *Reader) fileOf(p string, fi os.FileInfo, deleted bool) fileFacts {
	key := fileKey{path: p, deleted: deleted}
	if fi != nil {
		key.size, key.mtimeNs = fi.Size(), fi.ModTime().UnixNano()
	}
	r.mu.Lock()
	if e, ok := r.files[key]; ok {
		e.gen = r.gen
		r.mu.Unlock()
		return e.file
	}
	r.mu.Unlock()

	var ff fileFacts
	shown := r.shown(p)
	if fi != nil {
		ff.file, ff.mode = true, fi.Mode()
		if uid, ok := fileOwner(fi); ok {
			ff.owner, ff.ownerName = uid, r.userName(uid)
		}
	}
	ff.place, ff.placeDir = placeOf(shown)
	if ww := worldWritableDir(filepath.Dir(p), r.root, r.stat); ww != "" {
		if ff.place == 0 {
			ff.placeDir = r.shown(ww)
		}
		ff.place |= PlaceWorldWritable
	}
	for _, db := range r.dbs {
		if !db.Available() {
			continue
		}
		pkg, err := db.Owner(shown)
		if err != nil {
			ff.problems = append(ff.problems, "package: "+err.Error())
			break
		}
		ff.pkgDB, ff.pkg = db.Name(), pkg
		break
	}
	r.mu.Lock()
	r.files[key] = &fileEntry{file: ff, gen: r.gen}
	r.mu.Unlock()
	return ff
}

// aliasOf tells whether name is another name of the executable: a link
// in the executable's folder or a system bin folder that leads to the same
// file (python3 -> python3.12, gjs -> gjs-console).
func (r *Reader) aliasOf(name, exe string, exeStat os.FileInfo) bool {
	if exeStat == nil || name == "" || strings.ContainsAny(name, `/\`) || name == "." || name == ".." {
		return false
	}
	dirs := []string{filepath.Dir(exe)}
	for _, d := range [...]string{"/usr/bin", "/usr/sbin", "/bin", "/sbin", "/usr/local/bin", "/usr/local/sbin"} {
		dirs = append(dirs, r.inRoot(d))
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
// process after the script. It must be a file beginning with "#!".
// inRoot maps an absolute path the system sees to a real one.
func findScript(raw rawProcess, inRoot func(string) string) (string, os.FileInfo) {
	for i := 1; i < len(raw.argv) && i <= 2; i++ {
		arg := raw.argv[i]
		if strings.HasPrefix(arg, "-") {
			continue
		}
		if !sameName(raw.comm, filepath.Base(arg)) {
			return "", nil
		}
		if filepath.IsAbs(arg) {
			arg = inRoot(arg)
		} else {
			if raw.cwd == "" {
				return "", nil
			}
			arg = filepath.Join(raw.cwd, arg)
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
