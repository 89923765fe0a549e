package detail

import (
	"strings"
	"testing"
	"time"

	"github.com/portolan/portolan/model"
	"github.com/portolan/portolan/model/history"
	"github.com/portolan/portolan/registry"
)

func TestPortHistorySection(t *testing.T) {
	p, _, _ := newPane(t)
	p.ShowSelection(model.PortSelection(8000), registry.ProtoNone)
	if strings.Contains(p.Text(), "HISTORY HERE") {
		t.Fatal("a history section before any history was given")
	}
	t1 := time.Date(2026, 3, 9, 9, 0, 0, 0, time.UTC)
	py := history.IdentityKey{Exe: "/usr/bin/python3.12", Process: "python3", User: "alice", Protocol: "tcp",
		Address: "127.0.0.1", Port: 8000, Scope: "loopback"}
	ev := func(k history.EventKind, at time.Time, pid int32, sev history.Severity) history.Event {
		return history.Event{Time: at, Kind: k, Key: py, Port: 8000, PID: pid, Severity: sev}
	}
	var es []history.Event
	for d := range 4 { // four days: new at 9, gone at 12
		es = append(es, ev(history.EventNew, t1.Add(time.Duration(d)*24*time.Hour), int32(100+d), history.SeverityNone),
			ev(history.EventGone, t1.Add(time.Duration(d)*24*time.Hour+3*time.Hour), int32(100+d), history.SeverityNone))
	}
	es = append(es, ev(history.EventNew, t1.Add(5*24*time.Hour), 200, history.SeverityAlert))
	chrome := history.IdentityKey{Process: "chrome", User: "alice", Protocol: "udp", Address: "::", Port: history.Ephemeral, Scope: "all"}
	h := history.PortHistory{Port: 8000, Identities: []history.IdentityHistory{
		{Identity: history.Identity{IdentityKey: py, FirstSeen: t1, LastSeen: t1.Add(5 * 24 * time.Hour), TimesSeen: 5, Present: true},
			Events: es},
		{Identity: history.Identity{IdentityKey: chrome, FirstSeen: t1, LastSeen: t1.Add(time.Hour), TimesSeen: 1},
			Events: []history.Event{{Time: t1, Kind: history.EventNew, Key: chrome, Port: 8000}}},
	}}
	p.SetPortHistory(h)
	local := func(t time.Time, layout string) string { return t.Local().Format(layout) }
	wantLines(t, p, "HISTORY HERE",
		"tcp 127.0.0.1:8000 python3 · alice", "/usr/bin/python3.12",
		"first seen "+local(t1, historyTime)+" last seen now seen 5 times",
		"\n"+local(t1.Add(5*24*time.Hour), "2006-01-02 15:04:05")+" new PID 200 alert",
		"udp [::]:8000 (an ephemeral port) chrome · alice",
		"last seen "+local(t1.Add(time.Hour), historyTime)+" seen 1 time")
	// The last five events of each, not the older ones.
	if text := p.Text(); strings.Contains(text, local(t1, "2006-01-02 15:04:05")+" new PID 100") ||
		!strings.Contains(text, local(t1.Add(2*24*time.Hour+3*time.Hour), "2006-01-02 15:04:05")+" gone PID 102") {
		t.Errorf("events shown:\n%s", text)
	}

	p.ShowSelection(model.PortSelection(8000), registry.UDP)
	if text := p.Text(); strings.Contains(text, "python3 · alice") || !strings.Contains(text, "chrome · alice") {
		t.Errorf("on udp only:\n%s", text)
	}
	p.ShowSelection(model.PortSelection(22), registry.ProtoNone)
	wantLines(t, p, "HISTORY HERE", "reading the history...")
	p.SetPortHistory(history.PortHistory{Port: 22})
	wantLines(t, p, "no listener recorded on 22")
	p.ShowSelection(model.RangeSelection(20, 30), registry.ProtoNone)
	if strings.Contains(p.Text(), "HISTORY HERE") {
		t.Error("a range shows a port's history")
	}
}
