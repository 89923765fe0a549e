#!/usr/bin/env bash
# Runs every benchmark the issues ask for, in one go, and prints the figures
# that docs/performance.md records. Needs IANA's file (PORTOLAN_IANA_CSV or
# ../shared/iana/) and, for the listener ratios, `ss` (iproute2). WINDOW=1
# also runs scripts/bench-window.sh (Xvfb; about 1.5 minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
export PORTOLAN_IANA_CSV="${PORTOLAN_IANA_CSV:-$(cd .. && pwd)/shared/iana/service-names-port-numbers.csv}"
echo "# $(date -u +%F) on $(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
go test -run XXX -bench . -benchmem ./registry
go test -run XXX -bench 'Update' -benchmem ./model/update
go test -run XXX -bench 'Listener' -benchtime 20x ./model/listen
go test -run XXX -bench . -benchtime 30x -benchmem ./model/identity ./model/judge
go test -run XXX -bench . -benchmem ./ui/portmap ./ui/detail ./ui/search
go test -run XXX -bench Apply -benchtime 200x -benchmem ./ui/listeners
go test -run XXX -bench LoadSummary -benchtime 10x ./model/fleet
echo "# fleet against Python json at 10,000 hosts: scripts/bench-fleet.sh (about 1 GB of files, a few minutes)"
go test -run XXX -bench 'Record' -benchtime 3000x -benchmem ./model/history
go test -run XXX -bench 'BusyMachine' -benchtime 50x -timeout 30m ./model/history
go test -run XXX -bench . -benchtime 30x ./model/record
bash scripts/bench-startup.sh
if [ "${WINDOW:-}" = 1 ]; then
	scripts/bench-window.sh
fi
