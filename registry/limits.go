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

// ErrTooLarge is wrapped by the errors of a file past MaxFileBytes or
// MaxRows. It wraps ErrNotRegistry: such a file is not a plausible port
// registry.
var ErrTooLarge = fmt.Errorf("%w: too large", ErrNotRegistry)

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

func errFileTooLarge(size int64) error {
	what := "over " + sizeWords(MaxFileBytes)
	if size > MaxFileBytes {
		what = sizeWords(size)
	}
	return fmt.Errorf("%w: the file is %s, and a registry file may be at most %s (IANA's CSV is about 1 MiB)",
		ErrTooLarge, what, sizeWords(MaxFileBytes))
}

func errTooManyRows() error {
	return fmt.Errorf("%w: the file holds over %s rows, and a registry may hold at most %s (IANA's has about 15,000)",
		ErrTooLarge, thousands(MaxRows), thousands(MaxRows))
}

// cappedReader reads at most MaxFileBytes, then fails with ErrTooLarge, so
// an endless or huge input (a device, a growing file, a stream) costs at
// most MaxFileBytes of reading.
type cappedReader struct {
	r    io.Reader
	left int64
}

func capFile(r io.Reader) io.Reader {
	if c, ok := r.(*cappedReader); ok {
		return c
	}
	return &cappedReader{r: r, left: MaxFileBytes}
}

func (c *cappedReader) Read(p []byte) (int, error) {
	if c.left <= 0 {
		// One byte more tells a file of exactly MaxFileBytes from a longer one.
		var one [1]byte
		n, err := c.r.Read(one[:])
		if n > 0 {
			return 0, errFileTooLarge(-1)
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

// lineReader reads lines of at most MaxLineBytes. A longer line is
// consumed without being held and reported as too long.
type lineReader struct {
	br *bufio.Reader
	no int // number of the line last returned, from 1
}

func newLineReader(r io.Reader) *lineReader {
	return &lineReader{br: bufio.NewReaderSize(capFile(r), MaxLineBytes)}
}

// next returns the next line without its "\n" or "\r\n"; the slice is
// valid until the next call. tooLong reports a line over MaxLineBytes
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

func lineTooLong() string {
	return fmt.Sprintf("the line is longer than %s, the limit for one row", sizeWords(MaxLineBytes))
}

// room fails with ErrTooLarge when n more rows would take the builder
// past MaxRows.
func (b *Builder) room(n int) error {
	if len(b.records)+len(b.skipped)+n > MaxRows {
		return errTooManyRows()
	}
	return nil
}

// skipRow notes a row that could not be read, within MaxRows.
func (b *Builder) skipRow(line int, reason string) error {
	if err := b.room(1); err != nil {
		return err
	}
	b.Skip(line, reason)
	return nil
}
