package app

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/herald-reader/herald/articles"
	"github.com/herald-reader/herald/config"
	"github.com/herald-reader/herald/store"
)

func TestParseQuery(t *testing.T) {
	for _, tc := range []struct{ in, fts string }{
		{`fox`, `"fox"`},
		{`quick fox`, `("quick" AND "fox")`},
		{`"quick brown" fox`, `("quick brown" AND "fox")`},
		{`prog*`, `"prog"*`},
		{`"brown fo"*`, `"brown fo"*`},
		{`cats OR dogs birds`, `("cats" OR ("dogs" AND "birds"))`},
		{`cats NOT dogs`, `("cats" NOT "dogs")`},
		{`a AND (b OR c)`, `("a" AND (("b" OR "c")))`},
		{`title:volcano ash`, `(title : "volcano" AND "ash")`},
		{`Title: volcano`, `title : "volcano"`},
		{`covid-19`, `"covid-19"`},
		{`don't`, `"don't"`},
		{`http://example.com/a`, `"http://example.com/a"`},
		{`say "a ""quoted"" word"`, `("say" AND "a ""quoted"" word")`},
		{`cats — dogs`, `("cats" AND "dogs")`},
		{`cats OR !!!`, `"cats"`},
		{`東京`, `"東京"`},
		{`or and not`, `(("or" AND "and") AND "not")`},
	} {
		q, err := parseQuery(tc.in)
		if err != nil {
			t.Errorf("%q: %v", tc.in, err)
			continue
		}
		if q.fts != tc.fts {
			t.Errorf("%q read as %s, want %s", tc.in, q.fts, tc.fts)
		}
	}
}

func TestParseQueryErrorsInWords(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`"open`, `a " is not closed`},
		{`(fox`, `a "(" is not closed`},
		{`(`, `a "(" is not closed`},
		{`fox)`, `a ")" has no "(" before it`},
		{`fox AND`, `"AND" needs something to search for on both sides`},
		{`OR fox`, `"OR" needs something to search for on both sides`},
		{`fox OR OR dog`, `"OR" needs something to search for on both sides`},
		{`NOT fox`, `"NOT" needs something before it`},
		{`()`, `"()" holds nothing to search for`},
		{`title:`, `"title:" needs a word after it`},
		{`*`, `"*" goes at the end of a word`},
		{`!!! ...`, `no letters or digits`},
		{``, `no letters or digits`},
	} {
		_, err := parseQuery(tc.in)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: %v, want %q", tc.in, err, tc.want)
		}
	}
}

func marked(s articles.Snippet) string {
	var b strings.Builder
	pos := 0
	for _, m := range s.Marks {
		b.WriteString(s.Text[pos:m.Start] + "[" + s.Text[m.Start:m.End] + "]")
		pos = m.End
	}
	return b.String() + s.Text[pos:]
}

func TestSnippetQuotesTheBestPlace(t *testing.T) {
	text := "Intro words here.\n\nThe lighthouse keeper counted herons every morning.  " +
		strings.Repeat("filler ", 30) + "Herons and lighthouse together at last, with the keeper."
	q, _ := parseQuery(`heron* keeper "lighthouse keeper"`)
	got := marked(snippet(text, q.terms))
	want := "… words here. The [lighthouse keeper] counted [herons] every morning. filler filler filler filler filler filler filler …"
	if got != want {
		t.Errorf("snippet\n got %q\nwant %q", got, want)
	}
	// Matched elsewhere (the title): the start of the text.
	q, _ = parseQuery(`nothing`)
	if got := marked(snippet("One two\tthree", q.terms)); got != "One two three" {
		t.Errorf("snippet without a match: %q", got)
	}
	// Unspaced scripts, and text that must be made safe.
	q, _ = parseQuery(`東京`)
	if got := marked(snippet("今日は東京\x1b[31mへ", q.terms)); got != "今日は[東京]へ" {
		t.Errorf("CJK snippet %q", got)
	}
	// Words after NOT are not marked.
	q, _ = parseQuery(`cats NOT dogs`)
	if got := marked(snippet("cats and dogs", q.terms)); got != "[cats] and dogs" {
		t.Errorf("NOT snippet %q", got)
	}
}

func TestSearchUseCase(t *testing.T) {
	cfg, st := refreshFixture(t)
	a := &App{cfg: cfg, st: st}
	ctx := context.Background()
	day := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	if _, err := st.SaveItems(ctx, store.Fetched{Feed: "https://a.example/feed", Title: "Alpha News", Items: []articles.Article{
		{ID: "1", Title: "Volcano erupts", Published: day, Body: "<p>Ash fell on the town.</p>"},
		{ID: "2", Title: "Weather", Published: day.Add(time.Hour), Body: "<p>Rain, then a volcano.</p>"},
	}}); err != nil {
		t.Fatal(err)
	}
	hits, err := a.SearchWith(ctx, "volcano", SearchOptions{})
	if err != nil || len(hits) != 2 {
		t.Fatalf("%v %+v", err, hits)
	}
	if hits[0].Article.Title != "Volcano erupts" || marked(hits[1].Snippet) != "Rain, then a [volcano]." || marked(hits[0].Snippet) != "Ash fell on the town." {
		t.Errorf("hits %q (%q), %q", hits[0].Article.Title, marked(hits[0].Snippet), marked(hits[1].Snippet))
	}
	if hits, err := a.SearchWith(ctx, "volcano", SearchOptions{Feed: "alpha news", Limit: 1}); err != nil || len(hits) != 1 {
		t.Errorf("by feed title: %v %d", err, len(hits))
	}
	if _, err := a.SearchWith(ctx, "volcano", SearchOptions{Feed: "nope"}); err == nil || !strings.Contains(err.Error(), "no feed") {
		t.Errorf("unknown feed: %v", err)
	}
	if _, err := a.SearchWith(ctx, `"volcano`, SearchOptions{}); err == nil || strings.Contains(err.Error(), "SQL") {
		t.Errorf("bad query: %v", err)
	}
	if hits, err := a.Search(ctx, "nothinglikethis", 10); err != nil || len(hits) != 0 {
		t.Errorf("no match: %v %v", err, hits)
	}
}

func TestLibraryFeedsCarryTagsAndNewSinceTheLastVisit(t *testing.T) {
	dir := t.TempDir()
	cfg := config.Defaults()
	cfg.File = filepath.Join(dir, "config.toml")
	cfg.DBPath = filepath.Join(dir, "herald.db")
	if err := os.WriteFile(config.FeedListPath(cfg), []byte("https://a.example/feed news tech\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	save := func(id string) {
		st, err := store.Open(cfg.DBPath)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		if _, err := st.SaveItems(context.Background(), store.Fetched{Feed: "https://a.example/feed", Items: []articles.Article{{ID: id, Title: id, Body: "x"}}}); err != nil {
			t.Fatal(err)
		}
	}
	open := func() (*App, map[string]bool) {
		a, err := OpenLibrary(cfg, "test")
		if err != nil || a.Problem() != "" {
			t.Fatal(err, a.Problem())
		}
		list, err := a.List(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		isNew := map[string]bool{}
		for _, art := range list {
			if art.FeedURL != "" {
				isNew[art.Title] = art.New
			}
		}
		return a, isNew
	}
	save("before")
	a, isNew := open()
	if !isNew["before"] {
		t.Errorf("first visit: %v, want everything new", isNew)
	}
	feeds, err := a.Feeds(context.Background())
	if err != nil || len(feeds) != 1 || !slices.Equal(feeds[0].Tags, []string{"news", "tech"}) {
		t.Errorf("feeds %+v, %v: want the feed list's tags", feeds, err)
	}
	a.Close() // the visit is recorded by now
	save("between")
	a, isNew = open()
	defer a.Close()
	if isNew["before"] || !isNew["between"] {
		t.Errorf("second visit: %v, want only what arrived between the visits", isNew)
	}
}
