//go:build !unix

package detail

import "time"

// processCPU is 0: not measured here.
func processCPU() time.Duration { return 0 }
