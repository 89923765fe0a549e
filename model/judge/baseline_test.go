package judge

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/portolan/portolan/model/internal/listentest"
	"github.com/portolan/portolan/model/listen"
)

func TestBaselineApproveSaveLoad(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "portolan")
	b, err := LoadBaseline(dir)
	if err != nil {
		t.Fatal(err)
	}
	if b.Exists() || b.Notice() != "" || len(b.Entries()) != 0 {
		t.Fatal("a missing file is not an empty, not-yet-existing baseline")
	}
	b.now = func() time.Time { return time.Date(2026, 3, 4, 5, 6, 7, 8, time.UTC) }
	sshd := listentest.Listener("tcp", "0.0.0.0", 22, "sshd")
	sshd.Exe = "/usr/sbin/sshd"
	dns := listentest.Listener("udp", "127.0.0.53", 53, "systemd-resolve")
	n, err := b.Approve(sshd, dns, sshd)
	if err != nil || n != 2 {
		t.Fatalf("Approve: %d, %v", n, err)
	}
	if n, _ := b.Approve(sshd); n != 0 {
		t.Errorf("approved twice: %d", n)
	}
	if !b.Exists() || !b.Approved(&sshd) || !b.Approved(&dns) {
		t.Error("not approved after Approve")
	}

	// The documented format.
	data, err := os.ReadFile(filepath.Join(dir, BaselineFile))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Version  int              `json:"version"`
		Approved []map[string]any `json:"approved"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Version != 1 || len(doc.Approved) != 2 {
		t.Fatalf("file:\n%s", data)
	}
	first := doc.Approved[0] // sorted: tcp before udp
	if first["protocol"] != "tcp" || first["address"] != "0.0.0.0" || first["port"] != 22.0 ||
		first["process"] != "sshd" || first["exe"] != "/usr/sbin/sshd" || first["approved"] != "2026-03-04T05:06:07Z" {
		t.Errorf("entry: %v", first)
	}

	b2, err := LoadBaseline(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !b2.Exists() || !b2.Approved(&sshd) || !b2.Approved(&dns) || len(b2.Entries()) != 2 {
		t.Error("reloaded baseline differs")
	}
	// Another program on the same address and port is not approved.
	other := sshd
	other.Process = "nc"
	if b2.Approved(&other) {
		t.Error("a different process on an approved port counts as approved")
	}
	other = sshd
	other.Address = "::"
	if b2.Approved(&other) {
		t.Error("another address counts as approved")
	}
	if n, err := b2.Revoke(dns); n != 1 || err != nil || b2.Approved(&dns) {
		t.Errorf("Revoke: %d %v", n, err)
	}
	b3, _ := LoadBaseline(dir)
	if b3.Approved(&dns) || !b3.Approved(&sshd) {
		t.Error("Revoke was not saved")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("files left in the folder: %v", entries)
	}
}

func TestBaselineEntryWithoutProcessMatchesAny(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, BaselineFile), []byte(`{"version":1,"approved":[
		{"protocol":"udp","address":"0.0.0.0","port":5353,"process":"","approved":"2026-01-01T00:00:00Z"}]}`), 0o600)
	b, err := LoadBaseline(dir)
	if err != nil || b.Notice() != "" {
		t.Fatal(err, b.Notice())
	}
	for _, p := range []string{"avahi-daemon", ""} {
		l := listentest.Listener("udp", "0.0.0.0", 5353, p)
		if !b.Approved(&l) {
			t.Errorf("process %q not approved", p)
		}
	}
}

func TestBaselineCorruptKeptAside(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, BaselineFile)
	for i, bad := range []string{`{"version":1,"approved":[`, `not json`, `{"approved":[]}`, `{"version":1,"approved":[{"protocol":"sctp","address":"::","port":1}]}`} {
		os.WriteFile(path, []byte(bad), 0o600)
		b, err := LoadBaseline(dir)
		if err != nil {
			t.Fatalf("%q: %v", bad, err)
		}
		bak := path + ".bak"
		if i > 0 {
			bak += "." + string(rune('0'+i))
		}
		kept, err := os.ReadFile(bak)
		if err != nil || string(kept) != bad {
			t.Errorf("%q: not kept as %s (%v)", bad, bak, err)
		}
		if n := b.Notice(); !strings.Contains(n, bak) || !strings.Contains(n, "could not be read") {
			t.Errorf("notice: %q", n)
		}
		if b.Exists() || len(b.Entries()) != 0 {
			t.Error("a damaged baseline is not empty")
		}
		if _, err := os.Stat(path); !os.IsNotExist(err) {
			t.Error("the damaged file is still in place")
		}
	}
	// Approving after that writes a fresh file and keeps the .bak files.
	b, _ := LoadBaseline(dir)
	if _, err := b.Approve(listentest.Listener("tcp", "127.0.0.1", 22, "sshd")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path + ".bak"); err != nil {
		t.Error(".bak lost")
	}
}

func TestBaselineNewerVersionLeftAlone(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, BaselineFile)
	content := `{"version":2,"approved":[],"future":true}`
	os.WriteFile(path, []byte(content), 0o600)
	if _, err := LoadBaseline(dir); err == nil || !strings.Contains(err.Error(), "newer") {
		t.Errorf("err = %v", err)
	}
	if got, _ := os.ReadFile(path); string(got) != content {
		t.Error("a newer file was changed")
	}
	if _, err := os.Stat(path + ".bak"); !os.IsNotExist(err) {
		t.Error("a newer file was set aside")
	}
}

func TestBaselineUnwritableFolder(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root writes anywhere")
	}
	dir := t.TempDir()
	b, _ := LoadBaseline(dir)
	os.Chmod(dir, 0o500)
	defer os.Chmod(dir, 0o700)
	if _, err := b.Approve(listentest.Listener("tcp", "127.0.0.1", 22, "sshd")); err == nil {
		t.Error("no error writing into a read-only folder")
	}
	if b.Exists() || len(b.Entries()) != 0 {
		t.Error("a failed save changed the baseline")
	}
}

func TestBaselineConcurrentUse(t *testing.T) {
	b, _ := LoadBaseline(t.TempDir())
	v := &Verdicts{Space: listentest.Space(), Baseline: b}
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(2)
		go func() {
			defer wg.Done()
			for j := 0; j < 20; j++ {
				v.Judge([]listen.Listener{listentest.Listener("tcp", "127.0.0.1", 22, "sshd")})
			}
		}()
		go func(i int) {
			defer wg.Done()
			b.Approve(listentest.Listener("tcp", "127.0.0.1", uint16(1000+i), "x"))
		}(i)
	}
	wg.Wait()
	if len(b.Entries()) != 4 {
		t.Errorf("%d entries", len(b.Entries()))
	}
}

func TestListenerConfigDir(t *testing.T) {
	t.Setenv(ConfigDirEnv, "/some/where")
	if d, err := ConfigDir(); d != "/some/where" || err != nil {
		t.Errorf("with %s: %q %v", ConfigDirEnv, d, err)
	}
	t.Setenv(ConfigDirEnv, "")
	t.Setenv("XDG_CONFIG_HOME", "/xdg")
	t.Setenv("HOME", "/home/x")
	d, err := ConfigDir()
	if err != nil || !strings.HasSuffix(d, "portolan") {
		t.Errorf("default: %q %v", d, err)
	}
}
