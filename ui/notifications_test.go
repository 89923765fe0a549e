package ui

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/portolan/portolan/model/update"
)

// countingApp is Fyne's test app counting the notifications sent.
type countingApp struct {
	fyne.App
	sent *[]string
}

func (a countingApp) SendNotification(n *fyne.Notification) { *a.sent = append(*a.sent, n.Title) }

func newNotifyingWindow(t *testing.T, check NotificationCheck) (*MainWindow, *postQueue, *[]string) {
	t.Helper()
	sent := &[]string{}
	q := newPostQueue()
	w := test.NewWindow(nil)
	t.Cleanup(w.Close)
	m := NewMainWindow(countingApp{test.NewTempApp(t), sent}, w, Options{Select: -1, ManualPolling: true, NoBackground: true,
		Deliver: q.post, CheckNotifications: check})
	return m, q, sent
}

func TestNotificationsUnavailableSaidOnceSentNone(t *testing.T) {
	m, q, sent := newNotifyingWindow(t, func(context.Context) error {
		return errors.New("there is no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)")
	})
	m.notify("New flagged listener", "before the check answered")
	q.await(t, "the notification check", func() bool { return m.notifications.state != notifyUnknown })
	for range 3 {
		m.notify("New flagged listener", "python3 on 290")
	}
	if len(*sent) != 0 {
		t.Errorf("%d notifications sent without a notification server", len(*sent))
	}
	notes := m.notes.Texts()
	if len(notes) != 1 || !strings.Contains(notes[0], "Notifications unavailable") || !strings.Contains(notes[0], "no D-Bus session bus") {
		t.Errorf("status bar notes = %q, want one saying notifications are unavailable and why", notes)
	}
}

func TestNotificationsSentWhenAvailable(t *testing.T) {
	m, q, sent := newNotifyingWindow(t, func(context.Context) error { return nil })
	m.notify("New flagged listener", "held until the check answers")
	q.await(t, "the notification check", func() bool { return m.notifications.state != notifyUnknown })
	m.notify("2 new flagged listeners", "after")
	if strings.Join(*sent, "|") != "New flagged listener|2 new flagged listeners" {
		t.Errorf("sent %q, want the held notification, then the new one", *sent)
	}
	if notes := m.notes.Texts(); len(notes) != 0 {
		t.Errorf("status bar notes %q with notifications available", notes)
	}
	m.prefs.SetBool(prefNotify, false)
	m.notify("New flagged listener", "turned off")
	if len(*sent) != 2 {
		t.Error("a notification was sent after the user turned them off")
	}
}

// The system's check, against a session bus that is not there and, when
// dbus-daemon is installed, a real one with no notification server.
func TestSystemNotificationCheck(t *testing.T) {
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path="+filepath.Join(t.TempDir(), "no-bus"))
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := systemNotificationCheck(ctx); err == nil || !strings.Contains(err.Error(), "cannot be reached") {
		t.Errorf("with no bus at the address: %v", err)
	}
	daemon, err := exec.LookPath("dbus-daemon")
	if err != nil {
		t.Log("dbus-daemon is not installed: the check against a real bus is skipped")
		return
	}
	cmd := exec.Command(daemon, "--session", "--nofork", "--print-address=1", "--address=unix:dir="+t.TempDir())
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	line := make([]byte, 512)
	n, err := out.Read(line)
	if err != nil {
		t.Fatalf("dbus-daemon printed no address: %v", err)
	}
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", strings.TrimSpace(string(line[:n])))
	if err := systemNotificationCheck(ctx); err == nil || !strings.Contains(err.Error(), "no notification server") {
		t.Errorf("with a bus and no notification server: %v", err)
	}
}

// A damaged cached registry is said in the status bar, not in a dialog
// over the window at start; an update that replaces it takes the note away.
func TestDamagedCacheNoteInStatusBar(t *testing.T) {
	dir, err := update.CacheDir()
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(dir, 0o755)
	path := filepath.Join(dir, update.CachedCSVName)
	os.WriteFile(path, []byte("Service Name,Port Number,Transport Protocol\n"), 0o644) // cut to its header, no metadata
	defer os.Remove(path)
	m, _ := newTestWindow(t, Options{Select: 22, ManualPolling: true, NoBackground: true})
	notes := m.notes.Texts()
	if len(notes) != 1 || !strings.Contains(notes[0], "Cached registry not used") || !strings.Contains(notes[0], "The cached download") {
		t.Fatalf("status bar notes = %q, want the damaged cache", notes)
	}
	if n := len(m.win.Canvas().Overlays().List()); n != 0 {
		t.Errorf("%d dialogs over the window at start", n)
	}
	if !strings.Contains(m.sourceLine.Text, "embedded snapshot") {
		t.Errorf("status bar source = %q", m.sourceLine.Text)
	}
	m.updated(&update.Result{Outcome: update.Replaced, Registry: m.space.Reg, Path: path})
	if notes := m.notes.Texts(); len(notes) != 0 {
		t.Errorf("the note stayed after an update replaced the cache: %q", notes)
	}
}
