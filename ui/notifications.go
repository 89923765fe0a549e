package ui

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
)

// NotificationCheck tells whether this system can show notifications:
// nil, or why not, in words ("there is no D-Bus session bus ...").
type NotificationCheck func(ctx context.Context) error

// notificationCheckTimeout bounds the check: a session bus that does not
// answer counts as none.
const notificationCheckTimeout = 2 * time.Second

// notifyState is what the check found.
type notifyState int

const (
	notifyUnknown notifyState = iota // not answered yet
	notifyAvailable
	notifyUnavailable
)

// notifications are the window's system notifications. Fyne sends each
// one blindly, and without a session bus logs three D-Bus lines per
// notification; so the system is asked once, at start, and when it cannot
// show them none is sent and the status bar says so, once.
type notifications struct {
	state notifyState
	why   string
	// held is the latest notification asked for before the check
	// answered: sent when it says yes.
	held *fyne.Notification
}

const noteNotifications = "notifications"

// checkNotifications asks check (nil: the system's) off the UI goroutine.
func (m *MainWindow) checkNotifications(check NotificationCheck) {
	if check == nil {
		check = systemNotificationCheck
	}
	m.life.start(func(ctx context.Context) {
		ctx, cancel := context.WithTimeout(ctx, notificationCheckTimeout)
		defer cancel()
		err := check(ctx)
		m.life.toUI(func() { m.notificationsChecked(err) })
	})
}

// notificationsChecked takes the check's answer, on the UI goroutine.
func (m *MainWindow) notificationsChecked(err error) {
	n := &m.notifications
	held := n.held
	n.held = nil
	if err == nil {
		n.state = notifyAvailable
		if held != nil {
			m.app.SendNotification(held)
		}
		return
	}
	n.state, n.why = notifyUnavailable, err.Error()
	if held != nil || m.prefs.BoolWithFallback(prefNotify, true) {
		m.sayNotificationsUnavailable()
	}
}

// notify sends a system notification, unless the user turned them off or
// the system cannot show them.
func (m *MainWindow) notify(title, body string) {
	if !m.prefs.BoolWithFallback(prefNotify, true) {
		return
	}
	n := &m.notifications
	switch n.state {
	case notifyAvailable:
		m.app.SendNotification(fyne.NewNotification(title, body))
	case notifyUnknown:
		n.held = fyne.NewNotification(title, body)
	case notifyUnavailable:
		m.sayNotificationsUnavailable()
	}
}

// sayNotificationsUnavailable puts the note in the status bar, once.
func (m *MainWindow) sayNotificationsUnavailable() {
	if m.notes.has(noteNotifications) {
		return
	}
	m.notes.set(noteNotifications, "Notifications unavailable",
		"This system cannot show notifications: "+m.notifications.why+
			".\n\nNew flagged listeners are still marked in the listener panel and on the map.")
}
