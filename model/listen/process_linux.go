package listen

// processStart reads the start time of pid from /proc/PID/stat; a process
// that is gone, or a zombie, has ended.
func processStart(pid int32) (uint64, error) {
	var buf [1024]byte
	st, err := readProcStat("/proc", pid, buf[:])
	if err != nil {
		if processGone(err) {
			return 0, processEnded(pid, nil)
		}
		return 0, err
	}
	if st.state == 'Z' || st.state == 'X' {
		return 0, processEnded(pid, nil)
	}
	return st.start, nil
}
