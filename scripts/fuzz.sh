#!/usr/bin/env bash
# Fuzzes each registry reader for a while (CI: 30 s each), beyond the seed
# replay `go test` does, and prints each target's executions per second.
#
#	scripts/fuzz.sh              # every reader, 30 s each
#	FUZZTIME=2m scripts/fuzz.sh FuzzParseCSV
#
# A failure leaves the crashing input in registry/testdata/fuzz/<target>/;
# commit it so the seed replay keeps it fixed.
set -euo pipefail
cd "$(dirname "$0")/.."
fuzztime="${FUZZTIME:-30s}"
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
	targets=(FuzzParseCSV FuzzParseXML FuzzParseServices FuzzParseNmapServices)
fi
for target in "${targets[@]}"; do
	log=$(mktemp)
	if ! go test -run '^$' -fuzz "^${target}\$" -fuzztime "$fuzztime" ./registry >"$log" 2>&1; then
		cat "$log" >&2
		rm -f "$log"
		echo "fuzz: $target failed" >&2
		exit 1
	fi
	# The last progress line holds the totals: "elapsed: 31s, execs: 612345 (...)".
	summary=$(grep -E '^fuzz: elapsed: [0-9]+s, execs: [0-9]+' "$log" | tail -1 |
		sed -E 's/^fuzz: elapsed: ([0-9]+)s, execs: ([0-9]+).*/\1 \2/')
	rm -f "$log"
	read -r secs execs <<<"${summary:-0 0}"
	echo "fuzz: $target: $execs executions in ${secs} s ($((execs / (secs > 0 ? secs : 1)))/s)"
done
