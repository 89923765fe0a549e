package ui

import (
	"math"

	"fyne.io/fyne/v2"
)

// valuesWriter is what Fyne's preferences (app and test) offer beyond
// fyne.Preferences: several values set under one change.
type valuesWriter interface {
	WriteValues(func(map[string]any))
}

// setPrefs stores several values (float64 or string) as one change where
// the preferences allow it. Fyne rewrites its preferences file on every
// change, truncating it first, and its own file watcher then reads it
// back: two changes in quick succession at quitting (the window's state)
// let the watcher read the file half written, and Fyne logs "Preferences
// load error: EOF". Only values that differ are written; none, no change.
func setPrefs(p fyne.Preferences, values map[string]any) {
	changed := map[string]any{}
	for k, v := range values {
		switch v := v.(type) {
		case float64:
			if p.FloatWithFallback(k, math.NaN()) != v { // NaN when unset: differs from all
				changed[k] = v
			}
		case string:
			if p.StringWithFallback(k, "\x00unset") != v {
				changed[k] = v
			}
		}
	}
	if len(changed) == 0 {
		return
	}
	if w, ok := p.(valuesWriter); ok && len(changed) > 1 {
		w.WriteValues(func(stored map[string]any) {
			for k, v := range changed {
				stored[k] = v
			}
		})
		return
	}
	for k, v := range changed {
		switch v := v.(type) {
		case float64:
			p.SetFloat(k, v)
		case string:
			p.SetString(k, v)
		}
	}
}
