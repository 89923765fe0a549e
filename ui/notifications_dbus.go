//go:build linux || freebsd || openbsd || netbsd

package ui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"

	"github.com/godbus/dbus/v5"
)

// notificationsName is the freedesktop notification server's bus name,
// which Fyne calls.
const notificationsName = "org.freedesktop.Notifications"

// systemNotificationCheck asks the session D-Bus, without starting one
// (Fyne's own call would try dbus-launch), whether a notification server
// runs or can be started on it.
func systemNotificationCheck(ctx context.Context) error {
	conn, err := dbus.SessionBusPrivateNoAutoStartup(dbus.WithContext(ctx))
	if err != nil {
		if os.Getenv("DBUS_SESSION_BUS_ADDRESS") == "" {
			return errors.New("there is no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)")
		}
		return fmt.Errorf("the D-Bus session bus cannot be reached (%w)", err)
	}
	defer conn.Close()
	if err := conn.Auth(nil); err != nil {
		return fmt.Errorf("the D-Bus session bus cannot be reached (%w)", err)
	}
	if err := conn.Hello(); err != nil {
		return fmt.Errorf("the D-Bus session bus cannot be reached (%w)", err)
	}
	bus := conn.BusObject()
	var owned bool
	if err := bus.CallWithContext(ctx, "org.freedesktop.DBus.NameHasOwner", 0, notificationsName).Store(&owned); err != nil {
		return fmt.Errorf("the D-Bus session bus does not answer (%w)", err)
	}
	if owned {
		return nil
	}
	var startable []string
	if err := bus.CallWithContext(ctx, "org.freedesktop.DBus.ListActivatableNames", 0).Store(&startable); err == nil &&
		slices.Contains(startable, notificationsName) {
		return nil
	}
	return errors.New("no notification server runs on the D-Bus session bus")
}
