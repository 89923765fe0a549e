package main

import (
	"runtime/debug"
	"time"
)

// settleMemory keeps the window's resident memory near what it uses: a
// window allocates little once it is up (about 1 KB a poll), so a lower
// GC goal costs next to no CPU, and the heap that start-up used and freed
// (fonts parsed, the registry built: some 15 MB) goes back to the OS once
// the window has settled instead of staying mapped. Measured by
// scripts/bench-window.sh (docs/performance.md).
func settleMemory() {
	debug.SetGCPercent(50)
	time.AfterFunc(10*time.Second, debug.FreeOSMemory)
}
