package identity

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// Dpkg reads Debian's package database (Debian, Ubuntu, Mint, ...): the
// file lists /var/lib/dpkg/info/PACKAGE.list. It builds a path -> package
// index on the first question and keeps it until the database changes
// (the info folder or the status file gets a new modification time: every
// install and removal touches both). It is safe for concurrent use.
type Dpkg struct {
	dir string

	mu    sync.Mutex
	stamp [2]time.Time
	index map[uint64]uint32 // fnv64(path) -> index in names
	names []string
}

// NewDpkg reads the database in dir (normally /var/lib/dpkg).
func NewDpkg(dir string) *Dpkg { return &Dpkg{dir: dir} }

// Name is "dpkg".
func (d *Dpkg) Name() string { return "dpkg" }

// Available tells whether dir/info exists.
func (d *Dpkg) Available() bool {
	fi, err := os.Stat(filepath.Join(d.dir, "info"))
	return err == nil && fi.IsDir()
}

// Owner is the package listing path ("" if none), trying the merged-/usr
// alias too (/bin/bash for /usr/bin/bash). The architecture qualifier of
// multi-arch packages is dropped ("libc-bin", not "libc-bin:amd64").
func (d *Dpkg) Owner(path string) (string, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.refresh(); err != nil {
		return "", err
	}
	for _, p := range [2]string{path, mergedUsrAlias(path)} {
		if p == "" {
			continue
		}
		if i, ok := d.index[fnv64(p)]; ok {
			return d.names[i], nil
		}
	}
	return "", nil
}

// Size is how many paths the index holds (0 before the first question).
func (d *Dpkg) Size() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.index)
}

// refresh rebuilds the index when the database changed since it was built.
func (d *Dpkg) refresh() error {
	info := filepath.Join(d.dir, "info")
	var stamp [2]time.Time
	for i, p := range [2]string{info, filepath.Join(d.dir, "status")} {
		fi, err := os.Stat(p)
		if err != nil {
			return fmt.Errorf("dpkg database: %w", err)
		}
		stamp[i] = fi.ModTime()
	}
	if d.index != nil && stamp == d.stamp {
		return nil
	}
	entries, err := os.ReadDir(info)
	if err != nil {
		return fmt.Errorf("dpkg database: %w", err)
	}
	index := make(map[uint64]uint32, max(len(d.index), 1024))
	var names []string
	for _, e := range entries {
		name, ok := strings.CutSuffix(e.Name(), ".list")
		if !ok || e.IsDir() {
			continue
		}
		data, err := os.ReadFile(filepath.Join(info, e.Name()))
		if err != nil {
			continue // removed meanwhile, or unreadable: its files stay unknown
		}
		pkg, _, _ := strings.Cut(name, ":")
		id := uint32(len(names))
		names = append(names, pkg)
		for len(data) > 0 {
			line := data
			if i := bytes.IndexByte(data, '\n'); i >= 0 {
				line, data = data[:i], data[i+1:]
			} else {
				data = nil
			}
			if len(line) == 0 {
				continue
			}
			h := fnv64Bytes(line)
			if _, taken := index[h]; !taken {
				index[h] = id
			}
		}
	}
	d.index, d.names, d.stamp = index, names, stamp
	return nil
}
