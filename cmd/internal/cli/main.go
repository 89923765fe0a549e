package cli

import (
	"bufio"
	"fmt"
	"io"
)

// streams are the subcommands that write as things happen; every other one
// writes its answer at the end, so its output is buffered and leaves in one
// or a few writes instead of one per line (a tenth of a millisecond and
// more, on a pipe, for `port`).
var streams = map[string]bool{"watch": true}

// Main is what each binary's main does first: read the global options, then
// run the subcommand if there is one. handled is false when there is none
// (the caller opens its window, or says it has none); otherwise code is the
// exit code, 2 for bad global options.
func Main(args []string, stdout, stderr io.Writer) (g Global, handled bool, code int) {
	g, rest, err := ParseGlobal(args)
	if err != nil {
		fmt.Fprintln(stderr, "portolan:", err)
		return g, true, 2
	}
	if len(rest) == 0 {
		return g, false, 0
	}
	if !streams[rest[0]] {
		buf := bufio.NewWriterSize(stdout, 64<<10)
		defer buf.Flush()
		stdout, stderr = buf, flushFirst{buf, stderr}
	}
	return g, true, Run(&Env{Stdout: stdout, Stderr: stderr, RegistryPath: g.RegistryPath}, rest)
}

// flushFirst writes to w after flushing buf, so that messages on stderr
// keep their place among the lines of a buffered stdout.
type flushFirst struct {
	buf *bufio.Writer
	w   io.Writer
}

func (f flushFirst) Write(p []byte) (int, error) {
	f.buf.Flush()
	return f.w.Write(p)
}
