package registry

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// repeatReader gives head, then body again and again until n bytes in all
// (n < 0: for ever), then tail; it holds nothing but its arguments, as a
// big file or a device would.
type repeatReader struct {
	head, body, tail string
	n, done          int64
	phase            int
	off              int
}

func (r *repeatReader) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		var cur string
		switch r.phase {
		case 0:
			cur = r.head
		case 1:
			cur = r.body
		case 2:
			cur = r.tail
		default:
			if n == 0 {
				return 0, io.EOF
			}
			return n, nil
		}
		if r.off < len(cur) {
			k := copy(p[n:], cur[r.off:])
			r.off += k
			r.done += int64(k)
			n += k
			continue
		}
		r.off = 0
		if r.phase != 1 || r.n >= 0 && r.done >= r.n {
			r.phase++ // else the body again
		}
	}
	return n, nil
}

type readerCase struct {
	name  string
	parse func(io.Reader, limits) error
}

var readerCases = []readerCase{
	{"csv", func(r io.Reader, lim limits) error { _, err := parseCSV(r, "t", lim); return err }},
	{"xml", func(r io.Reader, lim limits) error { _, err := parseXML(r, "t", lim); return err }},
	{"services", func(r io.Reader, lim limits) error { _, err := parseServices(r, "t", lim); return err }},
	{"nmap", func(r io.Reader, lim limits) error { _, err := parseNmapServices(r, "t", lim); return err }},
}

// testLimits are the limits scaled down 64 times, so that a test can reach
// them quickly: the readers take them as the exported ones.
func testLimits() limits {
	return limits{fileBytes: MaxFileBytes / 64, rows: MaxRows / 64, lineBytes: MaxLineBytes / 64, aliases: MaxAliases / 8}
}

// Each reader stops at the byte limit, whatever the stream (a device, a
// growing file), with words: it does not read on, nor keep what it read
// as if it were all. The streams are valid rows padded out to 1 KiB, so the
// byte limit, not the row limit, is what stops them.
func TestReadersStopAtMaxFileBytes(t *testing.T) {
	t.Parallel()
	pad := strings.Repeat("x", 1000)
	streams := map[string]repeatReader{
		"csv":      {head: csvTestHeader, body: "a,1,tcp," + pad + ",,,,,,,,\n"},
		"xml":      {head: "<registry>", body: "<record><name>a</name><protocol>tcp</protocol><number>1</number><description>" + pad + "</description></record>\n", tail: "</registry>"},
		"services": {body: "a 1/tcp # " + pad + "\n"},
		"nmap":     {body: "a 1/tcp 0.5 # " + pad + "\n"},
	}
	lim := testLimits()
	for _, c := range readerCases {
		for _, n := range []int64{lim.fileBytes + 1, -1} { // -1: endless
			s := streams[c.name]
			s.n = n
			err := c.parse(&s, lim)
			if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "the file is over 512 KiB, and a registry file may be at most 512 KiB") {
				t.Errorf("%s, %d bytes: %v; want ErrTooLarge", c.name, n, err)
			}
			if s.done > lim.fileBytes+64<<10 {
				t.Errorf("%s: read %d bytes, past the limit and its buffer", c.name, s.done)
			}
		}
		// At the limit exactly, the file is read.
		s := streams[c.name]
		s.n = lim.fileBytes - int64(len(s.tail))
		s.n -= (s.n - int64(len(s.head))) % int64(len(s.body))
		if err := c.parse(&s, lim); err != nil {
			t.Errorf("%s, %d bytes: %v", c.name, s.done, err)
		}
	}
	// The exported readers use MaxFileBytes.
	s := streams["csv"]
	s.n = -1
	if _, err := ParseCSV(&s, "t"); !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "at most 32 MiB") || s.done > MaxFileBytes+MaxLineBytes {
		t.Errorf("ParseCSV(endless) = %v after %d bytes", err, s.done)
	}
}

// Each reader refuses a file of more rows, read or skipped, than the row
// limit, and reads one of exactly that many.
func TestReadersStopAtMaxRows(t *testing.T) {
	t.Parallel()
	rows := map[string]repeatReader{
		"csv":      {head: csvTestHeader, body: "a,1,tcp,,,,,,,,,\nb,1,ip,,,,,,,,,\n"},
		"xml":      {head: "<registry>", body: "<record><number>1</number><name>a</name></record>\n<record><number>-1</number><name>b</name></record>\n", tail: "</registry>"},
		"services": {body: "a 1/tcp\nb -1/tcp\n"},
		"nmap":     {body: "a 1/tcp 0.5\nb -1/tcp 0.5\n"},
	}
	lim := testLimits()
	for _, c := range readerCases {
		for _, pairs := range []int{lim.rows / 2, lim.rows/2 + 1} {
			s := rows[c.name]
			s.n = int64(len(s.head) + pairs*len(s.body))
			err := c.parse(&s, lim)
			if pairs*2 <= lim.rows {
				if err != nil {
					t.Errorf("%s, %d rows: %v", c.name, pairs*2, err)
				}
				continue
			}
			if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "over 3,125 rows") {
				t.Errorf("%s, %d rows: %v; want ErrTooLarge", c.name, pairs*2, err)
			}
		}
	}
	// The exported readers use MaxRows.
	s := repeatReader{body: "a 1/tcp\n", n: (MaxRows + 1) * 8}
	if _, err := ParseServices(&s, "t"); !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "over 200,000 rows") {
		t.Errorf("ParseServices(MaxRows+1 rows) = %v", err)
	}
}

// A line past MaxLineBytes costs that line, with its number, and is never
// held whole; a services line with more than MaxAliases aliases costs that
// line too (2,000 aliases took 3.8 GB).
func TestLongLinesAndManyAliasesSkipped(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("y", 200<<10)
	aliases := strings.Repeat(" alias", 2000)
	cases := []struct {
		name, in string
		line     int
		words    string
		parse    func(io.Reader) (int, []SkippedRow, error)
	}{
		{"csv", csvTestHeader + "a,1,tcp,ok,,,,,,,,\nb,2,tcp," + long + ",,,,,,,,\nc,3,tcp,ok,,,,,,,,\n", 3, "longer than 64 KiB", parseCSVRows},
		// The lines the open quote swallowed are read again, each on its own.
		{"csv quoted", csvTestHeader + "a,1,tcp,ok,,,,,,,,\nb,2,tcp,\"" + strings.Repeat("y\n", 40<<10) + "\",,,,,,,,\nc,3,tcp,ok,,,,,,,,\n", 3, "the quoted field 4 is never closed", parseCSVRows},
		{"services", "a 1/tcp\nb 2/tcp " + long + "\nc 3/tcp\n", 2, "longer than 64 KiB", parseServicesRows},
		{"services aliases", "a 1/tcp\nb 2/tcp" + aliases + "\nc 3/tcp\n", 2, "b has 2,000 aliases, more than the 64 a services line may have", parseServicesRows},
		{"nmap", "a 1/tcp 0.5\nb 2/tcp 0.5 # " + long + "\nc 3/tcp 0.5\n", 2, "longer than 64 KiB", parseNmapRows},
	}
	for _, c := range cases {
		n, skipped, err := c.parse(strings.NewReader(c.in))
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if n != 2 || len(skipped) == 0 || skipped[0].Line != c.line || !strings.Contains(skipped[0].Reason, c.words) {
			var first SkippedRow
			if len(skipped) > 0 {
				first = skipped[0]
			}
			t.Errorf("%s: %d read, %d skipped, first %+v; want 2 read and line %d skipped saying %q", c.name, n, len(skipped), first, c.line, c.words)
		}
	}
}

func parseCSVRows(r io.Reader) (int, []SkippedRow, error) {
	reg, err := ParseCSV(r, "t")
	if err != nil {
		return 0, nil, err
	}
	return len(reg.Records()), reg.Skipped(), nil
}

func parseServicesRows(r io.Reader) (int, []SkippedRow, error) {
	reg, err := ParseServices(r, "t")
	if err != nil {
		return 0, nil, err
	}
	return len(reg.Records()), reg.Skipped(), nil
}

func parseNmapRows(r io.Reader) (int, []SkippedRow, error) {
	ns, err := ParseNmapServices(r, "t")
	if err != nil {
		return 0, nil, err
	}
	return len(ns.Entries()), ns.Skipped(), nil
}

// An empty file is described by the format its name promises, not as a
// services(5) file.
func TestEmptyFileInWords(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cases := []struct{ name, content, want, not string }{
		{"ports.csv", "", "IANA's CSV header", "services(5)"},
		{"ports.CSV", "\n\n", "IANA's CSV header", "services(5)"},
		{"ports.csv", "ssh 22/tcp\n", "lacks the columns Service Name", "services(5)"},
		{"ports.xml", "", "<registry>", "services(5)"},
		{"ports", "", "the file is empty", "holds no entries"},
	}
	for i, c := range cases {
		path := filepath.Join(dir, fmt.Sprint(i), c.name)
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(c.content), 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := LoadFile(path)
		if !errors.Is(err, ErrNotRegistry) || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), c.not) {
			t.Errorf("%s %q: %v; want it to say %q, not %q", c.name, c.content, err, c.want, c.not)
		}
	}
}
