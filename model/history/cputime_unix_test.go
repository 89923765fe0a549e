//go:build unix

package history

import (
	"syscall"
	"time"
)

// cpuTime is the CPU this process used (user and system): a figure that
// other jobs on a shared machine do not inflate, unlike wall time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
