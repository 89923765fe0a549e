package fleetjudge

import (
	"fmt"

	"github.com/portolan/portolan/model/judge"
	"github.com/portolan/portolan/registry"
)

// ForUser judges over reg with the verdict engine, its built-in knowledge
// and the user's additions (judge.ProgramsFile in the config folder), as
// the window and the command line both do. It always returns a Judge; the
// error says what of the user's knowledge is not used (no config folder, a
// file that cannot be read), for the caller to tell in its own words.
func ForUser(reg *registry.Registry) (*Judge, error) {
	dir, dirErr := judge.ConfigDir()
	k, err := judge.LoadKnowledge(dir)
	if dirErr != nil {
		err = fmt.Errorf("%w; the built-in knowledge of programs is used", dirErr)
	}
	return New(judge.NewEngine(k), reg), err
}
