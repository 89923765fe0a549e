package fleet

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/portolan/portolan/registry"
)

// Options say how to load a fleet.
type Options struct {
	// Registry names the services of the ports (nil: no names).
	Registry *registry.Registry
	// Judge gives each listener its verdict: a severity ("alert" counts as
	// an alert, see SeverityAlert) and reasons. nil leaves them empty. It
	// is called from one goroutine, once per listener, after loading.
	Judge func(r *Row) (severity string, reasons []string)
	// Progress, when set, is told how far loading got: from one goroutine,
	// at most every ProgressEvery, and once more at the end (Done).
	Progress func(Progress)
	// Limits: zero fields take DefaultLimits.
	Limits Limits
	// Workers reading files at once (0: the CPUs, at most 4).
	Workers int
}

// Progress is how far a load got.
type Progress struct {
	Files, FilesTotal int
	Hosts             int
	Rows              int64
	Bytes             int64
	Done              bool
}

// ProgressEvery spaces progress reports.
const ProgressEvery = 100 * time.Millisecond

// maxProblems bounds the problems a load keeps (the rest are counted).
const maxProblems = 1000

// Load reads the osquery output under paths (files, or folders read
// recursively). Problems with the input are in Fleet.Problems; the error is
// for nothing readable at all (a path that does not exist) or a cancelled
// context.
func Load(ctx context.Context, paths []string, opt Options) (*Fleet, error) {
	lim := opt.Limits.withDefaults()
	srcs, err := Sources(ctx, paths, lim.MaxFiles)
	if err != nil {
		return nil, err
	}
	return Read(ctx, srcs, opt)
}

// Read reads sources as Load reads files.
func Read(ctx context.Context, srcs []Source, opt Options) (*Fleet, error) {
	lim := opt.Limits.withDefaults()
	workers := opt.Workers
	if workers <= 0 {
		workers = min(runtime.GOMAXPROCS(0), 4)
	}
	workers = max(1, min(workers, len(srcs)))
	var rowsLeft atomic.Int64
	rowsLeft.Store(lim.MaxRows)

	jobs := make(chan int)
	results := make(chan *fileResult, workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fr := newFileReader(ctx, lim, &rowsLeft)
			for i := range jobs {
				results <- fr.read(srcs[i], i)
			}
		}()
	}
	go func() {
		defer close(jobs)
		for i := range srcs {
			if ctx.Err() != nil || rowsLeft.Load() <= 0 {
				return
			}
			select {
			case jobs <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(results) }()

	c := newCollector(srcs, opt.Progress)
	for res := range results {
		c.add(res)
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("loading the fleet results was cancelled: %w", err)
	}
	if c.capped {
		c.problems = append(c.problems, indexedProblem{-1, Problem{File: "(all files)",
			Message: fmt.Sprintf("more than %d rows: the rest of the input was not read", lim.MaxRows)}})
	}
	f := c.resolve()
	f.registry = opt.Registry
	if opt.Judge != nil {
		f.Rejudge(opt.Judge)
	}
	c.report(true)
	return f, nil
}

type indexedProblem struct {
	file int
	Problem
}

// collector gathers the files' results on one goroutine.
type collector struct {
	srcs      []Source
	hosts     map[string]*hostAcc
	listening map[string]bool
	problems  []indexedProblem
	more      int
	files     int // read as osquery output
	ignored   int
	capped    bool
	shapes    map[Shape]int
	otherRows int

	progress   func(Progress)
	last       time.Time
	done, rows int64
	bytes      int64
}

// hostAcc is one host's observations, in no order yet.
type hostAcc struct {
	key, name string
	display   string
	obs       []observation
}

func newCollector(srcs []Source, progress func(Progress)) *collector {
	return &collector{srcs: srcs, hosts: map[string]*hostAcc{}, listening: map[string]bool{},
		shapes: map[Shape]int{}, progress: progress}
}

func (c *collector) add(res *fileResult) {
	c.done++
	c.rows += res.rows
	c.bytes += res.bytes
	c.capped = c.capped || res.capped
	c.otherRows += res.otherRows
	for _, p := range res.problems {
		c.problems = append(c.problems, indexedProblem{res.index, p})
	}
	c.more += res.more
	if len(c.problems) > 2*maxProblems { // keep the first files' problems
		c.problems, c.more = c.capProblems()
	}
	if res.ignored {
		c.ignored++
	} else {
		c.files++
		c.shapes[res.shape]++
	}
	for name := range res.listening {
		c.listening[name] = true
	}
	for _, o := range res.obs {
		key := hostKey(o.host)
		h := c.hosts[key]
		if h == nil {
			h = &hostAcc{key: key, name: o.host}
			c.hosts[key] = h
		}
		if h.display == "" && o.display != "" && o.display != o.host {
			h.display = o.display
		}
		h.obs = append(h.obs, o)
	}
	c.report(false)
}

func (c *collector) report(final bool) {
	if c.progress == nil {
		return
	}
	now := time.Now()
	if !final && now.Sub(c.last) < ProgressEvery {
		return
	}
	c.last = now
	c.progress(Progress{Files: int(c.done), FilesTotal: len(c.srcs), Hosts: len(c.hosts), Rows: c.rows, Bytes: c.bytes, Done: final})
}

// hostKey folds case: host names are case-insensitive.
func hostKey(name string) string { return strings.ToLower(name) }

// capProblems orders problems by file, then line, and keeps the first
// maxProblems; the count of the others is added to more.
func (c *collector) capProblems() ([]indexedProblem, int) {
	slices.SortStableFunc(c.problems, func(a, b indexedProblem) int {
		if a.file != b.file {
			return a.file - b.file
		}
		return a.Line - b.Line
	})
	if len(c.problems) <= maxProblems {
		return c.problems, c.more
	}
	return slices.Clip(c.problems[:maxProblems]), c.more + len(c.problems) - maxProblems
}

// sortedProblems are the problems to report, and how many more there were.
func (c *collector) sortedProblems() ([]Problem, int) {
	var more int
	c.problems, more = c.capProblems()
	out := make([]Problem, len(c.problems))
	for i, p := range c.problems {
		out[i] = p.Problem
	}
	return out, more
}
