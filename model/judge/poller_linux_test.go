package judge

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/portolan/portolan/model/listen"
	"github.com/portolan/portolan/registry"
)

// TestPollerSeesExecutableDeletedAfterStart: a program whose file is
// deleted after the poller read its facts is judged again within
// listen.RecheckEvery polls, though none of its sockets changed.
func TestPollerSeesExecutableDeletedAfterStart(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and starts a helper program")
	}
	t.Parallel()
	reg, err := registry.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	m := &machine{t: t, helper: buildFakeDaemon(t), root: t.TempDir()}
	m.space = newMachineSpace(reg)
	path := filepath.Join(m.root, "usr", "local", "bin", "netmond")
	place(t, m.helper, path, true)
	d, err := start(t, path, "", "-listen", "tcp:127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer d.stop()
	v := NewVerdicts(m.space, nil, nil)
	p := m.poller(v)
	ctx := context.Background()
	find := func(r listen.PollResult) *listen.Listener {
		t.Helper()
		if r.Err != nil {
			t.Fatal(r.Err)
		}
		for i := range r.Listeners {
			if r.Listeners[i].PID == int32(d.cmd.Process.Pid) {
				return &r.Listeners[i]
			}
		}
		t.Fatalf("the helper's socket is not listed")
		return nil
	}
	l := find(p.PollOnce(ctx))
	if l.Facts == nil || l.Facts.Exe != "/usr/local/bin/netmond" || l.HasReason(listen.ReasonDeleted) {
		t.Fatalf("before deleting: facts %+v, %v", l.Facts, l.Findings)
	}
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	for range listen.RecheckEvery {
		l = find(p.PollOnce(ctx))
	}
	if !l.HasReason(listen.ReasonDeleted) || l.Severity != listen.SeverityAlert {
		t.Fatalf("after deleting: %v %v", l.Severity, l.Findings)
	}
}
