package judge

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/portolan/portolan/model"
	"github.com/portolan/portolan/model/identity"
	"github.com/portolan/portolan/model/listen"
	"github.com/portolan/portolan/registry"
)

// scenarioCase is one program of a machine: the helper copied to path,
// listening as the real program does.
type scenarioCase struct {
	what string
	// path is where the program sits: "/usr/sbin/sshd" in the machine's
	// tree; "tmp:/go-build1/b001/exe/main" in the real temporary folder;
	// "shm:sshd" in /dev/shm.
	path string
	// pkg is the dpkg package listing path ("" for none).
	pkg    string
	listen string
	argv0  string
	args   []string // the program's own arguments (after "--")
	name   string   // prctl name
	delete bool
	shell  bool
}

// benignMachine is what a Debian/Ubuntu desktop that also serves a few
// things runs, with the paths, packages and sockets of the real programs.
var benignMachine = []scenarioCase{
	{what: "OpenSSH server", path: "/usr/sbin/sshd", pkg: "openssh-server", listen: "tcp:0.0.0.0:22,tcp:[::]:22", argv0: "sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups"},
	{what: "CUPS", path: "/usr/sbin/cupsd", pkg: "cups-daemon", listen: "tcp:127.0.0.1:631,tcp:[::1]:631", args: []string{"-l"}},
	{what: "cups-browsed", path: "/usr/sbin/cups-browsed", pkg: "cups-browsed", listen: "udp:0.0.0.0:631"},
	{what: "systemd-resolved", path: "/usr/lib/systemd/systemd-resolved", pkg: "systemd-resolved",
		listen: "udp:127.0.0.53:53,tcp:127.0.0.53:53,udp:127.0.0.54:53,tcp:127.0.0.54:53,tcp:0.0.0.0:5355,udp:0.0.0.0:5355,tcp:[::]:5355,udp:[::]:5355"},
	{what: "chrony", path: "/usr/sbin/chronyd", pkg: "chrony", listen: "udp:127.0.0.1:323,udp:[::1]:323", args: []string{"-F", "1"}},
	{what: "rpcbind", path: "/usr/sbin/rpcbind", pkg: "rpcbind", listen: "tcp:0.0.0.0:111,udp:0.0.0.0:111,tcp:[::]:111,udp:[::]:111", args: []string{"-f", "-w"}},
	{what: "ISC dhclient", path: "/usr/sbin/dhclient", pkg: "isc-dhcp-client", listen: "udp:0.0.0.0:68,udp:0.0.0.0:0"},
	{what: "Avahi", path: "/usr/sbin/avahi-daemon", pkg: "avahi-daemon", listen: "udp:0.0.0.0:5353,udp:[::]:5353,udp:0.0.0.0:0,udp:[::]:0", argv0: "avahi-daemon: running [ann-laptop.local]"},
	{what: "Syncthing", path: "/usr/bin/syncthing", pkg: "syncthing", listen: "tcp:[::]:22000,udp:[::]:22000,udp:0.0.0.0:21027,udp:[::]:21027,tcp:127.0.0.1:8384", args: []string{"serve", "--no-browser"}},
	{what: "docker-proxy", path: "/usr/bin/docker-proxy", pkg: "docker.io", listen: "tcp:0.0.0.0:8080,tcp:[::]:8080",
		args: []string{"-proto", "tcp", "-host-ip", "0.0.0.0", "-host-port", "8080", "-container-ip", "172.17.0.2", "-container-port", "80"}},
	{what: "containerd", path: "/usr/bin/containerd", pkg: "containerd", listen: "tcp:127.0.0.1:0"},
	{what: "Tailscale", path: "/usr/sbin/tailscaled", pkg: "tailscale", listen: "udp:0.0.0.0:41641,udp:[::]:41641,udp:0.0.0.0:0"},
	{what: "Spotify", path: "/usr/share/spotify/spotify", pkg: "spotify-client", listen: "udp:0.0.0.0:57621,tcp:0.0.0.0:0,udp:0.0.0.0:5353"},
	{what: "Steam (installed in the user's home)", path: "/home/ann/.local/share/Steam/ubuntu12_32/steam", listen: "tcp:0.0.0.0:27036,udp:0.0.0.0:27036,tcp:127.0.0.1:57343"},
	{what: "Google Chrome", path: "/opt/google/chrome/chrome", pkg: "google-chrome-stable", listen: "udp:0.0.0.0:5353,udp:0.0.0.0:0"},
	{what: "Firefox ESR", path: "/usr/lib/firefox-esr/firefox-esr", pkg: "firefox-esr", listen: "udp:0.0.0.0:0"},
	{what: "KDE Connect", path: "/usr/lib/x86_64-linux-gnu/libexec/kdeconnectd", pkg: "kdeconnect", listen: "tcp:[::]:1716,udp:[::]:1716"},
	{what: "nginx", path: "/usr/sbin/nginx", pkg: "nginx-core", listen: "tcp:0.0.0.0:80,tcp:[::]:80", argv0: "nginx: master process /usr/sbin/nginx -g daemon on; master_process on;"},
	{what: "Apache", path: "/usr/sbin/apache2", pkg: "apache2-bin", listen: "tcp:[::]:443", args: []string{"-k", "start"}},
	{what: "PostgreSQL 16", path: "/usr/lib/postgresql/16/bin/postgres", pkg: "postgresql-16", listen: "tcp:127.0.0.1:5432,tcp:[::1]:5432"},
	{what: "MariaDB", path: "/usr/sbin/mariadbd", pkg: "mariadb-server-core", listen: "tcp:127.0.0.1:3306"},
	{what: "Redis", path: "/usr/bin/redis-server", pkg: "redis-server", listen: "tcp:127.0.0.1:6379,tcp:[::1]:6379", argv0: "/usr/bin/redis-server 127.0.0.1:6379"},
	{what: "memcached", path: "/usr/bin/memcached", pkg: "memcached", listen: "tcp:127.0.0.1:11211"},
	{what: "dnsmasq (NetworkManager)", path: "/usr/sbin/dnsmasq", pkg: "dnsmasq-base", listen: "udp:127.0.1.1:53,tcp:127.0.1.1:53"},
	{what: "Exim", path: "/usr/sbin/exim4", pkg: "exim4-daemon-light", listen: "tcp:127.0.0.1:25,tcp:[::1]:25"},
	{what: "ssh -L forward", path: "/usr/bin/ssh", pkg: "openssh-client", listen: "tcp:127.0.0.1:8022", args: []string{"-N", "-L", "8022:db.internal:22", "bastion"}},
	{what: "Mosquitto", path: "/usr/sbin/mosquitto", pkg: "mosquitto", listen: "tcp:127.0.0.1:1883,tcp:[::1]:1883"},
	{what: "Grafana", path: "/usr/share/grafana/bin/grafana", pkg: "grafana", listen: "tcp:[::]:3000", args: []string{"server"}},
	{what: "node exporter", path: "/usr/bin/prometheus-node-exporter", pkg: "prometheus-node-exporter", listen: "tcp:[::]:9100"},
	{what: "Samba smbd", path: "/usr/sbin/smbd", pkg: "samba", listen: "tcp:0.0.0.0:445,tcp:0.0.0.0:139"},
	{what: "Samba nmbd", path: "/usr/sbin/nmbd", pkg: "samba", listen: "udp:0.0.0.0:137,udp:0.0.0.0:138"},
	{what: "wsdd", path: "/usr/bin/wsdd", pkg: "wsdd", listen: "udp:[::]:3702,tcp:[::]:5357"},
	{what: "systemd (cockpit.socket)", path: "/usr/lib/systemd/systemd", pkg: "systemd", listen: "tcp:[::]:9090", argv0: "/sbin/init"},
	{what: "Ollama (install script)", path: "/usr/local/bin/ollama", listen: "tcp:127.0.0.1:11434", args: []string{"serve"}},
	{what: "Vite dev server", path: "/usr/bin/node", pkg: "nodejs", listen: "tcp:127.0.0.1:5173", args: []string{"/home/ann/src/shop/node_modules/.bin/vite"}},
	{what: "Django runserver", path: "/usr/bin/python3.12", pkg: "python3.12-minimal", argv0: "python3", listen: "tcp:127.0.0.1:8000", args: []string{"manage.py", "runserver"}},
	{what: "VS Code", path: "/usr/share/code/code", pkg: "code", listen: "tcp:127.0.0.1:0"},
	{what: "the user's own server", path: "/home/ann/src/shop/bin/shop", listen: "tcp:127.0.0.1:8081"},
	{what: "go run (built in /tmp)", path: "tmp:/go-build2741/b001/exe/main", listen: "tcp:127.0.0.1:8090"},
	{what: "Jellyfin", path: "/usr/lib/jellyfin/bin/jellyfin", pkg: "jellyfin-server", listen: "tcp:[::]:8096,udp:0.0.0.0:7359"},
	{what: "QEMU (libvirt VNC, user hostfwd)", path: "/usr/bin/qemu-system-x86_64", pkg: "qemu-system-x86", listen: "tcp:127.0.0.1:5900,tcp:127.0.0.1:2222"},
	{what: "xrdp", path: "/usr/sbin/xrdp", pkg: "xrdp", listen: "tcp:[::]:3389", args: []string{"--nodaemon"}},
	{what: "cloudflared", path: "/usr/bin/cloudflared", pkg: "cloudflared", listen: "tcp:127.0.0.1:20241", args: []string{"tunnel", "run"}},
}

// plantedMachine is what an intruder leaves behind.
var plantedMachine = []scenarioCase{
	{what: "nc bind shell on 4444", path: "/usr/bin/nc.openbsd", pkg: "netcat-openbsd", argv0: "nc", listen: "tcp:0.0.0.0:4444", args: []string{"-lvnp", "4444"}},
	{what: "a user process calling itself kworker/0:1", path: "/var/lib/sysupd/sysupd", name: "kworker/0:1", argv0: "[kworker/0:1]", listen: "tcp:0.0.0.0:8443"},
	{what: "sshd run from /dev/shm", path: "shm:sshd", argv0: "/usr/sbin/sshd", listen: "tcp:[::]:2222", args: []string{"-D"}},
	{what: "nginx run from a hidden folder in a home", path: "/home/ann/.x/nginx", listen: "tcp:0.0.0.0:8088"},
	{what: "sh holding a socket", path: "/usr/local/bin/helper", shell: true, listen: "tcp:0.0.0.0:31337"},
	{what: "a program that deleted its executable", path: "/usr/local/bin/netmond", delete: true, listen: "tcp:0.0.0.0:9001"},
	{what: "a program renamed to sshd on 22", path: "/usr/local/bin/portolan-agent", name: "sshd", listen: "tcp:0.0.0.0:22"},
	{what: "a program renamed to rsyslogd", path: "/opt/monitor/agent", name: "rsyslogd", listen: "udp:0.0.0.0:5140"},
	{what: "kdevtmpfsi miner in /tmp", path: "tmp:/kdevtmpfsi", listen: "tcp:0.0.0.0:0"},
	{what: "python3 -m http.server", path: "/usr/bin/python3.12", pkg: "python3.12-minimal", argv0: "python3", listen: "tcp:0.0.0.0:8000", args: []string{"-m", "http.server"}},
	{what: "socat relay", path: "/usr/bin/socat", pkg: "socat", listen: "tcp:0.0.0.0:1080", args: []string{"TCP-LISTEN:1080,fork", "TCP:10.0.0.5:3389"}},
}

// judged is one listener of the scenario as the poller delivered it,
// judged, and the knowledge entry its program matched.
type judged struct {
	c       scenarioCase
	l       listen.Listener
	program string
}

type machine struct {
	t            *testing.T
	helper, root string
	tmp, shm     string
	space        *model.Space
	unprivileged int // net.ipv4.ip_unprivileged_port_start
}

func (m *machine) realPath(c scenarioCase) string {
	switch {
	case strings.HasPrefix(c.path, "tmp:"):
		return filepath.Join(m.tmp, strings.TrimPrefix(c.path, "tmp:"))
	case strings.HasPrefix(c.path, "shm:"):
		return filepath.Join(m.shm, strings.TrimPrefix(c.path, "shm:"))
	}
	return filepath.Join(m.root, c.path)
}

// poller is the program's chain on this machine: the system's socket
// source, an identity reader whose file system and package database are
// the machine's tree, and v.
func (m *machine) poller(v *Verdicts) *listen.Poller {
	p := listen.NewPoller(listen.NewSystemSource(), v)
	p.SetIdentity(identity.NewReader(identity.Options{Root: m.root}))
	return p
}

// run starts each case in turn, polls the machine's listeners through p
// (the real poller: netlink or /proc, the fd walk, identity facts,
// verdicts), keeps those of the case's process and stops it. Cases that
// could not run are listed in skipped; missed counts those of them that
// should have run (not for want of rights to a port below
// ip_unprivileged_port_start).
func (m *machine) run(cases []scenarioCase, p *listen.Poller, v *Verdicts) (out []judged, skipped []string, missed int) {
	t := m.t
	for _, c := range cases {
		if strings.HasPrefix(c.path, "shm:") && m.shm == "" {
			skipped = append(skipped, c.what+": /dev/shm is missing or mounted noexec")
			missed++
			continue
		}
		path := m.realPath(c)
		if _, err := os.Stat(path); err != nil {
			place(t, m.helper, path, c.name != "")
		}
		args := []string{"-listen", c.listen}
		if c.name != "" {
			args = append(args, "-name", c.name)
		}
		if c.delete {
			args = append(args, "-delete")
		}
		if c.shell {
			args = append(args, "-shell")
		}
		if len(c.args) > 0 {
			args = append(append(args, "--"), c.args...)
		}
		d, err := start(t, path, c.argv0, args...)
		if errors.Is(err, errCannotListen) {
			if os.Geteuid() != 0 && m.privileged(c) {
				skipped = append(skipped, fmt.Sprintf("%s: needs root for its port: %v", c.what, err))
			} else {
				skipped = append(skipped, fmt.Sprintf("%s: %v", c.what, err))
				missed++
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", c.what, err)
		}
		r := p.PollOnce(context.Background())
		if r.Err != nil {
			d.stop()
			t.Fatalf("%s: polling: %v", c.what, r.Err)
		}
		pid := int32(d.cmd.Process.Pid)
		n := 0
		for _, l := range r.Listeners {
			if l.PID == pid {
				out = append(out, judged{c: c, l: l, program: programName(v, &l)})
				n++
			}
		}
		d.stop()
		if want := len(strings.Split(c.listen, ",")); n != want {
			t.Fatalf("%s: the poller found %d of its %d sockets", c.what, n, want)
		}
	}
	return out, skipped, missed
}

func programName(v *Verdicts, l *listen.Listener) string {
	if p := v.Verdict(l).Program; p != nil {
		return p.Name
	}
	return "?"
}

// privileged tells whether a case listens on a port only root may take.
func (m *machine) privileged(c scenarioCase) bool {
	for _, spec := range strings.Split(c.listen, ",") {
		p, err := strconv.Atoi(spec[strings.LastIndex(spec, ":")+1:])
		if err == nil && p > 0 && p < m.unprivileged {
			return true
		}
	}
	return false
}

// newMachineSpace is reg with this machine's ephemeral range.
func newMachineSpace(reg *registry.Registry) *model.Space {
	return &model.Space{Reg: reg, Ephemeral: model.LocalEphemeralRange()}
}

func newMachine(t *testing.T) *machine {
	reg, err := registry.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	m := &machine{t: t, helper: buildFakeDaemon(t), root: t.TempDir(), tmp: t.TempDir(), space: newMachineSpace(reg)}
	m.unprivileged = 1024
	if data, err := os.ReadFile("/proc/sys/net/ipv4/ip_unprivileged_port_start"); err == nil {
		if n, err := strconv.Atoi(strings.TrimSpace(string(data))); err == nil {
			m.unprivileged = n
		}
	}
	if canExec("/dev/shm") {
		if dir, err := os.MkdirTemp("/dev/shm", "portolan-test-"); err == nil {
			m.shm = dir
			t.Cleanup(func() { os.RemoveAll(dir) })
		}
	}
	// The machine's package database: every packaged path of both sets,
	// and the real shell the bind-shell case runs.
	lists := map[string][]string{"dash": {"/bin/dash", "/bin/sh"}}
	for _, c := range slices.Concat(benignMachine, plantedMachine) {
		if c.pkg != "" {
			lists[c.pkg] = append(lists[c.pkg], c.path)
		}
	}
	info := filepath.Join(m.root, "var", "lib", "dpkg", "info")
	if err := os.MkdirAll(info, 0o755); err != nil {
		t.Fatal(err)
	}
	for pkg, paths := range lists {
		if err := os.WriteFile(filepath.Join(info, pkg+".list"), []byte("/.\n"+strings.Join(paths, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(m.root, "var", "lib", "dpkg", "status"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	return m
}
