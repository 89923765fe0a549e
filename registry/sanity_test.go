package registry

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/portolan/portolan/registry/ianatest"
)

// ianaBytes is IANA's CSV as a file holds it.
func ianaBytes(t *testing.T) []byte {
	t.Helper()
	iana(t) // skips or fails as the other IANA tests do
	data, err := os.ReadFile(ianatest.Path(t))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// cutBefore keeps the lines of data before line (from 1): a download cut
// at a line end.
func cutBefore(data []byte, line int) []byte {
	end := 0
	for range line - 1 {
		end += bytes.IndexByte(data[end:], '\n') + 1
	}
	return data[:end]
}

func parseCandidate(t *testing.T, data []byte) *Registry {
	t.Helper()
	reg, err := ParseCSV(bytes.NewReader(data), "download")
	if err != nil {
		t.Fatal(err)
	}
	return reg
}

// wantRefusal checks that the check refuses (unforced), as damage or as a
// shrink, with every phrase in words, and whether forcing lets it through.
func wantRefusal(t *testing.T, c *ReplacementCheck, kind error, forceable bool, words ...string) {
	t.Helper()
	err := c.Err(false)
	if !errors.Is(err, kind) || !c.Refused(false) {
		t.Fatalf("Err = %v; want it to wrap %v", err, kind)
	}
	for _, w := range words {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("%q\nlacks %q", err, w)
		}
	}
	if forced := c.Err(true); (forced == nil) != forceable {
		t.Errorf("forced: %v; want forceable %v", forced, forceable)
	}
}

// A download cut at a line end (no Content-Length to tell) that keeps 75 %
// of the rows parses cleanly, and was accepted: it is a shrink, refused
// unless forced, saying what would vanish.
func TestReplacementCutAtALineEnd(t *testing.T) {
	t.Parallel()
	data := ianaBytes(t)
	inUse := iana(t)
	recs := inUse.Records()
	for _, keep := range []float64{0.75, 0.999} {
		at := recs[int(keep*float64(len(recs)))]
		cand := parseCandidate(t, cutBefore(data, at.Line))
		c := CheckReplacement(inUse, cand)
		if c.Candidate.Lost != 0 || len(c.Vanished) == 0 || c.Vanished[0].Label() == "" {
			t.Fatalf("keep %v: %+v", keep, c.Candidate)
		}
		words := []string{"it lacks zigbee-gateway (no port, udp), zigbee-gateway (no port, tcp), zigbee-bridge (no port, udp), among the last 3 records of the registry in use: it looks cut short"}
		if keep == 0.75 {
			var firstNamed DiffEntry
			for _, e := range c.Vanished {
				if e.Service != "" {
					firstNamed = e
					break
				}
			}
			words = append(words,
				"distinct records where the registry in use has 14,499",
				Thousands(len(c.Vanished))+" records of the registry in use would vanish (",
				"service names no longer in it at all), among them "+firstNamed.Label()+", ",
				"its highest registered port is ")
		}
		wantRefusal(t, c, ErrShrinks, true, words...)
	}
}

// 11,000 copies of one row are one distinct record: refused as damage,
// even when forced (port 80 became unassigned).
func TestReplacementRepeatedRow(t *testing.T) {
	t.Parallel()
	inUse := iana(t)
	var b bytes.Buffer
	b.WriteString(csvTestHeader)
	for range 11000 {
		b.WriteString("ssh,22,tcp,The Secure Shell (SSH) Protocol,,,,,[RFC4251],,,\n")
	}
	cand := parseCandidate(t, b.Bytes())
	c := CheckReplacement(inUse, cand)
	if c.Candidate.Records != 11000 || c.Candidate.Distinct != 1 {
		t.Fatalf("candidate %+v", c.Candidate)
	}
	wantRefusal(t, c, ErrDamaged, false,
		"10,999 of its 11,000 records repeat others (1 distinct, where the registry in use has 14,499)",
		"it holds 1 distinct records where the registry in use has 14,499",
		"its highest registered port is 22 where the registry in use has 49150")
}

// A row the reader could not read is a row lost: refused, even when
// forced, naming the line.
func TestReplacementLostRows(t *testing.T) {
	t.Parallel()
	data := bytes.Clone(ianaBytes(t))
	i := bytes.Index(data, []byte("\nssh,22,tcp,"))
	data = append(data[:i+len("\nssh,22,tcp,")], append([]byte(`"`), data[i+len("\nssh,22,tcp,"):]...)...)
	cand := parseCandidate(t, data)
	c := CheckReplacement(iana(t), cand)
	if c.Candidate.Lost != 1 {
		t.Fatalf("lost %d rows", c.Candidate.Lost)
	}
	line := bytes.Count(data[:i+1], []byte("\n")) + 1
	wantRefusal(t, c, ErrDamaged, false, "1 row cannot be read (line "+Thousands(line)+": the quoted field 4 is never closed)")
	// With no registry in use, the lost row still refuses it.
	wantRefusal(t, CheckReplacement(nil, cand), ErrDamaged, false, "1 row cannot be read")
}

// The highest registered port falling is a shrink even when every count
// looks fine.
func TestReplacementTopPortFalls(t *testing.T) {
	t.Parallel()
	data := ianaBytes(t)
	inUse := iana(t)
	top := inUse.Primary(49150, ProtoNone)
	if top == nil {
		t.Fatal("no record at 49150")
	}
	lines := bytes.Split(data, []byte("\n"))
	var kept [][]byte
	for i, l := range lines {
		if p := inUse.Lookup(49150); i+1 == p.At(0).Line || p.Len() > 1 && i+1 == p.At(1).Line {
			continue
		}
		kept = append(kept, l)
	}
	c := CheckReplacement(inUse, parseCandidate(t, bytes.Join(kept, []byte("\n"))))
	wantRefusal(t, c, ErrShrinks, true, "its highest registered port is 49")
	for _, p := range c.Problems {
		if p.Kind != ProblemTopPort {
			t.Errorf("also %+v", p)
		}
	}
}

// What a real update does passes: the embedded snapshot in use (IANA's
// release plus the npm records newer than it, which a download of that
// release lacks and must not be refused for), IANA's release as the
// candidate, and a registry against itself.
func TestReplacementRealUpdatePasses(t *testing.T) {
	t.Parallel()
	ianaReg := iana(t)
	for name, pair := range map[string][2]*Registry{
		"embedded to IANA": {embedded(t), ianaReg},
		"IANA to itself":   {ianaReg, ianaReg},
		"none to IANA":     {nil, ianaReg},
	} {
		c := CheckReplacement(pair[0], pair[1])
		if err := c.Err(false); err != nil || len(c.Problems) != 0 {
			t.Errorf("%s: %v %+v", name, err, c.Problems)
		}
		if name == "embedded to IANA" && (len(c.Vanished) != 0 || c.InUse.Distinct != c.Candidate.Distinct || c.InUse.Records != ianaReg.Len()) {
			t.Errorf("%s: %d vanished, shapes %+v %+v", name, len(c.Vanished), c.InUse, c.Candidate)
		}
	}
}
