#!/usr/bin/env bash
# Screenshots of the History tab and the timeline in the real window under
# Xvfb: a seeded week of listeners (scripts/seedhistory), then real loopback
# listeners opened and closed over a minute while the window records, then
# clicks on the History tab, a row, and the hour of the alert.
#
#   scripts/screenshot-history.sh [OUTDIR]       (default docs/screens)
#
# Needs root for `unshare -n`: the window and its listeners run in a network
# namespace of their own, so other programs' sockets stay out of the shots.
# Needs Xvfb, xdotool, ImageMagick and python3. The click positions are for
# the 1280x800 window of this layout; change them with the layout.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-docs/screens}"
for tool in Xvfb xdotool import convert python3 unshare; do
	command -v "$tool" >/dev/null || { echo "screenshot-history: $tool is missing" >&2; exit 1; }
done
work=$(mktemp -d)
trap 'kill $(cat "$work"/*.pid 2>/dev/null) 2>/dev/null || true; sleep 0.5; rm -rf "$work"' EXIT
go build -o "$work/portolan" ./cmd/portolan
go build -o "$work/portolan-window" ./cmd/portolan-window # portolan opens the window through it
go build -o "$work/seedhistory" ./scripts/seedhistory

display=67
while [ -e "/tmp/.X11-unix/X$display" ] || [ -e "/tmp/.X$display-lock" ]; do display=$((display + 1)); done

cat >"$work/inside.sh" <<INSIDE
set -u
ip link set lo up
export HOME=$work/home XDG_CONFIG_HOME=$work/config PORTOLAN_DATA_DIR=$work/data PORTOLAN_CONFIG_DIR=$work/pconfig PORTOLAN_CACHE_DIR=$work/cache LANG=en_US.UTF-8
mkdir -p \$HOME \$XDG_CONFIG_HOME/fyne/io.github.portolan.portolan \$PORTOLAN_DATA_DIR \$PORTOLAN_CONFIG_DIR
echo '{"registry.background_checks_asked": true, "registry.background_checks": false}' >\$XDG_CONFIG_HOME/fyne/io.github.portolan.portolan/preferences.json
$work/seedhistory -db \$PORTOLAN_DATA_DIR/history.db
Xvfb :$display -screen 0 1280x800x24 -nolisten tcp >$work/xvfb.log 2>&1 & echo \$! >$work/xvfb.pid
sleep 1
DISPLAY=:$display $work/portolan --select 8765 >$work/app.log 2>&1 & echo \$! >$work/app.pid
sleep 3
python3 -m http.server 8765 --bind 127.0.0.1 >/dev/null 2>&1 & web=\$!
python3 -c 'import socket,time; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 5999)); time.sleep(45)' >/dev/null 2>&1 &
sleep 20; kill \$web
sleep 8
python3 -m http.server 8765 --bind 127.0.0.1 >/dev/null 2>&1 & echo \$! >$work/web.pid
sleep 25
INSIDE
unshare -n bash "$work/inside.sh"
export DISPLAY=":$display"
click() { xdotool mousemove "$1" "$2" sleep 0.3 click 1; sleep 1.5; }
shot() { import -window root "$work/shot.png"; mkdir -p "$out"; convert "$work/shot.png" -resize 1024x -colors 192 "PNG8:$out/$1"; echo "screenshot-history: wrote $out/$1"; }
click 746 400 # the History tab
click 800 553 # the row of 8765 opened again
xdotool mousemove 900 200 click --repeat 12 --delay 50 5 # the pane down to its history
sleep 1
shot history.png
xdotool mousemove 1067 465 sleep 0.5 click 1 # the hour of the alert (the 118th bar)
sleep 1
click 800 553 # its row
xdotool mousemove 900 200 click --repeat 12 --delay 50 5
xdotool mousemove 1067 465 # the hour's description over the chart
sleep 1.5
shot timeline-hour.png
if grep -q "Error in Fyne call thread" "$work/app.log"; then
	echo "screenshot-history: Fyne thread error:" >&2
	cat "$work/app.log" >&2
	exit 1
fi
