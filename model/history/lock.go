package history

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// errLocked: another recorder holds the writer lock.
var errLocked = errors.New("another recorder holds the history's writer lock")

// writerLock is the one-writer rule of the history: an exclusive lock on
// history.db.lock that the OS releases when its holder ends, however it
// ends (SIGKILL included), so another recorder takes over at its next
// poll. The file holds the holder's PID, for messages.
type writerLock struct {
	f *os.File
}

// tryLockWriter takes the lock without waiting; errLocked when another
// holds it.
func tryLockWriter(path string) (*writerLock, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("history: writer lock: %w", err)
	}
	if err := lockFile(f); err != nil {
		f.Close()
		return nil, err
	}
	// The PID is written at the start; the lock itself covers a byte far
	// beyond it, so others can read it (Windows locks forbid reading).
	if err := f.Truncate(0); err == nil {
		f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return &writerLock{f: f}, nil
}

func (l *writerLock) release() error {
	if l == nil || l.f == nil {
		return nil
	}
	err := unlockFile(l.f)
	if cerr := l.f.Close(); err == nil {
		err = cerr
	}
	l.f = nil
	return err
}

// lockHolder is the PID written in the lock file, or 0.
func lockHolder(path string) int {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	pid, _ := strconv.Atoi(strings.TrimSpace(string(b)))
	return pid
}
