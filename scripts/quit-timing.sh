#!/usr/bin/env bash
# Times quitting the real window: starts portolan-window under its own Xvfb,
# sends SIGTERM at a different moment of each run (0.4-2.9 s after the window
# maps: start-up, when the UI goroutine is busiest), and reports the time from
# the signal to the process's end, with what the program wrote on stderr.
# Fails if a run does not end in 5 s or logs a Fyne thread error.
#
#   scripts/quit-timing.sh [RUNS]        (default 20; PORTOLAN_WINDOW_BIN: a built portolan-window)
#
# LOAD=N runs N busy loops meanwhile, as a loaded machine would (software
# rendering then takes seconds a frame, and the quit waits behind it).
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-20}"

for tool in Xvfb xdotool; do
	command -v "$tool" >/dev/null || { echo "quit-timing: $tool is missing (apt-get install xvfb xdotool)" >&2; exit 1; }
done

work=$(mktemp -d)
app_pid=""
xvfb_pid=""
load_pids=()
cleanup() {
	kill $app_pid $xvfb_pid "${load_pids[@]}" 2>/dev/null || true
	wait 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

bin="${PORTOLAN_WINDOW_BIN:-}"
if [ -z "$bin" ]; then
	go build -o "$work/portolan-window" ./cmd/portolan-window
	bin="$work/portolan-window"
fi

display=99
while [ -e "/tmp/.X11-unix/X$display" ] || [ -e "/tmp/.X$display-lock" ]; do display=$((display + 1)); done
Xvfb ":$display" -screen 0 1600x1000x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
xvfb_pid=$!
for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X$display" ] && break; sleep 0.1; done

# Fresh settings and cache; Debian's container locale and no session bus,
# as in the issue (the window must stay quiet under both).
export DISPLAY=":$display" HOME="$work/home" XDG_CONFIG_HOME="$work/config" \
	PORTOLAN_CACHE_DIR="$work/cache" PORTOLAN_CONFIG_DIR="$work/pconfig" LANG=C.UTF-8 LC_ALL= LANGUAGE=
unset DBUS_SESSION_BUS_ADDRESS
mkdir -p "$XDG_CONFIG_HOME/fyne/io.github.portolan.portolan" "$HOME"
echo '{"registry.background_checks_asked": true, "registry.background_checks": false}' \
	>"$XDG_CONFIG_HOME/fyne/io.github.portolan.portolan/preferences.json"

for _ in $(seq "${LOAD:-0}"); do
	sh -c 'while :; do :; done' &
	load_pids+=($!)
done

times=()
for i in $(seq "$runs"); do
	"$bin" >"$work/app.log" 2>&1 &
	app_pid=$!
	timeout 20 xdotool search --sync --pid "$app_pid" --name Portolan >/dev/null 2>&1 || true
	sleep "$(( i % 6 * 5 / 10 )).$(( (i * 4 + 4) % 10 ))"
	t0=$(date +%s%N)
	kill -TERM "$app_pid"
	for _ in $(seq 500); do kill -0 "$app_pid" 2>/dev/null || break; sleep 0.01; done
	if kill -0 "$app_pid" 2>/dev/null; then
		echo "quit-timing: run $i still running 5 s after SIGTERM" >&2
		exit 1
	fi
	wait "$app_pid" || true
	app_pid=""
	ms=$(( ($(date +%s%N) - t0) / 1000000 ))
	times+=("$ms")
	if grep -q "Error in Fyne call thread" "$work/app.log"; then
		echo "quit-timing: run $i: Fyne thread error:" >&2
		cat "$work/app.log" >&2
		exit 1
	fi
	echo "run $i: ${ms} ms, $(wc -l <"$work/app.log") stderr lines"
	sed 's/^/    /' "$work/app.log"
done
printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "quit-timing: %d runs, SIGTERM to exit: median %d ms, 90th percentile %d ms, max %d ms\n", NR, a[int(NR/2)+1], a[int(NR*0.9)], a[NR]}'
