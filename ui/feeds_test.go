package ui

import (
	"context"
	"fmt"
	"slices"
	"strings"
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
	for _, s := range []string{"▾ dev", "2 feeds · 3 unread", "2 unread · 2", "ok · 3h ago", "✗ Dead feed", "404 Not Found", "never fetched", "4 feeds · 1 failing"} {
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
