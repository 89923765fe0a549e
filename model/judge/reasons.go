package judge

import (
	"slices"
	"sync"

	"github.com/portolan/portolan/model/listen"
)

// reasonIndex maps a reason to its place in Reasons.
var reasonIndex = func() map[listen.Reason]int {
	m := make(map[listen.Reason]int, len(listen.Reasons))
	for i, r := range listen.Reasons {
		m[r] = i
	}
	return m
}()

// findingSet collects findings as bits: bit 2i says Reasons[i] is found,
// bit 2i+1 that it is an alert. Sets are interned, so thousands of
// listeners share a few slices.
type findingSet uint64

func (s *findingSet) add(r listen.Reason, sev listen.Severity) {
	i := reasonIndex[r]
	*s |= 1 << (2 * i)
	if sev == listen.SeverityAlert {
		*s |= 1 << (2*i + 1)
	}
}

// drop removes the reasons for which keep returns false.
func (s *findingSet) drop(keep func(listen.Reason) bool) {
	for i, r := range listen.Reasons {
		if !keep(r) {
			*s &^= 3 << (2 * i)
		}
	}
}

var interned sync.Map // findingSet -> []listen.Finding

// findings returns the shared slice of a set, in Reasons order, and the
// highest severity.
func (s findingSet) findings() ([]listen.Finding, listen.Severity) {
	if s == 0 {
		return nil, listen.SeverityNone
	}
	if v, ok := interned.Load(s); ok {
		fs := v.([]listen.Finding)
		return fs, maxSeverity(fs)
	}
	var fs []listen.Finding
	for i, r := range listen.Reasons {
		if s&(1<<(2*i)) == 0 {
			continue
		}
		sev := listen.SeverityNotice
		if s&(1<<(2*i+1)) != 0 {
			sev = listen.SeverityAlert
		}
		fs = append(fs, listen.Finding{Reason: r, Severity: sev})
	}
	fs = slices.Clip(fs)
	v, _ := interned.LoadOrStore(s, fs)
	fs = v.([]listen.Finding)
	return fs, maxSeverity(fs)
}

func maxSeverity(fs []listen.Finding) listen.Severity {
	m := listen.SeverityNone
	for _, f := range fs {
		m = max(m, f.Severity)
	}
	return m
}
