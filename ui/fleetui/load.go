package fleetui

import (
	"context"
	"errors"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/portolan/portolan/model/fleet"
	"github.com/portolan/portolan/registry"
)

// Loader opens osquery results off the Fyne goroutine, with a dialog that
// shows how far it got (files, hosts, rows) and can cancel.
type Loader struct {
	Win fyne.Window
	// Deliver runs what the loading goroutine hands to the Fyne goroutine:
	// fyne.Do when nil. Tests run the functions themselves.
	Deliver func(func())
	// Load reads the paths: fleet.Load when nil (tests pass one they
	// control).
	Load func(ctx context.Context, paths []string, opt fleet.Options) (*fleet.Fleet, error)
}

// Loading is one load under way.
type Loading struct {
	cancel   context.CancelFunc
	dialog   *dialog.CustomDialog
	bar      *widget.ProgressBar
	busy     *widget.ProgressBarInfinite
	progress *widget.Label
	// finished: done was called. Read and set on the Fyne goroutine only.
	finished bool
}

// ErrCancelled is what done is given when the user cancelled.
var ErrCancelled = errors.New("opening the fleet results was cancelled")

// Start reads paths with opt (its Progress is the dialog's) in a goroutine
// and shows the dialog. done is called once, on the Fyne goroutine, with
// the fleet or why there is none (ErrCancelled, wrapped, after Cancel).
func (l *Loader) Start(paths []string, opt fleet.Options, done func(*fleet.Fleet, error)) *Loading {
	deliver := l.Deliver
	if deliver == nil {
		deliver = fyne.Do
	}
	load := l.Load
	if load == nil {
		load = fleet.Load
	}
	ctx, cancel := context.WithCancel(context.Background())
	g := &Loading{cancel: cancel, bar: widget.NewProgressBar(), busy: widget.NewProgressBarInfinite(),
		progress: widget.NewLabel("Listing the files...")}
	g.bar.Hide()
	g.bar.TextFormatter = func() string { return fmt.Sprintf("%.0f%%", g.bar.Value*100) }
	from := widget.NewLabel("From " + describePaths(paths))
	from.Truncation = fyne.TextTruncateEllipsis
	content := container.NewVBox(from, g.busy, g.bar, g.progress)
	g.dialog = dialog.NewCustom("Opening fleet results", "Cancel", content, l.Win)
	g.dialog.SetOnClosed(g.Cancel)
	g.dialog.Resize(fyne.NewSize(460, 0))
	g.dialog.Show()

	opt.Progress = func(p fleet.Progress) { deliver(func() { g.show(p) }) }
	go func() {
		f, err := load(ctx, paths, opt)
		if ctx.Err() != nil {
			f, err = nil, fmt.Errorf("%w: %w", ErrCancelled, ctx.Err())
		}
		deliver(func() {
			g.finished = true
			g.dialog.Hide()
			cancel()
			done(f, err)
		})
	}()
	return g
}

// Cancel stops the load (the dialog's button does); done is then told
// ErrCancelled. It does nothing once the load has finished.
func (g *Loading) Cancel() {
	if !g.finished {
		g.progress.SetText("Cancelling...")
		g.cancel()
	}
}

// Text is the dialog's progress line.
func (g *Loading) Text() string { return g.progress.Text }

// show tells how far the load got.
func (g *Loading) show(p fleet.Progress) {
	if p.FilesTotal > 0 {
		g.busy.Hide()
		g.busy.Stop()
		g.bar.Show()
		g.bar.SetValue(float64(p.Files) / float64(p.FilesTotal))
	}
	text := fmt.Sprintf("%s of %s files, %s hosts, %s rows", registry.Thousands(p.Files), registry.Thousands(p.FilesTotal), registry.Thousands(p.Hosts), registry.Thousands(int(p.Rows)))
	if p.Done {
		text += ": done"
	}
	g.progress.SetText(text)
}

// describePaths names the paths in a line: the first and how many more.
func describePaths(paths []string) string {
	switch len(paths) {
	case 0:
		return "nothing"
	case 1:
		return paths[0]
	}
	return paths[0] + " and " + registry.Thousands(len(paths)-1) + " more"
}
