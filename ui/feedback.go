package ui

import (
	"net/url"
	"strings"
)

// say shows a short notice in the window.
func (m *MainWindow) say(text string) { m.notice.show(text, "", nil) }

// copyText puts text on the clipboard and says so (the pane's copy
// buttons).
func (m *MainWindow) copyText(text string) {
	m.app.Clipboard().SetContent(text)
	first, _, more := strings.Cut(text, "\n")
	if len(first) > 48 {
		first, more = first[:45], true
	}
	if more {
		first += "..."
	}
	m.say("Copied: " + first)
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
