//go:build unix

package registry

import (
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Only regular files are read: a named pipe, a device (through a link, as
// `--registry /dev/zero` would be), a socket or a folder is refused at
// once, saying what it is, by every loader.
func TestLoadRefusesWhatIsNotAFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	fifo := filepath.Join(dir, "ports.csv")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	zero := filepath.Join(dir, "zero")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Fatal(err)
	}
	sock := filepath.Join(dir, "s.sock")
	ln, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	folder := filepath.Join(dir, "folder")
	if err := os.Mkdir(folder, 0o700); err != nil {
		t.Fatal(err)
	}
	cases := []struct{ path, words string }{
		{fifo, fifo + " is a named pipe (FIFO), not a regular file"},
		{zero, zero + " (a link to /dev/zero) is a device, not a regular file"},
		{"/dev/null", "/dev/null is a device"},
		{sock, sock + " is a socket"},
		{folder, folder + " is a folder"},
	}
	loaders := map[string]func(string) error{
		"LoadFile":     func(p string) error { _, err := LoadFile(p); return err },
		"LoadNmapFile": func(p string) error { _, err := LoadNmapFile(p); return err },
		"OpenFile": func(p string) error {
			f, err := OpenFile(p)
			if err == nil {
				f.Close()
			}
			return err
		},
	}
	for name, load := range loaders {
		for _, c := range cases {
			done := make(chan error, 1)
			go func() { done <- load(c.path) }()
			var err error
			select {
			case err = <-done:
			case <-time.After(10 * time.Second):
				// Let a reader stuck in open(2) go, then fail.
				if w, werr := os.OpenFile(fifo, os.O_WRONLY|syscall.O_NONBLOCK, 0); werr == nil {
					w.Close()
				}
				t.Fatalf("%s(%s) still waits after 10 s", name, c.path)
			}
			if !errors.Is(err, ErrNotFile) || !strings.Contains(err.Error(), c.words) {
				t.Errorf("%s(%s) = %v; want ErrNotFile saying %q", name, c.path, err, c.words)
			}
		}
	}
}

// A file past MaxFileBytes is refused by its size, before a byte is read.
func TestLoadRefusesAHugeFile(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "huge.csv")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(csvTestHeader + "ssh,22,tcp,SSH,,,,,,,,\n"); err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(200 << 20); err != nil { // sparse: no disk used
		t.Fatal(err)
	}
	f.Close()
	_, err = LoadFile(path)
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "the file is 200 MiB, and a registry file may be at most 32 MiB") {
		t.Errorf("LoadFile(200 MiB) = %v", err)
	}
	// A link to a regular file is fine.
	good := filepath.Join(t.TempDir(), "good.csv")
	if err := os.WriteFile(good, []byte(csvTestHeader+"ssh,22,tcp,SSH,,,,,,,,\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(good, link); err != nil {
		t.Fatal(err)
	}
	if reg, err := LoadFile(link); err != nil || reg.Primary(22, TCP) == nil {
		t.Errorf("LoadFile(link to a good file) = %v", err)
	}
}

// The second look, on the opened file, refuses a pipe too: a path swapped
// for a pipe between the first look and the open is opened without
// waiting, then refused.
func TestOpenedPipeRefused(t *testing.T) {
	t.Parallel()
	fifo := filepath.Join(t.TempDir(), "pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := openNoWait(fifo) // would block without O_NONBLOCK
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	if err := checkRegular(fifo, fi); !errors.Is(err, ErrNotFile) || !strings.Contains(err.Error(), "named pipe") {
		t.Errorf("checkRegular(opened pipe) = %v", err)
	}
}
