package identity

// defaultSource reads /proc, or the folder given instead.
func defaultSource(proc string) source {
	if proc == "" {
		proc = "/proc"
	}
	return &procSource{root: proc}
}
