package judge

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/portolan/portolan/model/identity"
)

func TestBuiltinKnowledge(t *testing.T) {
	t.Parallel()
	k := DefaultKnowledge()
	ps := k.Programs()
	if len(ps) < 150 {
		t.Fatalf("%d programs, want at least 150", len(ps))
	}
	owner := map[string]string{}
	platforms := map[string]int{}
	for _, p := range ps {
		if p.Source == "" {
			t.Errorf("%s: no source for its facts", p.Name)
		}
		if len(p.Platforms) == 0 {
			t.Errorf("%s: no platforms", p.Name)
		}
		for _, pl := range p.Platforms {
			platforms[pl]++
		}
		if len(p.Listens) == 0 && p.Role != RoleShell && p.Role != RoleNetTool {
			t.Errorf("%s: a %s with no usual ports", p.Name, p.Role)
		}
		if len(p.Args) > 0 {
			continue
		}
		// One name, one program: otherwise matching would depend on order.
		for _, g := range p.names {
			if g.re != nil {
				continue
			}
			if o, ok := owner[g.literal]; ok && o != p.Name {
				t.Errorf("name %q belongs to %s and %s", g.literal, o, p.Name)
			}
			owner[g.literal] = p.Name
		}
	}
	for _, pl := range []string{"linux", "macos", "windows"} {
		if platforms[pl] < 15 {
			t.Errorf("only %d programs for %s", platforms[pl], pl)
		}
	}
	for _, name := range []string{"sshd", "cupsd", "systemd-resolved", "chronyd", "rpcbind", "dhclient", "avahi-daemon",
		"syncthing", "docker-proxy", "containerd", "tailscaled", "spotify", "steam", "kdeconnectd", "nginx", "apache2",
		"httpd", "postgres", "mysqld", "mariadbd", "redis-server", "memcached", "dnsmasq", "chrome", "firefox"} {
		if len(k.byName[name]) == 0 {
			t.Errorf("no program named %s", name)
		}
	}
}

func TestParseListen(t *testing.T) {
	t.Parallel()
	good := map[string]Listen{
		"tcp 22 all":              {TCP: true, Low: 22, High: 22, Scope: ScopeAll},
		"udp 323 loopback":        {UDP: true, Low: 323, High: 323, Scope: ScopeLoopback},
		"tcp+udp 1714-1764":       {TCP: true, UDP: true, Low: 1714, High: 1764, Scope: ScopeAll},
		"udp ephemeral all":       {UDP: true, Ephemeral: true, Scope: ScopeAll},
		"tcp any loopback":        {TCP: true, Any: true, Scope: ScopeLoopback},
		"tcp+udp 53 address":      {TCP: true, UDP: true, Low: 53, High: 53, Scope: ScopeAddress},
		"udp+tcp 65535 loopback ": {TCP: true, UDP: true, Low: 65535, High: 65535, Scope: ScopeLoopback},
	}
	for in, want := range good {
		got, err := ParseListen(in)
		if err != nil || got != want {
			t.Errorf("ParseListen(%q) = %+v, %v; want %+v", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "tcp", "sctp 22", "tcp 0", "tcp 70000", "tcp 30-20", "tcp 22 everywhere", "tcp 22 all now", "tcp x"} {
		if _, err := ParseListen(bad); err == nil {
			t.Errorf("ParseListen(%q) accepted", bad)
		}
	}
	ls, err := parseListens([]string{"tcp 80,443,8000-8010 all"})
	if err != nil || len(ls) != 3 || ls[2].Low != 8000 || ls[2].High != 8010 {
		t.Fatalf("a list of ports: %+v, %v", ls, err)
	}
}

func TestGlob(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		pattern, s string
		want       bool
	}{
		{"/usr/lib/postgresql/*/bin/postgres", "/usr/lib/postgresql/16/bin/postgres", true},
		{"/usr/lib/postgresql/*/bin/postgres", "/usr/lib/postgresql/16/x/bin/postgres", false},
		{"**/.steam/steam/ubuntu12_32/steam", "/home/ann/.steam/steam/ubuntu12_32/steam", true},
		{"**/.dropbox-dist/**", "/home/ann/.dropbox-dist/dropbox-lnx.x86_64-1/dropbox", true},
		{"python3*", "python3.12", true},
		{"python3*", "python2.7", false},
		{"qemu-system-*", "qemu-system-x86_64", true},
		{"C:/Windows/System32/svchost.exe", `c:\windows\system32\SVCHOST.EXE`, true},
		{"a?c", "abc", true},
		{"a?c", "a/c", false},
		{"x.y", "xzy", false},
	} {
		g, err := compileGlob(c.pattern)
		if err != nil {
			t.Fatal(err)
		}
		if got := g.match(normPath(c.s)); got != c.want {
			t.Errorf("%q matches %q: %v, want %v", c.pattern, c.s, got, c.want)
		}
	}
}

func TestMatchByFileNeverByName(t *testing.T) {
	t.Parallel()
	k := DefaultKnowledge()
	for _, c := range []struct {
		facts identity.Facts
		want  string // program name, "" for unknown
	}{
		{identity.Facts{Exe: "/usr/sbin/sshd", Comm: "sshd"}, "sshd"},
		{identity.Facts{Exe: "/home/ann/bin/backdoor", Comm: "sshd"}, ""},
		{identity.Facts{Exe: "/usr/lib/postfix/sbin/master", Comm: "master"}, "postfix master"},
		{identity.Facts{Exe: "/opt/other/master", Comm: "master"}, ""},
		{identity.Facts{Exe: "/usr/lib/postgresql/16/bin/postgres", Comm: "postgres"}, "postgres"},
		{identity.Facts{Exe: "/usr/bin/python3.12", Comm: "python3", Cmdline: "python3 -m http.server 8000"}, "python http.server"},
		{identity.Facts{Exe: "/usr/bin/python3.12", Comm: "python3", Cmdline: "python3 manage.py runserver"}, "python"},
		{identity.Facts{Exe: "/usr/bin/python3.12", Script: "/usr/bin/networkd-dispatcher", Comm: "networkd-dispat"}, ""},
		{identity.Facts{Exe: "/usr/bin/gjs-console", Script: "/home/ann/.local/share/gnome-shell/extensions/gsconnect@andyholmes.github.io/service/daemon.js", Comm: "daemon.js"}, "GSConnect"},
		{identity.Facts{Exe: "/home/ann/.local/share/Steam/ubuntu12_32/steam", Comm: "steam"}, "steam"},
		{identity.Facts{Exe: "/usr/bin/qemu-system-x86_64", Comm: "qemu-system-x86"}, "QEMU"},
		{identity.Facts{Exe: `C:\Windows\System32\svchost.exe`, Comm: "svchost"}, "svchost"},
		{identity.Facts{Exe: `C:\Users\Public\svchost.exe`, Comm: "svchost"}, ""},
		{identity.Facts{Exe: `C:\Program Files\Mozilla Firefox\firefox.exe`, Comm: "firefox"}, "Firefox"},
		{identity.Facts{Exe: "/usr/bin/php8.2", Comm: "php8.2", Cmdline: "php -S 0.0.0.0:8080"}, "php built-in server"},
		{identity.Facts{Comm: "sshd"}, ""},
	} {
		f := c.facts
		got := ""
		if p := k.Match(&f); p != nil {
			got = p.Name
		}
		if got != c.want {
			t.Errorf("%+v matched %q, want %q", c.facts, got, c.want)
		}
	}
}

func TestLoadKnowledge(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	k, err := LoadKnowledge(dir)
	if err != nil || len(k.Programs()) != len(DefaultKnowledge().Programs()) {
		t.Fatalf("no file: %v", err)
	}
	write := func(s string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, ProgramsFile), []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(`{"version": 1, "programs": [
		{"program": "nginx", "listens": ["tcp 8081 all"], "source": "our reverse proxy"},
		{"program": "teleport", "paths": ["/usr/local/bin/teleport"], "listens": ["tcp 3022-3025 all"]}
	]}`)
	k, err = LoadKnowledge(dir)
	if err != nil {
		t.Fatal(err)
	}
	nginx := k.Match(&identity.Facts{Exe: "/usr/sbin/nginx"})
	if nginx == nil || !nginx.User || nginx.usual(true, 8081, false) == nil || nginx.usual(true, 443, false) == nil ||
		!strings.Contains(nginx.Source, "yours: our reverse proxy") {
		t.Fatalf("nginx with the user's port: %+v", nginx)
	}
	if p := k.Match(&identity.Facts{Exe: "/usr/local/bin/teleport"}); p == nil || p.usual(true, 3023, false) == nil {
		t.Fatalf("the user's own program: %+v", p)
	}
	if DefaultKnowledge().Match(&identity.Facts{Exe: "/usr/sbin/nginx"}).usual(true, 8081, false) != nil {
		t.Fatal("the user's additions leaked into the built-in knowledge")
	}
	for _, bad := range []string{
		`{`,
		`{"version": 2, "programs": []}`,
		`{"version": 1, "programs": [{"program": "x", "listens": ["tcp 99999"]}]}`,
		`{"version": 1, "programs": [{"program": "x", "names": ["/bin/x"]}]}`,
		`{"version": 1, "programs": [{"program": "x", "args": ["-l"], "listens": ["tcp 1 all"]}]}`,
		`{"version": 1, "programs": [{"program": "x", "role": "wizard"}]}`,
		`{"version": 1, "programs": [{"program": "x", "paths": ["relative/x"]}]}`,
		`{"version": 1, "programs": [{"program": "x", "colour": "red"}]}`,
	} {
		write(bad)
		k, err := LoadKnowledge(dir)
		if err == nil || k == nil || len(k.Programs()) != len(DefaultKnowledge().Programs()) {
			t.Errorf("file %s: err %v, knowledge %v", bad, err, k != nil)
		}
		if data, _ := os.ReadFile(filepath.Join(dir, ProgramsFile)); string(data) != bad {
			t.Errorf("a bad file was changed")
		}
	}
}
