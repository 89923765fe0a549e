#!/usr/bin/env bash
# The screenshots in docs/screens: the real window under Xvfb (through
# scripts/screenshot.sh, with its loopback listeners) at the three sizes
# issue 14 names, each layout and each theme at least once, port 290
# selected. Quantized to 256 colours to keep them small.
#
#   scripts/screens.sh            (PORTOLAN_BIN: a binary already built)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v convert >/dev/null || { echo "screens: convert is missing (apt-get install imagemagick)" >&2; exit 1; }
bin="${PORTOLAN_BIN:-}"
if [ -z "$bin" ]; then
	bin=$(mktemp -d)/portolan
	go build -o "$bin" ./cmd/portolan-window
fi
mkdir -p docs/screens
while read -r size layout theme; do
	out="docs/screens/${size}-${layout}-${theme}.png"
	SCREEN_SIZE="$size" EXTRA_PREFS="\"map.layout\": \"$layout\", \"view.theme\": \"$theme\"" \
		DISPLAY_FROM="${DISPLAY_FROM:-61}" PORTOLAN_BIN="$bin" scripts/screenshot.sh "$out" 290 | grep -v '^  '
	convert "$out" +dither -colors 256 "PNG8:$out.tmp" && mv "$out.tmp" "$out"
done <<'LIST'
1280x800 hilbert dark
1280x800 rows light
1024x640 rows dark
1024x640 hilbert light
1920x1080 rows dark
1920x1080 hilbert light
LIST
ls -l docs/screens
