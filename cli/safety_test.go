package cli

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/herald-reader/herald/app"
	"github.com/herald-reader/herald/articles"
	"github.com/herald-reader/herald/store"
)

// cachePath is where ta's herald keeps its cache.
func (ta *testApp) cachePath() string {
	return filepath.Join(ta.env["XDG_DATA_HOME"], "herald", "herald.db")
}

// An item its feed gave no date used to be listed as published the day
// herald first saw it. It still sorts there, but says it is undated.
func TestUndatedArticlesSayTheyAreUndated(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Notes</title>
<item><guid>n1</guid><title>No date here</title></item>
<item><guid>n2</guid><title>Dated</title><pubDate>Tue, 20 Jan 2026 12:00:00 +0000</pubDate></item>
</channel></rss>`)
	}))
	defer srv.Close()
	ta := newTestApp(t)
	writeFeedList(t, ta, srv.URL+"/notes.xml")
	before := time.Now().Add(-time.Second)
	ta.runOK(t, "fetch")

	text := ta.runOK(t, "list")
	if !strings.Contains(text, "●  undated     Notes  No date here\n") || !strings.Contains(text, "●  2026-01-20  Notes  Dated\n") {
		t.Errorf("list:\n%s", text)
	}
	for _, a := range ta.jsonArray(t, "list", "--json") {
		seen, err := time.Parse(time.RFC3339, a["first_seen"].(string))
		if err != nil || seen.Before(before.Truncate(time.Second)) || seen.After(time.Now()) {
			t.Errorf("%v: first_seen %q (%v), want the time of the fetch", a["title"], a["first_seen"], err)
		}
		switch a["title"] {
		case "No date here":
			if a["published"] != "" {
				t.Errorf("the undated article is published %q, want \"\"", a["published"])
			}
		case "Dated":
			if a["published"] != "2026-01-20T12:00:00Z" {
				t.Errorf("the dated article is published %q", a["published"])
			}
		}
	}
}

// A fetch on a damaged cache used to print "fetched 1 feed: 0 new
// articles, 0 failed" and exit 1 with SQLite's "database disk image is
// malformed (11)". Now it prints the file and the remedy, and nothing else.
func TestFetchOnADamagedCacheNamesItAndTheRemedy(t *testing.T) {
	site := newFeedSite(t)
	ta := newTestApp(t)
	writeFeedList(t, ta, site.URL+"/good.xml")
	ta.runOK(t, "fetch")
	path := ta.cachePath()
	st, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	fi, _ := f.Stat()
	f.WriteAt([]byte(strings.Repeat("\xde\xad\xbe\xef", int(fi.Size()-4096)/4)), 4096)
	f.Close()

	for _, args := range [][]string{{"fetch"}, {"list"}, {"feeds"}} {
		out := ta.runFail(t, "the cache "+path+" is damaged", args...)
		if out != "" {
			t.Errorf("herald %s printed %q before the error", args[0], out)
		}
		for _, want := range []string{"move it aside", "herald starts a fresh cache", "keeping your config and feed list"} {
			if !strings.Contains(ta.errOut.String(), want) {
				t.Errorf("herald %s: %q does not say %q", args[0], ta.errOut.String(), want)
			}
		}
		if strings.Contains(ta.errOut.String(), "(11)") || strings.Contains(ta.errOut.String(), "malformed") {
			t.Errorf("herald %s shows SQLite's own words: %q", args[0], ta.errOut.String())
		}
	}
}

// --db /dev/null used to make /dev/null-journal (and fail with "disk I/O
// error (1034)"). A path that is not a regular file is refused in words.
func TestDBThatIsNotAFileIsRefused(t *testing.T) {
	ta := newTestApp(t)
	writeFeedList(t, ta, "# none")
	_, existed := os.Stat("/dev/null-journal")
	ta.runFail(t, "not a regular file", "--db", "/dev/null", "list")
	if n := strings.Count(ta.errOut.String(), "/dev/null"); n != 1 {
		t.Errorf("the error names /dev/null %d times, want once: %q", n, ta.errOut.String())
	}
	ta.runFail(t, "not a regular file", "--db", t.TempDir(), "list")
	if _, err := os.Stat("/dev/null-journal"); err == nil && existed != nil {
		os.Remove("/dev/null-journal")
		t.Error("herald made /dev/null-journal")
	}
}

// A feed the parser repaired shows as recovered, with what was wrong, in
// herald feeds and its JSON.
func TestFeedsShowARecoveredFeed(t *testing.T) {
	ta := newTestApp(t)
	u := "https://broken.example/feed.xml"
	writeFeedList(t, ta, u)
	st, err := store.Open(ta.cachePath())
	if err != nil {
		t.Fatal(err)
	}
	why := "the document ends before the feed does: kept 2 whole items"
	if _, err := st.SaveItems(context.Background(), store.Fetched{Feed: u, Title: "Broken", Recovered: why,
		Items: []articles.Article{{ID: "1", Title: "One"}, {ID: "2", Title: "Two"}}}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	text := ta.runOK(t, "feeds")
	if !strings.HasPrefix(text, "recovered     Broken  "+u+"  2 articles, 2 unread") || !strings.Contains(text, "\n              "+why+"\n") {
		t.Errorf("feeds:\n%s", text)
	}
	feeds := ta.jsonArray(t, "feeds", "--json")
	if len(feeds) != 1 || feeds[0]["status"] != "recovered" || feeds[0]["error"] != why || feeds[0]["articles"] != float64(2) {
		t.Errorf("feeds --json: %v", feeds)
	}
}

// Each feed's line says what happened to it, a recovered or removed feed
// too.
func TestFetchLines(t *testing.T) {
	for _, tc := range []struct {
		r    app.FeedReport
		want string
	}{
		{app.FeedReport{Title: "A", New: 2, Duration: time.Second}, "ok    A  2 new (1.0s)"},
		{app.FeedReport{Title: "A", New: 2, Duration: time.Second, Recovered: "an unclosed CDATA section"}, "fixed A  2 new (1.0s); recovered: an unclosed CDATA section"},
		{app.FeedReport{Title: "A", Removed: true}, "gone  A  removed while it was being fetched; nothing saved"},
		{app.FeedReport{URL: "https://x.example/f", Err: errors.New("too deep: more than 1000 nested elements")}, "FAIL  https://x.example/f  too deep: more than 1000 nested elements"},
	} {
		if got := fetchLine(tc.r); got != tc.want {
			t.Errorf("fetchLine = %q, want %q", got, tc.want)
		}
	}
}

// The summary counts a feed removed during the fetch: its "gone" line
// said so, but "fetched 3 feeds: ... 0 failed" left one of the three
// unaccounted for.
func TestFetchSummaryCountsFeedsRemovedMeanwhile(t *testing.T) {
	got := summaryText(app.Summary{Feeds: 3, New: 2, NotModified: 1, Removed: 1})
	if want := "3 feeds: 2 new articles, 1 not modified, 0 failed, 1 removed meanwhile"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// On a terminal a long failure wrapped where the terminal's edge fell,
// mid-word ("elemen" / "ts nested"); it wraps at spaces, its continuation
// indented past the status word. Piped, it stays one line for scripts.
func TestFetchLinesWrapAtWordsOnATerminal(t *testing.T) {
	line := "FAIL  Hostile  the feed was refused: it has elements nested more than 1,000 deep (at line 1), so herald did not read it"
	got := hangingWrap(line, 80, fetchIndent)
	lines := strings.Split(got, "\n")
	if len(lines) != 2 {
		t.Errorf("wrapped:\n%s", got)
	}
	for _, l := range lines {
		if len(l) > 80 {
			t.Errorf("a line %d wide: %q", len(l), l)
		}
	}
	if !strings.HasPrefix(lines[1], "      ") || strings.HasPrefix(lines[1], "       ") {
		t.Errorf("continuation not indented by 6: %q", lines[1])
	}
	if strings.Join(strings.Fields(got), " ") != strings.Join(strings.Fields(line), " ") {
		t.Errorf("words lost or broken:\n%s", got)
	}
	if hangingWrap(line, 0, fetchIndent) != line {
		t.Error("wrapped with no terminal width")
	}
}
