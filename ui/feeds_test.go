package ui

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/herald-reader/herald/articles"
)

// taggedFeeds are the feeds of libArticles, tagged, and two more.
func taggedFeeds() []articles.Feed {
	return []articles.Feed{
		{URL: "https://go.dev/feed", Title: "The Go Blog", Tags: []string{"dev"}, Status: "ok", LastFetch: appNow.Add(-3 * time.Hour), Articles: 2, Unread: 2},
		{URL: "https://lwn.net/rss", Title: "LWN", Tags: []string{"dev", "news"}, Status: "ok", LastFetch: appNow.Add(-time.Hour), Articles: 2, Unread: 1},
		{URL: "https://dead.example/rss", Title: "Dead feed", Status: "error", Error: "404 Not Found"},
		{URL: "https://new.example/rss", Title: "Never fetched", Status: "never fetched"},
	}
}

// feedRows is the feeds view's rows as the user reads them, the cursor's
// marked with ">".
func feedRows(f feedsView) []string {
	var out []string
	for i, r := range f.rows {
		mark := " "
		if i == f.cursor {
			mark = ">"
		}
		if r.feed < 0 {
			out = append(out, mark+"["+f.groups[r.group].name+"]")
		} else {
			out = append(out, mark+f.list[r.feed].Title)
		}
	}
	return out
}

func openFeeds(t *testing.T, feeds []articles.Feed) *appHarness {
	t.Helper()
	h := newAppHarness(t, libArticles(), withFeeds(func(context.Context) ([]articles.Feed, error) { return feeds, nil }))
	h.settle(keyMsg("F"))
	if h.m.screen != screenFeeds {
		t.Fatal("F did not open the feeds view")
	}
	return h
}

func TestFeedsViewGroupsByTag(t *testing.T) {
	t.Parallel()
	h := openFeeds(t, taggedFeeds())
	want := []string{">[dev]", " LWN", " The Go Blog", " [news]", " LWN", " [untagged]", " Dead feed", " Never fetched"}
	if got := feedRows(h.m.feeds); !slices.Equal(got, want) {
		t.Fatalf("rows %q, want %q", got, want)
	}
	v := ansi.Strip(h.m.View())
	for _, s := range []string{"▾ dev", "3 unread · 4  2 feeds", "2 unread · 2", "ok · 3h ago", "✗ Dead feed", "404 Not Found", "never fetched", "4 feeds · 1 failing"} {
		if !strings.Contains(v, s) {
			t.Errorf("feeds view lacks %q:\n%s", s, v)
		}
	}
	// Folding: h on a feed folds its group and goes to its heading.
	h.settleKeys("j", "h")
	if got := feedRows(h.m.feeds); !slices.Equal(got, []string{">[dev]", " [news]", " LWN", " [untagged]", " Dead feed", " Never fetched"}) {
		t.Fatalf("after h: %q", got)
	}
	if !strings.Contains(h.m.View(), "▸ dev") {
		t.Errorf("a folded group is not marked ▸:\n%s", h.m.View())
	}
	h.settleKeys("l")
	if got := feedRows(h.m.feeds); len(got) != 8 || got[0] != ">[dev]" {
		t.Fatalf("after l: %q", got)
	}
}

func TestFeedsViewWithoutTagsIsOneList(t *testing.T) {
	t.Parallel()
	feeds := taggedFeeds()
	for i := range feeds {
		feeds[i].Tags = nil
	}
	h := openFeeds(t, feeds)
	// Failing first, then by title; no headings.
	if got := feedRows(h.m.feeds); !slices.Equal(got, []string{">Dead feed", " LWN", " Never fetched", " The Go Blog"}) {
		t.Fatalf("rows %q", got)
	}
	if v := h.m.View(); !strings.Contains(v, "https://dead.example/rss · 404 Not Found") {
		t.Errorf("the selected feed's address and error are not shown:\n%s", v)
	}
}

func TestFeedsViewEnterOpensTheFeedAndEscComesBack(t *testing.T) {
	t.Parallel()
	h := openFeeds(t, taggedFeeds())
	h.settleKeys("j", "j") // The Go Blog, under dev
	h.settle(keyMsg("enter"))
	if h.m.screen != screenLibrary {
		t.Fatal("enter on a feed did not open the library")
	}
	if got := visibleIDs(h.m.library); !slices.Equal(got, []string{"a1", "a3"}) {
		t.Errorf("the library shows %v, want The Go Blog's a1 and a3", got)
	}
	header := strings.SplitN(ansi.Strip(h.m.View()), "\n", 2)[0]
	if !strings.HasSuffix(strings.TrimSpace(header), "The Go Blog · all") || !strings.Contains(header, "2 of 4 articles") {
		t.Errorf("header %q does not name the feed and count its articles", header)
	}
	// f still cycles the views, inside the feed.
	h.settleKeys("f")
	if got := visibleIDs(h.m.library); !slices.Equal(got, []string{"a1", "a3"}) {
		t.Errorf("unread in the feed: %v", got)
	}
	h.settleKeys("f", "f", "f") // back to all
	h.settle(keyMsg("esc"))
	if h.m.screen != screenFeeds || feedRows(h.m.feeds)[2] != ">The Go Blog" {
		t.Fatalf("esc did not come back to the same row: screen %v rows %q", h.m.screen, feedRows(h.m.feeds))
	}
	// And esc again is the library, showing everything.
	h.settle(keyMsg("esc"))
	if h.m.screen != screenLibrary || len(h.m.library.visible) != 4 {
		t.Errorf("esc from the feeds view: screen %v, %d articles", h.m.screen, len(h.m.library.visible))
	}
}

func TestFeedsViewEnterOnATagOpensAllItsFeeds(t *testing.T) {
	t.Parallel()
	h := openFeeds(t, taggedFeeds())
	h.settle(keyMsg("enter")) // [dev]: The Go Blog and LWN
	if got := visibleIDs(h.m.library); !slices.Equal(got, []string{"a1", "a2", "a3", "a4"}) {
		t.Errorf("tag dev shows %v", got)
	}
	if header := strings.SplitN(ansi.Strip(h.m.View()), "\n", 2)[0]; !strings.Contains(header, "tag: dev") {
		t.Errorf("header %q does not name the tag", header)
	}
	h.settle(keyMsg("esc"))
	h.settleKeys("j", "j", "j", "enter") // [news]: LWN only
	if got := visibleIDs(h.m.library); !slices.Equal(got, []string{"a2", "a4"}) {
		t.Errorf("tag news shows %v", got)
	}
	h.settle(keyMsg("esc"))
	h.settleKeys("G", "k", "k", "enter") // [untagged]: no articles here
	if v := h.m.View(); !strings.Contains(v, "nothing here") {
		t.Errorf("an empty tag:\n%s", v)
	}
}

func TestFeedsViewFilter(t *testing.T) {
	t.Parallel()
	var feeds []articles.Feed
	for i := range 300 {
		feeds = append(feeds, articles.Feed{URL: fmt.Sprintf("https://site%d.example/feed", i), Title: fmt.Sprintf("Site %03d", i), Status: "ok"})
	}
	feeds = append(feeds, taggedFeeds()...)
	h := openFeeds(t, feeds)
	// The last feed of a few hundred, in a few keys: by title...
	h.settleKeys("/", "2", "9", "9")
	if got := feedRows(h.m.feeds); !slices.Equal(got, []string{" [untagged]", ">Site 299"}) {
		t.Fatalf("filter 299: %q", got)
	}
	if !strings.Contains(h.m.View(), "/ 299█") {
		t.Errorf("the filter line is not shown:\n%s", h.m.View())
	}
	h.settleKeys("enter", "enter")
	if h.m.screen != screenLibrary || h.m.library.scope.label != "Site 299" {
		t.Fatalf("enter, enter: screen %v scope %q", h.m.screen, h.m.library.scope.label)
	}
	// ...or by address, in any case.
	h.settle(keyMsg("esc"))
	h.settle(keyMsg("esc")) // clears the kept filter
	if h.m.screen != screenFeeds || h.m.feeds.filter != "" {
		t.Fatalf("esc in the feeds view with a filter: screen %v filter %q", h.m.screen, h.m.feeds.filter)
	}
	h.settleKeys("/", "L", "W", "N", ".", "N", "E", "T")
	if got := feedRows(h.m.feeds); !slices.Equal(got, []string{" [dev]", ">LWN", " [news]", " LWN"}) {
		t.Fatalf("filter by address: %q", got)
	}
	// Typing owns q and ?; esc clears.
	h.settleKeys("q", "?")
	if h.m.screen != screenFeeds || h.m.showHelp || h.m.feeds.filter != "LWN.NETq?" {
		t.Fatalf("typing q and ?: screen %v help %v filter %q", h.m.screen, h.m.showHelp, h.m.feeds.filter)
	}
	if v := h.m.View(); !strings.Contains(v, "no feed's title or address holds") {
		t.Errorf("no match is not explained:\n%s", v)
	}
	h.settle(keyMsg("esc"))
	if h.m.feeds.filter != "" || len(h.m.feeds.rows) < 300 {
		t.Errorf("esc did not clear the filter: %q, %d rows", h.m.feeds.filter, len(h.m.feeds.rows))
	}
}

func TestFeedsViewKeepsItsRowAcrossReloads(t *testing.T) {
	t.Parallel()
	h := openFeeds(t, taggedFeeds())
	h.settleKeys("G") // Never fetched
	h.settleKeys("esc", "F")
	if got := feedRows(h.m.feeds); got[len(got)-1] != ">Never fetched" {
		t.Errorf("after a reload the cursor moved: %q", got)
	}
}

func TestNaturalCompare(t *testing.T) {
	got := []string{"feed 10", "feed 9", "feed 100", "feed 09b", "alpha", "feed 9a", "Feed"}
	slices.SortFunc(got, naturalCompare)
	if want := []string{"Feed", "alpha", "feed 9", "feed 9a", "feed 09b", "feed 10", "feed 100"}; !slices.Equal(got, want) {
		t.Errorf("sorted %q, want %q", got, want)
	}
}

// mixedFeeds are feeds whose rows differ in every way a row can: status
// texts of every length, a long error, counts of one to four digits, and
// names that are wide (CJK, emoji) or too long for a narrow terminal.
func mixedFeeds() []articles.Feed {
	return []articles.Feed{
		{URL: "https://go.dev/feed", Title: "The Go Blog", Tags: []string{"dev"}, Status: "ok", LastFetch: appNow.Add(-3 * time.Hour), Articles: 2, Unread: 2},
		{URL: "http://127.0.0.1:8741/shift-jis-from-header.xml", Title: "Shift JIS", Tags: []string{"dev"}, Status: "recovered", Error: "some bytes were not valid UTF-8 and were replaced with U+FFFD", LastFetch: appNow, Articles: 120, Unread: 12},
		{URL: "http://127.0.0.1:8741/missing.xml", Title: "Gone", Status: "error", Error: "HTTP 404 Not Found"},
		{URL: "http://127.0.0.1:8741/truncated.xml", Title: "Cut short", Status: "error", Error: "malformed XML at line 4: the document ends before the feed does, so nothing after its third item could be read"},
		{URL: "https://quiet.example/rss", Title: "Quiet", Status: "not modified", LastFetch: appNow.Add(-50 * time.Hour), Articles: 1534},
		{URL: "https://kanji.example/rss", Title: "漢字のニュース速報", Status: "ok", LastFetch: appNow.Add(-time.Hour), Articles: 7, Unread: 7},
		{URL: "https://emoji.example/rss", Title: "Emoji 👍🏽 feed 🇫🇷 ❤️", Status: "ok", LastFetch: appNow.Add(-time.Hour), Articles: 3, Unread: 1},
		{URL: "https://long.example/rss", Title: "A feed whose name is far too long to fit beside its counts", Status: "ok", LastFetch: appNow.Add(-time.Hour), Articles: 9},
		{URL: "https://new.example/rss", Title: "Never fetched", Status: "never fetched"},
	}
}

// gridCol is the column, from 0, where word (one cell a rune) starts in
// row y of g at or after column from, or -1: the columns are the
// terminal's own, a wide character's second cell empty.
func gridCol(g *termGrid, y, from int, word string) int {
	row, glyphs := g.cells[y], []rune(word)
next:
	for x := max(from, 0); x+len(glyphs) <= len(row); x++ {
		for i, r := range glyphs {
			if row[x+i] != string(r) {
				continue next
			}
		}
		return x
	}
	return -1
}

// TestFeedsViewColumnsLineUp: in every kind of terminal and at every size,
// each row's counts end at the same column and each status starts at the
// same column, whatever the status says and however wide the name is.
func TestFeedsViewColumnsLineUp(t *testing.T) {
	t.Parallel()
	for _, size := range [][2]int{{100, 30}, {80, 24}, {40, 10}, {200, 50}} {
		w, h := size[0], size[1]
		t.Run(fmt.Sprintf("%dx%d", w, h), func(t *testing.T) {
			t.Parallel()
			hs := openFeeds(t, mixedFeeds())
			hs.resize(w, h)
			view := hs.m.View()
			checkFrame(t, "feeds", view, w, h, nil)
			for _, k := range terminalKinds {
				g := newTermGrid(k, w, h)
				g.drawFrame(t, view)
				unreadAt, statusAt, rows := -1, -1, 0
				for y := range h {
					x := gridCol(g, y, 0, " unread · ")
					if x < 0 {
						continue
					}
					rows++
					if unreadAt >= 0 && x != unreadAt {
						t.Errorf("%s terminal at %dx%d: row %d's counts are at column %d, the row above's at %d:\n%s", k, w, h, y, x, unreadAt, strings.Join(screenRows(g), "\n"))
					}
					unreadAt = x
					// The status starts after the total and the gap.
					sx := x + len([]rune(" unread · "))
					for _, skip := range []string{" ", "0123456789", " "} {
						for sx < w && g.cells[y][sx] != "" && strings.Contains(skip, g.cells[y][sx]) {
							sx++
						}
					}
					if sx < w {
						if statusAt >= 0 && sx != statusAt {
							t.Errorf("%s terminal at %dx%d: row %d's status is at column %d, another's at %d:\n%s", k, w, h, y, sx, statusAt, strings.Join(screenRows(g), "\n"))
						}
						statusAt = sx
					}
				}
				if want := min(len(hs.m.feeds.rows), hs.m.feeds.bodyHeight()); rows != want {
					t.Errorf("%s terminal at %dx%d: %d rows have counts, want %d:\n%s", k, w, h, rows, want, strings.Join(screenRows(g), "\n"))
				}
				if w >= 80 && statusAt < 0 {
					t.Errorf("%s terminal at %dx%d: no status shown:\n%s", k, w, h, strings.Join(screenRows(g), "\n"))
				}
			}
			// The long name, scrolled to: whole where there is room, else cut.
			hs.settleKeys("G")
			var row string
			for _, l := range strings.Split(ansi.Strip(hs.m.View()), "\n") {
				if strings.Contains(l, "A feed whose") {
					row = l
				}
			}
			const long = "A feed whose name is far too long to fit beside its counts"
			switch {
			case row == "":
				t.Errorf("at %dx%d the long name is not on screen:\n%s", w, h, hs.m.View())
			case w >= 200 && !strings.Contains(row, long+" "):
				t.Errorf("at %dx%d a name that fits is cut: %q", w, h, row)
			case w < 200 && (strings.Contains(row, long) || !strings.Contains(row, "… ")):
				t.Errorf("at %dx%d a name too long for its column is not cut with …: %q", w, h, row)
			}
		})
	}
}

// screenRows is what g shows, row by row.
func screenRows(g *termGrid) []string {
	out := make([]string, g.h)
	for y := range g.h {
		out[y] = g.row(y)
	}
	return out
}

// detailText is the selected feed's details as one line of text, however
// many lines they were drawn on.
func detailText(t *testing.T, m Model) string {
	t.Helper()
	lines := strings.Split(ansi.Strip(m.View()), "\n")
	// The help line and the status line are last; the details are the
	// lines above them, after the header, the filter line and the list.
	n := m.c.height - 4 - m.feeds.bodyHeight()
	end := len(lines) - 2
	var parts []string
	for _, l := range lines[end-n : end] {
		parts = append(parts, strings.TrimSpace(l))
	}
	return strings.Join(parts, " ")
}

// selectedInSight: a line on screen has the cursor and the feed's name.
func selectedInSight(m Model, name string) bool {
	for _, l := range strings.Split(ansi.Strip(m.View()), "\n") {
		if strings.HasPrefix(l, "▸") && strings.Contains(l, name) {
			return true
		}
	}
	return false
}

// TestFeedsViewShowsTheWholeError: the selected feed's address and its
// whole error are at the bottom, wrapped onto the lines they need, and
// the list gives up rows for them but keeps the selected row in sight.
func TestFeedsViewShowsTheWholeError(t *testing.T) {
	t.Parallel()
	feeds := mixedFeeds()
	long, recovered := feeds[3], feeds[1]
	for _, size := range [][2]int{{100, 30}, {80, 24}} {
		w, h := size[0], size[1]
		t.Run(fmt.Sprintf("%dx%d", w, h), func(t *testing.T) {
			t.Parallel()
			hs := openFeeds(t, feeds)
			hs.resize(w, h)
			// [dev] Shift JIS, The Go Blog, [untagged] Cut short, Gone, ...
			hs.settleKeys("j")
			if got, want := detailText(t, hs.m), recovered.URL+" · recovered: "+recovered.Error; !strings.Contains(got, want) {
				t.Errorf("details %q, want %q", got, want)
			}
			hs.settleKeys("j", "j", "j")
			if got := feedRows(hs.m.feeds)[hs.m.feeds.cursor]; got != ">Cut short" {
				t.Fatalf("the cursor is on %q", got)
			}
			if got, want := detailText(t, hs.m), long.URL+" · "+long.Error; !strings.Contains(got, want) {
				t.Errorf("details %q, want %q", got, want)
			}
			if !selectedInSight(hs.m, "Cut short") {
				t.Errorf("the selected row is not in sight:\n%s", hs.m.View())
			}
			checkFrame(t, "feeds", hs.m.View(), w, h, nil)
		})
	}
	// At the smallest size the details take what room there is, end in …,
	// and the selected row stays in sight.
	hs := openFeeds(t, feeds)
	hs.resize(40, 10)
	hs.settleKeys("j", "j", "j", "j")
	got := detailText(t, hs.m)
	if !strings.HasPrefix(got, long.URL+" · malformed XML") || !strings.HasSuffix(got, "…") {
		t.Errorf("details at 40x10: %q", got)
	}
	if !selectedInSight(hs.m, "Cut short") {
		t.Errorf("the selected row is not in sight at 40x10:\n%s", hs.m.View())
	}
	checkFrame(t, "feeds", hs.m.View(), 40, 10, nil)
}

// The feeds view's counts are asked for again when esc brings it back
// from a feed's articles: it showed "2 unread" after both were read.
func TestFeedsViewCountsAgainAfterReading(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	unread := 2
	feeds := func(context.Context) ([]articles.Feed, error) {
		mu.Lock()
		defer mu.Unlock()
		list := taggedFeeds()
		list[0].Unread = unread
		return list, nil
	}
	h := newAppHarness(t, libArticles(), withFeeds(feeds))
	h.settle(keyMsg("F"))
	h.settleKeys("j", "j") // The Go Blog, under dev
	h.settle(keyMsg("enter"))
	mu.Lock()
	unread = 0 // read in the library
	mu.Unlock()
	h.settle(keyMsg("esc"))
	if h.m.screen != screenFeeds || feedRows(h.m.feeds)[2] != ">The Go Blog" {
		t.Fatalf("esc: screen %v rows %q", h.m.screen, feedRows(h.m.feeds))
	}
	v := ansi.Strip(h.m.View())
	if !strings.Contains(v, "1 unread · 4") || strings.Contains(v, "3 unread · 4") {
		t.Errorf("the dev tag's counts are stale:\n%s", v)
	}
}

// A failing feed with no articles opened from the feeds view said only
// "nothing here"; it says the feed's last fetch failed, and why.
func TestAFailingFeedWithNoArticlesSaysWhy(t *testing.T) {
	t.Parallel()
	h := openFeeds(t, taggedFeeds())
	for feedRows(h.m.feeds)[h.m.feeds.cursor] != ">Dead feed" {
		h.settleKeys("j")
	}
	h.settle(keyMsg("enter"))
	if v := ansi.Strip(h.m.View()); !strings.Contains(v, "no articles from this feed: its last fetch failed: 404 Not Found") {
		t.Errorf("the empty feed:\n%s", v)
	}
}
