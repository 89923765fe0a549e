package fleet

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
)

// Shape is the kind of osquery output a file holds.
type Shape string

const (
	ShapeOsqueryi  Shape = "osqueryi"   // osqueryi --json: an array of rows
	ShapeFleetctl  Shape = "fleetctl"   // fleetctl query --json: {"host","rows"} lines
	ShapeResultLog Shape = "result-log" // osqueryd results or snapshots log
)

// Problem is something wrong with the input: where, and what.
type Problem struct {
	File    string `json:"file"`
	Line    int    `json:"line,omitempty"` // 0: the file as a whole
	Message string `json:"message"`
}

func (p Problem) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Message)
	}
	return p.File + ": " + p.Message
}

// sizeText says a size cap in words.
func sizeText(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

// maxProblemsPerFile bounds what one bad file adds to the report.
const maxProblemsPerFile = 10

// fileResult is what one file gave.
type fileResult struct {
	index    int
	shape    Shape
	obs      []observation
	problems []Problem
	more     int // problems past maxProblemsPerFile
	rows     int64
	bytes    int64
	// listening names the queries whose rows were listening_ports rows.
	listening map[string]bool
	otherRows int  // rows of other queries (result logs)
	ignored   bool // not osquery output, or unreadable
	capped    bool // stopped at the row cap
}

func (fr *fileResult) problem(file string, line int, format string, a ...any) {
	if len(fr.problems) >= maxProblemsPerFile {
		fr.more++
		return
	}
	fr.problems = append(fr.problems, Problem{File: file, Line: line, Message: fmt.Sprintf(format, a...)})
}

// fileProblem is said of the whole file: never left out.
func (fr *fileResult) fileProblem(file string, format string, a ...any) {
	fr.problems = append(fr.problems, Problem{File: file, Message: fmt.Sprintf(format, a...)})
}

// fileReader reads one source; one per worker, reused from file to file.
type fileReader struct {
	lim     Limits
	rowsCap *atomic.Int64 // rows left over all files
	strs    *interner
	b       rowBuilder
	s       scanner
	keyBuf  [64]byte
	ctx     context.Context
	// rows holds the rows of the file (osqueryi) or line being read; they
	// move to chunk, which observations share, once kept.
	rows  []Row
	chunk []Row
	// Where the last commit went, in which chunk; and the rows of the
	// last observation added (see addObs).
	chunkGen, lastStart, lastEnd         int
	lastObsGen, lastObsStart, lastObsEnd int
	groupBuf                             []byte
	// Buffers reused from file to file.
	raw, br *bufio.Reader
	zr      *gzip.Reader
	buf     []byte
}

// chunkRows is the size of the blocks kept rows are stored in: growing
// one slice by doubling would copy every row a few times.
const chunkRows = 8192

// commit moves rows into the shared chunks and returns where they are now.
func (r *fileReader) commit(rows []Row) []Row {
	n := len(rows)
	if n == 0 {
		return nil
	}
	if cap(r.chunk)-len(r.chunk) < n {
		r.chunk = make([]Row, 0, max(chunkRows, n))
		r.chunkGen++
	}
	r.lastStart = len(r.chunk)
	r.chunk = append(r.chunk, rows...)
	r.lastEnd = len(r.chunk)
	return r.chunk[r.lastStart:r.lastEnd:r.lastEnd]
}

func newFileReader(ctx context.Context, lim Limits, rowsLeft *atomic.Int64) *fileReader {
	fr := &fileReader{lim: lim, rowsCap: rowsLeft, strs: newInterner(), ctx: ctx}
	fr.b.strs = fr.strs
	return fr
}

var errRowCap = errors.New("row cap reached")

// takeRow counts one kept row against the cap.
func (r *fileReader) takeRow() error {
	if r.rowsCap.Add(-1) < 0 {
		return errRowCap
	}
	return nil
}

// read reads one source into res.
func (r *fileReader) read(src Source, index int) *fileResult {
	res := &fileResult{index: index}
	r.rows = r.rows[:0]
	r.lastObsGen = -1
	br, first, counted, closeFn, err := r.open(src)
	if err != nil {
		res.fileProblem(src.Name, "cannot read it: %v", err)
		res.ignored = true
		return res
	}
	defer closeFn()
	switch first {
	case '[':
		res.shape = ShapeOsqueryi
		r.readArray(src, br, res)
	case '{':
		r.readLines(src, br, res)
	default:
		res.ignored = true
		res.fileProblem(src.Name, "not osquery output (neither a JSON array nor JSON lines): skipped")
	}
	res.bytes = counted.n
	return res
}

// readArray reads osqueryi --json output: one host's rows.
func (r *fileReader) readArray(src Source, br io.Reader, res *fileResult) {
	data, err := r.readAll(&cappedReader{r: br, left: r.lim.MaxArrayBytes})
	if errors.Is(err, errTooBig) {
		res.ignored = true
		res.fileProblem(src.Name, "a JSON array larger than %s: skipped (one host's listeners take a few kilobytes)", sizeText(r.lim.MaxArrayBytes))
		return
	}
	if err != nil {
		res.ignored = true
		res.fileProblem(src.Name, "%s", readErr(err, r.lim))
		return
	}
	s := &r.s
	*s = scanner{data: data, scratch: s.scratch[:0]}
	o := observation{kind: obsFull, time: src.ModTime.Unix(), file: res.index, line: 1}
	arr, _ := s.array()
	sawPort, sawRows := false, 0
	mixed := false // rows of more than one hostname
	for {
		more, err := arr.next()
		if err == nil && more {
			if s.peek() != '{' {
				res.ignored = true
				r.dropRows(res, 0)
				res.problem(src.Name, lineAt(data, s.pos), "not osquery output (an array of something else than rows): skipped")
				return
			}
			var v rowVerdict
			if v, err = r.row(); err == nil {
				sawRows++
				sawPort = sawPort || v != rowOther
				n := len(r.rows)
				if err = r.keep(res, v); err == nil && len(r.rows) > n {
					r.rows[n].Host = r.b.hostname // sorted out below
					mixed = mixed || r.rows[n].Host != r.rows[0].Host
				}
			}
		}
		if err != nil {
			o.incomplete = true
			if errors.Is(err, errRowCap) {
				res.capped = true
			} else {
				res.problem(src.Name, lineAt(data, s.pos), "%s; the %d rows before it are kept", describe(err), len(r.rows))
			}
			break
		}
		if !more {
			if !s.atEnd() {
				res.problem(src.Name, lineAt(data, s.pos), "unexpected text after the JSON array: ignored")
			}
			break
		}
	}
	if sawRows > 0 && !sawPort {
		res.ignored = true
		r.rows = r.rows[:0]
		res.fileProblem(src.Name, "JSON rows without port or protocol columns (not listening_ports): skipped")
		return
	}
	if mixed {
		// An array of several hosts' rows: one observation each.
		slices.SortStableFunc(r.rows, func(a, b Row) int { return cmpString(a.Host, b.Host) })
	}
	rest := r.rows
	for len(rest) > 0 || len(res.obs) == 0 {
		n := 1
		for n < len(rest) && rest[n].Host == rest[0].Host {
			n++
		}
		n = min(n, len(rest))
		o.host = ""
		if n > 0 {
			o.host = rest[0].Host
		}
		if o.host == "" {
			o.host = hostFromFileName(src.Name)
		}
		for i := range rest[:n] {
			rest[i].Host = ""
		}
		o.rows = r.commit(rest[:n])
		res.obs = append(res.obs, o)
		rest = rest[n:]
	}
}

// row reads one row object into r.b and says what it is.
func (r *fileReader) row() (rowVerdict, error) {
	s := &r.s
	obj, err := s.object()
	if err != nil {
		return 0, err
	}
	r.b.reset()
	for {
		key, ok, err := obj.next()
		if err != nil || !ok {
			if err != nil {
				return 0, err
			}
			return r.b.finish(), nil
		}
		var k []byte
		if len(key) <= len(r.keyBuf) {
			k = append(r.keyBuf[:0], key...) // the value may reuse the key's scratch
		}
		kind, val, err := s.scalar()
		if err != nil {
			return 0, err
		}
		if k != nil && kind != kindObject && kind != kindArray {
			r.b.column(k, val)
		}
	}
}

// keep stores the row just read (listener or skipped) with the others.
func (r *fileReader) keep(res *fileResult, v rowVerdict) error {
	if v == rowOther {
		return nil
	}
	if err := r.takeRow(); err != nil {
		return err
	}
	row := r.b.row
	if v == rowSkipped {
		row.Protocol, row.Family = "", ""
		if row.Address == "" {
			row.Address = r.b.path // a UNIX socket's path keeps them apart
		}
	}
	r.rows = append(r.rows, row)
	res.rows++
	return nil
}

// describe words a reading error for people.
func describe(err error) string {
	var se *syntaxError
	switch {
	case errors.As(err, &se):
		return "malformed JSON: " + se.msg
	case errors.Is(err, errDepth):
		return "malformed JSON: nested more than 64 levels deep"
	case errors.Is(err, errRowCap):
		return "the row cap is reached, the rest of the input is not read"
	}
	return err.Error()
}

func readErr(err error, lim Limits) string {
	if errors.Is(err, errTooBig) {
		return "larger than " + sizeText(lim.MaxFileBytes) + ": the rest is not read"
	}
	return "cannot read it: " + err.Error()
}

// lineAt is the 1-based line of a byte offset.
func lineAt(data []byte, offset int) int {
	if offset > len(data) {
		offset = len(data)
	}
	return bytes.Count(data[:offset], []byte("\n")) + 1
}

// hostFromFileName names a host by its osqueryi file: "web-01.json" and
// "web-01.json.gz" are web-01.
func hostFromFileName(path string) string {
	name := filepath.Base(path)
	name = strings.TrimSuffix(name, ".gz")
	for _, ext := range []string{".json", ".jsonl", ".ndjson", ".txt", ".out", ".log"} {
		if strings.HasSuffix(strings.ToLower(name), ext) {
			return name[:len(name)-len(ext)]
		}
	}
	return name
}

// readAll reads everything into the worker's buffer (kept for the next
// file unless it grew past 64 MiB).
func (r *fileReader) readAll(rd io.Reader) ([]byte, error) {
	buf := r.buf[:0]
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := rd.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	if cap(buf) <= 64<<20 {
		r.buf = buf
	}
	return buf, nil
}
