package history

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// oldBaseline is a baseline.json as model.Baseline writes it: with and
// without exe, IPv6, an interface, any process, an ephemeral port, and an
// entry whose key the new rule shares with another (kept too).
const oldBaseline = `{
  "version": 1,
  "comment": "Listeners approved as expected by Portolan; format in docs/listeners.md.",
  "approved": [
    {"protocol": "tcp", "address": "0.0.0.0", "port": 22, "process": "sshd", "exe": "/usr/sbin/sshd", "user": "root", "approved": "2025-01-02T10:00:00Z"},
    {"protocol": "tcp", "address": "::", "port": 22, "process": "sshd", "exe": "/usr/sbin/sshd", "user": "root", "approved": "2025-01-02T10:00:01Z"},
    {"protocol": "udp", "address": "127.0.0.53%lo", "port": 53, "process": "systemd-resolve", "approved": "2025-01-03T09:00:00Z"},
    {"protocol": "tcp", "address": "::1", "port": 631, "process": "", "approved": "2025-01-04T09:00:00Z"},
    {"protocol": "udp", "address": "0.0.0.0", "port": 41641, "process": "spotify", "exe": "/opt/spotify/spotify", "user": "alice", "approved": "2025-01-05T09:00:00Z"},
    {"protocol": "tcp", "address": "192.168.1.5", "port": 8384, "process": "Syncthing", "user": "alice", "approved": "2025-01-06T09:00:00Z"}
  ]
}`

func ephemeralRange(p uint16) bool { return p >= 32768 && p <= 60999 }

func TestBaselineImportKeepsEveryApproval(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	bl := filepath.Join(dir, "baseline.json")
	if err := os.WriteFile(bl, []byte(oldBaseline), 0o600); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, FileName)
	s := openTest(t, Options{Path: path, BaselineFile: bl, IsEphemeral: ephemeralRange})
	if _, err := os.Stat(bl); !os.IsNotExist(err) {
		t.Fatalf("baseline.json is still there (%v)", err)
	}
	kept, err := os.ReadFile(bl + MigratedSuffix)
	if err != nil || string(kept) != oldBaseline {
		t.Fatalf("baseline.json.migrated differs from the old file (%v)", err)
	}
	if n := strings.Join(s.Notices(), "\n"); !strings.Contains(n, "6 approvals") || !strings.Contains(n, MigratedSuffix) {
		t.Fatalf("notices %q, want the 6 approvals and the .migrated file named", n)
	}
	set, err := s.Approvals(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if set.Len() != 6 {
		t.Fatalf("%d approvals, want 6: %+v", set.Len(), set.Entries())
	}
	if !set.Made.Equal(time.Date(2025, 1, 2, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("baseline made %v, want the first approval's time", set.Made)
	}
	// Every listener the old file approved is approved, with its fields.
	var doc baselineJSON
	json.Unmarshal([]byte(oldBaseline), &doc)
	for i, e := range doc.Approved {
		o := Observation{Protocol: e.Protocol, Address: e.Address, Port: e.Port, Scope: ScopeOfAddress(e.Address),
			Process: e.Process, Exe: e.Exe, User: e.User, Ephemeral: ephemeralRange(e.Port)}
		if o.Process == "" {
			o.Process = "cupsd" // "any process"
		}
		if !set.Approved(&o) {
			t.Errorf("entry %d (%+v) is no longer approved", i+1, e)
		}
		found := false
		for _, a := range set.Entries() {
			found = found || (a.Address == e.Address && a.Process == e.Process && a.User == e.User && a.Approved.Equal(e.Approved) && a.Origin == "baseline.json")
		}
		if !found {
			t.Errorf("entry %d lost a field: %+v", i+1, e)
		}
	}
	// spotify's key is its executable on an ephemeral port: another port
	// after a restart is still approved; another program there is not.
	o := Observation{Protocol: "udp", Address: "0.0.0.0", Port: 50505, Ephemeral: true, Scope: "all", Exe: "/opt/spotify/spotify", Process: "spotify"}
	if !set.Approved(&o) {
		t.Error("spotify on another ephemeral port is not approved")
	}
	o.Exe = "/tmp/spotify"
	if set.Approved(&o) {
		t.Error("another executable named spotify is approved")
	}
	// Importing the same file again adds nothing.
	s.Close()
	os.WriteFile(bl, []byte(oldBaseline), 0o600)
	s2 := openTest(t, Options{Path: path, BaselineFile: bl, IsEphemeral: ephemeralRange})
	if set, _ := s2.Approvals(context.Background()); set.Len() != 6 {
		t.Fatalf("after a second import %d approvals, want 6", set.Len())
	}
	if _, err := os.Stat(bl + MigratedSuffix + ".1"); err != nil {
		t.Fatalf("the second file was not kept beside the first: %v", err)
	}
}

func TestBadBaselineIsLeftInPlace(t *testing.T) {
	t.Parallel()
	for name, content := range map[string]string{
		"damaged": `{"version": 1, "approved": [`,
		"newer":   `{"version": 2, "approved": []}`,
		"no tcp":  `{"version": 1, "approved": [{"protocol": "sctp", "address": "::", "port": 1}]}`,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			bl := filepath.Join(dir, "baseline.json")
			os.WriteFile(bl, []byte(content), 0o600)
			s := openTest(t, Options{Path: filepath.Join(dir, FileName), BaselineFile: bl})
			if b, err := os.ReadFile(bl); err != nil || string(b) != content {
				t.Fatalf("the baseline was changed or moved (%v)", err)
			}
			if n := strings.Join(s.Notices(), "\n"); !strings.Contains(n, "left unchanged") {
				t.Fatalf("notices %q, want to hear the file is left unchanged", n)
			}
			if set, _ := s.Approvals(context.Background()); set.Len() != 0 || !set.Made.IsZero() {
				t.Fatalf("approvals %+v from a refused file", set.Entries())
			}
		})
	}
}

func TestApproveAndRevoke(t *testing.T) {
	t.Parallel()
	s := openTest(t, Options{Now: func() time.Time { return t0 }})
	ctx := context.Background()
	ssh, nginx := obs("sshd", 22, 1), obs("nginx", 80, 2)
	if n, err := s.Approve(ctx, ssh, ssh); err != nil || n != 1 {
		t.Fatalf("Approve = %d, %v; want 1 added", n, err)
	}
	set, _ := s.Approvals(ctx)
	if !set.Approved(&ssh) || set.Approved(&nginx) || !set.Made.Equal(t0) {
		t.Fatalf("after approving sshd: sshd %v, nginx %v, made %v", set.Approved(&ssh), set.Approved(&nginx), set.Made)
	}
	// A restart with another PID, or as another user, is still sshd.
	restarted := ssh
	restarted.PID, restarted.User = 99, "sshd"
	if !set.Approved(&restarted) {
		t.Error("a restarted sshd is not approved")
	}
	rev := set.Revision
	if n, err := s.Revoke(ctx, nginx); err != nil || n != 0 {
		t.Fatalf("revoking what was not approved = %d, %v", n, err)
	}
	if n, err := s.Revoke(ctx, restarted); err != nil || n != 1 {
		t.Fatalf("Revoke = %d, %v; want 1", n, err)
	}
	set, _ = s.Approvals(ctx)
	if set.Approved(&ssh) || set.Revision == rev {
		t.Fatalf("after revoking: approved %v, revision %d (was %d)", set.Approved(&ssh), set.Revision, rev)
	}
}

// Approvals made at once, by goroutines and by processes, are all kept.
func TestParallelApprovalsAreAllKept(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), FileName)
	const perWriter = 25
	kids := []*child{
		startChild(t, "approve", path, "HISTORY_TEST_N="+strconv.Itoa(perWriter), "HISTORY_TEST_TAG=procA"),
		startChild(t, "approve", path, "HISTORY_TEST_N="+strconv.Itoa(perWriter), "HISTORY_TEST_TAG=procB"),
	}
	s := openTest(t, Options{Path: path})
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := 0; i < perWriter; i++ {
				if _, err := s.Approve(context.Background(), obs(fmt.Sprintf("go%d-%d", g, i), uint16(3000+i), 1)); err != nil {
					t.Errorf("goroutine %d: %v", g, err)
					return
				}
			}
		})
	}
	wg.Wait()
	for _, c := range kids {
		if err := c.cmd.Wait(); err != nil {
			t.Fatalf("approving process: %v", err)
		}
	}
	set, err := s.Approvals(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if set.Len() != 6*perWriter || set.Revision != 6*perWriter {
		t.Fatalf("%d approvals, revision %d; want %d of each", set.Len(), set.Revision, 6*perWriter)
	}
}
