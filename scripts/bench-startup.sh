#!/usr/bin/env bash
# Whole-process start-up benchmarks (issue 15), side by side in one run:
# scripts/startbench runs two commands alternately, each as a fork and exec
# from a Go program (as from a script), and prints the median of the
# per-pair ratios.
#
#   portolan-cli port 22            <= 2.0x a Go "hello world" built here
#   portolan port 22 (the desktop binary, headless)  <= 1.2x portolan-cli port 22
#   portolan-cli listeners --json   <= 1.0x ss -tulpnH, at 1,000 and 10,000
#                                   real TCP listeners on 127.0.0.1 (opened here)
#
# Binaries are built as scripts/package.sh builds them (-trimpath -s -w, no
# cgo for portolan and portolan-cli). The registry is the embedded snapshot
# (an empty cache folder) and LANG=C.UTF-8. PORTOLAN_BENCH_RUNS sets the
# pairs of the start-up comparisons (default 400). PORTOLAN_BENCH_WINDOW=1
# also times portolan-window port 22 (the Fyne-linked binary; needs cgo).
#
#   scripts/bench-startup.sh
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${PORTOLAN_BENCH_RUNS:-400}"
tmp=$(mktemp -d)
holder=""
cleanup() {
	[ -n "$holder" ] && kill "$holder" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

flags=(-trimpath -ldflags "-s -w")
mkdir -p "$tmp/hello" "$tmp/cache"
cat >"$tmp/hello/main.go" <<'GO'
package main

import "os"

func main() { os.Stdout.WriteString("hello, world\n") }
GO
(cd "$tmp/hello" && go mod init hello >/dev/null 2>&1 && CGO_ENABLED=0 go build "${flags[@]}" -o "$tmp/bin/hello" .)
CGO_ENABLED=0 go build "${flags[@]}" -o "$tmp/bin/" ./cmd/portolan-cli ./cmd/portolan ./scripts/startbench
if [ "${PORTOLAN_BENCH_WINDOW:-}" = 1 ]; then
	go build "${flags[@]}" -o "$tmp/bin/" ./cmd/portolan-window
fi
b="$tmp/bin"
export PORTOLAN_CACHE_DIR="$tmp/cache" LANG=C.UTF-8
echo "# $(date -u +%F) on $(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(go version | cut -d' ' -f3)"
echo "# load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
"$b/startbench" pairs -n "$runs" -target 2.0 -a "$b/hello" -b "$b/portolan-cli port 22"
"$b/startbench" pairs -n "$runs" -target 1.2 -a "$b/portolan-cli port 22" -b "$b/portolan port 22"
"$b/startbench" pairs -n "$((runs / 2))" -a "$b/hello" -b "$b/portolan-cli port 22 --json"
if [ -x "$b/portolan-window" ]; then
	"$b/startbench" pairs -n "$((runs / 4))" -a "$b/portolan-cli port 22" -b "$b/portolan-window port 22"
fi

# Listeners: a helper holds N listening sockets while both commands run.
ulimit -n "$(ulimit -Hn)" # 10,000 sockets need more than the usual 1,024 descriptors
for n in 1000 10000; do
	if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -le $((n + 100)) ]; then
		echo "bench-startup: $n listeners need more than ulimit -n $(ulimit -n) allows; skipped" >&2
		continue
	fi
	mkfifo "$tmp/hold"
	"$b/startbench" listen -n "$n" <"$tmp/hold" >"$tmp/ready" &
	holder=$!
	exec 3>"$tmp/hold"
	for _ in $(seq 300); do grep -q ready "$tmp/ready" 2>/dev/null && break; sleep 0.1; done
	grep -q ready "$tmp/ready" || { echo "bench-startup: the listener helper did not start" >&2; exit 1; }
	pairs=$((n >= 10000 ? 40 : 100))
	echo "# $n TCP listeners on 127.0.0.1 held by PID $holder ($(ss -tlnH | wc -l) listening TCP sockets in all)"
	"$b/startbench" pairs -n "$pairs" -warmup 5 -target 1.0 -a "ss -tulpnH" -b "$b/portolan-cli listeners --json"
	exec 3>&-
	wait "$holder" || true
	holder=""
	rm -f "$tmp/hold" "$tmp/ready"
done
