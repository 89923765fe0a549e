#!/usr/bin/env bash
# Fleet scale (issue 16): a made-up fleet of 10,000 hosts x 50 listeners
# (500,000 rows) in each osquery shape, loaded and summarised by
# `portolan-cli fleet summary --json`, side by side with Python's json module
# only parsing the same files (json.loads of each file or line, nothing
# kept). Prints wall and CPU seconds, peak memory and the ratios that
# docs/performance.md records (section "Fleet").
#
#   scripts/bench-fleet.sh [DIR]      DIR keeps the generated files (about 1 GB)
#   HOSTS=1000 LISTENERS=50 RUNS=3 scripts/bench-fleet.sh
#
# Needs go, python3 and GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."
hosts=${HOSTS:-10000}
listeners=${LISTENERS:-50}
runs=${RUNS:-3}
dir=${1:-${TMPDIR:-/tmp}/portolan-fleet-bench}
[ -x /usr/bin/time ] || { echo "bench-fleet: needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

go build -o "$work/portolan-cli" ./cmd/portolan-cli
go build -o "$work/genfleet" ./model/fleet/internal/cmd/genfleet
stamp="$dir/.generated-$hosts-$listeners"
if [ ! -f "$stamp" ]; then
	rm -rf "$dir"
	echo "# generating $hosts hosts x $listeners listeners in $dir"
	"$work/genfleet" -dir "$dir" -hosts "$hosts" -listeners "$listeners"
	touch "$stamp"
fi

cat >"$work/parse.py" <<'EOF'
# Python's json module parsing every file (an array) or line (JSON lines).
import json, os, sys
values = 0
for root, dirs, files in os.walk(sys.argv[1]):
    dirs.sort()
    for name in sorted(files):
        with open(os.path.join(root, name), "rb") as f:
            data = f.read()
        if data.lstrip()[:1] == b"[":
            values += len(json.loads(data))
        else:
            for line in data.splitlines():
                if line.strip():
                    json.loads(line)
                    values += 1
print(values)
EOF

# best RESULT_VAR CMD...: runs CMD $runs times; keeps the fastest run's
# "wall user sys maxrss_kb".
best() {
	local var=$1 out
	shift
	local bestline=""
	for _ in $(seq "$runs"); do
		/usr/bin/time -f "%e %U %S %M" -o "$work/t" "$@" >"$work/out"
		out=$(tail -1 "$work/t")
		if [ -z "$bestline" ] || awk -v a="${out%% *}" -v b="${bestline%% *}" 'BEGIN{exit !(a<b)}'; then
			bestline=$out
		fi
	done
	printf -v "$var" '%s' "$bestline"
}

echo "# $(date -u +%F) on $(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-10s %6s %7s | %-28s | %-28s | %s\n' shape files MB "portolan wall/cpu s, peak MB" "python wall/cpu s, peak MB" "ratio wall (cpu)"
for shape in osqueryi fleetctl snapshots events; do
	path="$dir/$shape"
	files=$(find "$path" -type f | wc -l)
	mb=$(du -sm "$path" | cut -f1)
	cat "$path"/* >/dev/null # both read from the page cache
	best go "$work/portolan-cli" fleet summary "$path" --json
	found=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["listeners"])' "$work/out")
	if [ "$found" != $((hosts * listeners)) ]; then
		echo "bench-fleet: portolan found $found listeners in $path, want $((hosts * listeners))" >&2
		exit 1
	fi
	best py python3 "$work/parse.py" "$path"
	read -r gw gu gs gm <<<"$go"
	read -r pw pu ps pm <<<"$py"
	awk -v s="$shape" -v f="$files" -v mb="$mb" -v gw="$gw" -v gu="$gu" -v gs="$gs" -v gm="$gm" \
		-v pw="$pw" -v pu="$pu" -v ps="$ps" -v pm="$pm" -v n="$found" 'BEGIN {
		printf "%-10s %6d %7d | %5.2f / %5.2f s, %5.0f MB       | %5.2f / %5.2f s, %5.0f MB       | %.2f (%.2f)   [%d listeners]\n",
			s, f, mb, gw, gu+gs, gm/1024, pw, pu+ps, pm/1024, gw/pw, (gu+gs)/(pu+ps), n }'
done
echo "# ratio = portolan / python: below 1 means Portolan loads and summarises faster than Python only parses"
