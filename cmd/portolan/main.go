// Command portolan maps the TCP/UDP port space. With a subcommand (port,
// search, registry, listeners, watch) it answers headless; with none it
// opens the window.
//
// It links no Fyne: Go runs every linked package's init before main, and
// Fyne's (fyne.io/fyne/v2/lang parses its translations and the user's locale,
// and logs "Error parsing user locale" under LANG=C.UTF-8) would cost every
// headless command milliseconds and stderr noise. So the window is a second
// executable, portolan-window, installed beside this one; this one replaces
// itself with it (see openWindow). Only cmd/portolan-window imports
// fyne.io/fyne/v2/app.
package main

import (
	"fmt"
	"os"
	"os/exec"

	"github.com/portolan/portolan/cmd/internal/cli"
)

func main() {
	if _, handled, code := cli.Main(os.Args[1:], os.Stdout, os.Stderr); handled {
		os.Exit(code)
	}
	path, err := findWindow(os.Getenv, os.Executable, exec.LookPath)
	if err != nil {
		fmt.Fprintln(os.Stderr, "portolan:", err)
		os.Exit(1)
	}
	code, err := openWindow(path, os.Args[1:], windowEnv(os.Environ()))
	if err != nil {
		fmt.Fprintln(os.Stderr, "portolan: cannot open the window:", err)
		os.Exit(1)
	}
	os.Exit(code)
}
