#!/usr/bin/env bash
# Measures Portolan's window at idle against the least a Fyne window can be
# (cmd/internal/benchwindow: a label and a table of the same listeners),
# both under one Xvfb, both polling every 2 s, with 1,000 real listeners on
# 127.0.0.1. After a settling time it samples both processes' resident
# memory (VmRSS) every second and their CPU time (utime+stime) over the
# window, and prints the ratios issue 14 sets targets for:
#   Portolan RSS / reference RSS          (median; target <= 1.25)
#   Portolan CPU - reference CPU          (% of one core; target <= 1 point)
#
#   scripts/bench-window.sh
#   SOCKETS=1000 SETTLE=20 SAMPLE=60 DISPLAY_NUM=57 scripts/bench-window.sh
#   PROFILE_DIR=/tmp/prof scripts/bench-window.sh   # also write pprof files
#
# Where it can (root, or user namespaces), everything runs in a network
# namespace of its own, so both windows see exactly the benchmark's
# sockets and not those of whatever else runs on the machine (other
# benchmarks' sockets coming and going would make both windows redraw).
# Otherwise it says so and shares the machine's.
#
# With PROFILE_DIR both programs are built with -tags profile and write, for
# the sampling window, a CPU profile, heap profiles at its start and end and
# the Go runtime's memory statistics into PROFILE_DIR/{portolan,reference}.*
# (see cmd/internal/profiling). Profiling costs CPU: read the ratios of such
# a run with care.
#
# Exit status: 0 when it measured (whether or not the targets are met), 1
# when something failed to build, start or stay up. Everything it started
# is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."

sockets="${SOCKETS:-1000}"
settle="${SETTLE:-20}"
sample="${SAMPLE:-60}"
display="${DISPLAY_NUM:-57}"
interval=2s
size=1280x800

pids=() # everything started, stopped in reverse order on exit
stop_all() {
	for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill "${pids[i]}" 2>/dev/null || true; done
	for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
}

fail() {
	echo "bench-window: $*" >&2
	for f in "$work"/*.log; do [ -s "$f" ] && { echo "--- $(basename "$f")" >&2; tail -20 "$f" >&2; }; done
	exit 1
}

# --- outside: build, then run the measuring part in its own namespace -----
if [ -z "${BENCH_WINDOW_WORK:-}" ]; then
	command -v Xvfb >/dev/null || { echo "bench-window: Xvfb is missing (apt-get install xvfb)" >&2; exit 1; }
	work=$(mktemp -d)
	trap 'stop_all; rm -rf "$work"' EXIT
	trap 'exit 130' INT TERM
	tags=()
	if [ -n "${PROFILE_DIR:-}" ]; then
		tags=(-tags profile)
		mkdir -p "$PROFILE_DIR"
		PROFILE_DIR=$(cd "$PROFILE_DIR" && pwd)
		export PROFILE_DIR
	fi
	go build "${tags[@]}" -o "$work/portolan" ./cmd/portolan-window
	go build "${tags[@]}" -o "$work/reference" ./cmd/internal/benchwindow
	# The sockets come from the listener tests' own helper process (one
	# home for that code): find the package that holds it.
	helper_pkg=$(grep -rl --include='*_test.go' '^func TestHelperSocketChild' model | head -1 | xargs -r dirname)
	[ -n "$helper_pkg" ] || fail "TestHelperSocketChild not found under model/"
	go test -c -o "$work/sockets" "./$helper_pkg"

	netns="a network namespace of its own"
	inner=("$0")
	if unshare --net true 2>/dev/null; then
		inner=(unshare --net "$0")
	else
		netns="the machine's network namespace (unshare --net is not allowed here): other programs' listeners count too"
	fi
	BENCH_WINDOW_WORK="$work" BENCH_WINDOW_NETNS="$netns" "${inner[@]}" &
	pids+=($!)
	wait "${pids[0]}"
	exit $?
fi

# --- inside: sockets, display, the two windows, sampling -----------------
work="$BENCH_WINDOW_WORK"
trap stop_all EXIT
trap 'exit 130' INT TERM
ip link set lo up 2>/dev/null || true # a fresh namespace has its loopback down

# The helper runs until its stdin closes: give it a FIFO this shell holds.
mkfifo "$work/hold"
exec 3<>"$work/hold"
PORTOLAN_SOCKET_CHILD="$sockets" "$work/sockets" -test.run='^TestHelperSocketChild$' \
	<"$work/hold" >"$work/sockets.out" 2>"$work/sockets.log" &
pids+=($!)
for _ in $(seq 100); do grep -q '^ready' "$work/sockets.out" 2>/dev/null && break; sleep 0.1; done
grep -q '^ready' "$work/sockets.out" || fail "the socket helper did not start"

while [ -e "/tmp/.X11-unix/X$display" ] || [ -e "/tmp/.X$display-lock" ]; do display=$((display + 1)); done
Xvfb ":$display" -screen 0 "${size}x24" -nolisten tcp >"$work/xvfb.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X$display" ] && break; sleep 0.1; done
[ -e "/tmp/.X11-unix/X$display" ] || fail "Xvfb did not start on :$display"
export DISPLAY=":$display"

# Fresh settings for both: the default 1280x800 window and 2 s interval,
# and no question about (or check of) iana.org.
export XDG_CONFIG_HOME="$work/config" HOME="$work/home" LANG=en_US.UTF-8
mkdir -p "$XDG_CONFIG_HOME/fyne/io.github.portolan.portolan" "$HOME"
echo '{"registry.background_checks_asked": true, "registry.background_checks": false}' \
	>"$XDG_CONFIG_HOME/fyne/io.github.portolan.portolan/preferences.json"

profile_env() { # NAME: the environment of a profiled run
	[ -n "${PROFILE_DIR:-}" ] || return 0
	echo "PORTOLAN_PROFILE=$PROFILE_DIR/$1 PORTOLAN_PROFILE_AFTER=${settle}s PORTOLAN_PROFILE_FOR=${sample}s"
}
env $(profile_env portolan) "$work/portolan" >"$work/portolan.log" 2>&1 &
portolan_pid=$!
pids+=("$portolan_pid")
env $(profile_env reference) "$work/reference" -interval "$interval" >"$work/reference.log" 2>&1 &
reference_pid=$!
pids+=("$reference_pid")

alive() {
	kill -0 "$portolan_pid" 2>/dev/null || fail "portolan exited"
	kill -0 "$reference_pid" 2>/dev/null || fail "the reference window exited"
}

echo "# $(date -u '+%F %H:%M') UTC, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $sockets sockets in $BENCH_WINDOW_NETNS"
echo "# poll every $interval, ${size} Xvfb :$display; settle ${settle}s, sample ${sample}s"
sleep "$settle" & wait $! # (in the background, so that a signal ends it at once)
alive

hz=$(getconf CLK_TCK)
cpu_ticks() { # PID: utime+stime in clock ticks (fields 14 and 15; the name may hold spaces)
	local rest
	rest=$(sed 's/^.*) //' "/proc/$1/stat")
	set -- $rest
	echo $((${12} + ${13}))
}
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
# rss_split PID: where the resident memory is: the C heap (malloc's brk
# area: Mesa's textures and draw state, GLFW), other anonymous memory (the
# Go heap, large mallocs, JIT code) and files (the binary, libraries).
rss_split() {
	awk '/^[0-9a-f]+-[0-9a-f]+ / {name = $6; anon = ($6 == "" || $6 == "[heap]" || $6 == "[stack]")}
		/^Rss:/ {if (name == "[heap]") h += $2; else if (anon) a += $2; else f += $2}
		END {printf "C heap %.1f MB, other anonymous %.1f MB, files %.1f MB\n", h / 1024, a / 1024, f / 1024}' "/proc/$1/smaps"
}

t0=$(date +%s%N)
p0=$(cpu_ticks "$portolan_pid")
r0=$(cpu_ticks "$reference_pid")
: >"$work/portolan.rss"
: >"$work/reference.rss"
end=$(($(date +%s) + sample))
while [ "$(date +%s)" -lt "$end" ]; do
	alive
	rss_kb "$portolan_pid" >>"$work/portolan.rss"
	rss_kb "$reference_pid" >>"$work/reference.rss"
	sleep 1
done
alive
t1=$(date +%s%N)
p1=$(cpu_ticks "$portolan_pid")
r1=$(cpu_ticks "$reference_pid")
p_split=$(rss_split "$portolan_pid")
r_split=$(rss_split "$reference_pid")

stats() { # FILE: "median max" in MB
	sort -n "$1" | awk '{v[NR] = $1} END {
		m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "%.1f %.1f\n", m / 1024, v[NR] / 1024 }'
}
read -r p_med p_max < <(stats "$work/portolan.rss")
read -r r_med r_max < <(stats "$work/reference.rss")
awk -v hz="$hz" -v ns=$((t1 - t0)) -v pt=$((p1 - p0)) -v rt=$((r1 - r0)) \
	-v pm="$p_med" -v px="$p_max" -v rm="$r_med" -v rx="$r_max" 'BEGIN {
	secs = ns / 1e9
	pc = 100 * pt / hz / secs; rc = 100 * rt / hz / secs
	printf "%-10s %12s %12s %14s\n", "", "RSS median", "RSS max", "CPU (% core)"
	printf "%-10s %9.1f MB %9.1f MB %14.2f\n", "portolan", pm, px, pc
	printf "%-10s %9.1f MB %9.1f MB %14.2f\n", "reference", rm, rx, rc
	ratio = pm / rm; diff = pc - rc
	printf "RSS ratio (median) %.2f (target <= 1.25: %s)\n", ratio, ratio <= 1.25 ? "met" : "missed"
	printf "CPU difference     %+.2f points (target <= 1: %s)\n", diff, diff <= 1 ? "met" : "missed"
}'
echo "portolan:  $p_split"
echo "reference: $r_split"
for f in portolan reference; do
	if grep -q "Error in Fyne call thread" "$work/$f.log"; then
		echo "bench-window: $f logged a Fyne thread error:" >&2
		cat "$work/$f.log" >&2
		exit 1
	fi
done
if [ -n "${PROFILE_DIR:-}" ]; then
	sleep 3 # the heap profiles are written just after the sampling window
	echo "profiles in $PROFILE_DIR: $(cd "$PROFILE_DIR" && ls | tr '\n' ' ')"
fi
