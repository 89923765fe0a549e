//go:build !(linux || freebsd || openbsd || netbsd)

package ui

import "context"

// systemNotificationCheck: macOS and Windows always have a notification
// centre, which Fyne calls without D-Bus.
func systemNotificationCheck(context.Context) error { return nil }
