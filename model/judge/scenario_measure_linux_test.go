package judge

import (
	"fmt"
	"strings"
	"testing"

	"github.com/portolan/portolan/model/listen"
)

// scopeReasons say only how far a listener reaches.
var scopeReasons = []listen.Reason{listen.ReasonAllInterfaces, listen.ReasonBeyondLoopback, listen.ReasonUnknownExposed, listen.ReasonUnidentified}

func beyondScope(v Verdict) []listen.Reason {
	var out []listen.Reason
	for _, f := range v.Reasons {
		isScope := false
		for _, r := range scopeReasons {
			isScope = isScope || f.Reason == r
		}
		if !isScope {
			out = append(out, f.Reason)
		}
	}
	return out
}

type tally struct{ listeners, alert, notice, none int }

func count(js []judged) tally {
	var t tally
	for _, j := range js {
		t.listeners++
		switch j.verdict.Severity {
		case listen.SeverityAlert:
			t.alert++
		case listen.SeverityNotice:
			t.notice++
		default:
			t.none++
		}
	}
	return t
}

func (t tally) String() string {
	pct := func(n int) float64 { return 100 * float64(n) / float64(max(t.listeners, 1)) }
	return fmt.Sprintf("%d listeners: %d alert (%.1f %%), %d notice (%.1f %%), %d none (%.1f %%)",
		t.listeners, t.alert, pct(t.alert), t.notice, pct(t.notice), t.none, pct(t.none))
}

func logTable(t *testing.T, title string, js []judged) {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n", title)
	for _, j := range js {
		prog := "?"
		if j.verdict.Program != nil {
			prog = j.verdict.Program.Name
		}
		var rs []string
		for _, f := range j.verdict.Reasons {
			rs = append(rs, fmt.Sprintf("%s (%s)", f.Reason, f.Severity))
		}
		fmt.Fprintf(&b, "  %-6s %-3s %-22s %-40s known as %-16s %s\n", j.verdict.Severity, j.s.proto,
			fmt.Sprintf("%s:%d", j.in.Address, j.s.port), j.c.what, prog, strings.Join(rs, "; "))
	}
	t.Log(b.String())
}

// TestScenario runs a machine's ordinary programs and an intruder's, as
// copies of a helper with real sockets, identifies them from /proc and
// judges them: ordinary listeners raised to alert at most 5 %, planted
// ones 100 %, each for a reason beyond how far it reaches.
func TestScenario(t *testing.T) {
	if testing.Short() {
		t.Skip("starts about 50 processes")
	}
	m := newMachine(t)
	e := NewEngine(nil)

	phase := func(name string, cases []scenarioCase) ([]judged, tally, int) {
		js, skipped, missed := m.run(cases, e, nil)
		for _, s := range skipped {
			t.Logf("%s case skipped: %s", name, s)
		}
		logTable(t, name+" listeners, no baseline:", js)
		c := count(js)
		t.Logf("%s: %s", name, c)
		return js, c, missed
	}
	_, b, missed := phase("benign", benignMachine)
	if missed > len(benignMachine)/4 {
		t.Fatalf("%d of %d benign programs could not listen although they need no rights", missed, len(benignMachine))
	}
	if b.alert*100 > 5*b.listeners {
		t.Errorf("benign listeners raised to alert: %d of %d, more than 5 %%", b.alert, b.listeners)
	}

	planted, _, missed := phase("planted", plantedMachine)
	if missed > 1 {
		t.Fatalf("%d planted cases could not run", missed)
	}
	for _, j := range planted {
		if j.verdict.Severity != listen.SeverityAlert {
			t.Errorf("planted %q (%s:%d) is %s: %v", j.c.what, j.in.Address, j.s.port, j.verdict.Severity, j.verdict.Reasons)
		}
		if len(beyondScope(j.verdict)) == 0 {
			t.Errorf("planted %q has no reason beyond its scope: %v", j.c.what, j.verdict.Reasons)
		}
	}

	// Approving the ordinary machine calms it at once (the tamper reasons
	// stay), and the intruder's listeners, first seen after the baseline,
	// are new as well.
	approved, _, _ := m.run(benignMachine, e, func(in *Input) { in.BaselineExists, in.Approved = true, true })
	a := count(approved)
	t.Logf("benign, every listener approved: %s", a)
	for _, j := range approved {
		for _, f := range j.verdict.Reasons {
			if !f.Reason.Tamper() {
				t.Errorf("approved %q still has %q", j.c.what, f.Reason)
			}
		}
	}
	late, _, _ := m.run(plantedMachine, e, func(in *Input) { in.BaselineExists = true })
	for _, j := range late {
		if !j.verdict.Has(listen.ReasonNew) || j.verdict.Severity != listen.SeverityAlert {
			t.Errorf("planted %q after the baseline: %v %v", j.c.what, j.verdict.Severity, j.verdict.Reasons)
		}
	}
}
