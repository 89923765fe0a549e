package registryui

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
	"github.com/portolan/portolan/model/update"
)

// Preference keys of the background checks (Fyne's preferences API, like
// the window's own keys in ui/prefs.go).
const (
	// PrefAutoUpdate is true when the user allowed a weekly check of
	// iana.org for a newer registry.
	PrefAutoUpdate = "registry.background_checks"
	// PrefAutoUpdateAsked is true once the user has answered the question,
	// either way: it is never asked again.
	PrefAutoUpdateAsked = "registry.background_checks_asked"
)

// The question and its buttons.
const (
	askTitle    = "Check for registry updates?"
	askQuestion = "Check iana.org for a newer port registry once a week?"
	askDetail   = "Portolan would download IANA's list of port assignments (about 1 MB) when it starts, " +
		"at most once a week. Nothing else is sent. You can always update from the menu."
	askYes = "Check weekly"
	askNo  = "Don't check"
)

// BackgroundChecks tells what the user answered: whether checks are
// allowed, and whether the question was answered at all.
func BackgroundChecks(prefs fyne.Preferences) (allowed, asked bool) {
	return prefs.BoolWithFallback(PrefAutoUpdate, false), prefs.BoolWithFallback(PrefAutoUpdateAsked, false)
}

// SetBackgroundChecks stores an answer, as from a menu item that turns the
// checks on or off; the question is not asked after it.
func SetBackgroundChecks(prefs fyne.Preferences, allowed bool) {
	prefs.SetBool(PrefAutoUpdate, allowed)
	prefs.SetBool(PrefAutoUpdateAsked, true)
}

// AskBackgroundChecks asks once, over win, whether Portolan may check
// iana.org for a newer registry once a week, stores the answer in prefs
// and calls onAnswer (may be nil) with it. When the question was answered
// before, it asks nothing, calls onAnswer at once with the stored answer
// and returns nil; otherwise it returns the dialog it shows.
func AskBackgroundChecks(win fyne.Window, prefs fyne.Preferences, onAnswer func(allowed bool)) dialog.Dialog {
	if allowed, asked := BackgroundChecks(prefs); asked {
		if onAnswer != nil {
			onAnswer(allowed)
		}
		return nil
	}
	question := widget.NewLabelWithStyle(askQuestion, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	detail := widget.NewLabel(askDetail)
	detail.Wrapping = fyne.TextWrapWord
	content := newMinWidth(dialogWidth, question, detail)
	d := dialog.NewCustomConfirm(askTitle, askYes, askNo, content, func(allowed bool) {
		SetBackgroundChecks(prefs, allowed)
		if onAnswer != nil {
			onAnswer(allowed)
		}
	}, win)
	d.Show()
	fitDialog(d)
	return d
}

// MaybeBackgroundCheck runs u.Update in a goroutine when the user allowed
// background checks (PrefAutoUpdate) and one is due (u.CheckDue: none in
// the last week), and reports, on the UI goroutine, to onResult (may be
// nil) whatever the outcome. It tells whether it started a check. Cancel
// ctx when the window closes: a cancelled check does not report.
func MaybeBackgroundCheck(ctx context.Context, prefs fyne.Preferences, u *update.Updater, onResult func(*update.Result)) bool {
	if allowed, _ := BackgroundChecks(prefs); !allowed {
		return false
	}
	if u == nil {
		u = &update.Updater{}
	}
	now := time.Now()
	if u.Now != nil {
		now = u.Now()
	}
	if !u.CheckDue(now) {
		return false
	}
	do := runOnUI
	go func() {
		res, _ := u.Update(ctx, nil)
		if ctx.Err() != nil || res == nil || onResult == nil {
			return
		}
		do(func() { onResult(res) })
	}()
	return true
}
