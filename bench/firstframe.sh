#!/usr/bin/env bash
# firstframe.sh: how long after exec herald's first screen appears, measured
# from outside as a user sees it: each run starts a program in a fresh tmux
# window of 120x40 and polls the screen until the program's first frame is
# on it. `echo` under the same poll is the floor the poll itself costs.
#
#   bench/firstframe.sh            # 20 runs of each case, about a minute
#   RUNS=5 bench/firstframe.sh
#   HERALD=/tmp/herald-old bench/firstframe.sh   # another build, to compare
#
# Cases: echo; herald on an empty cache; herald on 50,000 cached articles
# (written by bench/cachefill). herald runs with --offline so no refresh
# competes with the first frame. Needs Go and tmux (apt-get install tmux).
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-20}
command -v tmux >/dev/null || { echo "firstframe.sh needs tmux: apt-get install tmux" >&2; exit 1; }

work=$(mktemp -d)
sock="heraldbench$$"
trap 'tmux -L "$sock" kill-server 2>/dev/null || true; rm -rf "$work"' EXIT

echo "building herald and the cache fixture..." >&2
if [[ -n ${HERALD:-} ]]; then
	cp "$HERALD" "$work/herald"
else
	go build -o "$work/herald" .
fi
mkdir -p "$work/empty/config" "$work/empty/data" "$work/full/config" "$work/full/data"
go run ./bench/cachefill -db "$work/full/data/herald/herald.db" -feeds 200 -per-feed 250 -body 5000

now_ns() { date +%s%N; }

# A server that outlives each run, keeping a pane whose program has exited
# (echo) on screen until it is read.
tmux -L "$sock" new-session -d -s keep "sleep 100000"
tmux -L "$sock" set-option -g remain-on-exit on

# one MARKER COMMAND...: one run of a shell command line that execs the
# program; prints milliseconds from the exec to the first capture that
# shows MARKER.
one() {
	local marker=$1
	shift
	rm -f "$work/t0"
	tmux -L "$sock" new-session -d -x 120 -y 40 -s run \
		"date +%s%N > '$work/t0'; $*"
	local t1 deadline=$(($(now_ns) + 10000000000))
	while :; do
		if [[ -s $work/t0 ]] && tmux -L "$sock" capture-pane -p -t run 2>/dev/null | grep -qF "$marker"; then
			t1=$(now_ns)
			break
		fi
		if (($(now_ns) > deadline)); then
			echo "no first frame with \"$marker\" after 10 s; the screen:" >&2
			tmux -L "$sock" capture-pane -p -t run >&2 || true
			exit 1
		fi
	done
	local t0
	t0=$(cat "$work/t0")
	tmux -L "$sock" kill-session -t run 2>/dev/null || true
	echo $(((t1 - t0) / 1000000))
}

# case NAME MARKER COMMAND...: RUNS runs, then the median, min and max.
case_() {
	local name=$1
	shift
	local times=()
	one "$@" >/dev/null # warm the page cache and tmux
	for ((i = 0; i < RUNS; i++)); do
		times+=("$(one "$@")")
	done
	local sorted
	sorted=$(printf '%s\n' "${times[@]}" | sort -n)
	local median min max
	median=$(echo "$sorted" | awk -v n="${#times[@]}" 'NR == int((n + 1) / 2)')
	min=$(echo "$sorted" | head -n 1)
	max=$(echo "$sorted" | tail -n 1)
	printf '| %s | %d | %s ms | %s ms | %s ms |\n' "$name" "${#times[@]}" "$median" "$min" "$max"
}

env_for() { echo "env XDG_CONFIG_HOME=$work/$1/config XDG_DATA_HOME=$work/$1/data TERM=xterm-256color"; }

echo "| case | runs | median | min | max |"
echo "| --- | ---: | ---: | ---: | ---: |"
case_ "echo" "first-frame-marker" "echo first-frame-marker; exec sleep 30"
case_ "herald, empty cache" "Getting started" "exec $(env_for empty) $work/herald --offline"
case_ "herald, 50,000 cached articles" "Article 0-0" "exec $(env_for full) $work/herald --offline"
