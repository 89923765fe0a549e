package registry

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/portolan/portolan/registry/ianatest"
)

const csvTestHeader = "Service Name,Port Number,Transport Protocol,Description,Assignee,Contact,Registration Date,Modification Date,Reference,Service Code,Unauthorized Use Reported,Assignment Notes\n"

// csvTestRows is a header and n good rows, service s1 on port 1 to sn on
// port n; line k+1 holds port k.
func csvTestRows(n int) []string {
	rows := []string{strings.TrimSuffix(csvTestHeader, "\n")}
	for i := 1; i <= n; i++ {
		rows = append(rows, fmt.Sprintf("s%d,%d,tcp,Service %d,,,,,,,,", i, i, i))
	}
	return rows
}

func skippedLines(reg *Registry) []int {
	var lines []int
	for _, s := range reg.Skipped() {
		lines = append(lines, s.Line)
	}
	return lines
}

// One stray quote costs its own row, not the rest of the file, whatever
// the quote does: a bare quote, an undoubled quote inside a quoted field,
// a quoted field never closed (which would swallow every line up to the
// next quote), or one that pairs with a real multi-line record further on.
func TestCSVStrayQuoteCostsOneRow(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, row, reason string
	}{
		{"bare quote", `q,1,tcp,broken "quote,,,,,,,,`, "stray quote in field 4"},
		{"undoubled quote in a quoted field", `q,1,tcp,"broken "quote",,,,,,,,`, "not doubled"},
		{"quoted field never closed", `q,1,tcp,"broken,,,,,,,,`, "never closed"},
		{"quote at the end of a line", `q,1,tcp,broken",,,,,,,,`, "stray quote"},
	}
	for _, c := range cases {
		for _, tail := range []string{"", "multi"} {
			t.Run(c.name+" "+tail, func(t *testing.T) {
				rows := csvTestRows(40)
				rows[10] = c.row // line 11
				if tail == "multi" {
					// A real multi-line quoted field later on: the stray quote
					// pairs with its opening quote.
					rows[30] = "s30,30,tcp,\"Service\n30\",,,,,,,,"
				}
				reg, err := ParseCSV(strings.NewReader(strings.Join(rows, "\n")+"\n"), "t.csv")
				if err != nil {
					t.Fatal(err)
				}
				if got := len(reg.Records()); got != 39 {
					t.Errorf("%d records, want 39 (all but line 11)", got)
				}
				if got := skippedLines(reg); !slices.Equal(got, []int{11}) {
					t.Errorf("skipped lines %v, want [11]: %+v", got, reg.Skipped())
				} else if r := reg.Skipped()[0].Reason; !strings.Contains(r, c.reason) {
					t.Errorf("reason %q, want it to say %q", r, c.reason)
				}
				last := 41
				if tail == "multi" {
					last++
				}
				if p := reg.Primary(40, TCP); p == nil || p.Service != "s40" || p.Line != last {
					t.Errorf("the last row: %+v", p)
				}
				if tail == "multi" {
					if p := reg.Primary(30, TCP); p == nil || p.Description != "Service\n30" || p.Line != 31 {
						t.Errorf("the multi-line row: %+v", p)
					}
				}
			})
		}
	}
}

// Every unreadable row is listed with its line, so the count of rows lost
// is len(Skipped()).
func TestCSVCountsEveryRowLost(t *testing.T) {
	t.Parallel()
	rows := csvTestRows(30)
	rows[3] = `a,3,tcp,"open` // line 4: opens a quote
	rows[4] = `b,4,tcp,x"y,,,,,,,,`
	rows[5] = `c,5,tcp,"z"z",,,,,,,,`
	rows[20] = `d,20,tcp,20",,,,,,,,`
	reg, err := ParseCSV(strings.NewReader(strings.Join(rows, "\n")), "t.csv")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := skippedLines(reg), []int{4, 5, 6, 21}; !slices.Equal(got, want) {
		t.Errorf("skipped lines %v, want %v: %+v", got, want, reg.Skipped())
	}
	if got := len(reg.Records()); got != 26 {
		t.Errorf("%d records, want 26", got)
	}
}

// IANA's own file with one stray quote still gives all its other records.
func TestCSVStrayQuoteInIANAFile(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile(ianatest.Path(t))
	if err != nil {
		t.Skipf("no IANA test file: %v", err)
	}
	whole, err := ParseCSV(bytes.NewReader(data), "iana")
	if err != nil {
		t.Fatal(err)
	}
	// Break the Description of the record on line 4,000 (a one-line row).
	lines := bytes.Split(data, []byte("\n"))
	var target int
	for i := 3999; i < len(lines); i++ {
		if bytes.Count(lines[i], quote) == 0 && bytes.Count(lines[i], []byte(",")) == 11 {
			target = i
			break
		}
	}
	fields := bytes.SplitN(lines[target], []byte(","), 5)
	fields[3] = append([]byte(`"`), fields[3]...) // a quote that is never closed
	lines[target] = bytes.Join(fields, []byte(","))
	reg, err := ParseCSV(bytes.NewReader(bytes.Join(lines, []byte("\n"))), "iana")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(reg.Records()), len(whole.Records())-1; got != want {
		t.Errorf("%d records, want %d", got, want)
	}
	if got := skippedLines(reg); !slices.Equal(got, []int{target + 1}) {
		t.Errorf("skipped lines %v, want [%d]", got, target+1)
	}
}

// A file with a header and no record is refused, as the XML and services
// readers refuse a file without records.
func TestCSVWithoutRecordsRefused(t *testing.T) {
	t.Parallel()
	cases := []struct{ name, in, want string }{
		{"header only", csvTestHeader, "header but no records"},
		{"header and blank lines", csvTestHeader + "\n  \n\r\n", "header but no records"},
		{"no readable row", csvTestHeader + "a,70000,tcp,x,,,,,,,,\nb,1,tcp\n", "none of its 2 rows could be read (line 2: "},
		{"empty", "", "the file is empty"},
	}
	for _, c := range cases {
		reg, err := ParseCSV(strings.NewReader(c.in), "t.csv")
		if err == nil || !errors.Is(err, ErrNotRegistry) || reg != nil {
			t.Errorf("%s: %v, %v; want an error wrapping ErrNotRegistry", c.name, reg, err)
			continue
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %q, want it to say %q", c.name, err, c.want)
		}
	}
}

// A port of -1 is named, not shown as "".
func TestNegativePortInWords(t *testing.T) {
	t.Parallel()
	cases := []struct{ text, want string }{
		{"-1", "port -1 is negative"},
		{"-80-90", "port -80 is negative"},
		{"80-", `the port range "80-" lacks its last port`},
		{"80--1", "port -1 is negative"},
		{"x", `port number "x" is not a whole number`},
	}
	for _, c := range cases {
		_, _, _, err := ParsePortRange(c.text)
		if err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), `""`) {
			t.Errorf("ParsePortRange(%q) = %v, want it to say %s", c.text, err, c.want)
		}
	}
	reg, err := ParseCSV(strings.NewReader(csvTestHeader+"a,-1,tcp,x,,,,,,,,\nb,2,tcp,y,,,,,,,,\n"), "t.csv")
	if err != nil {
		t.Fatal(err)
	}
	if s := reg.Skipped(); len(s) != 1 || s[0].Line != 2 || !strings.Contains(s[0].Reason, "port -1 is negative") {
		t.Errorf("skipped %+v", s)
	}
	svc, err := ParseServices(strings.NewReader("a -1/tcp\nb 2/tcp\n"), "services")
	if err != nil {
		t.Fatal(err)
	}
	if s := svc.Skipped(); len(s) != 1 || !strings.Contains(s[0].Reason, "port -1 is negative") {
		t.Errorf("services skipped %+v", s)
	}
}
