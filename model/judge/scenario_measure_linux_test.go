package judge

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/portolan/portolan/model/history"
	"github.com/portolan/portolan/model/listen"
)

// scopeReasons say only how far a listener reaches.
var scopeReasons = []listen.Reason{listen.ReasonAllInterfaces, listen.ReasonBeyondLoopback, listen.ReasonUnknownExposed, listen.ReasonUnidentified}

func beyondScope(l *listen.Listener) []listen.Reason {
	var out []listen.Reason
	for _, f := range l.Findings {
		if !slices.Contains(scopeReasons, f.Reason) {
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
		switch j.l.Severity {
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
		var rs []string
		for _, f := range j.l.Findings {
			rs = append(rs, fmt.Sprintf("%s (%s)", f.Reason, f.Severity))
		}
		fmt.Fprintf(&b, "  %-6s %-3s %-22s %-40s known as %-16s %s\n", j.l.Severity, j.l.Protocol,
			listen.HostPort(j.l.Address, j.l.Port), j.c.what, j.program, strings.Join(rs, "; "))
	}
	t.Log(b.String())
}

// TestScenario runs a machine's ordinary programs and an intruder's, as
// copies of a helper with real sockets, and polls them through the real
// poller (the system's socket source, identity facts from /proc, the
// verdicts): ordinary listeners raised to alert at most 5 %, planted ones
// 100 %, each for a reason beyond how far it reaches. Then it approves the
// ordinary machine into a history: restarted (new PIDs, new ephemeral
// ports), it is calm, and the intruder, first seen after the baseline, is
// new as well.
func TestScenario(t *testing.T) {
	if testing.Short() {
		t.Skip("starts about 100 processes")
	}
	m := newMachine(t)
	ctx := context.Background()
	store, err := history.Open(ctx, history.Options{Path: filepath.Join(t.TempDir(), "history.db")})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	v := NewVerdicts(m.space, nil, NewBaseline(ctx, store))
	p := m.poller(v)

	phase := func(name string, cases []scenarioCase) ([]judged, tally, int) {
		js, skipped, missed := m.run(cases, p, v)
		for _, s := range skipped {
			t.Logf("%s case skipped: %s", name, s)
		}
		logTable(t, name+" listeners:", js)
		c := count(js)
		t.Logf("%s: %s", name, c)
		return js, c, missed
	}
	benign, b, missed := phase("benign", benignMachine)
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
		if j.l.Severity != listen.SeverityAlert {
			t.Errorf("planted %q (%s) is %s: %v", j.c.what, j.l.Endpoint(), j.l.Severity, j.l.Findings)
		}
		if len(beyondScope(&j.l)) == 0 {
			t.Errorf("planted %q has no reason beyond its scope: %v", j.c.what, j.l.Findings)
		}
	}

	// Approving the ordinary machine calms it when it runs again (the
	// tamper reasons stay), and the intruder's listeners, first seen after
	// the baseline, are new as well.
	present := make([]listen.Listener, len(benign))
	for i, j := range benign {
		present[i] = j.l
	}
	if _, err := v.Approve(ctx, present, time.Now(), present...); err != nil {
		t.Fatal(err)
	}
	approved, _, _ := phase("benign, approved and restarted", benignMachine)
	t.Logf("benign, every listener approved: %s", count(approved))
	for _, j := range approved {
		for _, f := range j.l.Findings {
			if !f.Reason.Tamper() {
				t.Errorf("approved %q (%s) still has %q", j.c.what, j.l.Endpoint(), f.Reason)
			}
		}
	}
	late, _, _ := phase("planted, after the baseline", plantedMachine)
	for _, j := range late {
		if !j.l.HasReason(listen.ReasonNew) || j.l.Severity != listen.SeverityAlert {
			t.Errorf("planted %q after the baseline: %v %v", j.c.what, j.l.Severity, j.l.Findings)
		}
	}
}
