package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// statusNotes are warnings the status bar keeps while they hold (the
// cached registry passed over, notifications unavailable): each a short
// button that opens the whole text, said without a dialog in the way at
// start. Used on the UI goroutine.
type statusNotes struct {
	win   fyne.Window
	box   *fyne.Container
	notes map[string]*statusNote
}

type statusNote struct {
	short, long string
	button      *widget.Button
}

func newStatusNotes(win fyne.Window) *statusNotes {
	return &statusNotes{win: win, box: container.NewHBox(), notes: map[string]*statusNote{}}
}

// set shows the note under key (short in the bar, long when opened),
// replacing the one there; an empty short removes it.
func (n *statusNotes) set(key, short, long string) {
	old := n.notes[key]
	if old != nil {
		n.box.Remove(old.button)
		delete(n.notes, key)
	}
	if short == "" {
		return
	}
	note := &statusNote{short: short, long: long}
	note.button = widget.NewButtonWithIcon(short, theme.WarningIcon(), func() {
		dialog.ShowInformation(note.short, note.long, n.win)
	})
	note.button.Importance = widget.LowImportance
	n.notes[key] = note
	n.box.Add(note.button)
}

// has tells whether a note is shown under key.
func (n *statusNotes) has(key string) bool { return n.notes[key] != nil }

// Texts are the notes shown, short and long, in the bar's order.
func (n *statusNotes) Texts() []string {
	var out []string
	for _, o := range n.box.Objects {
		for _, note := range n.notes {
			if note.button == o {
				out = append(out, note.short+": "+note.long)
			}
		}
	}
	return out
}
