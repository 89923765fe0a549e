package registry

import (
	"errors"
	"fmt"
	"strings"
)

// Checks before a registry replaces the one in use (an update). A download
// cut at a line end with no Content-Length, a file of one row repeated
// 11,000 times, a CSV whose reader lost rows: each parses, and each would
// replace good data with worse. CheckReplacement compares the candidate
// with the registry in use by distinct records, not rows, and says in
// words what is wrong and what would vanish.

// ShrinkTolerance is the share of the in-use registry's distinct records a
// candidate may lack without being called a shrink: IANA retires a few
// records between releases (52 of 14,058 from the embedded snapshot to the
// release of 2026-02-25), never a hundred and forty.
const ShrinkTolerance = 0.01

// TailRecords is how many of the in-use registry's last records a
// candidate must hold: IANA's file ends with its port-less names, which a
// download cut short lacks.
const TailRecords = 3

// ErrDamaged is wrapped by a refusal of a candidate that lost data on its
// way (rows its reader could not read, rows repeated): it is refused even
// when forced.
var ErrDamaged = errors.New("the new registry is damaged")

// ErrShrinks is wrapped by a refusal of a candidate that holds less than
// the registry in use: it replaces it only when forced.
var ErrShrinks = errors.New("the new registry holds less than the one in use")

// ProblemKind names one finding of CheckReplacement.
type ProblemKind string

const (
	// Damage, never forced:
	ProblemLostRows ProblemKind = "lost-rows" // rows its reader could not read
	ProblemRepeated ProblemKind = "repeated"  // rows repeating other rows
	// Shrinks, forced by the user only:
	ProblemFewer    ProblemKind = "fewer-records" // fewer distinct records
	ProblemVanished ProblemKind = "vanished"      // records of the one in use missing
	ProblemTopPort  ProblemKind = "top-port"      // the highest registered port falls
	ProblemCutShort ProblemKind = "cut-short"     // the last records of the one in use missing
)

// Problem is one reason not to replace the registry in use.
type Problem struct {
	Kind ProblemKind `json:"kind"`
	Text string      `json:"text"` // in words, lower case, no final stop
	// Forceable: the user may replace anyway (IANA may have meant a
	// shrink); damage is never forceable.
	Forceable bool `json:"forceable"`
}

// Shape is what CheckReplacement counts in a registry.
type Shape struct {
	Records  int `json:"records"`
	Distinct int `json:"distinct"` // records told apart by name, ports and protocol
	Lost     int `json:"lost"`     // rows the reader could not read (Skipped)
	// TopPort is the highest port with an assigned record, or -1.
	TopPort int `json:"top_port"`
}

// ReplacementCheck is what CheckReplacement found.
type ReplacementCheck struct {
	InUse     Shape     `json:"in_use"`
	Candidate Shape     `json:"candidate"`
	Problems  []Problem `json:"problems"`
	// Vanished lists the records of the registry in use the candidate
	// lacks, in port order (Compare's Removed), problem or not: what a
	// forced replacement loses.
	Vanished []DiffEntry `json:"vanished"`
	// VanishedNames counts the service names of the registry in use that
	// the candidate does not hold at all.
	VanishedNames int `json:"vanished_names"`
}

// CheckReplacement compares a candidate registry (a download) with the
// registry in use (nil: none) and lists every reason not to replace it:
// rows its reader lost, rows repeated, fewer distinct records, records
// vanished past ShrinkTolerance, a lower highest registered port, the in-use
// registry's last TailRecords records missing. Err turns the findings into
// a refusal.
func CheckReplacement(inUse, candidate *Registry) *ReplacementCheck {
	c := &ReplacementCheck{Candidate: shapeOf(candidate), InUse: Shape{TopPort: -1}}
	if n := c.Candidate.Lost; n > 0 {
		c.add(ProblemLostRows, false, "%s %s cannot be read (%s)", Thousands(n), plural(n, "row"), skippedWords(candidate.Skipped(), 3))
	}
	if inUse == nil {
		if repeated := c.Candidate.Records - c.Candidate.Distinct; float64(repeated) > ShrinkTolerance*float64(c.Candidate.Records) {
			c.add(ProblemRepeated, false, "%s of its %s records repeat others (%s distinct)", Thousands(repeated), Thousands(c.Candidate.Records), Thousands(c.Candidate.Distinct))
		}
		return c
	}
	c.InUse = shapeOf(inUse)
	in, cand := c.InUse, c.Candidate
	repeatedIn, repeated := in.Records-in.Distinct, cand.Records-cand.Distinct
	if float64(repeated-repeatedIn) > ShrinkTolerance*float64(cand.Records) {
		c.add(ProblemRepeated, false, "%s of its %s records repeat others (%s distinct, where the registry in use has %s)",
			Thousands(repeated), Thousands(cand.Records), Thousands(cand.Distinct), Thousands(in.Distinct))
	}
	allowed := ShrinkTolerance * float64(in.Distinct)
	if float64(in.Distinct-cand.Distinct) > allowed {
		c.add(ProblemFewer, true, "it holds %s distinct records where the registry in use has %s", Thousands(cand.Distinct), Thousands(in.Distinct))
	}
	c.Vanished = withoutNewerThanIANA(inUse, Compare(inUse, candidate).Removed)
	c.VanishedNames = vanishedNames(inUse, candidate)
	if n := len(c.Vanished); float64(n) > allowed {
		c.add(ProblemVanished, true, "%s records of the registry in use would vanish (%s), among them %s", Thousands(n),
			namesWords(c.VanishedNames), examples(c.Vanished, 4))
	}
	if cand.TopPort < in.TopPort {
		top := "none"
		if cand.TopPort >= 0 {
			top = fmt.Sprint(cand.TopPort)
		}
		c.add(ProblemTopPort, true, "its highest registered port is %s where the registry in use has %d", top, in.TopPort)
	}
	if missing := missingTail(inUse, candidate); len(missing) > 0 {
		c.add(ProblemCutShort, true, "it lacks %s, among the last %d records of the registry in use: it looks cut short",
			strings.Join(missing, ", "), TailRecords)
	}
	return c
}

func (c *ReplacementCheck) add(kind ProblemKind, forceable bool, format string, args ...any) {
	c.Problems = append(c.Problems, Problem{Kind: kind, Text: fmt.Sprintf(format, args...), Forceable: forceable})
}

// Refused reports whether the candidate must not replace the registry in
// use: any damage, or a shrink the user did not force.
func (c *ReplacementCheck) Refused(force bool) bool { return c.Err(force) != nil }

// Err is nil when the candidate may replace the registry in use (force:
// the user accepts a shrink). Otherwise its message lists the problems in
// words, damage first, and it wraps ErrDamaged or ErrShrinks.
func (c *ReplacementCheck) Err(force bool) error {
	var damage, shrink []string
	for _, p := range c.Problems {
		if p.Forceable {
			shrink = append(shrink, p.Text)
		} else {
			damage = append(damage, p.Text)
		}
	}
	switch {
	case len(damage) > 0:
		return fmt.Errorf("%w: %s", ErrDamaged, strings.Join(append(damage, shrink...), "; "))
	case len(shrink) > 0 && !force:
		return fmt.Errorf("%w: %s", ErrShrinks, strings.Join(shrink, "; "))
	}
	return nil
}

// comparable is what of reg a replacement is measured against: its records
// less those the embedded snapshot took from npm because IANA's file was
// older (a download of IANA's file cannot hold them yet).
func comparable(reg *Registry) []Record {
	recs := reg.Records()
	kept := recs[:0:0]
	for i := range recs {
		if !recs[i].NewerThanIANA() {
			kept = append(kept, recs[i])
		}
	}
	return kept
}

// withoutNewerThanIANA drops from removed the records of inUse that the
// embedded snapshot took from npm (see comparable).
func withoutNewerThanIANA(inUse *Registry, removed []DiffEntry) []DiffEntry {
	newer := map[string]bool{}
	for _, r := range inUse.Records() {
		if r.NewerThanIANA() {
			newer[label(entryOf(Removed, &r))] = true
		}
	}
	if len(newer) == 0 {
		return removed
	}
	kept := removed[:0:0]
	for _, e := range removed {
		if !newer[label(e)] {
			kept = append(kept, e)
		}
	}
	return kept
}

func shapeOf(reg *Registry) Shape {
	recs := comparable(reg)
	s := Shape{Records: len(recs), Lost: len(reg.skipped), TopPort: -1}
	seen := make(map[diffKey]struct{}, len(recs))
	for i := range recs {
		r := &recs[i]
		seen[keyOf(r)] = struct{}{}
		if r.HasPort && r.Status() == Assigned && int(r.High) > s.TopPort {
			s.TopPort = int(r.High)
		}
	}
	s.Distinct = len(seen)
	return s
}

// missingTail labels the last TailRecords distinct records of inUse that
// candidate lacks.
func missingTail(inUse, candidate *Registry) []string {
	cand, in := candidate.Records(), comparable(inUse)
	have := make(map[diffKey]bool, len(cand))
	for i := range cand {
		have[keyOf(&cand[i])] = true
	}
	var missing []string
	seen := map[diffKey]bool{}
	for i := len(in) - 1; i >= 0 && len(seen) < TailRecords; i-- {
		r := &in[i]
		k := keyOf(r)
		if seen[k] {
			continue
		}
		seen[k] = true
		if !have[k] {
			missing = append(missing, label(entryOf(Removed, r)))
		}
	}
	return missing
}

// vanishedNames counts the service names of inUse that candidate lacks.
func vanishedNames(inUse, candidate *Registry) int {
	cand, in := candidate.Records(), comparable(inUse)
	have := make(map[string]bool, len(cand))
	for i := range cand {
		have[lowerASCII(cand[i].Service)] = true
	}
	gone := map[string]bool{}
	for i := range in {
		if name := lowerASCII(in[i].Service); name != "" && !have[name] {
			gone[name] = true
		}
	}
	return len(gone)
}

func namesWords(n int) string {
	if n == 0 {
		return "no service name vanishes entirely"
	}
	return fmt.Sprintf("%s service %s no longer in it at all", Thousands(n), plural(n, "name"))
}

// examples labels the first n entries, those with a service name first.
func examples(entries []DiffEntry, n int) string {
	var named, unnamed []string
	for i := range entries {
		if len(named) == n {
			break
		}
		if entries[i].Service != "" {
			named = append(named, label(entries[i]))
		} else if len(unnamed) < n {
			unnamed = append(unnamed, label(entries[i]))
		}
	}
	return strings.Join(append(named, unnamed...)[:min(n, len(named)+len(unnamed))], ", ")
}

// label is DiffEntry.Label with the protocol of a port-less name, which
// IANA lists once for each protocol.
func label(e DiffEntry) string {
	if !e.HasPort && e.Protocol != "" {
		return e.Service + " (no port, " + e.Protocol + ")"
	}
	return e.Label()
}

func skippedWords(rows []SkippedRow, n int) string {
	var parts []string
	for _, s := range rows[:min(n, len(rows))] {
		parts = append(parts, fmt.Sprintf("line %s: %s", Thousands(s.Line), s.Reason))
	}
	if len(rows) > n {
		parts = append(parts, "...")
	}
	return strings.Join(parts, "; ")
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}
