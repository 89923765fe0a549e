package fleetjudge

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/portolan/portolan/model/fleet"
	"github.com/portolan/portolan/model/internal/listentest"
	"github.com/portolan/portolan/model/judge"
	"github.com/portolan/portolan/model/listen"
	"github.com/portolan/portolan/registry"
)

// testRegistry names ssh on 22 and leaves 4444 unassigned, so the
// verdicts below do not hang on the registry snapshot of the day.
func testRegistry() *registry.Registry { return listentest.Space().Reg }

func TestPlantedBackdoorIsAnAlertAndSshdIsCalm(t *testing.T) {
	t.Parallel()
	j := New(judge.NewEngine(nil), testRegistry())
	nc := fleet.Row{Host: "web-03", Protocol: "tcp", Family: "ipv4", Address: "0.0.0.0", Port: 4444, PID: 4242,
		Process: "nc", Exe: "/tmp/nc", Cmdline: "nc -lvnp 4444", UID: 33, User: "www-data", OnDisk: 0, Platform: "linux"}
	sev, reasons := j.Row(&nc)
	if sev != "alert" {
		t.Errorf("nc on 4444 from /tmp, deleted: severity %q (%v), want alert", sev, reasons)
	}
	for _, want := range []listen.Reason{listen.ReasonDeleted, listen.ReasonTempFolder, listen.ReasonNetTool} {
		if !slices.Contains(reasons, string(want)) {
			t.Errorf("nc: reasons %q lack %q", reasons, want)
		}
	}

	sshd := fleet.Row{Host: "web-03", Protocol: "tcp", Family: "ipv4", Address: "0.0.0.0", Port: 22, PID: 812,
		Process: "sshd", Exe: "/usr/sbin/sshd", Cmdline: "sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups",
		UID: 0, User: "root", OnDisk: 1, CgroupPath: "/system.slice/ssh.service", Platform: "linux"}
	sev, reasons = j.Row(&sshd)
	if sev != "none" || len(reasons) != 0 {
		t.Errorf("sshd on 22 from /usr/sbin: %q %q, want none and no reasons", sev, reasons)
	}

	// The same listener on another host is the same verdict (from the
	// cache), and a changed fact is judged anew.
	other := nc
	other.Host, other.PID = "db-01", 99
	if s, r := j.Row(&other); s != "alert" || !slices.Equal(r, reasons0(j, &nc)) {
		t.Errorf("the same nc on another host: %q %q", s, r)
	}
	onDisk := nc
	onDisk.Exe, onDisk.OnDisk = "/usr/bin/nc", 1
	if _, r := j.Row(&onDisk); slices.Contains(r, string(listen.ReasonDeleted)) || slices.Contains(r, string(listen.ReasonTempFolder)) {
		t.Errorf("nc from /usr/bin, on disk: reasons %q still say deleted or temporary", r)
	}
}

func reasons0(j *Judge, r *fleet.Row) []string { _, rs := j.Row(r); return rs }

func TestInput(t *testing.T) {
	t.Parallel()
	reg := testRegistry()
	for _, c := range []struct {
		name      string
		row       fleet.Row
		scope     judge.Scope
		ephemeral bool
		facts     bool
	}{
		{"loopback", fleet.Row{Protocol: "tcp", Address: "127.0.0.1", Port: 631, Exe: "/usr/sbin/cupsd", Platform: "linux"}, judge.ScopeLoopback, false, true},
		{"ipv6 loopback", fleet.Row{Protocol: "tcp", Address: "::1", Port: 631, Platform: "linux"}, judge.ScopeLoopback, false, false},
		{"one address", fleet.Row{Protocol: "udp", Address: "10.0.0.5", Port: 40000, Process: "x", Platform: "linux"}, judge.ScopeAddress, true, true},
		{"wildcard v6", fleet.Row{Protocol: "udp", Address: "::", Port: 40000, Platform: "darwin"}, judge.ScopeAll, false, false},
		{"unknown address", fleet.Row{Protocol: "tcp", Address: "", Port: 50000}, judge.ScopeAll, true, false},
		{"freebsd range", fleet.Row{Protocol: "tcp", Address: "0.0.0.0", Port: 12000, Platform: "freebsd"}, judge.ScopeAll, true, false},
		{"zone", fleet.Row{Protocol: "tcp", Address: "fe80::1%eth0", Port: 22}, judge.ScopeAddress, false, false},
	} {
		in := Input(&c.row, reg)
		if in.Scope != c.scope || in.Ephemeral != c.ephemeral || (in.Facts != nil) != c.facts || in.Port != c.row.Port || in.Protocol != c.row.Protocol {
			t.Errorf("%s: Input = scope %q, ephemeral %v, facts %v", c.name, in.Scope, in.Ephemeral, in.Facts != nil)
		}
	}
	ssh := Input(&fleet.Row{Protocol: "tcp", Port: 22}, reg)
	if ssh.Service != "ssh" || ssh.Status != registry.Assigned {
		t.Errorf("22/tcp: service %q status %v", ssh.Service, ssh.Status)
	}
	if none := Input(&fleet.Row{Protocol: "tcp", Port: 22}, nil); none.Service != "" {
		t.Errorf("no registry: service %q", none.Service)
	}
}

// fixtures is model/fleet's testdata.
func fixtures(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "testdata", "fleet"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestFixturesSummaryCountsOnlyAlerts loads model/fleet's fixtures with
// the engine: the summary's alerts are the hosts with a listener of
// severity alert on the port, never notices.
func TestFixturesSummaryCountsOnlyAlerts(t *testing.T) {
	t.Parallel()
	j := New(judge.NewEngine(nil), testRegistry())
	f, err := fleet.Load(context.Background(), []string{fixtures(t)}, fleet.Options{Registry: testRegistry(), Judge: j.Row})
	if err != nil {
		t.Fatal(err)
	}
	v, err := f.View("")
	if err != nil {
		t.Fatal(err)
	}
	var alerts, notices int
	for _, p := range v.Summary().Ports {
		var alertHosts, noticeHosts []string
		for _, r := range v.Port(p.Port, p.Protocol) {
			switch r.Severity {
			case "alert":
				if !slices.Contains(alertHosts, r.Host) {
					alertHosts = append(alertHosts, r.Host)
				}
			case "notice":
				noticeHosts = append(noticeHosts, r.Host)
			case "none":
			default:
				t.Errorf("%s %d/%s: severity %q", r.Host, r.Port, r.Protocol, r.Severity)
			}
		}
		if p.Alerts != len(alertHosts) {
			t.Errorf("%d/%s: %d alerts in the summary, %d hosts with an alert (%v)", p.Port, p.Protocol, p.Alerts, len(alertHosts), alertHosts)
		}
		alerts += p.Alerts
		notices += len(noticeHosts)
	}
	// The fixtures hold one planted nc in /dev/shm (an alert) and notices
	// (python's http.server on loopback, a tftpd nobody knows...).
	if alerts == 0 || notices == 0 {
		t.Errorf("fixtures: %d alerts, %d notices; want both", alerts, notices)
	}
}
