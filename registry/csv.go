package registry

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// The IANA CSV columns, found by header name. Older releases call the
// unauthorized-use column "Known Unauthorized Uses".
var csvColumns = map[string]int{
	"service name":              colService,
	"port number":               colPort,
	"transport protocol":        colProto,
	"description":               colDesc,
	"assignee":                  colAssignee,
	"contact":                   colContact,
	"registration date":         colRegistered,
	"modification date":         colModified,
	"reference":                 colReference,
	"service code":              colServiceCode,
	"unauthorized use reported": colUnauthorized,
	"known unauthorized uses":   colUnauthorized,
	"assignment notes":          colNotes,
}

const (
	colService = iota
	colPort
	colProto
	colDesc
	colAssignee
	colContact
	colRegistered
	colModified
	colReference
	colServiceCode
	colUnauthorized
	colNotes
	numColumns
)

// requiredColumns must be in a header for the file to count as a registry.
var requiredColumns = []int{colService, colPort, colProto, colDesc}

// ErrNotRegistry is wrapped by every "this file is not a port registry" error.
var ErrNotRegistry = errors.New("not a port registry")

// ParseCSV reads IANA's CSV form. Rows that cannot be read are skipped and
// listed in the result's Skipped; a header that is not the registry's is an
// error.
func ParseCSV(r io.Reader, source string) (*Registry, error) {
	b := NewBuilder(source)
	if s, ok := r.(interface{ Size() int64 }); ok {
		b.Grow(int(s.Size() / 70)) // IANA's rows average about 78 bytes
	}
	if err := parseCSVInto(b, r); err != nil {
		return nil, err
	}
	return b.Build(), nil
}

func parseCSVInto(b *Builder, r io.Reader) error {
	cr := csv.NewReader(bufio.NewReaderSize(r, 64<<10))
	cr.FieldsPerRecord = -1 // a short row is skipped by us, with its line
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		if err == io.EOF {
			return fmt.Errorf("%w: the file is empty (expected IANA's CSV header \"Service Name,Port Number,...\")", ErrNotRegistry)
		}
		return fmt.Errorf("%w: cannot read the CSV header: %v", ErrNotRegistry, err)
	}
	var index [numColumns]int
	for i := range index {
		index[i] = -1
	}
	for i, name := range header {
		name = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(name, "\ufeff")))
		if col, ok := csvColumns[name]; ok {
			index[col] = i
		}
	}
	for _, col := range requiredColumns {
		if index[col] < 0 {
			return fmt.Errorf("%w: the header %q lacks the columns Service Name, Port Number, Transport Protocol and Description of IANA's CSV", ErrNotRegistry, truncate(strings.Join(header, ","), 80))
		}
	}
	var fields [numColumns]string
	for {
		row, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				b.Skip(pe.StartLine, pe.Err.Error())
				if pe.Err == csv.ErrQuote || pe.Err == csv.ErrBareQuote {
					// The reader cannot resynchronise inside a broken quote.
					return nil
				}
				continue
			}
			return fmt.Errorf("reading the registry: %w", err)
		}
		line, _ := cr.FieldPos(0) // only valid after a successful Read
		if len(row) == 1 && strings.TrimSpace(row[0]) == "" {
			continue // blank line
		}
		for col, i := range index {
			if i >= 0 && i < len(row) {
				fields[col] = row[i]
			} else {
				fields[col] = ""
			}
		}
		if len(row) != len(header) {
			b.Skip(line, fmt.Sprintf("%d fields where the header has %d", len(row), len(header)))
			continue
		}
		rec, err := recordFromFields(&fields)
		if err != nil {
			b.Skip(line, err.Error())
			continue
		}
		rec.Line = line
		b.Add(rec)
	}
}

func recordFromFields(f *[numColumns]string) (Record, error) {
	rec := Record{
		Service:         strings.TrimSpace(f[colService]),
		Description:     strings.TrimSpace(f[colDesc]),
		Assignee:        strings.TrimSpace(f[colAssignee]),
		Contact:         strings.TrimSpace(f[colContact]),
		Registered:      strings.TrimSpace(f[colRegistered]),
		Modified:        strings.TrimSpace(f[colModified]),
		References:      ParseReferences(f[colReference]),
		ServiceCode:     strings.TrimSpace(f[colServiceCode]),
		UnauthorizedUse: strings.TrimSpace(f[colUnauthorized]),
		Notes:           strings.TrimSpace(f[colNotes]),
	}
	var err error
	if rec.HasPort, rec.Low, rec.High, err = ParsePortRange(f[colPort]); err != nil {
		return rec, err
	}
	if rec.Protocol, err = ParseProtocol(f[colProto]); err != nil {
		return rec, err
	}
	if !rec.HasPort && rec.Service == "" {
		return rec, errors.New("neither a service name nor a port number")
	}
	return rec, nil
}

// ParsePortRange reads "", "80" or "6000-6063".
func ParsePortRange(s string) (hasPort bool, low, high uint16, err error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return false, 0, 0, nil
	}
	lo, hi, isRange := strings.Cut(s, "-")
	l, err := parsePort(lo)
	if err != nil {
		return false, 0, 0, err
	}
	h := l
	if isRange {
		if h, err = parsePort(hi); err != nil {
			return false, 0, 0, err
		}
		if h < l {
			return false, 0, 0, fmt.Errorf("port range %q runs backwards", s)
		}
	}
	return true, l, h, nil
}

func parsePort(s string) (uint16, error) {
	n, err := strconv.ParseUint(strings.TrimSpace(s), 10, 32)
	if err != nil || n > 65535 {
		return 0, fmt.Errorf("port number %q is not a whole number from 0 to 65535", s)
	}
	return uint16(n), nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
