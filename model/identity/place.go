package identity

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// tempRoots are the temporary folders of Linux, macOS and Windows, in the
// slash form placeOf compares (Windows paths lower-cased, no drive).
var tempRoots = []string{
	"/tmp", "/var/tmp", "/dev/shm", "/private/tmp", "/private/var/tmp",
	"/windows/temp", "/windows/systemtemp",
}

// sharedRoots are folders every user may write to by design.
var sharedRoots = []string{"/users/shared", "/users/public", "/programdata"}

// placeOf classifies a program file's folder from its path alone: a
// slash path as the target system sees it ("/dev/shm/x",
// `C:\Users\a\AppData\Local\Temp\x.exe`). It returns the flags and the
// folder that earned the first of them.
func placeOf(p string) (Place, string) {
	windows := strings.Contains(p, `\`) || (len(p) > 1 && p[1] == ':')
	s := strings.ReplaceAll(p, `\`, "/")
	drive := ""
	if windows {
		if len(s) > 1 && s[1] == ':' {
			drive, s = s[:2], s[2:]
		}
	}
	dir := s
	if i := strings.LastIndexByte(dir, '/'); i >= 0 {
		dir = dir[:i]
	}
	// macOS and Windows compare names regardless of case.
	cmp := strings.ToLower(dir)
	var place Place
	where := ""
	mark := func(f Place, folder string) {
		if place == 0 {
			where = drive + folder
		}
		place |= f
	}
	for _, root := range tempRoots {
		if under(cmp, root) {
			mark(PlaceTemp, dir[:len(root)])
		}
	}
	if under(cmp, "/dev") {
		mark(PlaceDevice, "/dev")
	}
	for _, root := range sharedRoots {
		if under(cmp, root) {
			mark(PlaceWorldWritable, dir[:len(root)])
		}
	}
	// Walk the folders from the root: dot folders, cache and Temp folders.
	parts := strings.Split(dir, "/")
	for i, part := range parts {
		if part == "" {
			continue
		}
		folder := strings.Join(parts[:i+1], "/")
		low := strings.ToLower(part)
		prev := ""
		if i > 0 {
			prev = strings.ToLower(parts[i-1])
		}
		switch {
		case windows && low == "temp" && prev == "local":
			mark(PlaceTemp, folder)
		case low == ".cache", low == "caches" && prev == "library", low == "cache" && prev == "var",
			windows && low == "inetcache":
			mark(PlaceCache, folder)
		}
		if part[0] == '.' && part != "." && part != ".." {
			mark(PlaceHidden, folder)
		}
	}
	return place, where
}

// under tells whether dir is root or inside it.
func under(dir, root string) bool {
	return dir == root || strings.HasPrefix(dir, root+"/")
}

// worldWritableDir returns the nearest folder from dir up to stop (both
// real paths; stop itself included) that every user may write to, or "".
// Folders that cannot be examined are skipped.
func worldWritableDir(dir, stop string, stat func(string) (fs.FileInfo, error)) string {
	dir, stop = filepath.Clean(dir), filepath.Clean(stop)
	for {
		if fi, err := stat(dir); err == nil && fi.IsDir() && fi.Mode().Perm()&0o002 != 0 {
			return dir
		}
		if dir == stop || !strings.HasPrefix(dir, stop) {
			return ""
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// osStat is the default stat.
func osStat(p string) (fs.FileInfo, error) { return os.Stat(p) }
