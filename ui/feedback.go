package ui

import (
	"net/url"
	"strconv"
	"strings"
)

// say shows a short notice in the window.
func (m *MainWindow) say(text string) { m.notice.show(text, "", nil) }

// copyText puts text on the clipboard and says so (the pane's copy
// buttons).
func (m *MainWindow) copyText(text string) {
	m.app.Clipboard().SetContent(text)
	if n := strings.Count(strings.TrimRight(text, "\n"), "\n") + 1; n > 1 {
		m.say("Copied " + strconv.Itoa(n) + " lines to the clipboard")
		return
	}
	if len(text) > 60 {
		text = text[:57] + "..."
	}
	m.say("Copied: " + text)
}

// openURL opens a reference in the browser; when that fails, the notice
// says why and offers to copy the address.
func (m *MainWindow) openURL(u *url.URL) {
	if err := m.openLink(u); err != nil {
		addr := u.String()
		m.notice.show("Could not open "+addr+" ("+err.Error()+")", "Copy the address", func() {
			m.app.Clipboard().SetContent(addr)
		})
	}
}
