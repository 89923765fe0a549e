package history

import (
	"errors"
	"path/filepath"
	"testing"
)

func TestDefaultPath(t *testing.T) {
	t.Parallel()
	home := func() (string, error) { return "/home/al", nil }
	noHome := func() (string, error) { return "", errors.New("no $HOME") }
	env := func(kv ...string) func(string) string {
		return func(k string) string {
			for i := 0; i+1 < len(kv); i += 2 {
				if kv[i] == k {
					return kv[i+1]
				}
			}
			return ""
		}
	}
	cases := []struct {
		name string
		e    Env
		want string
	}{
		{"linux", Env{"linux", env(), home}, "/home/al/.local/share/portolan/history.db"},
		{"xdg", Env{"linux", env("XDG_DATA_HOME", "/data/al"), home}, "/data/al/portolan/history.db"},
		{"relative xdg is ignored", Env{"freebsd", env("XDG_DATA_HOME", "data"), home}, "/home/al/.local/share/portolan/history.db"},
		{"override", Env{"linux", env(DataDirEnv, "/srv/p", "XDG_DATA_HOME", "/x"), home}, "/srv/p/history.db"},
		{"macos", Env{"darwin", env("XDG_DATA_HOME", "/x"), home}, "/home/al/Library/Application Support/portolan/history.db"},
		{"windows", Env{"windows", env("LOCALAPPDATA", `C:\Users\al\AppData\Local`), noHome}, filepath.Join(`C:\Users\al\AppData\Local`, "portolan", "history.db")},
	}
	for _, c := range cases {
		if got, err := DefaultPath(c.e); err != nil || got != filepath.FromSlash(c.want) && got != c.want {
			t.Errorf("%s: %q, %v; want %q", c.name, got, err, c.want)
		}
	}
	if _, err := DefaultPath(Env{"linux", env(), noHome}); err == nil {
		t.Error("no home and no XDG_DATA_HOME gave a path")
	}
}

func TestMigrationsAreNumbered(t *testing.T) {
	t.Parallel()
	ms, err := migrations()
	if err != nil || len(ms) == 0 || SchemaVersion() != len(ms) {
		t.Fatalf("migrations %d (%v), SchemaVersion %d", len(ms), err, SchemaVersion())
	}
	s := openTest(t, Options{})
	var v, app int
	s.db.QueryRow("PRAGMA user_version").Scan(&v)
	s.db.QueryRow("PRAGMA application_id").Scan(&app)
	if v != len(ms) || app != applicationID {
		t.Fatalf("user_version %d, application_id %#x; want %d, %#x", v, app, len(ms), applicationID)
	}
}
