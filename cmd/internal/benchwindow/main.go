// Command benchwindow is the reference that scripts/bench-window.sh measures
// Portolan's window against: the least a Fyne window can be while doing the
// same polling work. It shows a label and a table of this machine's
// listeners (one row each: 1,000 rows with the script's sockets), polled by
// the project's own poller and redrawn after every poll.
//
// It owns nothing else and must not import ui/: what it measures is Fyne's
// floor, not Portolan's widgets.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/portolan/portolan/model/listen"
)

// columns of the table: what a listener panel shows at the least.
var columns = []struct {
	title string
	width float32
	text  func(l *listen.Listener) string
}{
	{"Proto", 60, func(l *listen.Listener) string { return l.Protocol }},
	{"Address", 200, func(l *listen.Listener) string { return l.Address }},
	{"Port", 70, func(l *listen.Listener) string { return strconv.Itoa(int(l.Port)) }},
	{"Process", 160, func(l *listen.Listener) string { return l.ProcessText() }},
	{"PID", 70, func(l *listen.Listener) string { return strconv.Itoa(int(l.PID)) }},
	{"User", 100, func(l *listen.Listener) string { return l.User }},
}

func main() {
	every := flag.Duration("interval", listen.DefaultPollInterval, "time between polls")
	width := flag.Float64("width", 1280, "window width")
	height := flag.Float64("height", 800, "window height")
	flag.Parse()

	a := app.NewWithID("io.github.portolan.benchwindow")
	w := a.NewWindow("Fyne reference window")

	var rows []listen.Listener // the last listing, shared with the poller: read only
	status := widget.NewLabel("not polled yet")
	table := widget.NewTable(
		func() (int, int) { return len(rows), len(columns) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(id widget.TableCellID, o fyne.CanvasObject) {
			if id.Row < len(rows) && id.Col < len(columns) {
				o.(*widget.Label).SetText(columns[id.Col].text(&rows[id.Row]))
			}
		},
	)
	table.ShowHeaderRow = true
	table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Col >= 0 && id.Col < len(columns) {
			o.(*widget.Label).SetText(columns[id.Col].title)
		}
	}
	for i, c := range columns {
		table.SetColumnWidth(i, c.width)
	}
	w.SetContent(container.NewBorder(status, nil, nil, nil, table))
	w.Resize(fyne.NewSize(float32(*width), float32(*height)))

	p := listen.NewPoller(listen.NewSystemSource(), nil)
	if err := p.SetInterval(*every); err != nil {
		fmt.Fprintln(os.Stderr, "benchwindow:", err)
		os.Exit(2)
	}
	ctx, cancel := context.WithCancel(context.Background())
	w.SetOnClosed(cancel)
	go p.Run(ctx, func(r listen.PollResult) {
		fyne.Do(func() {
			if r.Err != nil {
				status.SetText("poll failed: " + r.Err.Error())
				return
			}
			// Redrawn after every poll, changed or not: the floor the
			// script compares with is a table updated as often as
			// Portolan's.
			rows = r.Snapshot.Listeners
			status.SetText(fmt.Sprintf("%d listeners, polled %s", len(rows), r.Time.Format(time.TimeOnly)))
			table.Refresh()
		})
	})
	w.ShowAndRun()
}
