package update

import (
	"fmt"
	"strings"

	"github.com/portolan/portolan/registry"
)

// RegistryCheck compares the registry in use with a download that is
// IANA's CSV registry (it parsed, holds MinRecords distinct records, and
// few unreadable rows) and says what taking it would lose: one plain
// sentence per finding, none when the download may replace the registry.
// A finding refuses the update unless Updater.Force is set.
type RegistryCheck func(current, candidate *registry.Registry) []string

// ShrinkCheck is the default RegistryCheck: a download with fewer distinct
// records than the registry in use is refused, naming how many of today's
// records would vanish and a few of them. IANA's registry grows; a smaller
// download is one cut short (at a line end, with no Content-Length to tell)
// or padded with repeats of a few rows.
func ShrinkCheck(current, candidate *registry.Registry) []string {
	had, has := DistinctRecords(current), DistinctRecords(candidate)
	if has >= had {
		return nil
	}
	d := registry.Compare(current, candidate)
	var examples []string
	for _, e := range d.Entries() {
		if e.Kind != registry.Removed {
			continue
		}
		if len(examples) == vanishExamples {
			break
		}
		examples = append(examples, e.Label())
	}
	s := fmt.Sprintf("the download holds %s distinct records where the registry in use has %s", registry.Thousands(int64(has)), registry.Thousands(int64(had)))
	if n := d.Counts.Removed; n > 0 {
		s += fmt.Sprintf(": %s of its records would vanish (%s", registry.Thousands(int64(n)), strings.Join(examples, ", "))
		if n > len(examples) {
			s += ", ..."
		}
		s += ")"
	}
	return []string{s + ", so it looks incomplete"}
}

// vanishExamples is how many records a refusal names.
const vanishExamples = 3

// DistinctRecords counts reg's records once per service name (any case),
// port or range, and protocol: a row repeated 11,000 times is one record.
// The embedded snapshot's records newer than IANA's file are not counted:
// IANA's own file cannot hold them yet.
func DistinctRecords(reg *registry.Registry) int {
	type key struct {
		service  string
		hasPort  bool
		low, hi  uint16
		protocol registry.Protocol
	}
	recs := reg.Records()
	seen := make(map[key]struct{}, len(recs))
	for i := range recs {
		r := &recs[i]
		if r.NewerThanIANA() {
			continue
		}
		seen[key{strings.ToLower(r.Service), r.HasPort, r.Low, r.High, r.Protocol}] = struct{}{}
	}
	return len(seen)
}
