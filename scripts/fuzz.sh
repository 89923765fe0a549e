#!/usr/bin/env bash
# Fuzzes each registry reader for a while (CI: 30 s each), beyond the seed
# replay `go test` does, and prints each target's executions per second.
#
#	scripts/fuzz.sh              # every reader, 30 s each
#	FUZZTIME=2m scripts/fuzz.sh FuzzParseCSV
#
# Each new interesting input is minimised for at most FUZZMINIMIZETIME
# (5 s; Go's default is 60 s): every input a reader accepts costs a full
# index build (about 1 ms), and minimisation tries removing every span of
# the input's bytes, so one input could take a third of a 30 s run, during
# which the run counts no executions. A crashing input is reported all the
# same, minimised for those 5 s.
#
# A failure leaves the crashing input in registry/testdata/fuzz/<target>/;
# commit it so the seed replay keeps it fixed.
set -euo pipefail
cd "$(dirname "$0")/.."
fuzztime="${FUZZTIME:-30s}"
minimizetime="${FUZZMINIMIZETIME:-5s}"
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
	targets=(FuzzParseCSV FuzzParseXML FuzzParseServices FuzzParseNmapServices)
fi
for target in "${targets[@]}"; do
	log=$(mktemp)
	if ! go test -run '^$' -fuzz "^${target}\$" -fuzztime "$fuzztime" -fuzzminimizetime "$minimizetime" ./registry >"$log" 2>&1; then
		cat "$log" >&2
		rm -f "$log"
		echo "fuzz: $target failed" >&2
		exit 1
	fi
	# The last progress line holds the totals: "elapsed: 1m2s, execs: 612345 (...)".
	summary=$(grep -E '^fuzz: elapsed: ([0-9]+m)?[0-9]+s, execs: [0-9]+' "$log" | tail -1 |
		sed -E 's/^fuzz: elapsed: (([0-9]+)m)?([0-9]+)s, execs: ([0-9]+).*/\2 \3 \4/' |
		awk '{ if (NF == 3) print $1 * 60 + $2, $3; else print $1, $2 }')
	rm -f "$log"
	read -r secs execs <<<"${summary:-0 0}"
	echo "fuzz: $target: $execs executions in ${secs} s ($((execs / (secs > 0 ? secs : 1)))/s)"
done
