package fleet

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func stringSource(name, content string) Source {
	return Source{Name: name, ModTime: time.Unix(1764000000, 0), Open: func() (io.ReadCloser, error) {
		return io.NopCloser(strings.NewReader(content)), nil
	}}
}

func osqueryiHost(ports ...int) string {
	var rows []string
	for _, p := range ports {
		rows = append(rows, fmt.Sprintf(`{"port":"%d","protocol":"6","family":"2","address":"0.0.0.0","pid":"1"}`, p))
	}
	return "[" + strings.Join(rows, ",") + "]"
}

func TestCaps(t *testing.T) {
	t.Parallel()
	long := `{"host":"h","rows":[{"port":"22","protocol":"6","cmdline":"` + strings.Repeat("x", 5000) + `"}]}`
	srcs := []Source{
		stringSource("big.json", osqueryiHost(22, 80, 443)+strings.Repeat(" ", 2000)),
		stringSource("lines.jsonl", long+"\n"+`{"host":"h2","rows":[{"port":"22","protocol":"6"}]}`+"\n"),
	}
	f, err := Read(context.Background(), srcs, Options{Limits: Limits{MaxArrayBytes: 1000, MaxLineBytes: 1000}})
	if err != nil {
		t.Fatal(err)
	}
	var msgs []string
	for _, p := range f.Problems {
		msgs = append(msgs, p.String())
	}
	got := strings.Join(msgs, "\n")
	for _, want := range []string{
		"big.json: a JSON array larger than 1000 bytes: skipped",
		"lines.jsonl:1: a line longer than 1000 bytes: skipped",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("problems lack %q:\n%s", want, got)
		}
	}
	if len(f.Hosts) != 1 || f.Hosts[0].Name != "h2" {
		t.Errorf("the line after the long one was not read: %v", hostNames(f))
	}
}

func TestRowCap(t *testing.T) {
	t.Parallel()
	var srcs []Source
	for i := range 10 {
		srcs = append(srcs, stringSource(fmt.Sprintf("h%d.json", i), osqueryiHost(22, 80, 443)))
	}
	f, err := Read(context.Background(), srcs, Options{Limits: Limits{MaxRows: 10}, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Rows) > 10 {
		t.Errorf("%d rows kept past a cap of 10", len(f.Rows))
	}
	if first := f.Problems[0]; first.Message != "more than 10 rows: the rest of the input was not read" {
		t.Errorf("first problem = %v", first)
	}
}

func TestFileSizeCap(t *testing.T) {
	t.Parallel()
	content := `{"host":"a","rows":[{"port":"22","protocol":"6"}]}` + "\n" + `{"host":"b","rows":[{"port":"22","protocol":"6"}]}` + "\n"
	f, err := Read(context.Background(), []Source{stringSource("f.jsonl", content)}, Options{Limits: Limits{MaxFileBytes: 60}})
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Hosts) != 1 || len(f.Problems) != 1 || !strings.Contains(f.Problems[0].String(), "f.jsonl:2: larger than 60 bytes: the rest is not read") {
		t.Errorf("hosts %v, problems %v", hostNames(f), f.Problems)
	}
}

func TestProgressAndCancel(t *testing.T) {
	t.Parallel()
	var srcs []Source
	for i := range 50 {
		srcs = append(srcs, stringSource(fmt.Sprintf("h%02d.json", i), osqueryiHost(22, 80)))
	}
	var last Progress
	calls := 0
	_, err := Read(context.Background(), srcs, Options{Progress: func(p Progress) { last = p; calls++ }})
	if err != nil {
		t.Fatal(err)
	}
	if !last.Done || last.Files != 50 || last.FilesTotal != 50 || last.Hosts != 50 || last.Rows != 100 || calls < 2 {
		t.Errorf("last progress %+v after %d calls", last, calls)
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var opened atomic.Int32
	for i := range srcs {
		open := srcs[i].Open
		srcs[i].Open = func() (io.ReadCloser, error) {
			if opened.Add(1) == 5 {
				cancel()
			}
			return open()
		}
	}
	f, err := Read(ctx, srcs, Options{Workers: 1})
	if !errors.Is(err, context.Canceled) || f != nil {
		t.Errorf("cancelled load gave %v, %v", f, err)
	}
	if n := opened.Load(); n > 7 {
		t.Errorf("%d files opened after the cancel at the 5th", n)
	}
}

func TestNotOsqueryLinesGiveUp(t *testing.T) {
	t.Parallel()
	content := strings.Repeat("{not json at all\n", 1500)
	f, err := Read(context.Background(), []Source{stringSource("junk.log", content)}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if f.Ignored != 1 || f.ProblemsMore == 0 {
		t.Errorf("ignored %d, problems %v (+%d)", f.Ignored, f.Problems, f.ProblemsMore)
	}
	if p := f.Problems[0]; p.Line != 0 || !strings.Contains(p.Message, "no osquery output in the first 1000 lines") {
		t.Errorf("first problem = %v", p)
	}
}

// A line longer than the read buffer is put together whole.
func TestLongLineUnderTheCap(t *testing.T) {
	t.Parallel()
	cmd := strings.Repeat("a", 300<<10)
	content := `{"host":"h","rows":[{"port":"22","protocol":"6","cmdline":"` + cmd + `"}]}` + "\n" + `{"host":"h2","rows":[{"port":"80","protocol":"6"}]}`
	f, err := Read(context.Background(), []Source{stringSource("long.jsonl", content)}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Problems) != 0 || len(f.Rows) != 2 || f.Rows[0].Cmdline != cmd || f.Rows[1].Port != 80 {
		t.Errorf("problems %v, %d rows", f.Problems, len(f.Rows))
	}
}

// Lines without rows count against the row cap too: a file of empty
// results cannot make millions of hosts.
func TestRowCapCountsEmptyResults(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	for i := range 50 {
		fmt.Fprintf(&b, `{"host":"h%d","rows":[]}`+"\n", i)
	}
	f, err := Read(context.Background(), []Source{stringSource("empty.jsonl", b.String())}, Options{Limits: Limits{MaxRows: 5}})
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Hosts) != 5 || len(f.Problems) != 1 || !strings.HasPrefix(f.Problems[0].Message, "more than 5 rows") {
		t.Errorf("%d hosts, problems %v", len(f.Hosts), f.Problems)
	}
}

func TestProblemCap(t *testing.T) {
	t.Parallel()
	var srcs []Source
	for i := range maxProblems + 500 {
		srcs = append(srcs, stringSource(fmt.Sprintf("note%04d.txt", i), "not osquery"))
	}
	f, err := Read(context.Background(), srcs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Problems) != maxProblems || f.ProblemsMore != 500 || f.Problems[0].File != "note0000.txt" || f.Ignored != maxProblems+500 {
		t.Errorf("%d problems (+%d), first %v", len(f.Problems), f.ProblemsMore, f.Problems[0])
	}
}

func TestSourcesFileCap(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for i := range 5 {
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("h%d.json", i)), []byte("[]"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := Sources(context.Background(), []string{dir}, 3); err == nil || !strings.Contains(err.Error(), "more than 3 files under") {
		t.Errorf("5 files with a cap of 3: %v", err)
	}
	srcs, err := Sources(context.Background(), []string{dir}, 5)
	if err != nil || len(srcs) != 5 || filepath.Base(srcs[0].Name) != "h0.json" {
		t.Errorf("%d sources, %v", len(srcs), err)
	}
}
