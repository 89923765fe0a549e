package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/portolan/portolan/model/history"
	"github.com/portolan/portolan/model/identity"
	"github.com/portolan/portolan/model/judge"
	"github.com/portolan/portolan/model/listen"
)

func runCmd(args ...string) (stdout, stderr string, code int) {
	return (&Env{}).runCmd(args...)
}

// runCmd runs a command in a copy of env, which holds the test's fakes.
func (env *Env) runCmd(args ...string) (stdout, stderr string, code int) {
	var out, errOut bytes.Buffer
	e := *env
	e.Stdout, e.Stderr = &out, &errOut
	code = Run(&e, args)
	return out.String(), errOut.String(), code
}

func fakeListener(proto, addr string, port uint16, pid int32, process string) listen.Listener {
	l := listen.Listener{Protocol: proto, Family: "ipv4", Address: addr, Port: port, PID: pid, Process: process,
		Exe: "/usr/bin/" + process, Cmdline: process + " --serve", User: "alice",
		Started: time.Date(2026, 5, 6, 7, 8, 9, 0, time.UTC)}
	if strings.Contains(addr, ":") {
		l.Family = "ipv6"
	}
	switch addr {
	case "0.0.0.0", "::":
		l.Scope = listen.ScopeAll
	case "127.0.0.1", "::1":
		l.Scope = listen.ScopeLoopback
	default:
		l.Scope = listen.ScopeAddress
	}
	if process == "" {
		l.Exe, l.Cmdline, l.Started, l.Note = "", "", time.Time{}, listen.NoteOtherUser
		return l
	}
	// What the identity reader would say: a program of a package.
	l.Facts = &identity.Facts{PID: pid, Comm: process, Exe: l.Exe, PackageDB: "dpkg", Package: process + "-pkg",
		File: true, Mode: 0o755, Unit: process + ".service", UnitManager: "system"}
	return l
}

// useFakeOS makes the commands see the listeners the steps return, one
// step per poll (the last repeats), with the config folder in a temporary
// directory.
func useFakeOS(t *testing.T, steps ...[]listen.Listener) (env *Env, configDir string, calls func() int) {
	t.Helper()
	var mu sync.Mutex
	n := 0
	env = &Env{}
	// The fake listeners carry their facts: nobody is looked up in /proc.
	env.identity = func() *identity.Reader { return nil }
	env.sockets = func() listen.SocketSource {
		return listen.SocketSourceFunc(func(context.Context) (listen.Snapshot, error) {
			mu.Lock()
			i := min(n, len(steps)-1)
			n++
			mu.Unlock()
			ls := slices.Clone(steps[i])
			limited := false
			for _, l := range ls {
				limited = limited || l.Note == listen.NoteOtherUser
			}
			return listen.Snapshot{Listeners: ls, Limited: limited}, nil
		})
	}
	configDir = t.TempDir()
	t.Setenv(judge.ConfigDirEnv, configDir)
	t.Setenv(history.DataDirEnv, t.TempDir())
	historyFile := filepath.Join(configDir, "history.db") // never the user's
	env.historyPath = func() (string, error) { return historyFile, nil }
	return env, configDir, func() int { mu.Lock(); defer mu.Unlock(); return n }
}

// standardListeners: sshd where it belongs (none), a Python development
// server on loopback (none), a bind shell's nc (alert), another user's
// process on mDNS (notice: not identified, reachable).
func standardListeners() []listen.Listener {
	return []listen.Listener{
		fakeListener("tcp", "0.0.0.0", 22, 812, "sshd"),
		fakeListener("tcp", "127.0.0.1", 290, 4242, "python3"),
		fakeListener("tcp", "0.0.0.0", 4444, 4343, "nc"),
		fakeListener("udp", "::", 5353, 0, ""),
	}
}

func TestListenersJSON(t *testing.T) {
	env, _, _ := useFakeOS(t, standardListeners())
	out, errOut, code := env.runCmd("listeners", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got []map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	if len(got) != 4 {
		t.Fatalf("%d listeners:\n%s", len(got), out)
	}
	keys := []string{"protocol", "family", "address", "port", "scope", "pid", "process", "exe", "cmdline", "user", "started", "service",
		"severity", "reasons", "unit", "container", "package"}
	for _, l := range got {
		for _, k := range keys {
			if _, ok := l[k]; !ok {
				t.Errorf("no %q in %v", k, l)
			}
		}
	}
	ssh := got[0]
	if ssh["protocol"] != "tcp" || ssh["address"] != "0.0.0.0" || ssh["port"] != 22.0 || ssh["pid"] != 812.0 ||
		ssh["process"] != "sshd" || ssh["service"] != "ssh" || ssh["scope"] != "all" || ssh["started"] != "2026-05-06T07:08:09Z" ||
		ssh["severity"] != "none" || ssh["unit"] != "sshd.service" || ssh["package"] != "sshd-pkg" || ssh["container"] != "" {
		t.Errorf("ssh: %v", ssh)
	}
	if rs := ssh["reasons"].([]any); len(rs) != 0 {
		t.Errorf("ssh reasons: %v", rs)
	}
	if rs := got[1]["reasons"].([]any); len(rs) != 0 || got[1]["severity"] != "none" {
		t.Errorf("290: %v", got[1])
	}
	if rs := got[2]["reasons"].([]any); len(rs) != 1 || rs[0] != string(listen.ReasonNetTool) || got[2]["severity"] != "alert" {
		t.Errorf("nc: %v", got[2])
	}
	mdns := got[3]
	if mdns["pid"] != nil || mdns["started"] != nil || mdns["note"] != listen.NoteOtherUser || mdns["user"] != "alice" ||
		mdns["severity"] != "notice" || mdns["unit"] != "" || mdns["package"] != "" {
		t.Errorf("other user's: %v", mdns)
	}
	if !strings.Contains(errOut, listen.NoticeLimited) {
		t.Errorf("no notice on stderr: %q", errOut)
	}
}

func TestListenersTextCSVFlaggedFilter(t *testing.T) {
	env, _, _ := useFakeOS(t, standardListeners())
	out, _, code := env.runCmd("listeners")
	if code != 0 || !strings.Contains(out, "PROTO") || !strings.Contains(out, "0.0.0.0:22") ||
		!strings.Contains(out, "[::]:5353") || !strings.Contains(out, listen.NoteOtherUser) {
		t.Errorf("text (%d):\n%s", code, out)
	}

	out, _, code = env.runCmd("listeners", "--csv")
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if code != 0 || err != nil || len(rows) != 5 {
		t.Fatalf("csv (%d, %v):\n%s", code, err, out)
	}
	if strings.Join(rows[0], ",") != "protocol,family,address,port,scope,pid,process,exe,cmdline,user,started,service,severity,reasons,unit,container,package,note" {
		t.Errorf("header %v", rows[0])
	}
	if rows[1][5] != "812" || rows[1][6] != "sshd" || rows[1][12] != "none" || rows[1][14] != "sshd.service" ||
		rows[3][12] != "alert" || rows[3][13] != string(listen.ReasonNetTool) || rows[4][5] != "" || rows[4][17] != listen.NoteOtherUser {
		t.Errorf("rows %v", rows[1:])
	}

	// --flagged keeps alerts: not the notice of the hidden mDNS process.
	out, _, _ = env.runCmd("listeners", "--json", "--flagged")
	var got []listen.ListenerJSON
	json.Unmarshal([]byte(out), &got)
	if len(got) != 1 || got[0].Port != 4444 || got[0].Severity != listen.SeverityAlert {
		t.Errorf("--flagged: %+v", got)
	}
	out, _, _ = env.runCmd("listeners", "--json", "severity=notice", "proto=udp")
	got = nil
	json.Unmarshal([]byte(out), &got)
	if len(got) != 1 || got[0].Port != 5353 {
		t.Errorf("severity=notice proto=udp: %+v", got)
	}
	out, _, _ = env.runCmd("listeners", "--json", "proc=python")
	got = nil
	json.Unmarshal([]byte(out), &got)
	if len(got) != 1 || got[0].Port != 290 {
		t.Errorf("proc=python: %+v", got)
	}
	out, _, _ = env.runCmd("listeners", "port=1")
	if !strings.Contains(out, "No listeners.") {
		t.Errorf("nothing matches: %q", out)
	}
	out, _, _ = env.runCmd("listeners", "--json", "port=1")
	if strings.TrimSpace(out) != "[]" {
		t.Errorf("nothing matches, JSON: %q", out)
	}
}

func TestListenersErrors(t *testing.T) {
	env, _, _ := useFakeOS(t, standardListeners())
	for _, args := range [][]string{
		{"listeners", "--json", "--csv"},
		{"listeners", "prot=udp"},
		{"listeners", "--nope"},
		{"watch", "--interval", "10ms"},
		{"watch", "--interval", "2m"},
		{"watch", "--interval", "soon"},
		{"watch", "port=x"},
	} {
		_, errOut, code := env.runCmd(args...)
		if code != 2 || !strings.Contains(errOut, "usage: portolan "+args[0]) {
			t.Errorf("%v: exit %d, %q", args, code, errOut)
		}
	}
	env.sockets = func() listen.SocketSource {
		return listen.SocketSourceFunc(func(context.Context) (listen.Snapshot, error) {
			return listen.Snapshot{}, os.ErrPermission
		})
	}
	if _, errOut, code := env.runCmd("listeners"); code != 1 || !strings.Contains(errOut, "permission") {
		t.Errorf("failing OS: exit %d, %q", code, errOut)
	}
}

func TestListenersApprove(t *testing.T) {
	late := fakeListener("tcp", "0.0.0.0", 8443, 5000, "agent")
	env, _, _ := useFakeOS(t, standardListeners(), standardListeners(), append(standardListeners(), late))
	out, errOut, code := env.runCmd("listeners", "--json", "--approve", "proto=tcp")
	if code != 0 || !strings.Contains(errOut, "Approved 3 new listener(s) of 3 listed") || !strings.Contains(errOut, "history.db") {
		t.Fatalf("approve: %d %q", code, errOut)
	}
	// The approved rows are calm at once, the nc bind shell too (its
	// reason says what it does, not that it is not what it claims).
	var got []listen.ListenerJSON
	json.Unmarshal([]byte(out), &got)
	if len(got) != 3 {
		t.Fatalf("approved: %+v", got)
	}
	for _, l := range got {
		if l.Severity != listen.SeverityNone || len(l.Reasons) != 0 {
			t.Errorf("approved %d: %v %v", l.Port, l.Severity, l.Reasons)
		}
	}
	// Approving some made nothing else new: the mDNS listener was there.
	out, _, _ = env.runCmd("listeners", "--json", "new")
	got = nil
	json.Unmarshal([]byte(out), &got)
	if len(got) != 0 {
		t.Errorf("new after approving: %+v", got)
	}
	// A listener first seen after the baseline was made is new.
	out, _, _ = env.runCmd("listeners", "--json", "new")
	got = nil
	json.Unmarshal([]byte(out), &got)
	if len(got) != 1 || got[0].Port != 8443 || got[0].Severity != listen.SeverityAlert {
		t.Errorf("a late listener: %+v", got)
	}
}

// TestListenersOldFiles: an old baseline.json moves into the history (the
// file kept as .migrated) with a note; a damaged one is left where it is,
// with a warning, and the command runs.
func TestListenersOldFiles(t *testing.T) {
	env, dir, _ := useFakeOS(t, standardListeners())
	os.WriteFile(filepath.Join(dir, judge.BaselineFile), []byte(`{"version": 1, "approved": [
		{"protocol": "tcp", "address": "0.0.0.0", "port": 4444, "process": "nc", "exe": "/usr/bin/nc", "approved": "2026-01-02T03:04:05Z"}]}`), 0o600)
	out, errOut, code := env.runCmd("listeners", "--json", "port=4444")
	if code != 0 || !strings.Contains(errOut, "moved into the history") || !strings.Contains(out, `"severity": "none"`) {
		t.Errorf("migrating the baseline: %d %q\n%s", code, errOut, out)
	}
	if _, err := os.Stat(filepath.Join(dir, judge.BaselineFile+".migrated")); err != nil {
		t.Error(err)
	}

	env, dir, _ = useFakeOS(t, standardListeners())
	os.WriteFile(filepath.Join(dir, judge.BaselineFile), []byte("{broken"), 0o600)
	os.WriteFile(filepath.Join(dir, judge.KnownProcsFile), []byte("[]"), 0o600)
	out, errOut, code = env.runCmd("listeners", "--json")
	if code != 0 || !strings.Contains(errOut, judge.BaselineFile) || !strings.Contains(errOut, judge.KnownProcsFile) || !strings.Contains(out, `"port": 22`) {
		t.Errorf("damaged files: %d %q", code, errOut)
	}
	for _, f := range []string{judge.BaselineFile, judge.KnownProcsFile} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("%s was not left in place: %v", f, err)
		}
	}
}

func TestWatchJSON(t *testing.T) {
	a := fakeListener("tcp", "127.0.0.1", 8080, 10, "java")
	b := fakeListener("udp", "0.0.0.0", 5000, 11, "nc")
	a2 := a
	a2.PID = 12
	env, _, calls := useFakeOS(t, []listen.Listener{a}, []listen.Listener{a, b}, []listen.Listener{a2})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	env.watchContext = func() (context.Context, context.CancelFunc) { return ctx, cancel }
	go func() { // stop once the third poll has been reported
		for calls() < 4 {
			time.Sleep(5 * time.Millisecond)
		}
		cancel()
	}()
	out, errOut, code := env.runCmd("watch", "--interval", "500ms", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var events []watchEvent
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		var ev watchEvent
		if err := json.Unmarshal(sc.Bytes(), &ev); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		events = append(events, ev)
	}
	var summary []string
	for _, ev := range events {
		s := ev.Event + " " + ev.Listener.Protocol + "/" + strconv.Itoa(int(ev.Listener.Port))
		if ev.Listener.PID != nil {
			s += " pid " + strconv.Itoa(int(*ev.Listener.PID))
		}
		if ev.Before != nil {
			s += " was " + strconv.Itoa(int(*ev.Before.PID))
		}
		if ev.Time.IsZero() {
			t.Error("no time")
		}
		summary = append(summary, s)
	}
	want := "new tcp/8080 pid 10|new udp/5000 pid 11|gone udp/5000 pid 11|changed tcp/8080 pid 12 was 10"
	if got := strings.Join(summary, "|"); got != want {
		t.Errorf("events:\n got %s\nwant %s\n%s", got, want, out)
	}
	if len(events) > 1 && (len(events[1].Listener.Reasons) == 0 || events[1].Listener.Severity != listen.SeverityAlert) {
		t.Errorf("no verdict on nc: %+v", events[1].Listener)
	}
}

func TestWatchText(t *testing.T) {
	a := fakeListener("tcp", "127.0.0.1", 8080, 10, "java")
	env, _, calls := useFakeOS(t, []listen.Listener{a})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	env.watchContext = func() (context.Context, context.CancelFunc) { return ctx, cancel }
	go func() {
		for calls() < 2 {
			time.Sleep(5 * time.Millisecond)
		}
		cancel()
	}()
	out, _, code := env.runCmd("watch", "--interval", "500ms")
	if code != 0 || !strings.Contains(out, "new") || !strings.Contains(out, "tcp 127.0.0.1:8080  java (pid 10)") {
		t.Errorf("exit %d:\n%s", code, out)
	}
}

// TestListenersRealSockets runs the command against this machine: the
// test's own sockets on loopback are listed with its PID.
func TestListenersRealSockets(t *testing.T) {
	t.Setenv(judge.ConfigDirEnv, t.TempDir())
	t.Setenv(history.DataDirEnv, t.TempDir())
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	u, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer u.Close()
	out, errOut, code := runCmd("listeners", "--json", "pid="+strconv.Itoa(os.Getpid()))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got []listen.ListenerJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, x := range got {
		if x.Address == "127.0.0.1" && (x.Protocol == "tcp" && int(x.Port) == l.Addr().(*net.TCPAddr).Port ||
			x.Protocol == "udp" && int(x.Port) == u.LocalAddr().(*net.UDPAddr).Port) {
			found++
		}
	}
	if found != 2 {
		t.Errorf("found %d of 2 sockets in\n%s", found, out)
	}
}
