package fleet

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"time"
)

// Source is one input: a file, or anything a test or the window opens.
type Source struct {
	// Name is how messages name it (the path of a file).
	Name string
	// ModTime stands for the time of osqueryi and fleetctl output, which
	// carries none of its own.
	ModTime time.Time
	Open    func() (io.ReadCloser, error)
}

// FileSource is the source of a file on disk.
func FileSource(path string, modTime time.Time) Source {
	return Source{Name: path, ModTime: modTime, Open: func() (io.ReadCloser, error) { return os.Open(path) }}
}

// Limits keep hostile or mistaken input from exhausting memory. Zero fields
// take the defaults.
type Limits struct {
	// MaxFileBytes caps what is read of one file (after gunzip).
	MaxFileBytes int64
	// MaxArrayBytes caps an osqueryi JSON array, which is read whole.
	MaxArrayBytes int64
	// MaxLineBytes caps one line of fleetctl or result log output.
	MaxLineBytes int
	// MaxRows caps the rows kept over all files (a row takes about 600
	// bytes of memory once loaded: 5 million, some 3 GB).
	MaxRows int64
	// MaxFiles caps the files a folder may bring in.
	MaxFiles int
}

// DefaultLimits are generous for real fleets: one host's listeners are a
// few kilobytes, 100,000 hosts' a few hundred megabytes.
var DefaultLimits = Limits{
	MaxFileBytes:  8 << 30,
	MaxArrayBytes: 256 << 20,
	MaxLineBytes:  64 << 20,
	MaxRows:       5_000_000,
	MaxFiles:      1_000_000,
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits
	if l.MaxFileBytes > 0 {
		d.MaxFileBytes = l.MaxFileBytes
	}
	if l.MaxArrayBytes > 0 {
		d.MaxArrayBytes = l.MaxArrayBytes
	}
	if l.MaxLineBytes > 0 {
		d.MaxLineBytes = l.MaxLineBytes
	}
	if l.MaxRows > 0 {
		d.MaxRows = l.MaxRows
	}
	if l.MaxFiles > 0 {
		d.MaxFiles = l.MaxFiles
	}
	return d
}

// Sources lists the files under paths: a file stands for itself, a folder
// for every regular file below it (hidden files and folders excepted),
// each list in name order. Symbolic links to folders are not followed.
// A cancelled ctx stops the walk.
func Sources(ctx context.Context, paths []string, maxFiles int) ([]Source, error) {
	if maxFiles <= 0 {
		maxFiles = DefaultLimits.MaxFiles
	}
	var out []Source
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("cannot read %s: %w", p, err)
		}
		if !info.IsDir() {
			out = append(out, FileSource(p, info.ModTime()))
			continue
		}
		var found []Source
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return fmt.Errorf("cannot read %s: %w", path, err)
			}
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("listing the files was cancelled: %w", err)
			}
			if path != p && len(d.Name()) > 1 && d.Name()[0] == '.' {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if !d.Type().IsRegular() {
				return nil
			}
			info, err := d.Info()
			if err != nil {
				return fmt.Errorf("cannot read %s: %w", path, err)
			}
			if len(out)+len(found) >= maxFiles {
				return fmt.Errorf("more than %d files under %s: give a smaller folder", maxFiles, p)
			}
			found = append(found, FileSource(path, info.ModTime()))
			return nil
		})
		if err != nil {
			return nil, err
		}
		slices.SortFunc(found, func(a, b Source) int { return cmpString(a.Name, b.Name) })
		out = append(out, found...)
	}
	return out, nil
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// errTooBig marks a file or line past its cap.
var errTooBig = errors.New("past the size cap")

// cappedReader fails once more than max bytes were read.
type cappedReader struct {
	r    io.Reader
	left int64
	n    int64
}

func (c *cappedReader) Read(p []byte) (int, error) {
	if c.left <= 0 {
		return 0, errTooBig
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	c.n += int64(n)
	return n, err
}

// open opens a source, gunzipping it when its first bytes say gzip, and
// returns a buffered reader positioned at the first byte of content (after
// a byte-order mark and blank space) and that byte (0 if none).
func (r *fileReader) open(src Source) (br *bufio.Reader, first byte, counted *cappedReader, closeFn func(), err error) {
	rc, err := src.Open()
	if err != nil {
		return nil, 0, nil, nil, err
	}
	closeFn = func() { rc.Close() }
	if r.raw == nil {
		r.raw, r.br = bufio.NewReaderSize(rc, 64<<10), bufio.NewReaderSize(nil, 64<<10)
	}
	r.raw.Reset(rc)
	var in io.Reader = r.raw
	if magic, _ := r.raw.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		if r.zr == nil {
			r.zr, err = gzip.NewReader(r.raw)
		} else {
			err = r.zr.Reset(r.raw)
		}
		if err != nil {
			closeFn()
			return nil, 0, nil, nil, fmt.Errorf("a damaged gzip file: %w", err)
		}
		in = r.zr
	}
	counted = &cappedReader{r: in, left: r.lim.MaxFileBytes}
	br = r.br
	br.Reset(counted)
	// Skip a byte-order mark and leading blank space (at most 64 KiB).
	if bom, _ := br.Peek(3); bytes.Equal(bom, []byte("\ufeff")) {
		br.Discard(3)
	}
	for range 64 << 10 {
		c, err := br.ReadByte()
		if err != nil {
			return br, 0, counted, closeFn, nil
		}
		switch c {
		case ' ', '\t', '\r', '\n':
			continue
		}
		br.UnreadByte()
		return br, c, counted, closeFn, nil
	}
	return br, 0, counted, closeFn, nil
}

// lineReader reads lines of at most max bytes; longer lines are passed
// over (and told), never kept whole in memory.
type lineReader struct {
	br   *bufio.Reader
	max  int
	buf  []byte
	line int
}

// next returns the next line without its end; tooLong is set (and the
// line empty) for a line past the cap. err is io.EOF at the end.
func (lr *lineReader) next() (line []byte, tooLong bool, err error) {
	lr.buf = lr.buf[:0]
	lr.line++
	for {
		chunk, err := lr.br.ReadSlice('\n')
		if !tooLong {
			if len(lr.buf)+len(chunk) > lr.max+1 {
				tooLong = true
				lr.buf = lr.buf[:0]
			} else if err == nil && len(lr.buf) == 0 {
				return trimEOL(chunk), false, nil // the common case: no copy
			} else {
				lr.buf = append(lr.buf, chunk...)
			}
		}
		switch {
		case err == nil:
			return trimEOL(lr.buf), tooLong, nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF):
			if len(lr.buf) == 0 && !tooLong && len(chunk) == 0 {
				return nil, false, io.EOF
			}
			return trimEOL(lr.buf), tooLong, nil
		default:
			return trimEOL(lr.buf), tooLong, err
		}
	}
}

func trimEOL(b []byte) []byte {
	b = bytes.TrimSuffix(b, []byte("\n"))
	return bytes.TrimSuffix(b, []byte("\r"))
}
