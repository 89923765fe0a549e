package update

import (
	"fmt"

	"github.com/portolan/portolan/registry"
)

// Outcome is how an update ended.
type Outcome string

const (
	// Replaced: a new registry was downloaded, checked and is now
	// the cached copy in use.
	Replaced Outcome = "updated"
	// Current: the server said "not modified", or sent the same file.
	Current Outcome = "up-to-date"
	// Failed: nothing changed; Reason says why.
	Failed Outcome = "failed"
)

// Result is an update's outcome in words and figures. Its JSON form
// is the output of `portolan registry update --json`.
type Result struct {
	Outcome Outcome `json:"outcome"`
	// Message is the outcome for people: "Updated: 14,500 records, data to
	// 2026-02-25 (was: embedded snapshot, data to 2026-07)", "Already up to
	// date (server said not modified)", "Update failed: the server sent a
	// web page, not the registry; keeping embedded snapshot, data to 2026-07".
	Message string `json:"message"`
	// Reason is why an update failed, without the "Update failed" frame.
	Reason string `json:"reason,omitempty"`
	URL    string `json:"url"`
	// Source is the default registry after the update; Previous, before.
	Source   registry.Source `json:"source"`
	Previous registry.Source `json:"previous"`
	// Records is how many records Source holds (0 when not known: the
	// embedded snapshot is not read just to count them).
	Records int `json:"records,omitempty"`
	// Bytes is how much was downloaded; HTTPStatus what the server said.
	Bytes      int64 `json:"bytes"`
	HTTPStatus int   `json:"http_status,omitempty"`
	// Path is the cached copy, when there is one.
	Path string `json:"path,omitempty"`
	// Warning is set when the cached copy was found current but the time
	// of this check could not be saved.
	Warning string `json:"warning,omitempty"`
	// Refusals are the registry check's findings (Updater.Check): why the
	// update was refused, or, when Forced, what it took the download
	// despite.
	Refusals []string `json:"refusals,omitempty"`
	// Forceable: the update failed on Refusals alone; Updater.Force (the
	// CLI's --force) takes the download anyway.
	Forceable bool `json:"forceable,omitempty"`
	// Forced: the download replaced the registry despite Refusals.
	Forced bool `json:"forced,omitempty"`

	// Registry is the new registry when Outcome is Replaced.
	Registry *registry.Registry `json:"-"`

	previous func() (*registry.Registry, error)
}

// Diff is what changed from the previous default registry to the new one,
// for the "What changed" view; nil when nothing was replaced.
func (r *Result) Diff() (*registry.Diff, error) {
	if r.Outcome != Replaced || r.Registry == nil || r.previous == nil {
		return nil, nil
	}
	old, err := r.previous()
	if err != nil {
		return nil, fmt.Errorf("cannot read the previous registry to compare: %w", err)
	}
	return registry.Compare(old, r.Registry), nil
}

// Error is the error of a failed update; Reason is in words.
type Error struct {
	Reason string
	Err    error
}

func (e *Error) Error() string { return e.Reason }
func (e *Error) Unwrap() error { return e.Err }
