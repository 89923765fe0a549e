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
click 201 501 # the History tab
xdotool mousemove 427 481 mousedown 1 sleep 0.2 mousemove 427 350 sleep 0.1 mousemove 427 230 sleep 0.2 mouseup 1 # the split up
sleep 1.5
click 300 485 # the row of 8765 opened again
shot history.png
xdotool mousemove 606 360 sleep 0.5 click 1 # the hour of the alert (the 118th bar)
sleep 1
click 300 447 # its row
xdotool mousemove 606 360 # the hour's description over the chart
sleep 1.5
shot timeline-hour.png
if grep -q "Error in Fyne call thread" "$work/app.log"; then
	echo "screenshot-history: Fyne thread error:" >&2
	cat "$work/app.log" >&2
	exit 1
fi
