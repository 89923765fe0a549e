package judge

import (
	"fmt"
	"slices"
	"testing"

	"github.com/portolan/portolan/model/identity"
	"github.com/portolan/portolan/model/listen"
	"github.com/portolan/portolan/registry"
)

// in builds an input for a process running exe (comm is the executable's
// base name unless set), from a package unless noted.
func in(proto string, port uint16, scope Scope, exe string, edit ...func(*Input)) *Input {
	f := &identity.Facts{PID: 100, Exe: exe, Comm: identity.BaseName(exe), PackageDB: "dpkg", Package: "pkg", File: true, Mode: 0o755}
	i := &Input{Protocol: proto, Port: port, Scope: scope, PID: 100, Facts: f, Status: registry.Unassigned}
	for _, e := range edit {
		e(i)
	}
	return i
}

func registered(svc string) func(*Input) {
	return func(i *Input) { i.Service, i.Status = svc, registry.Assigned }
}

func ephemeral(i *Input) { i.Ephemeral = true }

func facts(edit func(*identity.Facts)) func(*Input) { return func(i *Input) { edit(i.Facts) } }

func TestRules(t *testing.T) {
	t.Parallel()
	e := NewEngine(nil)
	type want struct {
		sev     listen.Severity
		reasons []listen.Finding
	}
	n := func(r listen.Reason) listen.Finding {
		return listen.Finding{Reason: r, Severity: listen.SeverityNotice}
	}
	a := func(r listen.Reason) listen.Finding { return listen.Finding{Reason: r, Severity: listen.SeverityAlert} }
	for _, c := range []struct {
		name string
		in   *Input
		want want
	}{
		// none: known programs on their usual ports and scopes.
		{"sshd on 22", in("tcp", 22, ScopeAll, "/usr/sbin/sshd", registered("ssh")), want{listen.SeverityNone, nil}},
		{"cupsd on loopback", in("tcp", 631, ScopeLoopback, "/usr/sbin/cupsd", registered("ipp")), want{listen.SeverityNone, nil}},
		{"chronyd cmdport", in("udp", 323, ScopeLoopback, "/usr/sbin/chronyd"), want{listen.SeverityNone, nil}},
		{"avahi ephemeral", in("udp", 41234, ScopeAll, "/usr/sbin/avahi-daemon", ephemeral), want{listen.SeverityNone, nil}},
		{"kdeconnect range", in("tcp", 1716, ScopeAll, "/usr/bin/kdeconnectd", registered("xmsg")), want{listen.SeverityNone, nil}},
		{"docker-proxy any port", in("tcp", 8080, ScopeAll, "/usr/bin/docker-proxy", registered("http-alt")), want{listen.SeverityNone, nil}},
		{"systemd socket activation", in("tcp", 9090, ScopeAll, "/usr/lib/systemd/systemd", registered("websm")), want{listen.SeverityNone, nil}},
		{"narrower than usual", in("tcp", 22, ScopeLoopback, "/usr/sbin/sshd", registered("ssh")), want{listen.SeverityNone, nil}},
		// notices.
		{"cupsd on all interfaces", in("tcp", 631, ScopeAll, "/usr/sbin/cupsd", registered("ipp")),
			want{listen.SeverityNotice, []listen.Finding{n(listen.ReasonAllInterfaces)}}},
		{"redis on one address", in("tcp", 6379, ScopeAddress, "/usr/bin/redis-server", registered("redis")),
			want{listen.SeverityNotice, []listen.Finding{n(listen.ReasonBeyondLoopback)}}},
		{"nginx on 8081", in("tcp", 8081, ScopeAll, "/usr/sbin/nginx", registered("sunproxyadmin")),
			want{listen.SeverityNotice, []listen.Finding{n(listen.ReasonUnusualPort)}}},
		{"unknown program on a registered port, loopback", in("tcp", 8000, ScopeLoopback, "/opt/app/server", registered("irdmi")),
			want{listen.SeverityNotice, []listen.Finding{n(listen.ReasonUnexpectedProcess)}}},
		{"unknown program on an unassigned port, loopback", in("tcp", 1999, ScopeLoopback, "/opt/app/server"),
			want{listen.SeverityNotice, []listen.Finding{n(listen.ReasonUnassigned)}}},
		{"unknown program on a reserved port, loopback", in("udp", 1023, ScopeLoopback, "/opt/app/server", func(i *Input) { i.Status = registry.Reserved }),
			want{listen.SeverityNotice, []listen.Finding{n(listen.ReasonReserved)}}},
		{"unknown program on an ephemeral loopback port", in("tcp", 40000, ScopeLoopback, "/opt/app/server", ephemeral),
			want{listen.SeverityNone, nil}},
		{"unknown program reachable, unregistered port", in("udp", 50000, ScopeAll, "/opt/app/server", ephemeral),
			want{listen.SeverityNotice, []listen.Finding{n(listen.ReasonUnknownExposed)}}},
		{"not identified, all interfaces", in("tcp", 22, ScopeAll, "", registered("ssh"), func(i *Input) { i.PID, i.Facts = 0, nil }),
			want{listen.SeverityNotice, []listen.Finding{n(listen.ReasonUnidentified)}}},
		{"not identified, loopback", in("tcp", 5432, ScopeLoopback, "", registered("postgresql"), func(i *Input) { i.PID, i.Facts = 0, nil }),
			want{listen.SeverityNone, nil}},
		{"replaced by an upgrade", in("tcp", 22, ScopeAll, "/usr/sbin/sshd", registered("ssh"), facts(func(f *identity.Facts) { f.Deleted, f.Replaced = true, true })),
			want{listen.SeverityNotice, []listen.Finding{n(listen.ReasonReplaced)}}},
		{"sshd from no package", in("tcp", 22, ScopeAll, "/usr/local/sbin/sshd", registered("ssh"), facts(func(f *identity.Facts) { f.Package = "" })),
			want{listen.SeverityNotice, []listen.Finding{n(listen.ReasonNoPackage)}}},
		{"a renamed node server", in("tcp", 3000, ScopeLoopback, "/usr/bin/node", registered("hbci"), facts(func(f *identity.Facts) { f.Comm, f.NameDiffers = "next-server (v1", true })),
			want{listen.SeverityNotice, []listen.Finding{n(listen.ReasonNameDiffers)}}},
		{"hidden folder, loopback", in("tcp", 8080, ScopeLoopback, "/home/ann/.local/bin/tool", registered("http-alt"), facts(func(f *identity.Facts) { f.Place = identity.PlaceHidden })),
			want{listen.SeverityNotice, []listen.Finding{n(listen.ReasonHiddenFolder), n(listen.ReasonUnexpectedProcess)}}},
		{"steam at home in a hidden folder", in("tcp", 27036, ScopeAll, "/home/ann/.local/share/Steam/ubuntu12_32/steam", facts(func(f *identity.Facts) { f.Place, f.Package = identity.PlaceHidden, "" })),
			want{listen.SeverityNone, nil}},
		{"socat on loopback", in("tcp", 8080, ScopeLoopback, "/usr/bin/socat", registered("http-alt")),
			want{listen.SeverityNotice, []listen.Finding{n(listen.ReasonNetTool)}}},
		{"new on loopback", in("tcp", 5432, ScopeLoopback, "/usr/lib/postgresql/16/bin/postgres", registered("postgresql"), func(i *Input) { i.BaselineExists = true }),
			want{listen.SeverityNotice, []listen.Finding{n(listen.ReasonNew)}}},
		// alerts.
		{"nc on 4444", in("tcp", 4444, ScopeAll, "/usr/bin/nc.openbsd", registered("krb524")),
			want{listen.SeverityAlert, []listen.Finding{a(listen.ReasonNetTool)}}},
		{"python -m http.server", in("tcp", 8000, ScopeAll, "/usr/bin/python3.12", registered("irdmi"), facts(func(f *identity.Facts) { f.Comm, f.Cmdline = "python3", "python3 -m http.server" })),
			want{listen.SeverityAlert, []listen.Finding{a(listen.ReasonNetTool)}}},
		{"sh holding a socket", in("tcp", 31337, ScopeAll, "/usr/bin/dash", registered("eldim"), facts(func(f *identity.Facts) { f.Comm = "sh" })),
			want{listen.SeverityAlert, []listen.Finding{a(listen.ReasonShell)}}},
		{"a shell script", in("tcp", 9999, ScopeAll, "/usr/bin/bash", facts(func(f *identity.Facts) { f.Script, f.Comm = "/srv/x.sh", "x.sh" })),
			want{listen.SeverityAlert, []listen.Finding{a(listen.ReasonShell), n(listen.ReasonUnknownExposed)}}},
		{"unknown program on a registered port", in("tcp", 8000, ScopeAll, "/opt/app/server", registered("irdmi")),
			want{listen.SeverityAlert, []listen.Finding{a(listen.ReasonUnexpectedProcess)}}},
		{"deleted", in("tcp", 8443, ScopeLoopback, "/opt/app/server", registered("pcsync-https"), facts(func(f *identity.Facts) { f.Deleted = true })),
			want{listen.SeverityAlert, []listen.Finding{a(listen.ReasonDeleted), n(listen.ReasonUnexpectedProcess)}}},
		{"sshd from /dev/shm", in("tcp", 2222, ScopeAll, "/dev/shm/sshd", registered("EtherNet-IP-1"), facts(func(f *identity.Facts) {
			f.Place, f.Package = identity.PlaceTemp|identity.PlaceDevice|identity.PlaceWorldWritable, ""
		})),
			want{listen.SeverityAlert, []listen.Finding{a(listen.ReasonTempFolder), a(listen.ReasonDeviceFolder), a(listen.ReasonWorldWritable), n(listen.ReasonNoPackage), n(listen.ReasonUnusualPort)}}},
		{"nginx from a hidden folder", in("tcp", 80, ScopeAll, "/home/ann/.x/nginx", registered("http"), facts(func(f *identity.Facts) { f.Place, f.Package = identity.PlaceHidden, "" })),
			want{listen.SeverityAlert, []listen.Finding{a(listen.ReasonHiddenFolder), n(listen.ReasonNoPackage)}}},
		{"world-writable file", in("tcp", 80, ScopeAll, "/usr/sbin/nginx", registered("http"), facts(func(f *identity.Facts) { f.Mode = 0o777 })),
			want{listen.SeverityAlert, []listen.Finding{a(listen.ReasonWorldWritable)}}},
		{"kworker from user space", in("tcp", 8888, ScopeAll, "/usr/local/bin/agent", registered("ddi-tcp-1"), facts(func(f *identity.Facts) {
			f.Comm, f.KernelThreadName, f.NameDiffers = "kworker/0:1", true, true
		})),
			want{listen.SeverityAlert, []listen.Finding{a(listen.ReasonKernelName), a(listen.ReasonUnexpectedProcess)}}},
		{"kworker name without facts", in("tcp", 9, ScopeLoopback, "", func(i *Input) { i.Facts, i.Comm = nil, "kworker/u8:2" }),
			want{listen.SeverityAlert, []listen.Finding{a(listen.ReasonKernelName), n(listen.ReasonUnassigned)}}},
		{"renamed to sshd", in("tcp", 22, ScopeAll, "/opt/x/fakedaemon", registered("ssh"), facts(func(f *identity.Facts) { f.Comm, f.NameDiffers = "sshd", true })),
			want{listen.SeverityAlert, []listen.Finding{a(listen.ReasonMasquerade), a(listen.ReasonUnexpectedProcess)}}},
		{"new beyond loopback", in("tcp", 22, ScopeAll, "/usr/sbin/sshd", registered("ssh"), func(i *Input) { i.BaselineExists = true }),
			want{listen.SeverityAlert, []listen.Finding{a(listen.ReasonNew)}}},
		// The baseline.
		{"seen before the baseline", in("tcp", 22, ScopeAll, "/usr/sbin/sshd", registered("ssh"), func(i *Input) { i.BaselineExists, i.SeenBeforeBaseline = true, true }),
			want{listen.SeverityNone, nil}},
		{"approved unknown program", in("tcp", 8000, ScopeAll, "/opt/app/server", registered("irdmi"), func(i *Input) { i.BaselineExists, i.Approved = true, true }),
			want{listen.SeverityNone, nil}},
		{"approval does not calm a deleted executable", in("tcp", 8000, ScopeAll, "/opt/app/server", registered("irdmi"),
			facts(func(f *identity.Facts) { f.Deleted = true }), func(i *Input) { i.BaselineExists, i.Approved = true, true }),
			want{listen.SeverityAlert, []listen.Finding{a(listen.ReasonDeleted)}}},
	} {
		got := e.Judge(c.in)
		if got.Severity != c.want.sev || !slices.Equal(got.Reasons, c.want.reasons) {
			t.Errorf("%s: got %v %v, want %v %v", c.name, got.Severity, got.Reasons, c.want.sev, c.want.reasons)
		}
	}
}

func TestReasonsExplained(t *testing.T) {
	t.Parallel()
	seen := map[listen.Reason]bool{}
	for _, r := range listen.Reasons {
		if r.Explain() == "" || seen[r] {
			t.Errorf("reason %q: no sentence, or listed twice", r)
		}
		seen[r] = true
	}
	if len(listen.Reasons)*2 > 64 {
		t.Fatal("too many reasons for a findingSet")
	}
	if listen.Reason("made up").Explain() != "" {
		t.Fatal("an unknown reason has a sentence")
	}
}

func TestSharedFindings(t *testing.T) {
	e := NewEngine(nil)
	x := e.Judge(in("tcp", 631, ScopeAll, "/usr/sbin/cupsd", registered("ipp")))
	y := e.Judge(in("tcp", 631, ScopeAll, "/usr/sbin/cupsd", registered("ipp")))
	if &x.Reasons[0] != &y.Reasons[0] {
		t.Fatal("two verdicts of the same findings do not share them")
	}
	input := in("tcp", 631, ScopeAll, "/usr/sbin/cupsd", registered("ipp"))
	if n := testing.AllocsPerRun(100, func() { e.Judge(input) }); n > 0 {
		t.Fatalf("%v allocations per verdict", n)
	}
}

func TestSeverityText(t *testing.T) {
	t.Parallel()
	for _, s := range []listen.Severity{listen.SeverityNone, listen.SeverityNotice, listen.SeverityAlert} {
		b, _ := s.MarshalText()
		var back listen.Severity
		if err := back.UnmarshalText(b); err != nil || back != s {
			t.Errorf("%v -> %s -> %v, %v", s, b, back, err)
		}
	}
	if _, err := listen.ParseSeverity("red"); err == nil {
		t.Fatal("red is a severity")
	}
}

func TestApprovalKey(t *testing.T) {
	t.Parallel()
	k := KeyOf(in("udp", 41234, ScopeAll, "/usr/sbin/avahi-daemon", ephemeral))
	if k.String() != "udp all ephemeral /usr/sbin/avahi-daemon" {
		t.Fatalf("key %q", k)
	}
	// Restarted on another ephemeral port: the same key.
	if KeyOf(in("udp", 50001, ScopeAll, "/usr/sbin/avahi-daemon", ephemeral)) != k {
		t.Fatal("a new ephemeral port changed the key")
	}
	if KeyOf(in("udp", 5353, ScopeAll, "/usr/sbin/avahi-daemon")) == k {
		t.Fatal("a fixed port has the ephemeral key")
	}
	script := KeyOf(in("tcp", 8000, ScopeLoopback, "/usr/bin/python3.12", facts(func(f *identity.Facts) { f.Script = "/srv/app.py" })))
	if script.Exe != "/srv/app.py" {
		t.Fatalf("a script's key names %q", script.Exe)
	}
	anyone := KeyOf(in("tcp", 22, ScopeAll, "", func(i *Input) { i.PID, i.Facts = 0, nil }))
	for _, key := range []ApprovalKey{k, script, anyone, {Exe: "/opt/my app/x y", Protocol: "tcp", Scope: ScopeAddress, Port: 65535}} {
		back, err := ParseApprovalKey(key.String())
		if err != nil || back != key {
			t.Errorf("%q -> %+v, %v", key, back, err)
		}
	}
	for _, bad := range []string{"", "tcp all 22", "sctp all 22 x", "tcp wide 22 x", "tcp all 0 x", "tcp all http x"} {
		if _, err := ParseApprovalKey(bad); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}

// TestJudgeConcurrently judges from several goroutines while the
// knowledge is replaced (run with -race).
func TestJudgeConcurrently(t *testing.T) {
	t.Parallel()
	e := NewEngine(nil)
	inputs := []*Input{
		in("tcp", 22, ScopeAll, "/usr/sbin/sshd", registered("ssh")),
		in("tcp", 4444, ScopeAll, "/usr/bin/nc.openbsd", registered("krb524")),
		in("udp", 41234, ScopeAll, "/usr/sbin/avahi-daemon", ephemeral),
	}
	want := []listen.Severity{listen.SeverityNone, listen.SeverityAlert, listen.SeverityNone}
	done := make(chan error)
	for g := range 4 {
		go func() {
			for i := range 500 {
				if g == 0 && i%100 == 0 {
					e.SetKnowledge(DefaultKnowledge())
				}
				k := i % len(inputs)
				if got := e.Judge(inputs[k]).Severity; got != want[k] {
					done <- fmt.Errorf("input %d: %v, want %v", k, got, want[k])
					return
				}
			}
			done <- nil
		}()
	}
	for range 4 {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
}
