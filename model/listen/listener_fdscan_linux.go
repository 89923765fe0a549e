package listen

import (
	"bytes"
	"encoding/binary"
	"errors"
	"strconv"
	"syscall"
	"unsafe"
)

// fdScanner finds which processes hold given socket inodes by reading the
// links in /proc/PID/fd, the way `ss -p` does, but without allocating per
// descriptor: getdents and readlinkat on reused buffers.
type fdScanner struct {
	root    string // "/proc"
	dirbuf  []byte
	pidsBuf []int32
}

// holder is a process holding a socket.
type holder struct {
	pid int32
	fd  int32
}

func (s *fdScanner) init() {
	if s.dirbuf == nil {
		s.dirbuf = make([]byte, 32<<10)
	}
	if s.root == "" {
		s.root = "/proc"
	}
}

// pids lists the processes in /proc, in the kernel's (ascending) order.
func (s *fdScanner) pids() ([]int32, error) {
	s.init()
	fd, err := syscall.Open(s.root, syscall.O_RDONLY|syscall.O_DIRECTORY|syscall.O_CLOEXEC, 0)
	if err != nil {
		return nil, err
	}
	defer syscall.Close(fd)
	pids := s.pidsBuf[:0]
	err = s.eachDirent(fd, func(name []byte) bool {
		if n, ok := atoiPID(name); ok {
			pids = append(pids, n)
		}
		return true
	})
	s.pidsBuf = pids
	return pids, err
}

// scanPID calls found for every descriptor of pid that is a socket whose
// inode is in wanted. It returns syscall.EACCES when the process is not
// ours to look at, errProcGone when it has exited.
func (s *fdScanner) scanPID(pid int32, wanted map[uint64]struct{}, found func(inode uint64, h holder)) error {
	s.init()
	path := s.root + "/" + strconv.Itoa(int(pid)) + "/fd"
	dfd, err := syscall.Open(path, syscall.O_RDONLY|syscall.O_DIRECTORY|syscall.O_CLOEXEC, 0)
	if err != nil {
		if errors.Is(err, syscall.ENOENT) || errors.Is(err, syscall.ESRCH) {
			return errProcGone
		}
		return err
	}
	defer syscall.Close(dfd)
	var link [64]byte
	const prefix = "socket:["
	err = s.eachDirent(dfd, func(name []byte) bool {
		// name is NUL-terminated inside the dirent, as readlinkat wants.
		n, _, errno := syscall.Syscall6(syscall.SYS_READLINKAT, uintptr(dfd),
			uintptr(unsafe.Pointer(&name[0])), uintptr(unsafe.Pointer(&link[0])), uintptr(len(link)), 0, 0)
		if errno != 0 || int(n) <= len(prefix)+1 || string(link[:len(prefix)]) != prefix || link[n-1] != ']' {
			return true
		}
		inode, ok := atoiU64(link[len(prefix) : n-1])
		if !ok {
			return true
		}
		if _, want := wanted[inode]; want {
			fdnum, _ := atoiPID(name[:len(name)-1])
			found(inode, holder{pid: pid, fd: fdnum})
		}
		return true
	})
	if errors.Is(err, syscall.ENOENT) || errors.Is(err, syscall.ESRCH) {
		return errProcGone
	}
	return err
}

// eachDirent calls fn with each entry name of the open directory fd,
// skipping "." and "..". The name keeps its NUL terminator, so it can be
// passed to a system call as it is.
func (s *fdScanner) eachDirent(fd int, fn func(name []byte) bool) error {
	for {
		n, err := syscall.Getdents(fd, s.dirbuf)
		if err != nil {
			if errors.Is(err, syscall.EINTR) {
				continue
			}
			return err
		}
		if n <= 0 {
			return nil
		}
		b := s.dirbuf[:n]
		for len(b) >= 19 {
			// struct linux_dirent64: ino u64, off s64, reclen u16, type u8, name.
			reclen := int(binary.NativeEndian.Uint16(b[16:]))
			if reclen < 19 || reclen > len(b) {
				return errors.New("malformed directory entry")
			}
			name := b[19:reclen]
			if end := bytes.IndexByte(name, 0); end >= 0 {
				name = name[:end+1] // keep the NUL
			}
			b = b[reclen:]
			if len(name) < 2 || name[0] == '.' {
				continue
			}
			if !fn(name) {
				return nil
			}
		}
	}
}

// atoiPID reads a decimal number, ignoring a trailing NUL.
func atoiPID(b []byte) (int32, bool) {
	if len(b) > 0 && b[len(b)-1] == 0 {
		b = b[:len(b)-1]
	}
	n, ok := atoiU64(b)
	if !ok || n > 1<<31-1 {
		return 0, false
	}
	return int32(n), true
}

func atoiU64(b []byte) (uint64, bool) {
	if len(b) == 0 || len(b) > 19 {
		return 0, false
	}
	var n uint64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + uint64(c-'0')
	}
	return n, true
}

// procStat is what /proc/PID/stat tells cheaply: the short command name,
// the state ('Z' for a process that has ended but is not yet reaped) and
// the start time in clock ticks since boot, which with the PID names one
// process for good (PIDs are reused, start times are not).
type procStat struct {
	comm  string
	state byte
	start uint64
}

// readProcStat reads /proc/PID/stat.
func readProcStat(root string, pid int32, buf []byte) (procStat, error) {
	path := root + "/" + strconv.Itoa(int(pid)) + "/stat"
	fd, err := syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	if err != nil {
		if errors.Is(err, syscall.ENOENT) || errors.Is(err, syscall.ESRCH) {
			return procStat{}, errProcGone
		}
		return procStat{}, err
	}
	n, err := readFull(fd, buf)
	syscall.Close(fd)
	if err != nil {
		if errors.Is(err, syscall.ESRCH) {
			return procStat{}, errProcGone
		}
		return procStat{}, err
	}
	return parseProcStat(buf[:n])
}

func readFull(fd int, buf []byte) (int, error) {
	total := 0
	for total < len(buf) {
		n, err := syscall.Read(fd, buf[total:])
		if err != nil {
			if errors.Is(err, syscall.EINTR) {
				continue
			}
			return total, err
		}
		if n == 0 {
			break
		}
		total += n
	}
	return total, nil
}

// parseProcStat reads "PID (comm) S PPID ..." where comm may hold spaces and
// parentheses; starttime is the 22nd field.
func parseProcStat(b []byte) (procStat, error) {
	open := bytes.IndexByte(b, '(')
	closing := bytes.LastIndexByte(b, ')')
	if open < 0 || closing < open {
		return procStat{}, errors.New("malformed /proc stat")
	}
	st := procStat{comm: string(b[open+1 : closing])}
	rest := b[closing+1:]
	field := 2 // the fields after ')' start at 3
	for len(rest) > 0 {
		for len(rest) > 0 && rest[0] == ' ' {
			rest = rest[1:]
		}
		end := bytes.IndexByte(rest, ' ')
		if end < 0 {
			end = len(rest)
		}
		field++
		if field == 3 && end > 0 {
			st.state = rest[0]
		}
		if field == 22 {
			v, ok := atoiU64(bytes.TrimSpace(rest[:end]))
			if !ok {
				return procStat{}, errors.New("malformed /proc stat start time")
			}
			st.start = v
			return st, nil
		}
		rest = rest[end:]
	}
	return procStat{}, errors.New("short /proc stat")
}
