package history

import (
	"fmt"
	"path/filepath"
)

// DataDirEnv overrides the folder of the history database (tests,
// portable installs).
const DataDirEnv = "PORTOLAN_DATA_DIR"

// FileName is the database's name in the data folder.
const FileName = "history.db"

// Env is what DefaultPath reads of the environment: the OS name (as
// runtime.GOOS), environment variables and the home folder. Callers pass
// runtime.GOOS, os.Getenv and os.UserHomeDir; tests pass fakes.
type Env struct {
	GOOS   string
	Getenv func(string) string
	Home   func() (string, error)
}

// DefaultPath is where the history lives unless the caller says otherwise:
// $PORTOLAN_DATA_DIR/history.db if set, else the platform's folder for
// user data:
//   - Linux and other Unix: $XDG_DATA_HOME/portolan, else ~/.local/share/portolan
//   - macOS: ~/Library/Application Support/portolan
//   - Windows: %LOCALAPPDATA%\portolan
//
// It is the one home of this rule; the folder is not created here (Open
// does that).
func DefaultPath(env Env) (string, error) {
	if d := env.Getenv(DataDirEnv); d != "" {
		return filepath.Join(d, FileName), nil
	}
	home := func() (string, error) {
		h, err := env.Home()
		if err == nil && h == "" {
			err = fmt.Errorf("no home folder")
		}
		if err != nil {
			return "", fmt.Errorf("history: no folder for user data (%v); set %s", err, DataDirEnv)
		}
		return h, nil
	}
	var dir string
	switch env.GOOS {
	case "windows":
		dir = env.Getenv("LOCALAPPDATA")
		if dir == "" {
			h, err := home()
			if err != nil {
				return "", err
			}
			dir = filepath.Join(h, "AppData", "Local")
		}
	case "darwin", "ios":
		h, err := home()
		if err != nil {
			return "", err
		}
		dir = filepath.Join(h, "Library", "Application Support")
	default:
		// XDG says a relative XDG_DATA_HOME is invalid and must be ignored.
		if x := env.Getenv("XDG_DATA_HOME"); x != "" && filepath.IsAbs(x) {
			dir = x
		} else {
			h, err := home()
			if err != nil {
				return "", err
			}
			dir = filepath.Join(h, ".local", "share")
		}
	}
	return filepath.Join(dir, "portolan", FileName), nil
}
