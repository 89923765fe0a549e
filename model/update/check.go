package update

import (
	"github.com/portolan/portolan/registry"
)

// RegistryCheck compares the registry in use with a download that is
// IANA's CSV registry (it parsed, holds MinRecords distinct records, and
// few unreadable rows) and says what taking it would lose: one plain
// sentence per finding, none when the download may replace the registry.
// A finding refuses the update unless Updater.Force is set.
type RegistryCheck func(current, candidate *registry.Registry) []string

// ShrinkCheck is the default RegistryCheck: registry.CheckReplacement's
// forceable findings (fewer distinct records, records that would vanish,
// a lower highest registered port, the file's own last records missing),
// in its words. IANA's registry grows; a smaller download is one cut short
// (at a line end, with no Content-Length to tell) or padded with repeats
// of a few rows. Damage (unreadable rows) is refused before, by
// parseDownload, and never forceable.
func ShrinkCheck(current, candidate *registry.Registry) []string {
	var found []string
	for _, p := range registry.CheckReplacement(current, candidate).Problems {
		if p.Forceable {
			found = append(found, p.Text)
		}
	}
	return found
}

// DistinctRecords counts reg's records once per service name, port or
// range, and protocol (registry.CheckReplacement's count): a row repeated
// 11,000 times is one record. The embedded snapshot's records newer than
// IANA's file are not counted: IANA's own file cannot hold them yet.
func DistinctRecords(reg *registry.Registry) int {
	return registry.CheckReplacement(nil, reg).Candidate.Distinct
}
