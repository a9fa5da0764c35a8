#!/usr/bin/env bash
# screenshots.sh: regenerate the README's pictures, docs/library.png and
# docs/reader.png, from real runs of herald: herald is built from this
# tree, fetches three small feeds this script serves on loopback, and is
# driven in tmux with the keys a user would press; each screen is captured
# with its colours (tmux capture-pane -e), turned into HTML (aha) and shot
# as a PNG by headless Chromium.
#
#   scripts/screenshots.sh               # writes docs/library.png, docs/reader.png
#   OUT=/tmp/shots scripts/screenshots.sh
#
# Needs Go, tmux, aha, chromium and python3 (for the loopback feed server):
#   apt-get install -y tmux aha chromium python3
# Nothing leaves the machine: the feeds are on 127.0.0.1 and herald runs
# with its config and cache in a temporary folder.
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=${OUT:-docs}
COLS=${COLS:-100}
ROWS=${ROWS:-30}

for tool in go tmux aha chromium python3; do
	command -v "$tool" >/dev/null || { echo "screenshots.sh needs $tool: apt-get install -y tmux aha chromium python3" >&2; exit 1; }
done

work=$(mktemp -d)
sock="heraldshots$$"
srv=""
cleanup() {
	tmux -L "$sock" kill-server 2>/dev/null || true
	if [[ -n $srv ]]; then kill "$srv" 2>/dev/null || true; fi
	rm -rf "$work"
}
trap cleanup EXIT

echo "building herald..." >&2
go build -o "$work/herald" .

# Three small feeds, dated a few hours and days before now so the library
# shows the dates a user would see.
mkdir -p "$work/feeds"
item() { # title hours-ago link paragraph...
	local title=$1 ago=$2 link=$3
	shift 3
	local body="" p
	for p in "$@"; do body+="&lt;p&gt;$p&lt;/p&gt;"; done
	printf '<item><title>%s</title><link>%s</link><guid>%s</guid><pubDate>%s</pubDate><description>%s</description></item>\n' \
		"$title" "$link" "$link" "$(date -u -R -d "-$ago hours")" "$body"
}
feed() { # file title link, items on stdin
	{
		printf '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>%s</title><link>%s</link><description>%s</description>\n' "$2" "$3" "$2"
		cat
		printf '</channel></rss>\n'
	} >"$work/feeds/$1"
}
feed harbour.xml "Harbour Gazette" https://harbour-gazette.example/ <<EOF
$(item "New ferry timetable starts on Monday" 2 https://harbour-gazette.example/ferry "The winter timetable adds an early crossing." "Tickets bought before Monday stay valid.")
$(item "Storm warning lifted for the north coast" 7 https://harbour-gazette.example/storm "The coastguard lifted the warning at dawn.")
$(item "Fish market moves to the old customs house" 30 https://harbour-gazette.example/market "Stalls open at six, as before.")
$(item "Harbour wall repairs finished ahead of schedule" 75 https://harbour-gazette.example/wall "The new stones come from the same quarry as the old.")
EOF
feed lights.xml "Lighthouse Notes" https://lighthouse-notes.example/ <<EOF
$(item "Restoring a Fresnel lens, one prism at a time" 4 https://lighthouse-notes.example/fresnel "A lens of this size has over a thousand parts.")
$(item "Why lighthouses flash in patterns" 50 https://lighthouse-notes.example/patterns "Each light has a character sailors can tell apart.")
$(item "The keeper's logbook of 1911" 120 https://lighthouse-notes.example/logbook "Weather, ships, visitors and oil, every day.")
EOF
feed tides.xml "Tide Tables Weekly" https://tide-tables.example/ <<EOF
$(item "Spring tides this weekend: what to expect" 10 https://tide-tables.example/spring "High water at noon on Saturday.")
$(item "Reading a tide table in five minutes" 98 https://tide-tables.example/reading "Heights are given above chart datum.")
EOF

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$work/feeds" >/dev/null 2>&1 &
srv=$!
for _ in $(seq 50); do
	python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/tides.xml')" 2>/dev/null && break
	sleep 0.1
done

export XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data"
mkdir -p "$XDG_CONFIG_HOME/herald"
# No refresh on start: the pictures show the library, not a progress line.
printf 'refresh_on_start = false\n' >"$XDG_CONFIG_HOME/herald/config.toml"
: >"$XDG_CONFIG_HOME/herald/feeds"
for f in harbour lights tides; do
	"$work/herald" add --offline "http://127.0.0.1:$port/$f.xml" >/dev/null
done
"$work/herald" fetch >/dev/null

# wait_for TEXT: poll the screen until TEXT is on it.
wait_for() {
	local deadline=$((SECONDS + 15))
	until tmux -L "$sock" capture-pane -p -t shot | grep -qF "$1"; do
		if ((SECONDS > deadline)); then
			echo "\"$1\" never appeared; the screen:" >&2
			tmux -L "$sock" capture-pane -p -t shot >&2
			exit 1
		fi
		sleep 0.1
	done
}
keys() {
	local k
	for k in "$@"; do
		tmux -L "$sock" send-keys -t shot "$k"
		sleep 0.15
	done
}

# shot NAME TITLE: the screen as it is now, to $OUT/NAME.png.
shot() {
	local name=$1 title=$2
	sleep 0.5 # the last frame settles
	tmux -L "$sock" capture-pane -e -p -t shot >"$work/$name.ansi"
	{
		cat <<EOF
<!doctype html><html><head><meta charset="utf-8"><title>$title</title><style>
/* A dark terminal's palette for the 16 ANSI colours herald's chrome uses. */
html, body { margin: 0; background: #1e2127; }
pre { margin: 0; padding: 14px 16px; color: #dcdfe4; background: #1e2127;
      font: 15px/17.5px "DejaVu Sans Mono", monospace; }
.highlighted { filter: none; }
.dimgray, .highlighted.dimgray { color: #7f848e; }
.red { color: #e06c75; } .highlighted.red { color: #ff7b86; }
.green { color: #98c379; } .highlighted.green { color: #a9dc76; }
.yellow { color: #e5c07b; } .highlighted.yellow { color: #ffd580; }
.blue { color: #61afef; } .highlighted.blue { color: #7cc4ff; }
.purple { color: #c678dd; } .highlighted.purple { color: #de8ef5; }
.cyan { color: #56b6c2; } .highlighted.cyan { color: #6fd6e3; }
.white, .reset { color: #dcdfe4; } .highlighted.white { color: #ffffff; }
.bold { font-weight: bold; } .italic { font-style: italic; } .underline { text-decoration: underline; }
</style></head><body><pre>
EOF
		aha --no-header --stylesheet <"$work/$name.ansi"
		echo '</pre></body></html>'
	} >"$work/$name.html"
	# 15px DejaVu Sans Mono is 9.03px a cell, and 17.5px a line joins the
	# box-drawing borders; the window fits the screen.
	local w=$((COLS * 903 / 100 + 34)) h=$((ROWS * 175 / 10 + 28))
	chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
		--disable-component-update --disable-sync --hide-scrollbars --user-data-dir="$work/chromium" \
		--force-device-scale-factor=2 --window-size="$w,$h" --screenshot="$work/$name.png" \
		"file://$work/$name.html" >/dev/null 2>&1
	mkdir -p "$OUT"
	cp "$work/$name.png" "$OUT/$name.png"
	echo "wrote $OUT/$name.png" >&2
}

tmux -L "$sock" new-session -d -x "$COLS" -y "$ROWS" -s shot \
	"env TERM=xterm-256color COLORTERM=truecolor NO_COLOR= '$work/herald' --style dark"
wait_for "Harbour wall repairs"

# The library: star one article, read another, leave the cursor on a row.
keys j j s j m k
shot library "herald: the library"

# The reader on the bundled seed article, at its third section.
keys / R a t c l i f f e Enter Enter
wait_for "Dallas Living ·"
keys 3
shot reader "herald: the reader"
