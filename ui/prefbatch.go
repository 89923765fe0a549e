package ui

import "fyne.io/fyne/v2"

// valuesWriter is what Fyne's preferences (app and test) offer beyond
// fyne.Preferences: several values set under one change.
type valuesWriter interface {
	WriteValues(func(map[string]any))
}

// setPrefs stores several values (float64 or string) as one change where
// the preferences allow it, even when none differs. Fyne rewrites its
// preferences file at every change and again when the app stops,
// truncating it first, and its own watcher reads the file back unless a
// save came in the last 0.1 s: at quitting, two changes in a row, or its
// stop-time save alone, let the watcher read the file half written, and
// Fyne logs "Preferences load error: EOF". One change just before quitting
// is one write, and covers Fyne's own.
func setPrefs(p fyne.Preferences, values map[string]any) {
	if w, ok := p.(valuesWriter); ok {
		w.WriteValues(func(stored map[string]any) {
			for k, v := range values {
				stored[k] = v
			}
		})
		return
	}
	for k, v := range values {
		switch v := v.(type) {
		case float64:
			p.SetFloat(k, v)
		case string:
			p.SetString(k, v)
		}
	}
}
