package judge

import "github.com/portolan/portolan/model"

// Setup is what the window and the command line judge listeners with,
// loaded from the config folder (ConfigDir) in one way for both.
type Setup struct {
	Verdicts *Verdicts
	// Baseline is nil when there is no config folder or the baseline
	// could not be read; its Notice tells of a damaged file set aside.
	Baseline *Baseline
	// Why parts are missing, for the caller to tell in its own words (nil
	// when all is well): no config folder (so no baseline and no
	// known-process additions), a known-processes file that is not used
	// (the built-in table is), a baseline that could not be read.
	ConfigDirErr, KnownErr, BaselineErr error
}

// NewSetup loads the known-processes table and the baseline of the
// user's config folder and makes the verdicts over space. Problems with
// either file never stop it: they are in the Err fields.
func NewSetup(space *model.Space) *Setup {
	s := &Setup{Verdicts: &Verdicts{Space: space, Known: DefaultKnownProcs()}}
	dir, err := ConfigDir()
	if err != nil {
		s.ConfigDirErr = err
		return s
	}
	// LoadKnownProcs always returns a table: the built-in one on error.
	s.Verdicts.Known, s.KnownErr = LoadKnownProcs(dir)
	if b, err := LoadBaseline(dir); err != nil {
		s.BaselineErr = err
	} else {
		s.Baseline = b
		s.Verdicts.Baseline = b
	}
	return s
}
