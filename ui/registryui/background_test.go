package registryui

import (
	"context"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"github.com/portolan/portolan/model/update"
	"github.com/portolan/portolan/registry"
)

// The question is asked once; the answer is kept and given again without
// asking.
func TestAskBackgroundChecksOnce(t *testing.T) {
	for _, c := range []struct {
		button string
		want   bool
	}{{askYes, true}, {askNo, false}} {
		t.Run(c.button, func(t *testing.T) {
			a, w := newWindow(t)
			prefs := a.Preferences()
			var answers []bool
			onAnswer := func(ok bool) { answers = append(answers, ok) }

			if d := AskBackgroundChecks(w, prefs, onAnswer); d == nil {
				t.Fatal("the question was not asked")
			}
			objs := overlayObjects(w)
			if !containsText(visibleTexts(objs), askQuestion) {
				t.Fatalf("the dialog does not ask %q: %q", askQuestion, visibleTexts(objs))
			}
			if len(answers) != 0 {
				t.Fatal("onAnswer was called before the user answered")
			}
			// The wrapped explanation fits above the buttons.
			if l, b := findLabel(objs, "at most once a week"), findButton(objs, askNo); l == nil || b == nil {
				t.Errorf("the explanation or the %q button is missing", askNo)
			} else {
				assertAbove(t, l, b)
			}
			if _, asked := BackgroundChecks(prefs); asked {
				t.Fatal("the question counts as answered before an answer")
			}
			b := findButton(objs, c.button)
			if b == nil {
				t.Fatalf("no %q button: %q", c.button, buttonTexts(objs))
			}
			test.Tap(b)
			if len(answers) != 1 || answers[0] != c.want {
				t.Fatalf("answers %v, want [%v]", answers, c.want)
			}
			if w.Canvas().Overlays().Top() != nil {
				t.Error("the dialog stayed open")
			}
			if prefs.Bool(PrefAutoUpdate) != c.want || !prefs.Bool(PrefAutoUpdateAsked) {
				t.Errorf("stored %s=%v %s=%v", PrefAutoUpdate, prefs.Bool(PrefAutoUpdate), PrefAutoUpdateAsked, prefs.Bool(PrefAutoUpdateAsked))
			}

			// Asked again (next start): no dialog, the stored answer.
			for range 2 {
				if d := AskBackgroundChecks(w, prefs, onAnswer); d != nil {
					t.Fatal("the question was asked a second time")
				}
				if w.Canvas().Overlays().Top() != nil {
					t.Fatal("a dialog opened the second time")
				}
			}
			if len(answers) != 3 || answers[1] != c.want || answers[2] != c.want {
				t.Errorf("answers %v, want the stored answer each time", answers)
			}
		})
	}
}

// A background check runs only when allowed and due, and reports on the
// UI goroutine.
func TestMaybeBackgroundCheck(t *testing.T) {
	q := useUIQueue(t)
	a, _ := newWindow(t)
	prefs := a.Preferences()
	s := &server{body: syntheticCSV(syntheticRecords)}
	srv := newServer(t, s)
	now := time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
	// What a download must hold is model/update's to test; this test is
	// about when a check runs, so the made-up registry is let through.
	letThrough := func(_, _ *registry.Registry) []string { return nil }
	u := &update.Updater{URL: srv.URL, CacheDir: t.TempDir(), Timeout: 20 * time.Second, Now: func() time.Time { return now }, Check: letThrough}
	var results []*update.Result
	var onUI []bool
	onResult := func(r *update.Result) {
		results = append(results, r)
		onUI = append(onUI, q.inPump)
	}
	ctx := context.Background()

	if MaybeBackgroundCheck(ctx, prefs, u, onResult) {
		t.Error("a check ran before the user was asked")
	}
	SetBackgroundChecks(prefs, false)
	if MaybeBackgroundCheck(ctx, prefs, u, onResult) {
		t.Error("a check ran though the user said no")
	}
	if s.hitCount() != 0 {
		t.Fatalf("the server was asked %d times", s.hitCount())
	}

	SetBackgroundChecks(prefs, true)
	if !MaybeBackgroundCheck(ctx, prefs, u, onResult) {
		t.Fatal("no check ran though allowed and never checked")
	}
	q.pump(t, "the first check", 20*time.Second, func() bool { return len(results) == 1 })
	if results[0].Outcome != update.Replaced || !onUI[0] {
		t.Errorf("outcome %q (%s), on the UI goroutine %v", results[0].Outcome, results[0].Message, onUI[0])
	}

	now = now.Add(6 * 24 * time.Hour) // within the week
	if MaybeBackgroundCheck(ctx, prefs, u, onResult) {
		t.Error("a check ran again within the week")
	}
	now = now.Add(2 * 24 * time.Hour) // eight days on
	if !MaybeBackgroundCheck(ctx, prefs, u, onResult) {
		t.Fatal("no check ran a week later")
	}
	q.pump(t, "the second check", 20*time.Second, func() bool { return len(results) == 2 })
	if results[1].Outcome != update.Current {
		t.Errorf("second check: %q (%s)", results[1].Outcome, results[1].Message)
	}
	if s.hitCount() != 2 {
		t.Errorf("the server was asked %d times, want 2", s.hitCount())
	}
}

// A check whose context is cancelled (the window closed) does not report.
func TestMaybeBackgroundCheckCancelled(t *testing.T) {
	q := useUIQueue(t)
	a, _ := newWindow(t)
	prefs := a.Preferences()
	SetBackgroundChecks(prefs, true)
	s := &server{body: syntheticCSV(syntheticRecords)}
	srv := newServer(t, s)
	u := &update.Updater{URL: srv.URL, CacheDir: t.TempDir(), Timeout: 20 * time.Second}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	reported := false
	if !MaybeBackgroundCheck(ctx, prefs, u, func(*update.Result) { reported = true }) {
		t.Fatal("no check started")
	}
	q.pump(t, "the check to be recorded", 10*time.Second, func() bool { return !u.LastCheck().IsZero() })
	q.settle(100 * time.Millisecond)
	if reported {
		t.Error("a cancelled check reported")
	}
}
