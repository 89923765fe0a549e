package judge

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/portolan/portolan/model/internal/listentest"
	"github.com/portolan/portolan/model/listen"
)

const oldKnownProcs = `{
  "version": 1,
  "any": ["s6-svscan"],
  "services": {"ssh": ["teleport"], "http": ["gunicorn*"]}
}`

const oldBaseline = `{
  "version": 1,
  "approved": [
    {"protocol": "tcp", "address": "0.0.0.0", "port": 8443, "process": "server", "exe": "/opt/app/server", "user": "root", "approved": "2026-03-04T05:06:07Z"}
  ]
}`

func write(t *testing.T, path, data string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestSetupMigratesOldFiles: the user's knownprocs.json becomes entries of
// programs.json, baseline.json approvals of the history; both old files
// are kept as .migrated, and nothing is lost or done twice.
func TestSetupMigratesOldFiles(t *testing.T) {
	t.Parallel()
	dir, data := t.TempDir(), t.TempDir()
	write(t, filepath.Join(dir, KnownProcsFile), oldKnownProcs)
	write(t, filepath.Join(dir, BaselineFile), oldBaseline)
	// The user's own programs.json keeps its entries.
	write(t, filepath.Join(dir, ProgramsFile), `{"version": 1, "programs": [{"program": "myd", "listens": ["tcp 7000 all"]}]}`)
	ctx := context.Background()
	o := SetupOptions{ConfigDir: dir, HistoryPath: filepath.Join(data, "history.db")}
	s := NewSetup(ctx, listentest.Space(), o)
	defer s.Close()
	if s.HistoryErr != nil || s.KnowledgeErr != nil {
		t.Fatalf("errors: %v, %v", s.HistoryErr, s.KnowledgeErr)
	}
	notices := strings.Join(s.Notices, "\n")
	for _, want := range []string{"3 entries of", KnownProcsFile + MigratedSuffix, "1 approvals", BaselineFile + ".migrated"} {
		if !strings.Contains(notices, want) {
			t.Errorf("notices lack %q:\n%s", want, notices)
		}
	}
	for _, f := range []string{KnownProcsFile + MigratedSuffix, BaselineFile + ".migrated", ProgramsFile} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
	k := s.Verdicts.Engine().Knowledge()
	names := map[string]bool{}
	for _, p := range k.Programs() {
		if p.User {
			names[p.Name] = true
		}
	}
	for _, n := range []string{"myd", "teleport", "gunicorn*", "s6-svscan"} {
		if !names[n] {
			t.Errorf("the knowledge lacks the user's %q (has %v)", n, names)
		}
	}
	// The approved server is calm; teleport serving ssh is an ordinary
	// program now, but not one there when the baseline was made: its only
	// reason is being new.
	ls := []listen.Listener{known("tcp", "0.0.0.0", 22, "/usr/local/bin/teleport", 5), known("tcp", "0.0.0.0", 8443, "/opt/app/server", 6)}
	s.Verdicts.Judge(ls)
	if len(ls[0].Findings) != 1 || !ls[0].HasReason(listen.ReasonNew) {
		t.Errorf("teleport: %v", ls[0].Findings)
	}
	if ls[1].Severity != listen.SeverityNone {
		t.Errorf("the approved server: %v %v", ls[1].Severity, ls[1].Findings)
	}
	s.Close()

	again := NewSetup(ctx, listentest.Space(), o)
	defer again.Close()
	if len(again.Notices) != 0 || again.Verdicts.Baseline().Len() != 1 {
		t.Errorf("a second start: notices %q, %d approvals", again.Notices, again.Verdicts.Baseline().Len())
	}
}

// TestDamagedKnownProcsIsLeftAlone: a knownprocs.json that cannot be read
// is not migrated nor removed; the message says so.
func TestDamagedKnownProcsIsLeftAlone(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write(t, filepath.Join(dir, KnownProcsFile), `{"services": {"ssh": ["teleport"]`)
	s := NewSetup(context.Background(), listentest.Space(), SetupOptions{ConfigDir: dir, NoHistory: true})
	if len(s.Notices) != 1 || !strings.Contains(s.Notices[0], "left as it is") {
		t.Errorf("notices %q", s.Notices)
	}
	if _, err := os.Stat(filepath.Join(dir, KnownProcsFile)); err != nil {
		t.Error(err)
	}
	if _, err := os.Stat(filepath.Join(dir, ProgramsFile)); err == nil {
		t.Error("programs.json written from a damaged file")
	}
	if s.Verdicts.Baseline() != nil {
		t.Error("NoHistory opened a history")
	}
}
