// Command portolan maps the TCP/UDP port space. With no subcommand it opens
// the window; with one (port, search, registry, listeners, watch) it runs
// headless and never opens a window.
package main

import (
	"fmt"
	"os"

	"fyne.io/fyne/v2/app"

	"github.com/portolan/portolan/cmd/internal/cli"
	"github.com/portolan/portolan/model/record"
	"github.com/portolan/portolan/ui"
)

func main() {
	g, rest, err := cli.ParseGlobal(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "portolan:", err)
		os.Exit(2)
	}
	if len(rest) > 0 {
		os.Exit(cli.Run(&cli.Env{Stdout: os.Stdout, Stderr: os.Stderr, RegistryPath: g.RegistryPath}, rest))
	}
	var notice string
	if path, err := ui.SettingsPath(); err == nil {
		notice = ui.RescueSettings(path) // before Fyne reads (and would overwrite) it
	}
	a := app.NewWithID(ui.AppID)
	w := a.NewWindow("Portolan")
	ui.NewMainWindow(a, w, ui.Options{RegistryPath: g.RegistryPath, Select: g.Select, Notice: notice,
		HistoryPath: record.DefaultPath})
	w.ShowAndRun()
}
