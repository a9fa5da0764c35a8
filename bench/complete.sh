#!/usr/bin/env bash
# complete.sh: how long a tab press waits for herald's completion of a feed,
# measured from outside as the shell runs it (herald __complete ...), on a
# feed list of 300 feeds whose titles the cache knows. herald --version,
# which does nothing but start, is the floor: what is left above it is the
# completion's own work.
#
#   bench/complete.sh          # 30 runs of each
#   RUNS=10 bench/complete.sh
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-30}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/herald" .
export XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data"
mkdir -p "$XDG_CONFIG_HOME/herald"
for i in $(seq 0 299); do
	echo "https://site$i.example/feed.xml \"~Site number $i\""
done >"$XDG_CONFIG_HOME/herald/feeds"
"$work/herald" feeds >/dev/null # the cache, with every feed's title

# measure NAME ARGS...: milliseconds of wall and CPU time per run, median
# and fastest.
measure() {
	local name=$1
	shift
	: >"$work/times"
	for _ in $(seq "$RUNS"); do
		/usr/bin/time -f "%e %U %S" -a -o "$work/times" "$work/herald" "$@" >/dev/null 2>&1
	done
	awk -v name="$name" '{ wall[NR] = $1 * 1000; cpu[NR] = ($2 + $3) * 1000 }
		END {
			n = NR; asorti_wall(wall, n); asorti_wall(cpu, n)
			printf "%-32s wall median %4.0f ms, fastest %4.0f ms; CPU median %4.0f ms\n", name, wall[int((n + 1) / 2)], wall[1], cpu[int((n + 1) / 2)]
		}
		function asorti_wall(a, n,   i, j, t) { for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j-1] > a[j]; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t } }' "$work/times"
}

measure "herald --version (the floor)" --version
measure "remove <tab>" __complete remove ""
measure "list --feed Site number 1<tab>" __complete list --feed "Site number 1"
