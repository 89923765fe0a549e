package judge

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"

	"github.com/portolan/portolan/model"
	"github.com/portolan/portolan/model/history"
	"github.com/portolan/portolan/model/identity"
	"github.com/portolan/portolan/model/identity/rpmdb"
	"github.com/portolan/portolan/model/internal/fsutil"
)

// ConfigDirEnv overrides the config folder (tests, portable installs).
const ConfigDirEnv = "PORTOLAN_CONFIG_DIR"

// BaselineFile is the old baseline's name in the config folder: the
// history imports it once (history.Options.BaselineFile).
const BaselineFile = "baseline.json"

// ConfigDir is the folder of the user's knowledge additions (and of the
// old baseline.json): $PORTOLAN_CONFIG_DIR if set, else
// os.UserConfigDir()/portolan (~/.config/portolan on Linux). It is not
// created here.
func ConfigDir() (string, error) {
	return fsutil.UserDir(ConfigDirEnv, os.UserConfigDir, "config folder")
}

// Setup is what the window and the command line judge listeners with,
// loaded one way for both: the knowledge (built-in plus the config
// folder's programs.json), the listener history holding the approvals, the
// identity reader the poller fills facts with, and the verdicts over them.
type Setup struct {
	Verdicts *Verdicts
	// Identity is for listen.Poller.SetIdentity.
	Identity *identity.Reader
	// History is the open listener history (nil when it could not be
	// opened: HistoryErr says why). Close it with Setup.Close.
	History *history.Store
	// Notices are messages to show once: an old file migrated, a damaged
	// history set aside.
	Notices []string
	// Why parts are missing, for the caller to tell in its own words (nil
	// when all is well): no config folder (no knowledge additions), a
	// programs.json that is not used (the built-in knowledge is), no
	// history (nothing can be approved; nothing is "new").
	ConfigDirErr, KnowledgeErr, HistoryErr error
}

// SetupOptions say where things are; the zero value is this user's
// folders.
type SetupOptions struct {
	// ConfigDir replaces ConfigDir(); HistoryPath replaces
	// history.DefaultPath.
	ConfigDir, HistoryPath string
	// NoHistory leaves the history closed (no approvals).
	NoHistory bool
}

// NewSetup loads everything over space. Problems never stop it: they are
// in the Err fields and Notices.
func NewSetup(ctx context.Context, space *model.Space, o SetupOptions) *Setup {
	s := &Setup{Identity: NewIdentityReader()}
	dir := o.ConfigDir
	if dir == "" {
		dir, s.ConfigDirErr = ConfigDir()
	}
	var k *Knowledge
	if dir != "" {
		if n, err := MigrateKnownProcs(dir, space.Reg); err != nil {
			s.Notices = append(s.Notices, err.Error())
		} else if n != "" {
			s.Notices = append(s.Notices, n)
		}
		k, s.KnowledgeErr = LoadKnowledge(dir)
	}
	engine := NewEngine(k)
	v := NewVerdicts(space, engine, nil)
	if !o.NoHistory {
		s.History, s.HistoryErr = openHistory(ctx, o.HistoryPath, dir, v)
	}
	if s.History != nil {
		s.Notices = append(s.Notices, s.History.Notices()...)
		v.baseline = NewBaseline(ctx, s.History)
		if err := v.baseline.Err(); err != nil {
			s.HistoryErr = fmt.Errorf("the approvals could not be read: %w", err)
		}
	}
	s.Verdicts = v
	return s
}

func openHistory(ctx context.Context, path, configDir string, v *Verdicts) (*history.Store, error) {
	if path == "" {
		p, err := history.DefaultPath(history.Env{GOOS: runtime.GOOS, Getenv: os.Getenv, Home: os.UserHomeDir})
		if err != nil {
			return nil, err
		}
		path = p
	}
	o := history.Options{Path: path, IsEphemeral: v.Ephemeral}
	if configDir != "" {
		o.BaselineFile = filepath.Join(configDir, BaselineFile)
	}
	return history.Open(ctx, o)
}

// Close closes the history.
func (s *Setup) Close() error {
	if s.History == nil {
		return nil
	}
	return s.History.Close()
}

// NewIdentityReader reads this machine's processes and asks its package
// databases: dpkg's or rpm's, whichever this system has.
func NewIdentityReader() *identity.Reader {
	return identity.NewReader(identity.Options{Packages: []identity.PackageDB{
		identity.NewDpkg("/var/lib/dpkg"),
		rpmdb.Open(rpmdb.DefaultPath),
	}})
}
