// Package english sets LANGUAGE=en, when fynelocale.NeedsEnglish says so,
// before Fyne's lang package reads the locale in its own init: imported
// (blank) by cmd/portolan-window, which may be started directly rather
// than through portolan (which sets it for the window's process).
//
// Go initialises packages in the order of their import paths, each once
// all its imports are: this package needs only os, Fyne's lang needs
// golang.org/x/text/language, which needs os too and sorts after
// github.com/portolan/..., so this init always runs first
// (TestStartsQuietUnderCLocale in cmd/portolan-window checks it).
package english

import (
	"os"

	"github.com/portolan/portolan/cmd/internal/fynelocale"
)

func init() {
	if fynelocale.NeedsEnglish(os.Getenv) {
		os.Setenv("LANGUAGE", "en")
	}
}
