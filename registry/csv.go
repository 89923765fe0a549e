package registry

import (
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
// listed in the result's Skipped with their line: a broken row costs only
// itself (see csvRecords), so Skipped counts every row lost. A header that
// is not the registry's, or a file without one readable record, is an
// error wrapping ErrNotRegistry.
func ParseCSV(r io.Reader, source string) (*Registry, error) {
	return parseCSV(r, source, defaultLimits())
}

func parseCSV(r io.Reader, source string, lim limits) (*Registry, error) {
	b := NewBuilder(source)
	if s, ok := r.(interface{ Size() int64 }); ok {
		b.Grow(int(min(s.Size()/70, int64(lim.rows)))) // IANA's rows average about 78 bytes
	}
	if err := parseCSVWithin(b, r, lim); err != nil {
		return nil, err
	}
	return b.Build(), nil
}

const csvHeaderExample = "IANA's CSV header \"Service Name,Port Number,...\""

func parseCSVWithin(b *Builder, r io.Reader, lim limits) error {
	cr := newCSVRecords(r, lim)
	index, columns, err := readCSVHeader(cr)
	if err != nil {
		return err
	}
	var (
		fields [numColumns]string
		rowErr *csvRowError
		rows   int
	)
	for {
		line, row, err := cr.next()
		if err != nil {
			switch {
			case err == io.EOF:
				return csvOutcome(b, rows)
			case errors.As(err, &rowErr):
				rows++
				if err := lim.skip(b, rowErr.line, rowErr.reason); err != nil {
					return err
				}
				continue
			}
			return fmt.Errorf("reading the registry: %w", err)
		}
		rows++
		if len(row) != columns {
			if err := lim.skip(b, line, fmt.Sprintf("%d fields where the header has %d", len(row), columns)); err != nil {
				return err
			}
			continue
		}
		for col, i := range index {
			if i >= 0 {
				fields[col] = row[i]
			} else {
				fields[col] = ""
			}
		}
		rec, err := recordFromFields(&fields)
		if err != nil {
			if err := lim.skip(b, line, err.Error()); err != nil {
				return err
			}
			continue
		}
		rec.Line = line
		if err := lim.add(b, rec); err != nil {
			return err
		}
	}
}

// readCSVHeader finds the registry's columns in the first record: the
// field index of each column (-1 if absent) and the number of fields.
func readCSVHeader(cr *csvRecords) (index [numColumns]int, columns int, err error) {
	_, header, err := cr.next()
	if err == io.EOF {
		return index, 0, fmt.Errorf("%w: the file is empty (expected %s)", ErrNotRegistry, csvHeaderExample)
	}
	if err != nil {
		return index, 0, fmt.Errorf("%w: cannot read the CSV header: %v", ErrNotRegistry, err)
	}
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
			return index, 0, fmt.Errorf("%w: the header %q lacks the columns Service Name, Port Number, Transport Protocol and Description of IANA's CSV", ErrNotRegistry, truncate(strings.Join(header, ","), 80))
		}
	}
	return index, len(header), nil
}

// csvOutcome refuses a file that gave no record, as the XML and services
// readers do: a header alone is not a registry.
func csvOutcome(b *Builder, rows int) error {
	switch {
	case len(b.records) > 0:
		return nil
	case rows == 0:
		return fmt.Errorf("%w: the file holds IANA's CSV header but no records", ErrNotRegistry)
	}
	s := b.skipped[0]
	return fmt.Errorf("%w: none of its %s rows could be read (line %d: %s)", ErrNotRegistry, Thousands(rows), s.Line, s.Reason)
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
	if strings.HasPrefix(s, "-") {
		return false, 0, 0, negativePort(s)
	}
	lo, hi, isRange := strings.Cut(s, "-")
	l, err := parsePort(lo)
	if err != nil {
		return false, 0, 0, err
	}
	h := l
	if isRange {
		hi = strings.TrimSpace(hi)
		switch {
		case hi == "":
			return false, 0, 0, fmt.Errorf("the port range %q lacks its last port", truncate(s, 40))
		case strings.HasPrefix(hi, "-"):
			return false, 0, 0, negativePort(hi)
		}
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
		return 0, fmt.Errorf("port number %q is not a whole number from 0 to 65535", truncate(s, 40))
	}
	return uint16(n), nil
}

// negativePort names the number in "-1" or "-80-90".
func negativePort(s string) error {
	end := 1
	for end < len(s) && s[end] >= '0' && s[end] <= '9' {
		end++
	}
	if end == 1 {
		return fmt.Errorf("port number %q is not a whole number from 0 to 65535", truncate(s, 40))
	}
	return fmt.Errorf("port %s is negative: ports run from 0 to 65535", truncate(s[:end], 20))
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
