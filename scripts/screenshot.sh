#!/usr/bin/env bash
# Builds the real binary, starts it in a real window under Xvfb with a port
# selected, waits until it has drawn, and writes a PNG. Fails if the program
# exits early, logs a Fyne thread error, or the image is blank.
#
#   scripts/screenshot.sh [OUT.png] [PORT]      (defaults: docs/screenshot.png 290)
#
# SCREEN_SIZE (1280x800) is the screen's size and the window's; EXTRA_PREFS
# adds preferences (JSON members, e.g. '"map.layout": "rows"'); DISPLAY_FROM
# is the first X display number tried (99).
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-docs/screenshot.png}"
port="${2:-290}"
size="${SCREEN_SIZE:-1280x800}" # the window's default size

for tool in Xvfb import; do
	command -v "$tool" >/dev/null || { echo "screenshot: $tool is missing (apt-get install xvfb imagemagick)" >&2; exit 1; }
done

work=$(mktemp -d)
cleanup() {
	kill $app_pid $xvfb_pid "${helpers[@]}" 2>/dev/null || true
	wait 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT
app_pid=""
xvfb_pid=""
helpers=()

# PORTOLAN_BIN: a portolan already built, with portolan-window beside it (CI
# passes the installed package's). portolan opens the window by replacing
# itself with portolan-window, so the PID below is the window's.
bin="${PORTOLAN_BIN:-}"
if [ -z "$bin" ]; then
	CGO_ENABLED=0 go build -o "$work/portolan" ./cmd/portolan
	go build -o "$work/portolan-window" ./cmd/portolan-window
	bin="$work/portolan"
fi
go build -o "$work/imgcheck" ./scripts/imgcheck

# A display number nobody uses.
display=${DISPLAY_FROM:-99}
while [ -e "/tmp/.X11-unix/X$display" ] || [ -e "/tmp/.X$display-lock" ]; do display=$((display + 1)); done
Xvfb ":$display" -screen 0 "${size}x24" -nolisten tcp >"$work/xvfb.log" 2>&1 &
xvfb_pid=$!
for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X$display" ] && break; sleep 0.1; done
export DISPLAY=":$display"

# Fresh settings, so the shot does not depend on this machine's preferences.
export XDG_CONFIG_HOME="$work/config" HOME="$work/home" LANG=en_US.UTF-8
mkdir -p "$XDG_CONFIG_HOME/fyne/io.github.portolan.portolan" "$HOME"
# The first start asks whether to check iana.org weekly; answer "no" here so
# the shot shows the window, and no run of this script reaches the internet.
width=${size%x*}
height=${size#*x}
echo "{\"registry.background_checks_asked\": true, \"registry.background_checks\": false, \"window.width\": $width, \"window.height\": $height${EXTRA_PREFS:+, $EXTRA_PREFS}}" \
	>"$XDG_CONFIG_HOME/fyne/io.github.portolan.portolan/preferences.json"

# A few real listeners on loopback, so the panel and the pane have something
# to show: a web server on 8000/tcp and a UDP socket on unassigned 290.
helpers=()
if command -v python3 >/dev/null; then
	python3 -m http.server 8000 --bind 127.0.0.1 >/dev/null 2>&1 &
	helpers+=($!)
	python3 -c 'import socket,time; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 290)); time.sleep(600)' >/dev/null 2>&1 &
	helpers+=($!)
fi

start=$(date +%s%N)
"$bin" --select "$port" >"$work/app.log" 2>&1 &
app_pid=$!

first_frame=""
for _ in $(seq 150); do
	sleep 0.1
	if ! kill -0 "$app_pid" 2>/dev/null; then
		echo "screenshot: portolan exited early:" >&2
		cat "$work/app.log" >&2
		exit 1
	fi
	if import -window root "$work/shot.png" 2>/dev/null && "$work/imgcheck" "$work/shot.png" >/dev/null 2>&1; then
		first_frame=$(( ($(date +%s%N) - start) / 1000000 ))
		break
	fi
done
if [ -z "$first_frame" ]; then
	echo "screenshot: the window never drew anything in 15 s" >&2
	cat "$work/app.log" >&2
	exit 1
fi
# Let layout and the first listener poll settle, then take the shot.
sleep 3
if ! kill -0 "$app_pid" 2>/dev/null; then
	echo "screenshot: portolan exited after its first frame:" >&2
	cat "$work/app.log" >&2
	exit 1
fi
import -window root "$work/final.png"
"$work/imgcheck" "$work/final.png"
if grep -q "Error in Fyne call thread" "$work/app.log"; then
	echo "screenshot: Fyne thread error:" >&2
	cat "$work/app.log" >&2
	exit 1
fi
mkdir -p "$(dirname "$out")"
cp "$work/final.png" "$out.tmp" && mv "$out.tmp" "$out"
echo "screenshot: first frame after ${first_frame} ms (upper bound: includes one capture), wrote $out"
if [ -s "$work/app.log" ]; then
	echo "screenshot: the program logged:"
	sed 's/^/  /' "$work/app.log"
fi
