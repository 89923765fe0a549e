// Command portolan-cli is Portolan's command line without the window: it
// needs no cgo and no GL, for servers and containers. The desktop binary
// cmd/portolan answers the same subcommands.
package main

import (
	"fmt"
	"os"

	"github.com/portolan/portolan/cmd/internal/cli"
)

func main() {
	g, rest, err := cli.ParseGlobal(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "portolan:", err)
		os.Exit(2)
	}
	if len(rest) == 0 {
		cli.Usage(os.Stderr)
		fmt.Fprintln(os.Stderr, "\nportolan-cli has no window; use the portolan binary for the map.")
		os.Exit(2)
	}
	os.Exit(cli.Run(&cli.Env{Stdout: os.Stdout, Stderr: os.Stderr, RegistryPath: g.RegistryPath}, rest))
}
