package identity

import (
	"os"
	"path/filepath"
	"testing"
)

func TestPlaceOf(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		path  string
		place Place
		dir   string
	}{
		{"/usr/sbin/sshd", 0, ""},
		{"/opt/google/chrome/chrome", 0, ""},
		{"/tmp/x", PlaceTemp, "/tmp"},
		{"/tmp/go-build1/b001/exe/main", PlaceTemp, "/tmp"},
		{"/var/tmp/.a/b", PlaceTemp | PlaceHidden, "/var/tmp"},
		{"/dev/shm/sshd", PlaceTemp | PlaceDevice, "/dev/shm"},
		{"/dev/mqueue/x", PlaceDevice, "/dev"},
		{"/devices/x", 0, ""},
		{"/tmpfoo/x", 0, ""},
		{"/home/ann/.local/share/Steam/steam", PlaceHidden, "/home/ann/.local"},
		{"/home/ann/.cache/x/y", PlaceHidden | PlaceCache, "/home/ann/.cache"},
		{"/var/cache/app/bin", PlaceCache, "/var/cache"},
		{"/Users/ann/Library/Caches/go-build/x", PlaceCache, "/Users/ann/Library/Caches"},
		{"/private/tmp/x", PlaceTemp, "/private/tmp"},
		{"/Users/Shared/x", PlaceWorldWritable, "/Users/Shared"},
		{`C:\Users\Ann\AppData\Local\Temp\x.exe`, PlaceTemp, `C:/Users/Ann/AppData/Local/Temp`},
		{`C:\Windows\Temp\svc.exe`, PlaceTemp, `C:/Windows/Temp`},
		{`C:\Program Files\App\app.exe`, 0, ""},
		{`C:\Users\Public\x.exe`, PlaceWorldWritable, `C:/Users/Public`},
		{"/x/./y", 0, ""},
	} {
		place, dir := placeOf(c.path)
		if place != c.place || dir != c.dir {
			t.Errorf("placeOf(%q) = %q in %q, want %q in %q", c.path, place, dir, c.place, c.dir)
		}
	}
}

func TestWorldWritableDir(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	ww := filepath.Join(root, "share")
	deep := filepath.Join(ww, "a", "b")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(ww, 0o777); err != nil {
		t.Fatal(err)
	}
	if got := worldWritableDir(deep, root, osStat); got != ww {
		t.Fatalf("below a world-writable folder: got %q, want %q", got, ww)
	}
	if got := worldWritableDir(root, root, osStat); got != "" {
		t.Fatalf("the root %s (mode 0700) reported world-writable: %q", root, got)
	}
	// The search stops at the root: /tmp above it is world-writable.
	if got := worldWritableDir(filepath.Join(root, "x"), root, osStat); got != "" {
		t.Fatalf("looked above the root: %q", got)
	}
}

func TestKernelThreadNames(t *testing.T) {
	t.Parallel()
	for name, want := range map[string]bool{
		"kworker/0:1": true, "[kworker/0:1]": true, "ksoftirqd/3": true, "kthreadd": true, "rcu_preempt": true,
		"migration/0": true, "[sshd]": true, "jbd2/sda1-8": true,
		"sshd": false, "nginx": false, "kdeconnectd": false, "kwin_x11": false, "[": false, "[]": false,
		"sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups": false,
	} {
		if got := LooksLikeKernelThread(name); got != want {
			t.Errorf("LooksLikeKernelThread(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestNames(t *testing.T) {
	t.Parallel()
	for _, c := range [][2]string{
		{"/usr/sbin/sshd", "sshd"}, {"/x/y (deleted)", "y"}, {`C:\Windows\System32\svchost.exe`, "svchost"},
		{"nc", "nc"}, {"", ""}, {"/a/b.EXE", "b"},
	} {
		if got := BaseName(c[0]); got != c[1] {
			t.Errorf("BaseName(%q) = %q, want %q", c[0], got, c[1])
		}
	}
	if !sameName("systemd-resolve", "systemd-resolved") || sameName("systemd-resolv", "systemd-resolved") || sameName("", "") {
		t.Error("sameName does not allow for the 15-character cut")
	}
	for name, want := range map[string]bool{"python3.12": true, "python3": true, "perl5.36": true, "node": true,
		"bash": true, "sshd": false, "pythonista": false, "nodex": false} {
		if isInterpreter(name) != want {
			t.Errorf("isInterpreter(%q) != %v", name, want)
		}
	}
}
