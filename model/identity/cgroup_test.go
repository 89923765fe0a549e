package identity

import (
	"strings"
	"testing"
)

func TestParseCgroup(t *testing.T) {
	t.Parallel()
	id64 := strings.Repeat("0123456789abcdef", 4)
	for _, c := range []struct {
		in   string
		want cgroupPlace
	}{
		{"0::/system.slice/ssh.service\n", cgroupPlace{unit: "ssh.service", manager: "system"}},
		{"0::/system.slice/system-getty.slice/getty@tty1.service\n", cgroupPlace{unit: "getty@tty1.service", manager: "system"}},
		{"0::/user.slice/user-1000.slice/user@1000.service/app.slice/syncthing.service\n",
			cgroupPlace{unit: "syncthing.service", manager: "user"}},
		{"0::/user.slice/user-1000.slice/user@1000.service/app.slice/app-gnome-firefox-4242.scope\n",
			cgroupPlace{unit: "app-gnome-firefox-4242.scope", manager: "user"}},
		{"0::/user.slice/user-1000.slice/user@1000.service\n", cgroupPlace{unit: "user@1000.service", manager: "system"}},
		{"0::/user.slice/user-1000.slice/session-3.scope\n", cgroupPlace{unit: "session-3.scope", manager: "system"}},
		{"0::/\n", cgroupPlace{}},
		{"", cgroupPlace{}},
		// cgroup v1 (systemd's own hierarchy names the unit).
		{"12:pids:/system.slice/cups.service\n1:name=systemd:/system.slice/cups.service\n0::/\n",
			cgroupPlace{unit: "cups.service", manager: "system"}},
		// Containers.
		{"0::/system.slice/docker-" + id64 + ".scope\n", cgroupPlace{container: id64[:12], runtime: "docker"}},
		{"12:memory:/docker/" + id64 + "\n1:name=systemd:/docker/" + id64 + "\n",
			cgroupPlace{container: id64[:12], runtime: "docker"}},
		{"0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1.slice/cri-containerd-" + id64 + ".scope\n",
			cgroupPlace{container: id64[:12], runtime: "containerd"}},
		{"0::/kubepods.slice/kubepods-pod1.slice/crio-" + id64 + ".scope\n", cgroupPlace{container: id64[:12], runtime: "cri-o"}},
		{"0::/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-" + id64 + ".scope/container\n",
			cgroupPlace{container: id64[:12], runtime: "podman"}},
		{"0::/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-conmon-" + id64 + ".scope\n",
			cgroupPlace{unit: "libpod-conmon-" + id64 + ".scope", manager: "user"}},
		{"0::/lxc.payload.web1/system.slice/nginx.service\n",
			cgroupPlace{unit: "nginx.service", manager: "system", container: "web1", runtime: "lxc"}},
		{"4:memory:/lxc/web2\n", cgroupPlace{container: "web2", runtime: "lxc"}},
		{"0::/machine.slice/systemd-nspawn@deb.service/payload/system.slice/sshd.service\n",
			cgroupPlace{unit: "sshd.service", manager: "system", container: "deb", runtime: "nspawn"}},
		{"11:devices:/kubepods/besteffort/pod1/" + id64 + "\n", cgroupPlace{container: id64[:12], runtime: "kubernetes"}},
		{"0::/system.slice/docker-notanid.scope\n", cgroupPlace{unit: "docker-notanid.scope", manager: "system"}},
	} {
		if got := parseCgroup([]byte(c.in)); got != c.want {
			t.Errorf("parseCgroup(%q)\n got %+v\nwant %+v", c.in, got, c.want)
		}
	}
}
