package history

import "time"

// SetRetention changes how long events are kept (DefaultRetention when d
// is not positive), from the next recorded poll on: the window's setting
// changes while it records.
func (s *Store) SetRetention(d time.Duration) {
	if d <= 0 {
		d = DefaultRetention
	}
	r := &s.rec
	r.mu.Lock()
	defer r.mu.Unlock()
	if s.opts.Retention != d {
		s.opts.Retention = d
		r.lastPrune = time.Time{} // prune at the next poll
	}
}

// Retention is how long events are kept.
func (s *Store) Retention() time.Duration {
	s.rec.mu.Lock()
	defer s.rec.mu.Unlock()
	return s.opts.Retention
}
