package cli

import (
	"fmt"
	"io"
)

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
	return g, true, Run(&Env{Stdout: stdout, Stderr: stderr, RegistryPath: g.RegistryPath}, rest)
}
