//go:build !linux

package listen

import "github.com/shirou/gopsutil/v4/process"

// processStart asks gopsutil when pid started (milliseconds after 1970).
func processStart(pid int32) (uint64, error) {
	p, err := process.NewProcess(pid)
	if err == nil {
		var ms int64
		if ms, err = p.CreateTime(); err == nil {
			return uint64(ms), nil
		}
	}
	if processGone(err) {
		return 0, processEnded(pid, nil)
	}
	return 0, err
}
