package fleet

import "fmt"

// scalar reads a string, number, boolean or null and returns its text (the
// unescaped string, the number as written, "" for null, "true"/"false").
// An object or array is skipped and reported by its kind with no text.
func (s *scanner) scalar() (kind, []byte, error) {
	switch c := s.peek(); {
	case c == '"':
		b, err := s.str()
		return kindString, b, err
	case c == '-' || (c >= '0' && c <= '9'):
		b, err := s.number()
		return kindNumber, b, err
	case c == 't':
		return kindBool, []byte("true"), s.literal("true")
	case c == 'f':
		return kindBool, []byte("false"), s.literal("false")
	case c == 'n':
		return kindNull, nil, s.literal("null")
	case c == '{':
		return kindObject, nil, s.skip()
	case c == '[':
		return kindArray, nil, s.skip()
	}
	return 0, nil, s.unexpected("a value")
}

func (s *scanner) literal(word string) error {
	if len(s.data)-s.pos < len(word) || string(s.data[s.pos:s.pos+len(word)]) != word {
		return s.unexpected(word)
	}
	s.pos += len(word)
	return nil
}

// number reads a JSON number and returns it as written.
func (s *scanner) number() ([]byte, error) {
	start := s.pos
	i := s.pos
	if i < len(s.data) && s.data[i] == '-' {
		i++
	}
	digits := func() int {
		n := 0
		for i < len(s.data) && s.data[i] >= '0' && s.data[i] <= '9' {
			i++
			n++
		}
		return n
	}
	if i < len(s.data) && s.data[i] == '0' {
		i++ // a leading zero stands alone
	} else if digits() == 0 {
		s.pos = i
		return nil, s.unexpected("a digit")
	}
	if i < len(s.data) && s.data[i] == '.' {
		i++
		if digits() == 0 {
			s.pos = i
			return nil, s.unexpected("a digit")
		}
	}
	if i < len(s.data) && (s.data[i] == 'e' || s.data[i] == 'E') {
		i++
		if i < len(s.data) && (s.data[i] == '+' || s.data[i] == '-') {
			i++
		}
		if digits() == 0 {
			s.pos = i
			return nil, s.unexpected("a digit")
		}
	}
	s.pos = i
	return s.data[start:i], nil
}

// skip passes over one value of any kind, iteratively (no recursion), to at
// most maxDepth levels of nesting.
func (s *scanner) skip() error {
	var stack [maxDepth]byte // the closing bracket of each open level
	depth := 0
	for {
		switch c := s.peek(); c {
		case '{', '[':
			if depth == maxDepth {
				return errDepth
			}
			s.pos++
			if c == '{' {
				stack[depth] = '}'
			} else {
				stack[depth] = ']'
			}
			depth++
			if s.peek() == stack[depth-1] {
				s.pos++
				depth--
				break
			}
			if c == '{' {
				if err := s.keyColon(); err != nil {
					return err
				}
			}
			continue
		default:
			if _, _, err := s.scalar(); err != nil {
				return err
			}
		}
		// After a value: close levels or move to the next element.
		for depth > 0 {
			c := s.peek()
			if c == stack[depth-1] {
				s.pos++
				depth--
				continue
			}
			if c != ',' {
				return s.unexpected(fmt.Sprintf("',' or '%c'", stack[depth-1]))
			}
			s.pos++
			if stack[depth-1] == '}' {
				if err := s.keyColon(); err != nil {
					return err
				}
			}
			break
		}
		if depth == 0 {
			return nil
		}
	}
}

func (s *scanner) keyColon() error {
	if _, err := s.str(); err != nil {
		return err
	}
	return s.expect(':')
}
