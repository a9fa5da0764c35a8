package cli

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/herald-reader/herald/articles"
	"github.com/herald-reader/herald/store"
)

func TestSearch(t *testing.T) {
	site := newFeedSite(t)
	ta := newTestApp(t)
	writeFeedList(t, ta, site.URL+"/good.xml", site.URL+`/other.xml "~Lights"`)
	ta.runOK(t, "fetch")

	// Words only in the bodies ("Body of <title>."), best match first.
	out := ta.runOK(t, "search", "body", "harbour")
	if strings.Count(out, "\n") != 1 || !strings.Contains(out, "●  2026-01-19  Good Feed  Harbour news  —  Body of Harbour news.") {
		t.Errorf("search body harbour:\n%s", out)
	}
	got := ta.jsonArray(t, "search", "body", "--json")
	if len(got) != 4 {
		t.Fatalf("search body --json: %d hits, want 4", len(got))
	}
	keys := []string{}
	for k := range got[0] {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	if want := []string{"feed", "id", "published", "rank", "read", "snippet", "starred", "title", "url"}; !slices.Equal(keys, want) {
		t.Errorf("search --json keys %q, want %q", keys, want)
	}
	if got := ta.jsonArray(t, "search", "body", "--json", "--feed", "lights"); len(got) != 1 || got[0]["title"] != "Lighthouse restored" {
		t.Errorf("--feed lights: %v", got)
	}
	if got := ta.jsonArray(t, "search", "body", "--json", "--limit", "2"); len(got) != 2 {
		t.Errorf("--limit 2: %d hits", len(got))
	}
	if got := ta.jsonArray(t, "search", "body", "--json", "--starred"); len(got) != 0 {
		t.Errorf("--starred: %v", got)
	}

	if got := ta.jsonArray(t, "search", `"tide tables" OR lighthouse`, "--json"); len(got) != 2 {
		t.Errorf("a phrase OR a word: %v", got)
	}

	// No match: nothing, exit 0. A bad query: one line, exit 1.
	if out := ta.runOK(t, "search", "zebra"); out != "" {
		t.Errorf("no match printed %q", out)
	}
	ta.runFail(t, `a " is not closed`, "search", `"tide`)
	ta.runFail(t, `"OR" needs something`, "search", "tide", "OR")
	ta.runFail(t, "search needs something to look for", "search", "  ")
	ta.runFail(t, "--limit must be at least 1", "search", "tide", "--limit", "0")

	// On a terminal the matches are bold.
	ta.terminal = true
	if out := ta.runOK(t, "search", "lighthouse"); !strings.Contains(out, "\x1b[1mLighthouse\x1b[0m") {
		t.Errorf("no bold match on a terminal: %q", out)
	}
	ta.env["NO_COLOR"] = "1"
	if out := ta.runOK(t, "search", "lighthouse"); strings.Contains(out, "\x1b") {
		t.Errorf("escapes under NO_COLOR: %q", out)
	}
}

func TestSearchAfterFetchTakesInWhatWasSaved(t *testing.T) {
	ta := newTestApp(t)
	writeFeedList(t, ta, "# none")
	db := filepath.Join(ta.env["XDG_DATA_HOME"], "herald", "herald.db")
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	var items []articles.Article
	for i := range 600 {
		items = append(items, articles.Article{ID: string(rune('a'+i%26)) + strings.Repeat("x", i/26), Title: "T", Published: time.Now(), Body: "needle in text"})
	}
	if _, err := st.SaveItems(t.Context(), store.Fetched{Feed: "https://a.example/f", Items: items}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	// Saved as herald fetch saves, not yet indexed: search takes it in,
	// saying so on stderr if that takes more than a second (a slow
	// machine, -race).
	ta.out.Reset()
	ta.errOut.Reset()
	if code := ta.run("search", "needle", "--json", "--limit", "1000"); code != 0 {
		t.Fatalf("exit %d: %s", code, ta.errOut.String())
	}
	if e := ta.errOut.String(); e != "" && !strings.Contains(e, "indexed 600 articles for search") {
		t.Errorf("stderr %q", e)
	}
	if n := strings.Count(ta.out.String(), `"id"`); n != 600 {
		t.Errorf("found %d of 600", n)
	}
}
