package export

import (
	"bytes"
	"encoding"
	"encoding/json"
	"io"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// A long list of rows (`portolan listeners --json` at 10,000 sockets) is
// written here rather than by encoding/json, whose reflection and second,
// indenting pass over every byte cost a fifth of the command. The bytes are
// the same as WriteJSON's (the tests compare them): a jsonPlan is made once
// per row type from its fields and their json tags, so a field added to the
// type needs nothing here. What the plan has no writer of its own for (a
// float, a map, a type with its own MarshalJSON) goes through encoding/json,
// field by field; a type whose fields it cannot lay out as encoding/json
// does (embedded structs, the ",string" option, clashing names) is written
// by WriteJSON whole.

// jsonPlan writes one struct type as an indented JSON object.
type jsonPlan struct {
	fields []jsonField
}

type jsonField struct {
	index int
	key   string                   // `"name": `
	omit  func(reflect.Value) bool // nil: never left out
	write jsonWriter
}

// jsonWriter appends v, which sits at the given depth of indentation.
type jsonWriter func(b []byte, v reflect.Value, depth int) ([]byte, error)

var (
	jsonMarshalerType = reflect.TypeFor[json.Marshaler]()
	textMarshalerType = reflect.TypeFor[encoding.TextMarshaler]()
	isZeroerType      = reflect.TypeFor[interface{ IsZero() bool }]()
	timeType          = reflect.TypeFor[time.Time]()
)

// planJSON lays out struct type t as encoding/json does; ok is false when it
// cannot be sure to (then use encoding/json).
func planJSON(t reflect.Type) (*jsonPlan, bool) {
	return planStruct(t, map[reflect.Type]bool{})
}

func planStruct(t reflect.Type, seen map[reflect.Type]bool) (*jsonPlan, bool) {
	if t.Kind() != reflect.Struct || seen[t] {
		return nil, false
	}
	seen[t] = true
	defer delete(seen, t)
	p := &jsonPlan{}
	names := map[string]bool{}
	for i := range t.NumField() {
		sf := t.Field(i)
		tag := sf.Tag.Get("json")
		if sf.Anonymous {
			return nil, false // embedded fields' promotion rules
		}
		if !sf.IsExported() || tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if !validJSONName(name) {
			name = sf.Name
		}
		optList := strings.Split(opts, ",")
		has := func(o string) bool { return opts != "" && slices.Contains(optList, o) }
		if has("string") || names[name] {
			return nil, false
		}
		names[name] = true
		f := jsonField{index: i, key: `"` + name + `": `, write: writerFor(sf.Type, seen)}
		omitEmpty, omitZero := has("omitempty"), has("omitzero")
		var zero func(reflect.Value) bool
		if omitZero {
			if zero = isZeroFunc(sf.Type); zero == nil {
				return nil, false
			}
		}
		switch {
		case omitEmpty && omitZero:
			f.omit = func(v reflect.Value) bool { return isEmptyJSON(v) || zero(v) }
		case omitEmpty:
			f.omit = isEmptyJSON
		case omitZero:
			f.omit = zero
		}
		p.fields = append(p.fields, f)
	}
	return p, true
}

// validJSONName is encoding/json's rule for a tag's name (else the field's
// own name is used).
func validJSONName(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if !strings.ContainsRune("!#$%&()*+-./:;<=>?@[]^_{|}~ ", c) && !unicode.IsLetter(c) && !unicode.IsDigit(c) {
			return false
		}
	}
	return true
}

// isEmptyJSON is what omitempty leaves out.
func isEmptyJSON(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Interface, reflect.Pointer:
		return v.IsZero()
	}
	return false
}

// isZeroFunc is what omitzero leaves out: the type's IsZero, else the zero
// value; nil when encoding/json would decide otherwise (an interface).
func isZeroFunc(t reflect.Type) func(reflect.Value) bool {
	switch {
	case t.Kind() == reflect.Interface:
		return nil
	case t.Kind() == reflect.Pointer && t.Implements(isZeroerType):
		return func(v reflect.Value) bool {
			return v.IsNil() || v.Interface().(interface{ IsZero() bool }).IsZero()
		}
	case t.Implements(isZeroerType):
		return func(v reflect.Value) bool { return v.Interface().(interface{ IsZero() bool }).IsZero() }
	case reflect.PointerTo(t).Implements(isZeroerType):
		return func(v reflect.Value) bool { return v.Addr().Interface().(interface{ IsZero() bool }).IsZero() }
	}
	return reflect.Value.IsZero
}

// writerFor writes a value of type t.
func writerFor(t reflect.Type, seen map[reflect.Type]bool) jsonWriter {
	if t == timeType {
		return appendJSONTime
	}
	if t.Kind() == reflect.Pointer {
		elem := writerFor(t.Elem(), seen)
		if t.Elem() != timeType && marshals(t) {
			return appendViaJSON
		}
		return func(b []byte, v reflect.Value, depth int) ([]byte, error) {
			if v.IsNil() {
				return append(b, "null"...), nil
			}
			return elem(b, v.Elem(), depth)
		}
	}
	if marshals(t) {
		return appendViaJSON
	}
	switch t.Kind() {
	case reflect.String:
		return func(b []byte, v reflect.Value, _ int) ([]byte, error) { return appendJSONString(b, v.String()), nil }
	case reflect.Bool:
		return func(b []byte, v reflect.Value, _ int) ([]byte, error) { return strconv.AppendBool(b, v.Bool()), nil }
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return func(b []byte, v reflect.Value, _ int) ([]byte, error) { return strconv.AppendInt(b, v.Int(), 10), nil }
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return func(b []byte, v reflect.Value, _ int) ([]byte, error) {
			return strconv.AppendUint(b, v.Uint(), 10), nil
		}
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			return appendViaJSON // base64
		}
		return sliceWriter(writerFor(t.Elem(), seen))
	case reflect.Struct:
		if p, ok := planStruct(t, seen); ok {
			return p.appendObject
		}
	}
	return appendViaJSON
}

// marshals reports whether encoding/json would call a method of t's (or of
// a pointer to it: rows are written from addressable values).
func marshals(t reflect.Type) bool {
	for _, m := range []reflect.Type{jsonMarshalerType, textMarshalerType} {
		if t.Implements(m) || t.Kind() != reflect.Pointer && reflect.PointerTo(t).Implements(m) {
			return true
		}
	}
	return false
}

func sliceWriter(elem jsonWriter) jsonWriter {
	return func(b []byte, v reflect.Value, depth int) ([]byte, error) {
		if v.IsNil() {
			return append(b, "null"...), nil
		}
		if v.Len() == 0 {
			return append(b, "[]"...), nil
		}
		b = append(b, '[')
		var err error
		for i := range v.Len() {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendNewline(b, depth+1)
			if b, err = elem(b, v.Index(i), depth+1); err != nil {
				return b, err
			}
		}
		return append(appendNewline(b, depth), ']'), nil
	}
}

// appendObject writes the struct v (of p's type) at the given depth.
func (p *jsonPlan) appendObject(b []byte, v reflect.Value, depth int) ([]byte, error) {
	b = append(b, '{')
	n := 0
	var err error
	for i := range p.fields {
		f := &p.fields[i]
		fv := v.Field(f.index)
		if f.omit != nil && f.omit(fv) {
			continue
		}
		if n > 0 {
			b = append(b, ',')
		}
		n++
		b = append(appendNewline(b, depth+1), f.key...)
		if b, err = f.write(b, fv, depth+1); err != nil {
			return b, err
		}
	}
	if n > 0 {
		b = appendNewline(b, depth)
	}
	return append(b, '}'), nil
}

func appendNewline(b []byte, depth int) []byte {
	b = append(b, '\n')
	for range depth {
		b = append(b, ' ', ' ')
	}
	return b
}

// appendJSONTime writes a time as its MarshalJSON does (RFC 3339 with
// nanoseconds, and the same refusal of years beyond 9999).
func appendJSONTime(b []byte, v reflect.Value, depth int) ([]byte, error) {
	t := v.Interface().(time.Time)
	out, err := t.AppendText(append(b, '"'))
	if err != nil {
		return appendViaJSON(b, v, depth) // for encoding/json's own error
	}
	return append(out, '"'), nil
}

// appendViaJSON writes v with encoding/json, indented to its depth.
func appendViaJSON(b []byte, v reflect.Value, depth int) ([]byte, error) {
	var x any
	if v.CanAddr() {
		x = v.Addr().Interface() // pointer methods, as encoding/json calls them on a slice's rows
	} else {
		x = v.Interface()
	}
	var compact bytes.Buffer
	enc := json.NewEncoder(&compact)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(x); err != nil {
		return b, err
	}
	out := bytes.NewBuffer(b)
	if err := json.Indent(out, bytes.TrimSuffix(compact.Bytes(), []byte("\n")), strings.Repeat("  ", depth), "  "); err != nil {
		return b, err
	}
	return out.Bytes(), nil
}

// appendJSONString writes s as encoding/json does with HTML escaping off:
// quotes, backslashes and control characters escaped, invalid UTF-8 as
// U+FFFD, U+2028 and U+2029 escaped.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(append(b, s[start:i]...), `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(append(b, s[start:i]...), '\\', 'u', '2', '0', '2', hex[r&0xf])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	return append(append(b, s[start:]...), '"')
}

// jsonChunk is how much of a list is gathered before it is written.
const jsonChunk = 64 << 10

// writeJSONList writes n rows of type T as WriteJSON writes a []T; fill
// sets row i (into a row reused from one call to the next). plan is T's
// (nil: WriteJSON writes the rows). A row that cannot be written (a time
// beyond year 9999) stops the list with encoding/json's error, after what
// was written before it.
func writeJSONList[T any](w io.Writer, plan *jsonPlan, n int, fill func(i int, row *T)) error {
	if plan == nil {
		rows := make([]T, n)
		for i := range rows {
			fill(i, &rows[i])
		}
		return WriteJSON(w, rows)
	}
	if n == 0 {
		_, err := io.WriteString(w, "[]\n")
		return err
	}
	var row T
	v := reflect.ValueOf(&row).Elem()
	b := append(make([]byte, 0, jsonChunk+4<<10), '[')
	var err error
	for i := range n {
		fill(i, &row)
		if i > 0 {
			b = append(b, ',')
		}
		if b, err = plan.appendObject(appendNewline(b, 1), v, 1); err != nil {
			return err
		}
		if len(b) >= jsonChunk {
			if _, err := w.Write(b); err != nil {
				return err
			}
			b = b[:0]
		}
	}
	_, err = w.Write(append(b, "\n]\n"...))
	return err
}
