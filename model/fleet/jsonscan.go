package fleet

import (
	"encoding/binary"
	"errors"
	"fmt"
	"unicode/utf16"
	"unicode/utf8"
)

// scanner reads JSON out of a byte slice without building values: the
// readers walk objects key by key and keep only the columns they need. It
// is strict about syntax (a truncated or malformed document is an error with
// its offset) and never recurses deeper than maxDepth, so hostile input
// costs time proportional to its size and nothing more.
//
// osquery's output is large and repetitive; encoding/json into maps costs
// several times what this does, and the fleet loads must stay within
// Python's json module's parse time (see docs/performance.md).
type scanner struct {
	data    []byte
	pos     int
	scratch []byte // unescaped strings; valid until the next string read
}

const maxDepth = 64

// kind is the type of a JSON value.
type kind uint8

const (
	kindString kind = iota + 1
	kindNumber
	kindBool
	kindNull
	kindObject
	kindArray
)

var errDepth = errors.New("JSON nested too deeply")

// syntaxError is a JSON syntax error at a byte offset of the scanned data.
type syntaxError struct {
	msg    string
	offset int
}

func (e *syntaxError) Error() string { return e.msg }

func (s *scanner) fail(format string, a ...any) error {
	return &syntaxError{msg: fmt.Sprintf(format, a...), offset: s.pos}
}

func (s *scanner) ws() {
	for s.pos < len(s.data) {
		switch s.data[s.pos] {
		case ' ', '\t', '\n', '\r':
			s.pos++
		default:
			return
		}
	}
}

// peek returns the next non-space byte, or 0 at the end.
func (s *scanner) peek() byte {
	s.ws()
	if s.pos >= len(s.data) {
		return 0
	}
	return s.data[s.pos]
}

func (s *scanner) atEnd() bool { return s.peek() == 0 && s.pos >= len(s.data) }

func (s *scanner) expect(c byte) error {
	if s.peek() != c {
		return s.unexpected(fmt.Sprintf("%q", c))
	}
	s.pos++
	return nil
}

func (s *scanner) unexpected(want string) error {
	if s.pos >= len(s.data) {
		return s.fail("the JSON ends early (truncated?): expected %s", want)
	}
	return s.fail("expected %s, found %q", want, s.data[s.pos])
}

// object walks an object: first consumes '{'; then each call to next
// returns a key (and consumes the ':' after it) until the closing '}'.
type objectWalk struct {
	s     *scanner
	first bool
}

func (s *scanner) object() (objectWalk, error) {
	if err := s.expect('{'); err != nil {
		return objectWalk{}, err
	}
	return objectWalk{s: s, first: true}, nil
}

// next returns the next key, or ok=false after the closing brace. The key
// is valid until the next string is read.
func (w *objectWalk) next() (key []byte, ok bool, err error) {
	s := w.s
	c := s.peek()
	if c == '}' {
		s.pos++
		return nil, false, nil
	}
	if !w.first {
		if c != ',' {
			return nil, false, s.unexpected("',' or '}'")
		}
		s.pos++
		s.ws()
	}
	w.first = false
	if key, err = s.str(); err != nil {
		return nil, false, err
	}
	if err := s.expect(':'); err != nil {
		return nil, false, err
	}
	return key, true, nil
}

// eachKey walks an object, calling f with each key (positioned at its
// value, which f must read or skip).
func (s *scanner) eachKey(f func(key []byte) error) error {
	obj, err := s.object()
	if err != nil {
		return err
	}
	for {
		key, ok, err := obj.next()
		if err != nil || !ok {
			return err
		}
		if err := f(key); err != nil {
			return err
		}
	}
}

// array walks an array like object.
type arrayWalk struct {
	s     *scanner
	first bool
}

func (s *scanner) array() (arrayWalk, error) {
	if err := s.expect('['); err != nil {
		return arrayWalk{}, err
	}
	return arrayWalk{s: s, first: true}, nil
}

// next reports whether another element follows (positioned at it).
func (w *arrayWalk) next() (bool, error) {
	s := w.s
	c := s.peek()
	if c == ']' {
		s.pos++
		return false, nil
	}
	if !w.first {
		if c != ',' {
			return false, s.unexpected("',' or ']'")
		}
		s.pos++
		s.ws()
	}
	w.first = false
	return true, nil
}

// str reads a string and returns its unescaped bytes, which stay valid
// until the next string is read.
func (s *scanner) str() ([]byte, error) {
	if s.peek() != '"' {
		return nil, s.unexpected("a string")
	}
	s.pos++
	start := s.pos
	i := start
	for i+8 <= len(s.data) && !hasSpecial(binary.LittleEndian.Uint64(s.data[i:])) {
		i += 8 // eight plain bytes at a time
	}
	for ; i < len(s.data); i++ {
		switch c := s.data[i]; {
		case c == '"':
			s.pos = i + 1
			return s.data[start:i], nil
		case c == '\\':
			s.pos = i
			s.scratch = append(s.scratch[:0], s.data[start:i]...)
			return s.strSlow()
		case c < 0x20:
			s.pos = i
			return nil, s.fail("a control character inside a string")
		}
	}
	s.pos = len(s.data)
	return nil, s.fail("the JSON ends inside a string (truncated?)")
}

// hasSpecial reports whether any of the eight bytes in x ends or escapes
// a string or is a control character: a quote, a backslash, or below 0x20
// (the exact "has zero byte" and "has byte less than" bit tricks).
func hasSpecial(x uint64) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	below := (x - ones*0x20) &^ x
	q := x ^ (ones * '"')
	b := x ^ (ones * '\\')
	return (below|((q-ones)&^q)|((b-ones)&^b))&highs != 0
}

// strSlow finishes a string with escapes into scratch.
func (s *scanner) strSlow() ([]byte, error) {
	for s.pos < len(s.data) {
		c := s.data[s.pos]
		switch {
		case c == '"':
			s.pos++
			return s.scratch, nil
		case c < 0x20:
			return nil, s.fail("a control character inside a string")
		case c != '\\':
			s.scratch = append(s.scratch, c)
			s.pos++
			continue
		}
		if s.pos+1 >= len(s.data) {
			break
		}
		e := s.data[s.pos+1]
		s.pos += 2
		switch e {
		case '"', '\\', '/':
			s.scratch = append(s.scratch, e)
		case 'b':
			s.scratch = append(s.scratch, '\b')
		case 'f':
			s.scratch = append(s.scratch, '\f')
		case 'n':
			s.scratch = append(s.scratch, '\n')
		case 'r':
			s.scratch = append(s.scratch, '\r')
		case 't':
			s.scratch = append(s.scratch, '\t')
		case 'u':
			r, err := s.hex4()
			if err != nil {
				return nil, err
			}
			if utf16.IsSurrogate(r) {
				r2 := rune(-1)
				if s.pos+1 < len(s.data) && s.data[s.pos] == '\\' && s.data[s.pos+1] == 'u' {
					save := s.pos
					s.pos += 2
					if r2, err = s.hex4(); err != nil {
						return nil, err
					}
					if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
						r = d
					} else {
						s.pos = save // a lone surrogate; the next escape stands alone
						r = utf8.RuneError
					}
				} else {
					r = utf8.RuneError
				}
			}
			s.scratch = utf8.AppendRune(s.scratch, r)
		default:
			s.pos -= 2
			return nil, s.fail("an invalid escape \\%c in a string", e)
		}
	}
	s.pos = len(s.data)
	return nil, s.fail("the JSON ends inside a string (truncated?)")
}

func (s *scanner) hex4() (rune, error) {
	if s.pos+4 > len(s.data) {
		s.pos = len(s.data)
		return 0, s.fail("the JSON ends inside a \\u escape (truncated?)")
	}
	var r rune
	for _, c := range s.data[s.pos : s.pos+4] {
		r <<= 4
		switch {
		case c >= '0' && c <= '9':
			r |= rune(c - '0')
		case c >= 'a' && c <= 'f':
			r |= rune(c-'a') + 10
		case c >= 'A' && c <= 'F':
			r |= rune(c-'A') + 10
		default:
			return 0, s.fail("an invalid \\u escape in a string")
		}
	}
	s.pos += 4
	return r, nil
}
