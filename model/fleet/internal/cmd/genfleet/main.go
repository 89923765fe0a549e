// Command genfleet writes a made-up fleet's osquery output in every shape
// model/fleet reads (see package genfleet), for scripts/bench-fleet.sh:
//
//	go run ./model/fleet/internal/cmd/genfleet -dir /tmp/fleet -hosts 10000 -listeners 50
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/portolan/portolan/model/fleet/internal/genfleet"
)

func main() {
	dir := flag.String("dir", "", "folder to write (osqueryi/, fleetctl/, snapshots/, events/)")
	hosts := flag.Int("hosts", 10000, "hosts")
	listeners := flag.Int("listeners", 50, "listeners per host")
	files := flag.Int("files", 10, "files per line-based shape")
	flag.Parse()
	if *dir == "" || *hosts < 1 || *listeners < 1 {
		fmt.Fprintln(os.Stderr, "usage: genfleet -dir DIR [-hosts N] [-listeners M] [-files F]")
		os.Exit(2)
	}
	o := genfleet.Options{Hosts: *hosts, Listeners: *listeners, Files: *files, Seed: 1}
	if err := genfleet.WriteAll(*dir, o); err != nil {
		fmt.Fprintln(os.Stderr, "genfleet:", err)
		os.Exit(1)
	}
}
