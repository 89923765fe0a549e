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
	if _, handled, code := cli.Main(os.Args[1:], os.Stdout, os.Stderr); handled {
		os.Exit(code)
	}
	cli.Usage(os.Stderr)
	fmt.Fprintln(os.Stderr, "\nportolan-cli has no window; use the portolan binary for the map.")
	os.Exit(2)
}
