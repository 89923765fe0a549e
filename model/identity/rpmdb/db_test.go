package rpmdb

import (
	"bytes"
	"database/sql"
	"encoding/binary"
	"path/filepath"
	"testing"
	"time"
)

// entry is one header tag for building test headers.
type entry struct {
	tag, typ uint32
	value    any // string, []string or []uint32
}

// buildHeader encodes entries the way rpm stores a header.
func buildHeader(es ...entry) []byte {
	var index, data bytes.Buffer
	for _, e := range es {
		if e.typ == typeInt32 {
			for data.Len()%4 != 0 {
				data.WriteByte(0)
			}
		}
		off := uint32(data.Len())
		var count uint32
		switch v := e.value.(type) {
		case string:
			data.WriteString(v + "\x00")
			count = 1
		case []string:
			for _, s := range v {
				data.WriteString(s + "\x00")
			}
			count = uint32(len(v))
		case []uint32:
			for _, n := range v {
				binary.Write(&data, binary.BigEndian, n)
			}
			count = uint32(len(v))
		}
		binary.Write(&index, binary.BigEndian, [4]uint32{e.tag, e.typ, off, count})
	}
	var out bytes.Buffer
	binary.Write(&out, binary.BigEndian, [2]uint32{uint32(len(es)), uint32(data.Len())})
	out.Write(index.Bytes())
	out.Write(data.Bytes())
	return out.Bytes()
}

func pkgHeader(name string, dirs []string, idx []uint32, base []string) []byte {
	return buildHeader(
		entry{tagName, typeString, name},
		entry{tagDirIndexes, typeInt32, idx},
		entry{tagBaseNames, typeStringArray, base},
		entry{tagDirNames, typeStringArray, dirs},
	)
}

func writeDB(t *testing.T, path string, blobs ...[]byte) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("CREATE TABLE IF NOT EXISTS Packages (hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL)"); err != nil {
		t.Fatal(err)
	}
	for _, b := range blobs {
		if _, err := db.Exec("INSERT INTO Packages (blob) VALUES (?)", b); err != nil {
			t.Fatal(err)
		}
	}
}

func TestOwner(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "rpmdb.sqlite")
	d := Open(path)
	if d.Available() {
		t.Fatal("no file, yet available")
	}
	if _, err := d.Owner("/usr/sbin/sshd"); err == nil {
		t.Fatal("no error without a database")
	}
	writeDB(t, path,
		pkgHeader("openssh-server", []string{"/usr/sbin/", "/usr/lib/systemd/system/"}, []uint32{0, 1}, []string{"sshd", "sshd.service"}),
		pkgHeader("chrony", []string{"/usr/sbin/"}, []uint32{0}, []string{"chronyd"}),
		buildHeader(entry{tagName, typeString, "old"}, entry{tagOldFiles, typeStringArray, []string{"/usr/bin/oldtool"}}),
		[]byte{0, 0, 0, 9, 0, 0}, // damaged: left out
		pkgHeader("broken", []string{"/usr/bin/"}, []uint32{3}, []string{"x"}),
	)
	for p, want := range map[string]string{
		"/usr/sbin/sshd": "openssh-server", "/usr/lib/systemd/system/sshd.service": "openssh-server",
		"/usr/sbin/chronyd": "chrony", "/usr/bin/oldtool": "old", "/usr/sbin/nginx": "", "/usr/bin/x": "",
	} {
		if got, err := d.Owner(p); err != nil || got != want {
			t.Errorf("Owner(%q) = %q, %v; want %q", p, got, err, want)
		}
	}
	if d.Skipped() != 2 {
		t.Errorf("skipped %d damaged headers, want 2", d.Skipped())
	}

	// An install changes the file: the index is read again.
	writeDB(t, path, pkgHeader("nginx-core", []string{"/usr/sbin/"}, []uint32{0}, []string{"nginx"}))
	d.mu.Lock()
	d.stamp[0] = time.Time{} // file times may not move within a test's run
	d.mu.Unlock()
	if got, err := d.Owner("/usr/sbin/nginx"); err != nil || got != "nginx-core" {
		t.Fatalf("after an install: %q, %v", got, err)
	}
}

func TestDamagedHeaders(t *testing.T) {
	t.Parallel()
	good := pkgHeader("p", []string{"/a/"}, []uint32{0}, []string{"b"})
	// Every cut of a good header fails cleanly (no panic, no file).
	for n := 0; n < len(good); n++ {
		called := false
		if _, err := packageFiles(good[:n], func(string, string) { called = true }); err == nil && called {
			t.Fatalf("a header cut to %d bytes gave files", n)
		}
	}
	var files []string
	name, err := packageFiles(good, func(d, b string) { files = append(files, d+b) })
	if err != nil || name != "p" || len(files) != 1 || files[0] != "/a/b" {
		t.Fatalf("good header: %q %v %v", name, files, err)
	}
	if hashPath("/a/", "b") != hashPath("", "/a/b") {
		t.Fatal("the hash of a folder and a name differs from that of the path")
	}
}
