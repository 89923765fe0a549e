package registry

import (
	"bytes"
	"fmt"
	"io"
)

// csvRecords splits a CSV file into records as RFC 4180 and encoding/csv
// (with strict quotes) do, but so that one broken record costs only its
// first line. encoding/csv cannot find its footing again after a stray
// quote: the quote opens a field that swallows every line up to the next
// quote, so one bad character lost the rest of IANA's file.
//
// A record is the lines up to the one that closes every quote it opened
// (IANA's file has hundreds of quoted fields with newlines). When such a
// record cannot be read, its first line is reported and reading starts
// again on the line after it: the lines it swallowed are read again on
// their own, and each one that is still unreadable is reported too. Each
// line is read at most twice, and a record may span at most the line limit.
type csvRecords struct {
	lines *lineReader
	lim   limits
	queue []csvLine // lines to read again, in file order
	// gathered are the lines after the first of a record of several lines,
	// and text that record's text, lines joined with "\n".
	gathered []csvLine
	text     []byte
	rec      []byte // the unquoted fields of the record, end to end
	ends     []int  // where each field ends in rec
	row      []string
}

// csvLine is a line kept to be read again.
type csvLine struct {
	no      int
	text    []byte
	tooLong bool
}

// csvRowError is a record that cannot be read; the reading goes on.
type csvRowError struct {
	line   int
	reason string
}

func (e *csvRowError) Error() string { return fmt.Sprintf("line %d: %s", e.line, e.reason) }

func newCSVRecords(r io.Reader, lim limits) *csvRecords {
	return &csvRecords{lines: newLineReader(r, lim), lim: lim}
}

// take returns the next line, from the queue or the file. Its text is
// valid until the next call unless it came from the queue.
func (c *csvRecords) take() (csvLine, error) {
	if len(c.queue) > 0 {
		l := c.queue[0]
		c.queue = c.queue[1:]
		return l, nil
	}
	text, tooLong, err := c.lines.next()
	return csvLine{no: c.lines.no, text: text, tooLong: tooLong}, err
}

// next returns the next record's fields (valid until the next call) and
// the line it starts on. A record that cannot be read is a *csvRowError;
// other errors end the reading, io.EOF at the end of the file. Lines that
// hold only blanks between records are passed over.
func (c *csvRecords) next() (line int, fields []string, err error) {
	for {
		first, err := c.take()
		if err != nil {
			return 0, nil, err
		}
		if first.tooLong {
			return first.no, nil, &csvRowError{first.no, c.lim.lineTooLong()}
		}
		if len(bytes.TrimSpace(first.text)) == 0 {
			continue
		}
		text, gathered := first.text, false
		if bytes.Count(text, quote)%2 == 1 {
			closed, err := c.gather(first)
			if err != nil {
				return first.no, nil, err
			}
			text, gathered = c.text, true
			if !closed {
				text = nil
			}
		}
		var fields []string
		reason := "a quoted field opens on this line and is not closed"
		if text != nil {
			fields, reason = c.split(text)
		}
		if reason != "" {
			if gathered {
				// Say what is wrong with the line itself (c.text begins
				// with it): the lines it swallowed are read again.
				if _, own := c.split(c.text[:len(first.text)]); own != "" {
					reason = own
				}
				c.requeue()
			}
			return first.no, nil, &csvRowError{first.no, reason}
		}
		c.gathered, c.text = c.gathered[:0], c.text[:0]
		return first.no, fields, nil
	}
}

var quote = []byte{'"'}

// gather reads on from a line that leaves a quote open, up to the line
// that closes it, keeping the record's text in c.text and its lines after
// the first in c.gathered. It reports whether a line closed the quote
// before the end of the file and within the line limit.
func (c *csvRecords) gather(first csvLine) (closed bool, err error) {
	c.text = append(c.text[:0], first.text...)
	c.gathered = c.gathered[:0]
	for {
		l, err := c.take()
		if err == io.EOF {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		if !l.tooLong {
			l.text = bytes.Clone(l.text)
		}
		c.gathered = append(c.gathered, l)
		if l.tooLong || len(c.text)+1+len(l.text) > c.lim.lineBytes {
			return false, nil
		}
		c.text = append(c.text, '\n')
		c.text = append(c.text, l.text...)
		if bytes.Count(l.text, quote)%2 == 1 {
			return true, nil
		}
	}
}

// requeue puts the lines a failed record gathered back to be read again.
func (c *csvRecords) requeue() {
	c.queue = append(append([]csvLine(nil), c.gathered...), c.queue...)
	c.gathered = c.gathered[:0]
	c.text = c.text[:0]
}

// split cuts a record into fields, or says in words why it cannot.
func (c *csvRecords) split(text []byte) ([]string, string) {
	c.rec, c.ends = c.rec[:0], c.ends[:0]
	for field := 1; ; field++ {
		if len(text) > 0 && text[0] == '"' {
			text = text[1:]
			for {
				i := bytes.IndexByte(text, '"')
				if i < 0 {
					return nil, fmt.Sprintf("the quoted field %d is never closed", field)
				}
				c.rec = append(c.rec, text[:i]...)
				text = text[i+1:]
				if len(text) > 0 && text[0] == '"' { // a doubled quote
					c.rec = append(c.rec, '"')
					text = text[1:]
					continue
				}
				if len(text) > 0 && text[0] != ',' {
					return nil, fmt.Sprintf("a quote inside the quoted field %d is not doubled", field)
				}
				break
			}
		} else {
			i := bytes.IndexByte(text, ',')
			if i < 0 {
				i = len(text)
			}
			if bytes.IndexByte(text[:i], '"') >= 0 {
				return nil, fmt.Sprintf("a stray quote in field %d (a field with quotes must be quoted whole, its own quotes doubled)", field)
			}
			c.rec = append(c.rec, text[:i]...)
			text = text[i:]
		}
		c.ends = append(c.ends, len(c.rec))
		if len(text) == 0 {
			break
		}
		text = text[1:] // the comma
	}
	all := string(c.rec)
	c.row = c.row[:0]
	start := 0
	for _, end := range c.ends {
		c.row = append(c.row, all[start:end])
		start = end
	}
	return c.row, ""
}
