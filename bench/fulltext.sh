#!/usr/bin/env bash
# fulltext.sh: time a cold `herald fetch` of the synthetic feeds with and
# without full text. bench/feedserver serves FEEDS feeds; the first
# FULLTEXT of them carry summaries only and serve each item's whole article
# as a web page (PAGE_BYTES, delayed PAGE_MIN_DELAY to PAGE_MAX_DELAY).
# The same feed list is fetched twice per run into fresh caches: once as it
# is (no fulltext=yes anywhere, so no page is read) and once with
# fulltext=yes on those feeds. The runs alternate, so a machine that gets
# busier or quieter weighs on both cases alike. Progress goes to stderr,
# a Markdown table to stdout.
#
# Run it from anywhere in the checkout: bench/fulltext.sh (-h for settings).
set -euo pipefail

usage() {
	cat <<'EOF'
usage: bench/fulltext.sh [-h]

Settings come from the environment:
  RUNS=5              timed runs of each case, alternating
  FEEDS=200 ITEMS=30  the feeds and their items (bench/feedserver -n, -items)
  FULLTEXT=10         feeds with fulltext=yes, each FEEDS' first
  MIN_DELAY=50ms MAX_DELAY=300ms             feed delays
  PAGE_BYTES=150000 PAGE_MIN_DELAY=50ms PAGE_MAX_DELAY=300ms
                      the article pages
  HERALD=PATH         use this herald binary instead of building one
  KEEP=1              keep the temporary folder for a look
EOF
}
if [[ ${1:-} == -h || ${1:-} == --help ]]; then
	usage
	exit 0
fi
[[ $# -eq 0 ]] || {
	usage >&2
	exit 2
}

RUNS=${RUNS:-5}
FEEDS=${FEEDS:-200}
ITEMS=${ITEMS:-30}
FULLTEXT=${FULLTEXT:-10}
MIN_DELAY=${MIN_DELAY:-50ms}
MAX_DELAY=${MAX_DELAY:-300ms}
PAGE_BYTES=${PAGE_BYTES:-150000}
PAGE_MIN_DELAY=${PAGE_MIN_DELAY:-50ms}
PAGE_MAX_DELAY=${PAGE_MAX_DELAY:-300ms}
HERALD=${HERALD:-}
KEEP=${KEEP:-0}

log() { printf 'fulltext: %s\n' "$*" >&2; }
die() {
	printf 'fulltext: error: %s\n' "$*" >&2
	exit 1
}
for v in RUNS FEEDS ITEMS FULLTEXT PAGE_BYTES; do
	[[ ${!v} =~ ^[0-9]+$ ]] || die "$v must be a whole number, not '${!v}'"
done
command -v go >/dev/null || die "go not found: install Go 1.26 from https://go.dev/dl/"
[[ -x /usr/bin/time ]] || die "/usr/bin/time not found (Debian/Ubuntu: sudo apt-get install time): it measures peak memory"

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/herald-fulltext.XXXXXX")
server_pid=
cleanup() {
	if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
		kill -TERM "$server_pid" 2>/dev/null || true
		wait "$server_pid" 2>/dev/null || true
	fi
	if [[ $KEEP == 1 ]]; then log "kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log "building feedserver and herald"
go build -o "$tmp/feedserver" ./bench/feedserver
herald=$HERALD
if [[ -z $herald ]]; then
	go build -o "$tmp/herald" .
	herald=$tmp/herald
fi

"$tmp/feedserver" -n "$FEEDS" -items "$ITEMS" -min-delay "$MIN_DELAY" -max-delay "$MAX_DELAY" \
	-fulltext "$FULLTEXT" -page-bytes "$PAGE_BYTES" -page-min-delay "$PAGE_MIN_DELAY" -page-max-delay "$PAGE_MAX_DELAY" \
	-feeds-out "$tmp/feeds.fulltext" -ready-file "$tmp/ready" 2>"$tmp/feedserver.log" &
server_pid=$!
for _ in $(seq 600); do
	[[ -f $tmp/ready ]] && break
	kill -0 "$server_pid" 2>/dev/null || {
		cat "$tmp/feedserver.log" >&2
		die "feedserver stopped before it was ready"
	}
	sleep 0.1
done
[[ -f $tmp/ready ]] || die "feedserver was not ready after 60 s"
log "feedserver: $(cat "$tmp/ready")"
sed 's/ fulltext=yes//' "$tmp/feeds.fulltext" >"$tmp/feeds.plain"
hostport=$(grep -m1 '^http' "$tmp/feeds.plain")
hostport=${hostport#http://}
hostport=${hostport%%/*}

pages_served() {
	local line
	exec 3<>"/dev/tcp/${hostport%:*}/${hostport##*:}"
	printf 'GET /stats HTTP/1.0\r\nHost: %s\r\n\r\n' "$hostport" >&3
	line=$(grep '^full=' <&3 || true)
	exec 3>&-
	sed -E 's/.*pages=([0-9]+).*/\1/' <<<"$line"
}

# one CASE N: a cold fetch of the CASE feed list into a fresh cache; prints
# "seconds peak-KB pages".
one() {
	local name=$1 n=$2 dir=$tmp/$1-$2 before t0 t1
	mkdir -p "$dir/config/herald" "$dir/data"
	cp "$tmp/feeds.$name" "$dir/config/herald/feeds"
	printf 'refresh_on_start = false\n' >"$dir/config/herald/config.toml"
	before=$(pages_served)
	t0=$(date +%s.%N)
	XDG_CONFIG_HOME=$dir/config XDG_DATA_HOME=$dir/data \
		/usr/bin/time -f '%M' -o "$dir/rss" "$herald" fetch >"$dir/out" 2>&1 ||
		die "$name run $n failed: $(tail -n 3 "$dir/out")"
	t1=$(date +%s.%N)
	printf '%s %s %s\n' "$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", b-a}')" "$(cat "$dir/rss")" "$(($(pages_served) - before))"
	[[ $KEEP == 1 ]] || rm -rf "$dir"
}

declare -A times=() rss=() pages=()
for ((i = 1; i <= RUNS; i++)); do
	for name in plain fulltext; do
		read -r s kb p < <(one "$name" "$i")
		log "$name run $i: ${s} s, peak ${kb} KB, ${p} pages"
		times[$name]+="$s "
		rss[$name]+="$kb "
		pages[$name]+="$p "
	done
done

median() { tr ' ' '\n' | grep . | sort -g | awk '{v[NR]=$1} END{ if (NR%2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2 }'; }
minmax() { tr ' ' '\n' | grep . | sort -g | sed -n '1p;$p' | paste -sd'-'; }

printf '| case | runs | median | min-max | peak memory (median) | pages read |\n| --- | ---: | ---: | ---: | ---: | ---: |\n'
for name in plain fulltext; do
	printf '| %s | %d | %.2f s | %s s | %d MB | %s |\n' \
		"$( [[ $name == plain ]] && echo "$FEEDS feeds, no full text" || echo "$FEEDS feeds, $FULLTEXT with fulltext=yes")" \
		"$RUNS" "$(median <<<"${times[$name]}")" "$(minmax <<<"${times[$name]}")" \
		"$(($(median <<<"${rss[$name]}" | cut -d. -f1) / 1024))" "$(median <<<"${pages[$name]}")"
done
awk -v a="$(median <<<"${times[plain]}")" -v b="$(median <<<"${times[fulltext]}")" \
	'BEGIN{printf "\nWith full text the refresh takes %.2fx the time without (goal: at most 2x).\n", b/a}'
