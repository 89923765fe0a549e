package ui

import (
	"context"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/portolan/portolan/model/history"
	"github.com/portolan/portolan/model/listen"
)

// historyWindow is a window recording into a history of its own, polled
// by hand: each step is one poll's listeners (the last repeats), a second
// after the one before.
func historyWindow(t *testing.T, path string, steps ...[]listen.Listener) (*MainWindow, func()) {
	t.Helper()
	var mu sync.Mutex
	n := 0
	sockets := listen.SocketSourceFunc(func(context.Context) (listen.Snapshot, error) {
		mu.Lock()
		defer mu.Unlock()
		i := min(n, len(steps)-1)
		n++
		return listen.Snapshot{Listeners: append([]listen.Listener(nil), steps[i]...)}, nil
	})
	m, _ := newTestWindow(t, Options{Select: -1, Sockets: sockets, ManualPolling: true, NoBackground: true,
		HistoryPath: func() (string, error) { return path, nil }})
	at := time.Now().Truncate(time.Second).Add(-time.Minute)
	return m, func() {
		t.Helper()
		r := m.poller.PollOnce(context.Background())
		r.Time, at = at, at.Add(time.Second) // the history counts in seconds
		m.lhist.record(r)
		m.applyPoll(r)
	}
}

func loopback(port uint16, pid int32, process string) listen.Listener {
	return listen.Listener{Protocol: "tcp", Family: "ipv4", IP: netip.MustParseAddr("127.0.0.1"), Address: "127.0.0.1",
		Port: port, Scope: listen.ScopeLoopback, State: "LISTEN", PID: pid, Process: process, Exe: "/usr/bin/" + process, User: "alice"}
}

// The window records its polls; the History tab lists the events, its
// filter chooses them, and a row selects its port through the window (the
// map, the pane and its history section follow).
func TestWindowHistoryTabAndPane(t *testing.T) {
	path := filepath.Join(t.TempDir(), history.FileName)
	web, db := loopback(8000, 41, "python3"), loopback(5432, 42, "postgres")
	m, poll := historyWindow(t, path, []listen.Listener{web}, []listen.Listener{web, db}, []listen.Listener{db})
	poll()
	poll()
	poll()
	v := m.lhist.view
	var got []string
	for _, e := range v.Rows() {
		got = append(got, e.Kind.String()+" "+e.Key.Process)
	}
	if strings.Join(got, ", ") != "gone python3, new postgres, new python3" {
		t.Fatalf("History tab, newest first: %q", got)
	}
	v.SetFilter("proc=postgres")
	if len(v.Rows()) != 1 || v.Rows()[0].Port != 5432 {
		t.Fatalf("filtered: %+v", v.Rows())
	}
	m.panel.SelectTab(m.lhist.tab)
	v.SelectRow(0)
	if sel, ok := m.history.Current(); !ok || sel.IsRange() || sel.From != 5432 {
		t.Fatalf("the window's selection after the row: %+v %v", sel, ok)
	}
	if p, ok := m.portMap.Selected(); !ok || p != 5432 {
		t.Errorf("the map shows %d %v", p, ok)
	}
	text := m.pane.Text()
	for _, want := range []string{"5432", "HISTORY HERE", "tcp 127.0.0.1:5432 postgres · alice", "last seen now seen 1 time", " new PID 42"} {
		if !strings.Contains(text, want) {
			t.Errorf("pane lacks %q:\n%s", want, text)
		}
	}
	// A poll that records an event on the selected port shows it there.
	m.selectPort(8000)
	if !strings.Contains(m.pane.Text(), " gone PID 41") {
		t.Errorf("pane of 8000:\n%s", m.pane.Text())
	}
	if m.historyLine.Text != "" {
		t.Errorf("status bar: %q", m.historyLine.Text)
	}
}

// Paused, the window gives writing up: another recorder (the user
// service) records meanwhile.
func TestWindowPauseGivesWritingUp(t *testing.T) {
	path := filepath.Join(t.TempDir(), history.FileName)
	m, poll := historyWindow(t, path, []listen.Listener{loopback(8000, 41, "python3")})
	poll()
	other, err := history.Open(context.Background(), history.Options{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	at := time.Now()
	if res, err := other.Record(context.Background(), at, nil); err != nil || res.Written {
		t.Fatalf("while the window records: %+v %v", res, err)
	}
	m.togglePause()
	if res, err := other.Record(context.Background(), at.Add(time.Second), nil); err != nil || !res.Written {
		t.Fatalf("while the window is paused: %+v %v", res, err)
	}
	m.togglePause()
	poll() // the window now sees the other recorder write
	if !strings.Contains(m.historyLine.Text, "not recorded here") || !strings.Contains(m.lhist.view.Notice(), "another recorder") {
		t.Errorf("status %q, notice %q", m.historyLine.Text, m.lhist.view.Notice())
	}
}

// A file in the history's place that is not one is set aside, and the
// window says so, once, in the status bar and the History tab.
func TestWindowHistoryCorruptFileSetAside(t *testing.T) {
	path := filepath.Join(t.TempDir(), history.FileName)
	os.WriteFile(path, []byte("a text file where the history should be"), 0o600)
	m, poll := historyWindow(t, path, []listen.Listener{loopback(8000, 41, "python3")})
	if !strings.Contains(m.historyLine.Text, "could not be used") || !strings.Contains(m.lhist.view.Notice(), "moved to "+path+".corrupt-") {
		t.Fatalf("status %q, notice %q", m.historyLine.Text, m.lhist.view.Notice())
	}
	poll()
	if len(m.lhist.view.Rows()) != 1 {
		t.Errorf("the new history: %d rows", len(m.lhist.view.Rows()))
	}
}

func TestWindowHistoryRetentionAndNone(t *testing.T) {
	path := filepath.Join(t.TempDir(), history.FileName)
	m, _ := historyWindow(t, path, nil)
	if got := m.lhist.store.Retention(); got != history.DefaultRetention {
		t.Errorf("retention %v", got)
	}
	m.lhist.setRetention(365 * 24 * time.Hour) // the tab's choice (tested in historyui)
	if got := m.lhist.store.Retention(); got != 365*24*time.Hour || m.prefs.Int(prefHistoryRetention) != 365 {
		t.Errorf("retention %v, preference %d", got, m.prefs.Int(prefHistoryRetention))
	}

	none, _ := newTestWindow(t, Options{Select: 22, ManualPolling: true, NoBackground: true})
	if none.lhist.store != nil || strings.Contains(none.pane.Text(), "HISTORY") || !strings.Contains(none.lhist.view.Notice(), "keeps no listener history") {
		t.Errorf("a window without history: notice %q", none.lhist.view.Notice())
	}
	none.togglePause()
	none.lhist.queue(listen.PollResult{}) // dropped: nothing records
}
