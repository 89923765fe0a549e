package identity

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestDpkg(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	info := filepath.Join(dir, "info")
	write := func(name, data string) {
		t.Helper()
		if err := os.MkdirAll(info, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(info, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	d := NewDpkg(dir)
	if d.Available() {
		t.Fatal("an empty folder is no dpkg database")
	}
	write("openssh-server.list", "/.\n/usr\n/usr/sbin\n/usr/sbin/sshd\n")
	write("bash.list", "/bin\n/bin/bash\n")
	write("libc-bin:amd64.list", "/usr/sbin/ldconfig")
	write("openssh-server.md5sums", "0123 usr/sbin/not-a-list\n")
	if err := os.WriteFile(filepath.Join(dir, "status"), []byte("Package: bash\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if !d.Available() {
		t.Fatal("the database is there")
	}
	for path, want := range map[string]string{
		"/usr/sbin/sshd":       "openssh-server",
		"/usr/bin/bash":        "bash", // merged /usr
		"/usr/sbin/ldconfig":   "libc-bin",
		"/sbin/ldconfig":       "libc-bin",
		"/usr/sbin/not-a-list": "",
		"/home/ann/.x/nginx":   "",
	} {
		got, err := d.Owner(path)
		if err != nil || got != want {
			t.Errorf("Owner(%q) = %q, %v; want %q", path, got, err, want)
		}
	}
	size := d.Size()

	// Installing a package changes the folder: the index is built again.
	write("nginx-core.list", "/usr/sbin/nginx\n")
	later := time.Now().Add(time.Minute)
	if err := os.Chtimes(info, later, later); err != nil {
		t.Fatal(err)
	}
	if got, _ := d.Owner("/usr/sbin/nginx"); got != "nginx-core" || d.Size() <= size {
		t.Fatalf("after an install: Owner(nginx) = %q, index %d paths (was %d)", got, d.Size(), size)
	}

	// A database that disappears is an error, not "no package".
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Owner("/usr/sbin/sshd"); err == nil {
		t.Fatal("no error from a vanished database")
	}
}

func TestMergedUsrAlias(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"/bin/bash": "/usr/bin/bash", "/usr/bin/bash": "/bin/bash", "/usr/lib64/ld.so": "/lib64/ld.so",
		"/usr/share/x": "", "/opt/x": "", "/binx/y": "",
	} {
		if got := mergedUsrAlias(in); got != want {
			t.Errorf("mergedUsrAlias(%q) = %q, want %q", in, got, want)
		}
	}
}
