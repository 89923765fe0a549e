#!/usr/bin/env bash
# Fuzzes each registry reader for a while (CI: 30 s each), beyond the seed
# replay `go test` does, and prints each target's executions per second of
# wall time and per second of CPU time (the second holds still on a busy
# machine).
#
#	scripts/fuzz.sh              # every reader, 30 s each
#	FUZZTIME=2m scripts/fuzz.sh FuzzParseCSV
#	FUZZCACHEDIR=$(mktemp -d) scripts/fuzz.sh   # from the seeds alone
#
# It is `go test -run '^$' -fuzz '^FuzzX$' -fuzztime 30s ./registry` for
# each target, with the test binary built once. Each new interesting input
# is minimised for at most FUZZMINIMIZETIME (5 s; Go's default is 60 s):
# every input a reader accepts costs a full index build (about 1 ms), and
# minimisation tries removing every span of the input's bytes, so one
# input could take a third of a 30 s run, during which the run counts no
# executions. A crashing input is reported all the same, minimised for
# those 5 s, and left in registry/testdata/fuzz/<target>/: commit it so
# the seed replay keeps it fixed.
set -euo pipefail
cd "$(dirname "$0")/.."
fuzztime="${FUZZTIME:-30s}"
minimizetime="${FUZZMINIMIZETIME:-5s}"
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
	targets=(FuzzParseCSV FuzzParseXML FuzzParseServices FuzzParseNmapServices)
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# -fuzz makes the build instrument the package for coverage, whatever the target.
go test -c -fuzz "^${targets[0]}\$" -o "$work/registry.test" ./registry
# The corpus the fuzzer grows, where `go test` keeps it (FUZZCACHEDIR: a
# fresh folder measures from the seeds alone).
cache="${FUZZCACHEDIR:-$(go env GOCACHE)/fuzz/$(go list ./registry)}"
TIMEFORMAT='%U %S'
for target in "${targets[@]}"; do
	log="$work/$target.log"
	# Run where `go test` runs it, so a crasher lands in registry/testdata.
	if ! { time (cd registry && "$work/registry.test" -test.run '^$' -test.fuzz "^${target}\$" \
		-test.fuzztime "$fuzztime" -test.fuzzminimizetime "$minimizetime" \
		-test.fuzzcachedir "$cache" >"$log" 2>&1); } 2>"$work/cpu"; then
		cat "$log" >&2
		echo "fuzz: $target failed" >&2
		exit 1
	fi
	# The last progress line holds the totals: "elapsed: 1m2s, execs: 612345 (...)".
	summary=$(grep -E '^fuzz: elapsed: ([0-9]+m)?[0-9]+s, execs: [0-9]+' "$log" | tail -1 |
		sed -E 's/^fuzz: elapsed: (([0-9]+)m)?([0-9]+)s, execs: ([0-9]+).*/\2 \3 \4/' |
		awk '{ if (NF == 3) print $1 * 60 + $2, $3; else print $1, $2 }')
	read -r secs execs <<<"${summary:-0 0}"
	read -r user sys <"$work/cpu"
	awk -v t="$target" -v e="$execs" -v s="$secs" -v u="$user" -v y="$sys" 'BEGIN {
		printf "fuzz: %s: %d executions in %d s: %d/s, %d per CPU-second\n", t, e, s, e / (s > 0 ? s : 1), e / (u + y > 0 ? u + y : 1)
	}'
done
