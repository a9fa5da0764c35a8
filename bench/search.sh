#!/usr/bin/env bash
# search.sh: `herald search` as a whole process on a cache of 50,000
# articles (bench/cachefill: ~5 KB of Zipf-distributed words each), beside
# the SQL LIKE newsboat runs for its search, by sqlite3 on the same file.
# Each case runs RUNS times; the table gives the median, min and max.
#
#   bench/search.sh                 # builds herald and the cache (a few minutes)
#   RUNS=10 CACHE=/tmp/c.db bench/search.sh   # keep the cache for next time
#
# Needs Go; sqlite3 for the LIKE rows (apt-get install sqlite3).
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-20}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
CACHE=${CACHE:-$work/herald.db}

echo "building herald..." >&2
go build -o "$work/herald" .
if [[ ! -f $CACHE ]]; then
	echo "filling $CACHE with 50,000 articles (and their search index)..." >&2
	go run ./bench/cachefill -db "$CACHE" -feeds 200 -per-feed 250 -body 5000
fi
mkdir -p "$work/config/herald"
echo "# none" >"$work/config/herald/feeds"


# case NAME COMMAND...: RUNS runs, the median, min and max in ms.
case_() {
	local name=$1
	shift
	"$@" >/dev/null # warm the page cache
	local times=()
	for ((i = 0; i < RUNS; i++)); do
		local t0 t1
		t0=$(date +%s%N)
		"$@" >/dev/null
		t1=$(date +%s%N)
		times+=($(((t1 - t0) / 1000000)))
	done
	local sorted
	sorted=$(printf '%s\n' "${times[@]}" | sort -n)
	printf '| %s | %d | %s ms | %s ms | %s ms |\n' "$name" "$RUNS" \
		"$(echo "$sorted" | awk -v n="$RUNS" 'NR == int((n + 1) / 2)')" \
		"$(echo "$sorted" | head -n 1)" "$(echo "$sorted" | tail -n 1)"
}

herald() { env XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work" "$work/herald" --db "$CACHE" "$@"; }

# The words by rank in the fixture's vocabulary (bench/fixture.Word).
words=$(go run ./bench/cachefill -words 50,1000,10000)
read -r w50 w1000 w10000 <<<"$words"

echo "| case | runs | median | min | max |"
echo "| --- | ---: | ---: | ---: | ---: |"
case_ "herald --version (the process alone)" herald --version
for w in "$w50" "$w1000" "$w10000"; do
	case_ "herald search $w (first 20, ranked, snippets)" herald search "$w"
done
if command -v sqlite3 >/dev/null; then
	for w in "$w50" "$w1000" "$w10000"; do
		case_ "sqlite3 LIKE '%$w%', every match newest first (newsboat's query)" \
			sqlite3 "$CACHE" "SELECT a.id FROM articles a JOIN articles_body b ON b.id = a.id WHERE a.title LIKE '%$w%' OR b.raw LIKE '%$w%' ORDER BY a.published DESC"
	done
else
	echo "sqlite3 not found: the LIKE rows need it (apt-get install sqlite3)" >&2
fi
