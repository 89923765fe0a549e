// Package registryui holds the window's parts that deal with the registry
// itself rather than with ports: the update dialog, the question about
// background checks, the "What changed" view of a registry.Diff and the
// lines naming what other port lists on the system call a port.
//
// Everything here is called on the UI goroutine; work that waits on the
// network runs in a goroutine of its own and comes back through fyne.Do.
package registryui

import (
	"context"
	"net/url"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/portolan/portolan/model/update"
	"github.com/portolan/portolan/registry"
)

// runOnUI hands a function to the UI goroutine. Tests replace it with a
// queue that they drain on their own goroutine; code reads it on the UI
// goroutine only, before starting a goroutine that uses it.
var runOnUI = fyne.Do

// progressInterval is the least time between two updates of the progress
// bar: at most 20 a second, whatever the size of the chunks arriving.
const progressInterval = 50 * time.Millisecond

// dialogWidth is the width of the update dialog's text.
const dialogWidth = 460

// UpdateDialog shows an update of the registry from IANA while it runs: a
// progress bar, a Cancel button, and at the end the outcome in words.
// Make one with NewUpdateDialog and call Start, or call runUpdate.
type UpdateDialog struct {
	// OnSelectPort, when set before Start, adds a "What changed" button
	// after an update that replaced the registry; it opens showChanges, and
	// choosing an entry there calls OnSelectPort with its first port.
	OnSelectPort func(port uint16)
	// Context, when set before Start, ends the update when it is done
	// (the window's, cancelled when the app stops); nothing is shown after.
	Context context.Context

	win     fyne.Window
	updater *update.Updater
	onDone  func(*update.Result)
	do      func(func())

	dlg           *dialog.CustomDialog
	heading       *widget.Label
	bar           *widget.ProgressBar
	spinner       *widget.ProgressBarInfinite
	amount        *widget.Label
	message       *widget.Label
	cancelButton  *widget.Button
	closeButton   *widget.Button
	changesButton *widget.Button
	forceButton   *widget.Button

	started  bool
	cancel   context.CancelFunc
	throttle *throttle
	result   *update.Result

	// shown is a test hook: called on the UI goroutine after the bar
	// has been updated.
	shown func(done, total int64)
	// over is closed when the update's goroutine has ended (tests).
	over chan struct{}
}

// runUpdate shows the update dialog over win and starts u.Update in a
// goroutine. onDone (may be nil) is called once on the UI goroutine with
// the result, whatever the outcome: on UpdateReplaced, result.Registry is
// the new registry to swap in.
func runUpdate(win fyne.Window, u *update.Updater, onDone func(*update.Result)) *UpdateDialog {
	d := NewUpdateDialog(win, u, onDone)
	d.Start()
	return d
}

// NewUpdateDialog prepares the dialog without showing it; see runUpdate.
func NewUpdateDialog(win fyne.Window, u *update.Updater, onDone func(*update.Result)) *UpdateDialog {
	if u == nil {
		u = &update.Updater{}
	}
	d := &UpdateDialog{win: win, updater: u, onDone: onDone, do: runOnUI}
	d.heading = widget.NewLabelWithStyle("Downloading the port registry from "+hostOf(u.URL),
		fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	d.heading.Wrapping = fyne.TextWrapWord
	d.bar = widget.NewProgressBar()
	d.bar.Hide()
	d.spinner = widget.NewProgressBarInfinite()
	d.spinner.Stop()
	d.amount = widget.NewLabel("Connecting…")
	d.message = widget.NewLabel("")
	d.message.Wrapping = fyne.TextWrapWord
	d.message.Hide()

	content := newMinWidth(dialogWidth, d.heading, container.NewStack(d.bar, d.spinner), d.amount, d.message)

	d.cancelButton = widget.NewButton("Cancel", d.Cancel)
	d.closeButton = widget.NewButton("Close", func() { d.dlg.Hide() })
	d.closeButton.Importance = widget.HighImportance
	d.changesButton = widget.NewButton("What changed…", d.showChanges)
	d.forceButton = widget.NewButton("Take it anyway", d.TakeAnyway)
	d.forceButton.Importance = widget.DangerImportance
	d.dlg = dialog.NewCustomWithoutButtons("Update the port registry", content, win)
	d.dlg.SetButtons([]fyne.CanvasObject{d.cancelButton})
	return d
}

// Start shows the dialog and starts the update; it does nothing the
// second time.
func (d *UpdateDialog) Start() {
	if d.started {
		return
	}
	d.started = true
	parent := d.Context
	if parent == nil {
		parent = context.Background()
	}
	ctx, cancel := context.WithCancel(parent)
	d.cancel = cancel
	d.throttle = &throttle{interval: progressInterval, post: d.do, apply: d.showProgress}
	d.spinner.Start()
	d.dlg.Show()

	u, th, do, over := d.updater, d.throttle, d.do, make(chan struct{})
	d.over = over
	go func() {
		defer close(over)
		defer cancel()
		res, err := u.Update(ctx, th.report)
		th.stop()
		if res == nil { // Update promises a result; do not leave the dialog hanging
			reason := "the update stopped without a result"
			if err != nil {
				reason = err.Error()
			}
			res = &update.Result{Outcome: update.Failed, Reason: reason, Message: "Update failed: " + reason}
		}
		if parent.Err() != nil {
			return // the window has stopped
		}
		do(func() { d.finish(res) })
	}()
}

// Cancel stops the update; the dialog then says it was cancelled and
// onDone still gets the (failed) result. Nothing happens once it is over.
func (d *UpdateDialog) Cancel() {
	if d.cancel == nil || d.result != nil {
		return
	}
	d.amount.SetText("Cancelling…")
	d.cancelButton.Disable()
	d.cancel()
}

// Hide closes the dialog; an update still running goes on (Cancel stops it).
func (d *UpdateDialog) Hide() { d.dlg.Hide() }

// Result is the update's result, or nil while it runs.
func (d *UpdateDialog) Result() *update.Result { return d.result }

// showProgress runs on the UI goroutine, throttled.
func (d *UpdateDialog) showProgress(done, total int64) {
	if d.result != nil {
		return // a late report after the end
	}
	if d.cancelButton.Disabled() {
		return // keep "Cancelling…"
	}
	if total > 0 {
		if d.spinner.Visible() {
			d.spinner.Stop()
			d.spinner.Hide()
			d.bar.Show()
		}
		d.bar.SetValue(min(float64(done)/float64(total), 1))
		d.amount.SetText(update.SizeText(done) + " of " + update.SizeText(total))
	} else {
		d.amount.SetText(update.SizeText(done) + " received")
	}
	if d.shown != nil {
		d.shown(done, total)
	}
}

// finish shows the outcome and calls onDone; on the UI goroutine.
func (d *UpdateDialog) finish(res *update.Result) {
	d.result = res
	d.spinner.Stop()
	d.spinner.Hide()
	d.amount.Hide()
	var text string
	switch res.Outcome {
	case update.Replaced:
		d.heading.SetText("The port registry was updated")
		d.bar.SetValue(1)
		d.bar.Show()
		text = res.Message
	case update.Current:
		d.heading.SetText("The port registry is up to date")
		d.bar.SetValue(1)
		d.bar.Show()
		text = res.Message
	default:
		d.heading.SetText("The update failed")
		d.bar.Hide()
		text = failureText(res)
		if res.Forceable {
			text += "\n\n" + forceText
		}
	}
	if res.Warning != "" {
		text += "\n\nNote: " + res.Warning + "."
	}
	d.message.SetText(text)
	d.message.Show()
	buttons := []fyne.CanvasObject{d.closeButton}
	if res.Outcome == update.Replaced && d.OnSelectPort != nil {
		buttons = []fyne.CanvasObject{d.changesButton, d.closeButton}
	}
	if res.Outcome == update.Failed && res.Forceable {
		buttons = []fyne.CanvasObject{d.forceButton, d.closeButton}
	}
	d.dlg.SetButtons(buttons)
	fitDialog(d.dlg)
	if d.onDone != nil {
		d.onDone(res)
	}
}

// forceText follows a refusal that the user may override: the refusal
// itself says what would vanish.
const forceText = "Take it anyway downloads it again and uses it all the same: " +
	"what the check found missing is then missing from Portolan until a later update brings it back."

// TakeAnyway runs the update again with Updater.Force, after a refusal
// that allows it (Result.Forceable): the check's findings no longer
// refuse the download. Nothing happens otherwise.
func (d *UpdateDialog) TakeAnyway() {
	if d.result == nil || d.result.Outcome != update.Failed || !d.result.Forceable {
		return
	}
	forced := *d.updater
	forced.Force = true
	d.updater = &forced
	d.started, d.result = false, nil
	d.heading.SetText("Downloading the port registry from " + hostOf(forced.URL) + " again, to take it anyway")
	d.message.Hide()
	d.bar.SetValue(0)
	d.bar.Hide()
	d.spinner.Show()
	d.amount.SetText("Connecting…")
	d.amount.Show()
	d.cancelButton.Enable()
	d.dlg.SetButtons([]fyne.CanvasObject{d.cancelButton})
	d.Start()
}

func (d *UpdateDialog) showChanges() {
	d.dlg.Hide()
	showUpdateChanges(d.win, d.result, d.OnSelectPort)
}

// fitDialog gives a shown dialog the height its content needs now. A
// wrapped label knows how many lines it takes only once it has been laid
// out at its width, so lay out first, then measure.
func fitDialog(dlg dialog.Dialog) {
	dlg.Refresh()
	dlg.Resize(dlg.MinSize())
}

// failureText words a failed update for a dialog: the reason, then that
// the registry in use stays: "The server answered 500 Internal Server
// Error.\n\nPortolan goes on using the registry it had: embedded
// snapshot, data to 2026-07."
func failureText(res *update.Result) string {
	reason := res.Reason
	if reason == "" {
		reason = strings.TrimPrefix(res.Message, "Update failed: ")
	}
	text := Sentence(reason)
	prev := res.Previous.String()
	if prev == "" {
		return text + "\n\nPortolan goes on using the registry it had."
	}
	return text + "\n\nPortolan goes on using the registry it had: " + prev + "."
}

// showUpdateChanges opens showChanges for an update that replaced the
// registry. The previous registry is read and compared off the UI
// goroutine; a failure to read it is shown as an error.
func showUpdateChanges(win fyne.Window, res *update.Result, onSelect func(port uint16)) {
	if res == nil || res.Outcome != update.Replaced {
		return
	}
	do := runOnUI
	go func() {
		diff, err := res.Diff()
		do(func() {
			switch {
			case err != nil:
				dialog.ShowError(err, win)
			case diff != nil:
				showChanges(win, diff, onSelect)
			}
		})
	}()
}

// Sentence capitalizes the first letter and ends with a full stop: a
// message of the model's ("the cached download ... is damaged: ...") as
// the window shows it.
func Sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return s
	}
	if c := s[0]; c >= 'a' && c <= 'z' {
		s = string(c-'a'+'A') + s[1:]
	}
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}

// hostOf is the server an updater downloads from: "www.iana.org".
func hostOf(raw string) string {
	if raw == "" {
		raw = update.DefaultURL
	}
	if u, err := url.Parse(raw); err == nil && u.Host != "" {
		return u.Host
	}
	return raw
}

// throttle passes progress reports from the update's goroutine to the UI
// goroutine at most once an interval. The first report goes at once; later
// ones within the interval are merged into one that goes when it ends, so
// the last figures always arrive.
type throttle struct {
	interval time.Duration
	post     func(func())            // to the UI goroutine
	apply    func(done, total int64) // on the UI goroutine

	mu          sync.Mutex
	last        time.Time
	pending     bool
	stopped     bool
	done, total int64
}

func (t *throttle) report(done, total int64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.stopped {
		return
	}
	t.done, t.total = done, total
	if t.pending {
		return
	}
	now := time.Now()
	if wait := t.interval - now.Sub(t.last); !t.last.IsZero() && wait > 0 {
		t.pending = true
		time.AfterFunc(wait, t.fire)
		return
	}
	t.last = now
	t.postLocked()
}

func (t *throttle) fire() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.pending = false
	if t.stopped {
		return
	}
	t.last = time.Now()
	t.postLocked()
}

// postLocked hands the latest figures over; post must not block (fyne.Do
// does not).
func (t *throttle) postLocked() {
	done, total := t.done, t.total
	t.post(func() { t.apply(done, total) })
}

// stop drops reports from now on, including one waiting for its turn.
func (t *throttle) stop() {
	t.mu.Lock()
	t.stopped = true
	t.mu.Unlock()
}

// registrySource is the line naming a registry in the views: its source.
func registrySource(s registry.Source) string {
	if str := s.String(); str != "" {
		return str
	}
	return "unnamed registry"
}
