// Command portolan-window is Portolan's window: the map of the port space,
// the detail pane and the listener panel. It is installed beside portolan,
// which runs it when no subcommand is given (portolan itself links no Fyne,
// so its headless subcommands start as quickly as portolan-cli's). Given a
// subcommand it answers it too, but pays for Fyne's start-up first.
package main

import (
	"os"
	"os/signal"
	"syscall"

	"fyne.io/fyne/v2/app"

	"github.com/portolan/portolan/cmd/internal/cli"
	_ "github.com/portolan/portolan/cmd/internal/fynelocale/english" // before Fyne reads the locale
	"github.com/portolan/portolan/model/record"
	"github.com/portolan/portolan/ui"
)

func main() {
	g, handled, code := cli.Main(os.Args[1:], os.Stdout, os.Stderr)
	if handled {
		os.Exit(code)
	}
	var notice string
	if path, err := ui.SettingsPath(); err == nil {
		notice = ui.RescueSettings(path) // before Fyne reads (and would overwrite) it
	}
	settleMemory()
	a := app.NewWithID(ui.AppID)
	w := a.NewWindow("Portolan")
	m := ui.NewMainWindow(a, w, ui.Options{RegistryPath: g.RegistryPath, Select: g.Select, Fleet: g.Fleet, Notice: notice,
		HistoryPath: record.DefaultPath})
	signals := make(chan os.Signal, 2)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM) // Fyne listens too, and quits
	go stopOnSignal(signals, m.Stop, m.RequestQuit, os.Exit, quitGrace)
	w.ShowAndRun()
}
