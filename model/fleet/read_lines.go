package fleet

import (
	"bufio"
	"errors"
	"io"
)

// lineObject is what one line of JSON-lines output said.
type lineObject struct {
	host, hostAlt, display string
	name, action           string
	epoch, counter         string
	unixTime               int64
	errText                string
	hasRows, hasError      bool
	hasColumns, hasSnap    bool
	hasDiff                bool
	hasSeverity, hasMsg    bool
	// Rows in fileReader.rows: rows, snapshot, columns or diffResults'
	// added in [start, end); diffResults' removed in [remStart, remEnd).
	start, end       int
	remStart, remEnd int
	rows, portRows   int // rows seen, and those of listening_ports
}

// lineKind is what a line turned out to be.
type lineKind uint8

const (
	lineUnknown lineKind = iota
	lineStatus           // an osquery status log line
	lineFleetctl
	lineSnapshot
	lineEvent
	lineBatch
)

// giveUpAfter: a file whose first lines are all malformed is not osquery
// output; stop reading it.
const giveUpAfter = 1000

// readLines reads fleetctl output or an osqueryd result log.
func (r *fileReader) readLines(src Source, br *bufio.Reader, res *fileResult) {
	lr := &lineReader{br: br, max: r.lim.MaxLineBytes}
	recognized := false
	for {
		line, tooLong, err := lr.next()
		if err != nil && !errors.Is(err, io.EOF) {
			res.problem(src.Name, lr.line, "%s", readErr(err, r.lim))
			return
		}
		if errors.Is(err, io.EOF) {
			return
		}
		if lr.line%4096 == 0 && r.ctx.Err() != nil {
			return
		}
		if tooLong {
			res.problem(src.Name, lr.line, "a line longer than %s: skipped", sizeText(int64(r.lim.MaxLineBytes)))
			continue
		}
		if len(line) == 0 || isBlank(line) {
			continue
		}
		r.rows = r.rows[:0]
		mark := 0
		lo, err := r.lineObject(line, res)
		if err != nil {
			r.dropRows(res, mark)
			if errors.Is(err, errRowCap) {
				res.capped = true
				return
			}
			res.problem(src.Name, lr.line, "%s: the line is skipped", describe(err))
			if !recognized && lr.line >= giveUpAfter {
				res.ignored = true
				res.fileProblem(src.Name, "no osquery output in the first %d lines: skipped", giveUpAfter)
				return
			}
			continue
		}
		k := lo.kind()
		if !recognized {
			if k == lineStatus || k == lineUnknown {
				r.dropRows(res, mark)
			}
			switch k {
			case lineStatus:
				res.ignored = true
				res.fileProblem(src.Name, "an osquery status log, not query results: skipped")
				return
			case lineUnknown:
				res.ignored = true
				res.fileProblem(src.Name, "not osquery output (JSON lines of another kind): skipped")
				return
			case lineFleetctl:
				res.shape = ShapeFleetctl
			default:
				res.shape = ShapeResultLog
			}
			recognized = true
		}
		if msg := r.observe(src, lr.line, &lo, k, res); msg != "" {
			r.dropRows(res, mark)
			res.problem(src.Name, lr.line, "%s", msg)
		}
		if res.capped {
			return
		}
	}
}

func isBlank(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' && c != '\r' {
			return false
		}
	}
	return true
}

// dropRows forgets the rows of a line that is not kept after all.
func (r *fileReader) dropRows(res *fileResult, mark int) {
	if n := len(r.rows) - mark; n > 0 {
		r.rowsCap.Add(int64(n))
		res.rows -= int64(n)
		r.rows = r.rows[:mark]
	}
}

func (lo *lineObject) kind() lineKind {
	switch {
	case lo.hasRows || (lo.host != "" && lo.hasError):
		return lineFleetctl
	case lo.action == "snapshot" || lo.hasSnap:
		return lineSnapshot
	case lo.hasColumns && (lo.action == "added" || lo.action == "removed"):
		return lineEvent
	case lo.hasDiff:
		return lineBatch
	case lo.hasSeverity && lo.hasMsg:
		return lineStatus
	}
	return lineUnknown
}

// observe turns a parsed line into an observation; a message says why the
// line is not used.
func (r *fileReader) observe(src Source, line int, lo *lineObject, k lineKind, res *fileResult) string {
	o := observation{file: res.index, line: line, name: lo.name, display: lo.display}
	o.host = lo.host
	if o.host == "" {
		o.host = lo.hostAlt
	}
	o.time = lo.unixTime
	if o.time == 0 {
		o.time = src.ModTime.Unix()
	}
	other := lo.rows > 0 && lo.portRows == 0
	switch k {
	case lineStatus, lineUnknown:
		return "neither a fleetctl result nor an osqueryd result"
	case lineFleetctl:
		o.kind = obsFull
		if lo.hasError && lo.errText != "" {
			o.kind, o.errText = obsError, lo.errText
		}
	case lineSnapshot:
		o.kind = obsFull
	case lineEvent:
		o.kind = obsAdded
		if lo.action == "removed" {
			o.kind = obsRemoved
		}
	case lineBatch:
		o.kind = obsAdded
	}
	if other {
		res.otherRows += lo.rows
		return "" // another query's results: not ours
	}
	if o.host == "" {
		return "a result without a host name"
	}
	if lo.portRows > 0 {
		if res.listening == nil {
			res.listening = map[string]bool{}
		}
		res.listening[lo.name] = true
	}
	if o.kind == obsAdded && lo.counter == "0" {
		// The first run of a query (or of a new epoch) logs its whole
		// result as "added": it replaces what came before.
		r.groupBuf = append(append(append(append(append(r.groupBuf[:0], lo.name...), 0), lo.epoch...), 0), itoa(int(o.time))...)
		o.kind, o.group = obsInitial, r.strs.get(r.groupBuf)
	}
	if k == lineBatch {
		rem := o
		rem.kind, rem.rows = obsRemoved, r.commit(r.rows[lo.remStart:lo.remEnd])
		if len(rem.rows) > 0 {
			r.addObs(res, rem)
		}
		if lo.end == lo.start && o.kind != obsInitial {
			return ""
		}
	}
	o.rows = r.commit(r.rows[lo.start:lo.end])
	r.addObs(res, o)
	return ""
}

// addObs adds an observation, or extends the previous one when it is the
// previous line's word of the same kind on the same host in the same run
// (a first run's "added" lines): far fewer observations to keep and sort.
func (r *fileReader) addObs(res *fileResult, o observation) {
	if len(o.rows) == 0 && r.takeRow() != nil {
		res.capped = true // a line without rows costs as much as a row
		return
	}
	if n := len(res.obs); n > 0 && o.kind != obsFull && o.kind != obsError && len(o.rows) > 0 {
		p := &res.obs[n-1]
		if p.kind == o.kind && p.host == o.host && p.time == o.time && p.name == o.name && p.group == o.group &&
			p.display == o.display && r.lastObsGen == r.chunkGen && r.lastObsEnd == r.lastStart {
			p.rows = r.chunk[r.lastObsStart:r.lastEnd:r.lastEnd]
			r.lastObsEnd = r.lastEnd
			return
		}
	}
	res.obs = append(res.obs, o)
	r.lastObsGen, r.lastObsStart, r.lastObsEnd = r.chunkGen, r.lastStart, r.lastEnd
	if len(o.rows) == 0 {
		r.lastObsGen = -1
	}
}

// lineObject parses one line's object.
func (r *fileReader) lineObject(line []byte, res *fileResult) (lineObject, error) {
	s := &r.s
	*s = scanner{data: line, scratch: s.scratch[:0]}
	var lo lineObject
	lo.start, lo.end = len(r.rows), len(r.rows)
	obj, err := s.object()
	if err != nil {
		return lo, err
	}
	for {
		key, ok, err := obj.next()
		if err != nil {
			return lo, err
		}
		if !ok {
			break
		}
		var k []byte
		if len(key) <= len(r.keyBuf) {
			k = append(r.keyBuf[:0], key...)
		}
		if err := r.lineField(string(k), &lo, res); err != nil {
			return lo, err
		}
	}
	if !s.atEnd() {
		return lo, s.fail("unexpected text after the JSON object")
	}
	return lo, nil
}

// lineField reads the value of one top-level key.
func (r *fileReader) lineField(key string, lo *lineObject, res *fileResult) error {
	s := &r.s
	text := func(dst *string) error {
		_, v, err := s.scalar()
		*dst = r.strs.get(v)
		return err
	}
	switch key {
	case "host", "hostIdentifier":
		return text(&lo.host)
	case "hostname":
		return text(&lo.hostAlt)
	case "name":
		return text(&lo.name)
	case "action":
		return text(&lo.action)
	case "epoch":
		return text(&lo.epoch)
	case "counter":
		return text(&lo.counter)
	case "unixTime":
		_, v, err := s.scalar()
		lo.unixTime = parseInt(v, 0, 1<<40)
		return err
	case "error":
		lo.hasError = true
		return text(&lo.errText)
	case "severity":
		lo.hasSeverity = true
	case "message":
		lo.hasMsg = true
	case "rows", "snapshot":
		lo.hasRows = lo.hasRows || key == "rows"
		lo.hasSnap = lo.hasSnap || key == "snapshot"
		return r.rowArray(lo, res)
	case "columns":
		lo.hasColumns = true
		v, err := r.row()
		if err == nil {
			lo.count(r, v)
			err = r.keep(res, v)
		}
		lo.end = len(r.rows)
		return err
	case "diffResults":
		lo.hasDiff = true
		return r.diffResults(lo, res)
	case "decorations":
		return r.decorations(lo)
	}
	return s.skip()
}

func (lo *lineObject) count(r *fileReader, v rowVerdict) {
	lo.rows++
	if v != rowOther {
		lo.portRows++
	}
	if lo.display == "" && r.b.display != "" {
		lo.display = r.b.display
	}
	if lo.host == "" && lo.hostAlt == "" && r.b.hostname != "" {
		lo.hostAlt = r.b.hostname
	}
}

// rowArray reads an array of rows (or null) after the line's other rows.
func (r *fileReader) rowArray(lo *lineObject, res *fileResult) error {
	s := &r.s
	if s.peek() == 'n' {
		return s.literal("null")
	}
	arr, err := s.array()
	if err != nil {
		return err
	}
	for {
		more, err := arr.next()
		if err != nil || !more {
			lo.end = len(r.rows)
			return err
		}
		if s.peek() != '{' {
			return s.unexpected("a row (a JSON object)")
		}
		v, err := r.row()
		if err != nil {
			return err
		}
		lo.count(r, v)
		if err := r.keep(res, v); err != nil {
			return err
		}
	}
}

// diffResults reads a batch line's {"added": [...], "removed": [...]}
// into [start, end) and [remStart, remEnd).
func (r *fileReader) diffResults(lo *lineObject, res *fileResult) error {
	return r.s.eachKey(func(key []byte) error {
		if string(key) != "added" && string(key) != "removed" {
			return r.s.skip()
		}
		isAdded := string(key) == "added"
		var part lineObject
		part.start, part.end = len(r.rows), len(r.rows)
		if err := r.rowArray(&part, res); err != nil {
			return err
		}
		lo.rows += part.rows
		lo.portRows += part.portRows
		if isAdded {
			lo.start, lo.end = part.start, part.end
		} else {
			lo.remStart, lo.remEnd = part.start, part.end
		}
		return nil
	})
}

// decorations reads the hostname osqueryd adds to each result.
func (r *fileReader) decorations(lo *lineObject) error {
	s := &r.s
	if s.peek() != '{' {
		return s.skip()
	}
	return s.eachKey(func(key []byte) error {
		if string(key) != colHostname {
			return s.skip()
		}
		_, v, err := s.scalar()
		lo.display = r.strs.get(v)
		return err
	})
}
