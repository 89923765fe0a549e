// Package rpmdb reads the RPM database of Fedora, RHEL 9+, openSUSE and
// other rpm systems (rpmdb.sqlite) to tell which installed package owns a
// file. It implements identity.PackageDB. It reads the database, never
// runs rpm, and opens it read-only. The Berkeley DB and ndb formats of
// older systems are not read: Available says no and the package stays
// unknown.
//
// It imports modernc.org/sqlite (pure Go) and nothing of this module.
package rpmdb

import (
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"time"

	_ "modernc.org/sqlite" // the "sqlite" driver
)

// DefaultPath is where rpm keeps its database.
const DefaultPath = "/var/lib/rpm/rpmdb.sqlite"

// DB answers which package owns a file from an rpmdb.sqlite. It builds a
// path -> package index on the first question and builds it again when
// the database file or its write-ahead log changes. It is safe for
// concurrent use.
type DB struct {
	path string

	mu      sync.Mutex
	stamp   [2]time.Time
	index   map[uint64]uint32 // hash of the path -> index in names
	names   []string
	skipped int
}

// Open returns the database at path (not read until asked).
func Open(path string) *DB { return &DB{path: path} }

// Name is "rpm".
func (d *DB) Name() string { return "rpm" }

// Available tells whether the database file exists.
func (d *DB) Available() bool {
	fi, err := os.Stat(d.path)
	return err == nil && fi.Mode().IsRegular()
}

// Owner is the package owning path, "" if none.
func (d *DB) Owner(path string) (string, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.refresh(); err != nil {
		return "", err
	}
	if i, ok := d.index[hashPath("", path)]; ok {
		return d.names[i], nil
	}
	return "", nil
}

// Skipped is how many package headers could not be read in the last
// build (they are left out, not fatal).
func (d *DB) Skipped() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.skipped
}

func (d *DB) refresh() error {
	var stamp [2]time.Time
	fi, err := os.Stat(d.path)
	if err != nil {
		return fmt.Errorf("rpm database: %w", err)
	}
	stamp[0] = fi.ModTime()
	if fi, err := os.Stat(d.path + "-wal"); err == nil {
		stamp[1] = fi.ModTime()
	}
	if d.index != nil && stamp == d.stamp {
		return nil
	}
	index, names, skipped, err := readIndex(d.path)
	if err != nil {
		return fmt.Errorf("rpm database %s: %w", d.path, err)
	}
	d.index, d.names, d.skipped, d.stamp = index, names, skipped, stamp
	return nil
}

// readIndex reads every package header of the database.
func readIndex(path string) (map[uint64]uint32, []string, int, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, nil, 0, err
	}
	// Read-only; rpm may be writing meanwhile (write-ahead log), so wait
	// for its lock a little rather than fail.
	dsn := (&url.URL{Scheme: "file", Path: abs, RawQuery: "mode=ro&_pragma=busy_timeout(2000)&_pragma=query_only(1)"}).String()
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, nil, 0, err
	}
	defer db.Close()
	rows, err := db.Query("SELECT blob FROM Packages")
	if err != nil {
		return nil, nil, 0, err
	}
	defer rows.Close()
	index := map[uint64]uint32{}
	var names []string
	skipped := 0
	for rows.Next() {
		var blob []byte
		if err := rows.Scan(&blob); err != nil {
			return nil, nil, 0, err
		}
		id := uint32(len(names))
		var hashes []uint64
		name, err := packageFiles(blob, func(dir, base string) { hashes = append(hashes, hashPath(dir, base)) })
		if err != nil {
			skipped++
			continue
		}
		names = append(names, name)
		for _, h := range hashes {
			if _, taken := index[h]; !taken {
				index[h] = id
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, 0, err
	}
	if len(names) == 0 && skipped > 0 {
		return nil, nil, skipped, errors.New("no package header could be read")
	}
	return index, names, skipped, nil
}

// hashPath is FNV-1a of dir+name, without joining them.
func hashPath(dir, name string) uint64 {
	h := uint64(14695981039346656037)
	for _, s := range [2]string{dir, name} {
		for i := 0; i < len(s); i++ {
			h ^= uint64(s[i])
			h *= 1099511628211
		}
	}
	return h
}
