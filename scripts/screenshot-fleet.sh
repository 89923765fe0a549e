#!/usr/bin/env bash
# Shoots the real window showing a fleet under Xvfb: a made-up fleet of
# osquery results (model/fleet/internal/cmd/genfleet, 400 hosts x 30
# listeners in fleetctl's shape) opened with --fleet, a port selected, the
# window at the screen's size. Fails if the program exits early, logs a
# Fyne thread error, or the image is blank. Like scripts/screenshot.sh.
#
#   scripts/screenshot-fleet.sh [OUT.png] [PORT] [FLEET_DIR]
#        (defaults: docs/screens/fleet-map.png, 22, a fleet generated here)
#   SCREEN_SIZE=1024x640 scripts/screenshot-fleet.sh ...
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-docs/screens/fleet-map.png}"
port="${2:-22}"
fleet="${3:-}"
size="${SCREEN_SIZE:-1280x800}"

for tool in Xvfb import; do
	command -v "$tool" >/dev/null || { echo "screenshot-fleet: $tool is missing (apt-get install xvfb imagemagick)" >&2; exit 1; }
done

work=$(mktemp -d)
app_pid=""
xvfb_pid=""
cleanup() {
	[ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null || true
	[ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
	wait 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

# PORTOLAN_BIN: a portolan-window already built (the window itself: it
# takes portolan's options).
if [ -n "${PORTOLAN_BIN:-}" ]; then
	cp "$PORTOLAN_BIN" "$work/portolan"
else
	go build -o "$work/portolan" ./cmd/portolan-window
fi
go build -o "$work/imgcheck" ./scripts/imgcheck
if [ -z "$fleet" ]; then
	go run ./model/fleet/internal/cmd/genfleet -dir "$work/gen" -hosts 400 -listeners 30 -files 4
	fleet="$work/gen/fleetctl"
fi

# A display number nobody uses, from 63 up (scripts/screenshot.sh starts at 99).
display=63
while [ -e "/tmp/.X11-unix/X$display" ] || [ -e "/tmp/.X$display-lock" ]; do display=$((display + 1)); done
Xvfb ":$display" -screen 0 "${size}x24" -nolisten tcp >"$work/xvfb.log" 2>&1 &
xvfb_pid=$!
for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X$display" ] && break; sleep 0.1; done
export DISPLAY=":$display"

# Fresh settings: no question about weekly checks, the window the screen's size.
export XDG_CONFIG_HOME="$work/config" HOME="$work/home" LANG=en_US.UTF-8
mkdir -p "$XDG_CONFIG_HOME/fyne/io.github.portolan.portolan" "$HOME"
w="${size%x*}" h="${size#*x}"
echo "{\"registry.background_checks_asked\": true, \"registry.background_checks\": false, \"window.width\": $w, \"window.height\": $h}" \
	>"$XDG_CONFIG_HOME/fyne/io.github.portolan.portolan/preferences.json"

"$work/portolan" --select "$port" --fleet "$fleet" >"$work/app.log" 2>&1 &
app_pid=$!

drawn=""
for _ in $(seq 150); do
	sleep 0.1
	if ! kill -0 "$app_pid" 2>/dev/null; then
		echo "screenshot-fleet: portolan exited early:" >&2
		cat "$work/app.log" >&2
		exit 1
	fi
	if import -window root "$work/shot.png" 2>/dev/null && "$work/imgcheck" "$work/shot.png" >/dev/null 2>&1; then
		drawn=1
		break
	fi
done
[ -n "$drawn" ] || { echo "screenshot-fleet: the window never drew anything in 15 s" >&2; cat "$work/app.log" >&2; exit 1; }
# Let the fleet load and the layout settle.
sleep "${SETTLE:-6}"
kill -0 "$app_pid" 2>/dev/null || { echo "screenshot-fleet: portolan exited:" >&2; cat "$work/app.log" >&2; exit 1; }
import -window root "$work/final.png"
"$work/imgcheck" "$work/final.png"
if grep -q "Error in Fyne call thread" "$work/app.log"; then
	echo "screenshot-fleet: Fyne thread error:" >&2
	cat "$work/app.log" >&2
	exit 1
fi
mkdir -p "$(dirname "$out")"
# Small: 256 colours are plenty for a UI.
if command -v convert >/dev/null; then
	convert "$work/final.png" -colors 256 -define png:compression-level=9 "$out.tmp.png" && mv "$out.tmp.png" "$out"
else
	cp "$work/final.png" "$out.tmp" && mv "$out.tmp" "$out"
fi
echo "screenshot-fleet: wrote $out ($(du -h "$out" | cut -f1))"
if [ -s "$work/app.log" ]; then
	echo "screenshot-fleet: the program logged:"
	sed 's/^/  /' "$work/app.log"
fi
