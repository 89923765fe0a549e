package identity

import "testing"

func TestFromReport(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name string
		r    Reported
		want Facts
	}{
		{"sshd from its unit", Reported{PID: 812, Comm: "sshd", Exe: "/usr/sbin/sshd", OnDisk: 1,
			Cmdline: "sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups", Cgroup: "/system.slice/ssh.service", NetNS: "4026531840"},
			Facts{Exe: "/usr/sbin/sshd", Unit: "ssh.service", UnitManager: "system", NetNS: "net:[4026531840]"}},
		{"nc deleted in /tmp", Reported{PID: 9, Comm: "nc", Exe: "/tmp/nc", OnDisk: 0, Cmdline: "nc -lvp 4444"},
			Facts{Exe: "/tmp/nc", Deleted: true, Place: PlaceTemp, PlaceDir: "/tmp"}},
		{"deleted suffix, on_disk unknown", Reported{PID: 9, Comm: "x", Exe: "/usr/bin/x (deleted)", OnDisk: -1},
			Facts{Exe: "/usr/bin/x", Deleted: true}},
		{"upgraded while running", Reported{PID: 9, Comm: "sshd", Exe: "/usr/sbin/sshd (deleted)", OnDisk: 1},
			Facts{Exe: "/usr/sbin/sshd", Deleted: true, Replaced: true}},
		{"python script", Reported{PID: 9, Comm: "agent.py", Exe: "/usr/bin/python3.12", OnDisk: 1, Cmdline: "/usr/bin/python3 -u /home/a/.x/agent.py --port 1"},
			Facts{Exe: "/usr/bin/python3.12", Script: "/home/a/.x/agent.py", Place: PlaceHidden, PlaceDir: "/home/a/.x"}},
		{"versioned interpreter name", Reported{PID: 9, Comm: "python3", Exe: "/usr/bin/python3.12", OnDisk: 1, Cmdline: "python3 -m http.server"},
			Facts{Exe: "/usr/bin/python3.12"}},
		{"renamed", Reported{PID: 9, Comm: "sshd", Exe: "/usr/local/bin/agent", OnDisk: 1},
			Facts{Exe: "/usr/local/bin/agent", NameDiffers: true}},
		{"kernel thread name", Reported{PID: 9, Comm: "kworker/0:1", Exe: "/var/lib/kw", OnDisk: 1},
			Facts{Exe: "/var/lib/kw", KernelThreadName: true, NameDiffers: true}},
		{"windows name with .exe", Reported{PID: 9, Comm: "svc.exe", Exe: `C:\Windows\Temp\svc.exe`, OnDisk: 1},
			Facts{Exe: `C:\Windows\Temp\svc.exe`, Place: PlaceTemp, PlaceDir: `C:/Windows/Temp`}},
		{"container", Reported{PID: 9, Comm: "nginx", Exe: "/usr/sbin/nginx", OnDisk: 1,
			Cgroup: "/system.slice/docker-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.scope"},
			Facts{Exe: "/usr/sbin/nginx", Container: "0123456789ab", Runtime: "docker"}},
		{"no process", Reported{OnDisk: -1}, Facts{}},
	} {
		got := FromReport(c.r)
		w := c.want
		w.PID, w.Started, w.Comm, w.Cmdline = c.r.PID, c.r.Started, c.r.Comm, c.r.Cmdline
		if got.Exe != w.Exe || got.Deleted != w.Deleted || got.Replaced != w.Replaced || got.Script != w.Script ||
			got.Place != w.Place || got.PlaceDir != w.PlaceDir || got.Unit != w.Unit || got.UnitManager != w.UnitManager ||
			got.Container != w.Container || got.Runtime != w.Runtime || got.NetNS != w.NetNS ||
			got.KernelThreadName != w.KernelThreadName || got.NameDiffers != w.NameDiffers || got.PID != w.PID ||
			got.Comm != w.Comm || got.Cmdline != w.Cmdline || got.File || got.PackageDB != "" {
			t.Errorf("%s: FromReport = %+v\nwant %+v", c.name, *got, w)
		}
	}
}
