#!/usr/bin/env bash
# compare.sh: time `herald fetch` and `newsboat -x reload` side by side on
# the same synthetic feeds, served on loopback by bench/feedserver, cold
# (empty cache) and warm (every feed answers 304). Progress goes to stderr;
# the results, a Markdown table, go to stdout.
#
# Run it from anywhere in the checkout: bench/compare.sh (-h for settings).
# It installs nothing: a missing tool is named with the command that
# installs it.
set -euo pipefail

usage() {
	cat <<'EOF'
usage: bench/compare.sh [-h]

Settings come from the environment:
  RUNS=5            timed runs of every case but the slow one
  RUNS_SLOW=1       runs of newsboat cold with its default (one) reload thread,
                    about 38 s each; 0 skips that case
  THREADS=16        reload-threads for the faster newsboat cases
  FEEDS=200 ITEMS=30 MIN_DELAY=50ms MAX_DELAY=300ms SEED=1 GZIP=0
                    the synthetic workload (see bench/feedserver -h)
  PORT=0            port shared by every feed address (0: any free one)
  SKIP_HERALD=1     time newsboat alone
  SKIP_NEWSBOAT=1   time herald alone
  HERALD=PATH       use this herald binary instead of building one
  RUN_TIMEOUT=300   seconds after which one run is killed and the script fails
  HYPERFINE=0       time with date +%s.%N even where hyperfine is installed
  KEEP=1            keep the temporary folder (caches, logs) for a look
EOF
}

if [[ ${1:-} == -h || ${1:-} == --help ]]; then
	usage
	exit 0
fi
if [[ $# -gt 0 ]]; then
	usage >&2
	exit 2
fi

RUNS=${RUNS:-5}
RUNS_SLOW=${RUNS_SLOW:-1}
THREADS=${THREADS:-16}
FEEDS=${FEEDS:-200}
ITEMS=${ITEMS:-30}
MIN_DELAY=${MIN_DELAY:-50ms}
MAX_DELAY=${MAX_DELAY:-300ms}
SEED=${SEED:-1}
GZIP=${GZIP:-0}
PORT=${PORT:-0}
SKIP_HERALD=${SKIP_HERALD:-0}
SKIP_NEWSBOAT=${SKIP_NEWSBOAT:-0}
HERALD=${HERALD:-}
RUN_TIMEOUT=${RUN_TIMEOUT:-300}
KEEP=${KEEP:-0}
HYPERFINE=${HYPERFINE:-1}

log() { printf 'compare: %s\n' "$*" >&2; }
die() {
	printf 'compare: error: %s\n' "$*" >&2
	exit 1
}

for v in RUNS RUNS_SLOW THREADS FEEDS ITEMS SEED PORT RUN_TIMEOUT; do
	[[ ${!v} =~ ^[0-9]+$ ]] || die "$v must be a whole number, not '${!v}'"
done
((RUNS >= 1)) || die "RUNS must be at least 1"
[[ $SKIP_HERALD == 1 && $SKIP_NEWSBOAT == 1 ]] && die "SKIP_HERALD=1 and SKIP_NEWSBOAT=1 leave nothing to time"

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

# Tools. Nothing is installed here: a benchmark that changes the machine it
# measures is not one anybody can repeat.
command -v go >/dev/null || die "go not found: install Go 1.26 from https://go.dev/dl/"
command -v timeout >/dev/null || die "timeout not found: it comes with GNU coreutils"
if [[ $SKIP_NEWSBOAT != 1 ]] && ! command -v newsboat >/dev/null; then
	die "newsboat not found. Install it (Debian/Ubuntu: sudo apt-get install newsboat), or run with SKIP_NEWSBOAT=1 to time herald alone."
fi
have_hyperfine=0
if [[ $HYPERFINE == 0 ]]; then
	log "HYPERFINE=0: timing with date +%s.%N"
elif command -v hyperfine >/dev/null; then
	have_hyperfine=1
else
	log "hyperfine not found (Debian/Ubuntu: sudo apt-get install hyperfine); timing with date +%s.%N instead"
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/herald-bench.XXXXXX")
server_pid=
cleanup() {
	if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
		kill -TERM "$server_pid" 2>/dev/null || true
		wait "$server_pid" 2>/dev/null || true
	fi
	if [[ $KEEP == 1 ]]; then
		log "kept $tmp"
	else
		rm -rf "$tmp"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log "building feedserver"
go build -o "$tmp/feedserver" ./bench/feedserver || die "could not build bench/feedserver"

herald=
if [[ $SKIP_HERALD != 1 ]]; then
	if [[ -n $HERALD ]]; then
		[[ -x $HERALD ]] || die "HERALD=$HERALD is not an executable file"
		herald=$HERALD
	else
		log "building herald from $root"
		go build -o "$tmp/herald" . ||
			die "could not build herald from $root (errors above). Run with SKIP_HERALD=1 to time newsboat alone."
		herald=$tmp/herald
	fi
	# cobra prints the subcommand's own usage line only if it exists.
	if ! "$herald" fetch --help 2>&1 | grep -q 'herald fetch'; then
		die "this herald has no 'fetch' command yet ('$herald fetch --help' does not show it). Run with SKIP_HERALD=1 to time newsboat alone."
	fi
fi

# The feed server. Its stats tell each phase what it really cost: a cold run
# must fetch every feed in full, a warm run must get only 304s.
gzip_flag=()
[[ $GZIP == 1 ]] && gzip_flag=(-gzip)
"$tmp/feedserver" -n "$FEEDS" -items "$ITEMS" -min-delay "$MIN_DELAY" -max-delay "$MAX_DELAY" \
	-seed "$SEED" -port "$PORT" "${gzip_flag[@]}" \
	-urls-out "$tmp/urls" -feeds-out "$tmp/feeds" -ready-file "$tmp/ready" \
	2>"$tmp/feedserver.log" &
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
first_url=$(head -n 1 "$tmp/urls")
hostport=${first_url#http://}
hostport=${hostport%%/*}

# server_stats prints "full not_modified other" as counted by the server,
# read with bash's /dev/tcp so that curl is not needed.
server_stats() {
	local line
	exec 3<>"/dev/tcp/${hostport%:*}/${hostport##*:}"
	printf 'GET /stats HTTP/1.0\r\nHost: %s\r\n\r\n' "$hostport" >&3
	line=$(grep '^full=' <&3 || true)
	exec 3>&-
	[[ -n $line ]] || die "feedserver did not answer /stats"
	sed -E 's/[a-z_]+=//g' <<<"$line"
}

# Results, one entry per case.
declare -a case_names=()
declare -A median=() lo=() hi=() runs=() served=() warn=()

median_of() { sort -g | awk '{v[NR]=$1} END{ if (NR%2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2 }'; }

# measure NAME RUNS EXPECT PREPARE COMMAND
# EXPECT is "full" or "304": what every request of a timed run must get.
measure() {
	local name=$1 n=$2 expect=$3 prepare=$4 cmd=$5
	local before after dfull d304 dother dpages
	log "timing $name ($n run(s))"
	before=$(server_stats)
	if ((have_hyperfine)); then
		local args=(--runs "$n" --shell bash --export-json "$tmp/h.json" --command-name "$name" --style basic)
		[[ -n $prepare ]] && args+=(--prepare "$prepare")
		hyperfine "${args[@]}" "timeout $RUN_TIMEOUT bash -c $(printf %q "$cmd")" >&2 ||
			die "$name failed (output in $tmp/$name.out; KEEP=1 keeps it): $(tail -n 3 "$tmp/$name.out" 2>/dev/null)"
		median[$name]=$(sed -n 's/^ *"median": *\([0-9.eE+-]*\).*/\1/p' "$tmp/h.json" | head -n 1)
		lo[$name]=$(sed -n 's/^ *"min": *\([0-9.eE+-]*\).*/\1/p' "$tmp/h.json" | head -n 1)
		hi[$name]=$(sed -n 's/^ *"max": *\([0-9.eE+-]*\).*/\1/p' "$tmp/h.json" | head -n 1)
	else
		local i t0 t1 times=()
		for ((i = 0; i < n; i++)); do
			[[ -n $prepare ]] && bash -c "$prepare"
			t0=$(date +%s.%N)
			timeout "$RUN_TIMEOUT" bash -c "$cmd" ||
				die "$name failed (output in $tmp/$name.out; KEEP=1 keeps it): $(tail -n 3 "$tmp/$name.out" 2>/dev/null)"
			t1=$(date +%s.%N)
			times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.4f", b-a}')")
			log "  run $((i + 1)): ${times[-1]} s"
		done
		median[$name]=$(printf '%s\n' "${times[@]}" | median_of)
		lo[$name]=$(printf '%s\n' "${times[@]}" | sort -g | head -n 1)
		hi[$name]=$(printf '%s\n' "${times[@]}" | sort -g | tail -n 1)
	fi
	after=$(server_stats)
	read -r dfull d304 dother dpages < <(paste <(tr ' ' '\n' <<<"$after") <(tr ' ' '\n' <<<"$before") |
		awk '{printf "%d ", $1-$2} END{print ""}')
	runs[$name]=$n
	served[$name]="${dfull} full, ${d304} 304"
	((dother == 0)) || served[$name]+=", $dother other"
	local want=$((n * FEEDS))
	if [[ $expect == full ]] && ((dfull != want || d304 != 0 || dother != 0)); then
		warn[$name]="expected $want full responses: not a clean cold run"
	elif [[ $expect == 304 ]] && ((d304 != want || dfull != 0 || dother != 0)); then
		warn[$name]="expected $want 304 responses: not a clean warm run"
	fi
	case_names+=("$name")
}

# untimed NAME COMMAND: a run that only prepares the next case.
untimed() {
	local name=$1 cmd=$2 before after
	before=$(server_stats)
	timeout "$RUN_TIMEOUT" bash -c "$cmd" || die "$name failed: $(tail -n 3 "$tmp/$name.out" 2>/dev/null)"
	after=$(server_stats)
	log "$name: the server answered $(paste <(tr ' ' '\n' <<<"$after") <(tr ' ' '\n' <<<"$before") |
		awk 'NR==1{f=$1-$2} NR==2{m=$1-$2} END{printf "%d full, %d not modified", f, m}')"
}

q() { printf '%q' "$1"; }

if [[ $SKIP_HERALD != 1 ]]; then
	h=$tmp/herald-home
	henv="HOME=$(q "$h") XDG_CONFIG_HOME=$(q "$h/config") XDG_DATA_HOME=$(q "$h/data")"
	hfresh="rm -rf $(q "$h") && mkdir -p $(q "$h/config/herald") $(q "$h/data") && cp $(q "$tmp/feeds") $(q "$h/config/herald/feeds")"
	hcmd="$henv $(q "$herald") fetch"
	measure "herald cold" "$RUNS" full "$hfresh" "$hcmd >$(q "$tmp/herald cold.out") 2>&1"
	[[ -f $h/data/herald/herald.db ]] || die "herald fetch left no cache at $h/data/herald/herald.db"
	measure "herald warm" "$RUNS" 304 "" "$hcmd >$(q "$tmp/herald warm.out") 2>&1"
fi

if [[ $SKIP_NEWSBOAT != 1 ]]; then
	nb=$tmp/newsboat
	mkdir -p "$nb/home"
	: >"$nb/config-default"
	printf 'reload-threads %d\n' "$THREADS" >"$nb/config-threads"
	# HOME and XDG point into the temporary folder so that nothing of the
	# user's own newsboat setup is read or written.
	nenv="HOME=$(q "$nb/home") XDG_CONFIG_HOME=$(q "$nb/home/.config") XDG_DATA_HOME=$(q "$nb/home/.local/share")"
	nfresh="rm -f $(q "$nb/cache.db") $(q "$nb/cache.db.lock")"
	ncmd() { echo "$nenv newsboat -x reload -u $(q "$tmp/urls") -c $(q "$nb/cache.db") -C $(q "$nb/$1") >$(q "$tmp/$2.out") 2>&1"; }
	if ((RUNS_SLOW > 0)); then
		measure "newsboat cold" "$RUNS_SLOW" full "$nfresh" "$(ncmd config-default "newsboat cold")"
	fi
	measure "newsboat cold $THREADS threads" "$RUNS" full "$nfresh" "$(ncmd config-threads "newsboat cold $THREADS threads")"
	# newsboat 2.21 loses the validators of a feed's very first fetch (it
	# stores them before the feed's row exists), so its second reload still
	# downloads everything. Only the third is warm.
	untimed "newsboat second reload" "$(ncmd config-threads "newsboat second reload")"
	measure "newsboat warm $THREADS threads" "$RUNS" 304 "" "$(ncmd config-threads "newsboat warm $THREADS threads")"
fi

# The report.
fmt() { awk -v x="$1" 'BEGIN{printf "%.2f s", x}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b > 0) printf "%.1f×", a/b; else print "n/a" }'; }
newsboat_version=$(newsboat --version 2>/dev/null | head -n 1 || true)
cat <<EOF
## herald fetch vs newsboat -x reload

Workload: $FEEDS feeds × $ITEMS items (~5 KB HTML each), one loopback address per feed, every response delayed $MIN_DELAY–$MAX_DELAY (seed $SEED, gzip $([[ $GZIP == 1 ]] && echo on || echo off)).
Machine: $(nproc) cores, $(uname -sr), $(go version | cut -d' ' -f3-), ${newsboat_version:-newsboat not timed}; timed with $( ((have_hyperfine)) && hyperfine --version || echo 'date +%s.%N'); load average at the end: $(cut -d' ' -f1-3 /proc/loadavg).

| case | runs | median | min | max | server answered |
| --- | ---: | ---: | ---: | ---: | --- |
EOF
for name in "${case_names[@]}"; do
	printf '| %s | %s | %s | %s | %s | %s |\n' "$name" "${runs[$name]}" "$(fmt "${median[$name]}")" \
		"$(fmt "${lo[$name]}")" "$(fmt "${hi[$name]}")" "${served[$name]}"
done
echo
ratio_row() { # SLOWER FASTER
	[[ -n ${median[$1]:-} && -n ${median[$2]:-} ]] || return 0
	printf '| %s / %s | %s |\n' "$1" "$2" "$(ratio "${median[$1]}" "${median[$2]}")"
}
rows=$(
	ratio_row "newsboat cold" "herald cold"
	ratio_row "newsboat cold $THREADS threads" "herald cold"
	ratio_row "newsboat warm $THREADS threads" "herald warm"
	ratio_row "newsboat cold" "newsboat cold $THREADS threads"
	ratio_row "newsboat cold $THREADS threads" "newsboat warm $THREADS threads"
)
if [[ -n $rows ]]; then
	printf '| ratio of medians | |\n| --- | ---: |\n%s\n\n' "$rows"
fi
below() { awk -v x="$1" -v g="$2" 'BEGIN{ print (x < g) ? "met" : "MISSED" }'; }
if [[ -n ${median[herald cold]:-} ]]; then
	goals="herald cold under 1.5 s: $(below "${median[herald cold]}" 1.5)"
	goals+="; herald warm under 0.5 s: $(below "${median[herald warm]}" 0.5)"
	if [[ -n ${median[newsboat cold $THREADS threads]:-} ]]; then
		speedup=$(awk -v n="${median[newsboat cold $THREADS threads]}" -v h="${median[herald cold]}" 'BEGIN{print n/h}')
		goals+="; herald cold at least 2.5× faster than newsboat with $THREADS threads: $(below -"$speedup" -2.5)"
	fi
	echo "Goals (issue #3): $goals."
	goals9="herald cold under 1.0 s: $(below "${median[herald cold]}" 1.0)"
	if [[ -n ${speedup:-} ]]; then
		goals9+="; herald cold at least 5× faster than newsboat with $THREADS threads: $(below -"$speedup" -5)"
	fi
	echo "Goals (issue #9): $goals9."
	echo
fi
for name in "${case_names[@]}"; do
	if [[ -n ${warn[$name]:-} ]]; then
		echo "**Warning**: $name: ${warn[$name]}."
	fi
done
echo "nom was not timed: it is not installed here and Debian does not package it."
