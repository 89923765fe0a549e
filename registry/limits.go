package registry

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
)

// Limits on what a registry file may hold. They are far above any real
// file (IANA's CSV is 1.1 MB, 15,400 lines and 14,500 records; nmap's
// nmap-services 27,000 lines; /etc/services has at most a few aliases on a
// line) and low enough that reading a file at every limit at once stays
// within a few hundred MB (BenchmarkParseAtLimits): a file past them is
// not a registry but a mistake or an attack (/dev/zero, a 200 MB CSV, a
// services line of 2,000 aliases).
const (
	// MaxFileBytes is the largest file a reader accepts.
	MaxFileBytes = 32 << 20
	// MaxRows is the most rows (records read plus rows skipped) a file
	// may give: about 14 times IANA's registry.
	MaxRows = 200_000
	// MaxLineBytes is the longest line, and the longest CSV record with
	// its quoted newlines; a longer one is skipped with its line number.
	MaxLineBytes = 64 << 10
	// MaxAliases is the most aliases a services(5) line may give its
	// name; a line with more is skipped.
	MaxAliases = 64
)

// limits are the bounds a reader works within: the Max constants, or
// smaller ones in tests.
type limits struct {
	fileBytes                int64
	rows, lineBytes, aliases int
}

func defaultLimits() limits {
	return limits{fileBytes: MaxFileBytes, rows: MaxRows, lineBytes: MaxLineBytes, aliases: MaxAliases}
}

// ErrTooLarge is wrapped by the errors of a file past MaxFileBytes or
// MaxRows. It wraps ErrNotRegistry: such a file is not a plausible port
// registry.
var ErrTooLarge = fmt.Errorf("%w (too large)", ErrNotRegistry)

// sizeWords is a byte count for people: "32 MiB", "900 KiB", "12 bytes".
func sizeWords(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// errFileTooLarge says a file of size bytes (-1: unknown, over limit) is
// past the limit.
func errFileTooLarge(size, limit int64) error {
	what := "over " + sizeWords(limit)
	if size > limit {
		what = sizeWords(size)
	}
	return fmt.Errorf("%w: the file is %s, and a registry file may be at most %s (IANA's CSV is about 1 MiB)",
		ErrTooLarge, what, sizeWords(limit))
}

// room fails with ErrTooLarge when n more rows after held ones would pass
// the row limit.
func (lim limits) room(held, n int) error {
	if held+n > lim.rows {
		return fmt.Errorf("%w: the file holds over %s rows, and a registry may hold at most %s (IANA's has about 15,000)",
			ErrTooLarge, Thousands(lim.rows), Thousands(lim.rows))
	}
	return nil
}

// add adds a record to b within the row limit.
func (lim limits) add(b *Builder, rec Record) error {
	if err := lim.room(len(b.records)+len(b.skipped), 1); err != nil {
		return err
	}
	b.Add(rec)
	return nil
}

// skip notes a row of b that could not be read, within the row limit.
func (lim limits) skip(b *Builder, line int, reason string) error {
	if err := lim.room(len(b.records)+len(b.skipped), 1); err != nil {
		return err
	}
	b.Skip(line, reason)
	return nil
}

func (lim limits) lineTooLong() string {
	return fmt.Sprintf("the line is longer than %s, the limit for one row", sizeWords(int64(lim.lineBytes)))
}

// cappedReader reads at most limit bytes, then fails with ErrTooLarge, so
// an endless or huge input (a device, a growing file, a stream) costs at
// most that much reading.
type cappedReader struct {
	r           io.Reader
	left, limit int64
}

func capFile(r io.Reader, limit int64) io.Reader {
	return &cappedReader{r: r, left: limit, limit: limit}
}

func (c *cappedReader) Read(p []byte) (int, error) {
	if c.left <= 0 {
		// One byte more tells a file of exactly the limit from a longer one.
		var one [1]byte
		n, err := c.r.Read(one[:])
		if n > 0 {
			return 0, errFileTooLarge(-1, c.limit)
		}
		return 0, err
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	return n, err
}

// lineReader reads lines of at most limits.lineBytes. A longer line is
// consumed without being held and reported as too long.
type lineReader struct {
	br *bufio.Reader
	no int // number of the line last returned, from 1
}

func newLineReader(r io.Reader, lim limits) *lineReader {
	return &lineReader{br: bufio.NewReaderSize(capFile(r, lim.fileBytes), lim.lineBytes)}
}

// next returns the next line without its "\n" or "\r\n"; the slice is
// valid until the next call. tooLong reports a line over the limit
// (line is then nil). At the end it returns io.EOF.
func (lr *lineReader) next() (line []byte, tooLong bool, err error) {
	b, err := lr.br.ReadSlice('\n')
	if errors.Is(err, bufio.ErrBufferFull) {
		for errors.Is(err, bufio.ErrBufferFull) {
			_, err = lr.br.ReadSlice('\n')
		}
		if err != nil && err != io.EOF {
			return nil, false, err
		}
		lr.no++
		return nil, true, nil
	}
	if err == io.EOF {
		if len(b) == 0 {
			return nil, false, io.EOF
		}
	} else if err != nil {
		return nil, false, err
	}
	lr.no++
	b = bytes.TrimSuffix(b, []byte("\n"))
	b = bytes.TrimSuffix(b, []byte("\r"))
	if lr.no == 1 {
		b = bytes.TrimPrefix(b, []byte("\ufeff"))
	}
	return b, false, nil
}
