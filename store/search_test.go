package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/herald-reader/herald/articles"
)

// found is the titles a search finds, best first.
func found(t testing.TB, s *Store, query string, f SearchFilter) []string {
	t.Helper()
	hits, err := s.Search(context.Background(), query, f)
	if err != nil {
		t.Fatalf("search %q: %v", query, err)
	}
	var out []string
	for _, h := range hits {
		out = append(out, h.Article.Title)
	}
	return out
}

func wantFound(t testing.TB, s *Store, query string, want ...string) {
	t.Helper()
	got := found(t, s, query, SearchFilter{})
	if !slices.Equal(got, want) {
		t.Errorf("search %q found %q, want %q", query, got, want)
	}
}

// wantFoundAny is wantFound in any order: for hits that rank the same.
func wantFoundAny(t testing.TB, s *Store, query string, want ...string) {
	t.Helper()
	got := found(t, s, query, SearchFilter{})
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("search %q found %q, want %q", query, got, want)
	}
}

// checkIndexExact fails unless the index has exactly one row per article:
// none left behind by a delete, none missing after a save.
func checkIndexExact(t testing.TB, s *Store) {
	t.Helper()
	if _, err := s.IndexPending(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	ids := func(q string) []int64 {
		rows, err := s.db.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				t.Fatal(err)
			}
			out = append(out, id)
		}
		return out
	}
	arts, indexed := ids(`SELECT id FROM articles ORDER BY id`), ids(`SELECT id FROM articles_fts_docsize ORDER BY id`)
	if !slices.Equal(arts, indexed) {
		t.Errorf("articles %v but the index holds %v", arts, indexed)
	}
	if _, err := s.db.Exec(`INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 0)`); err != nil {
		t.Errorf("index integrity: %v", err)
	}
}

func TestSearchFollowsEverySave(t *testing.T) {
	s := openTemp(t)
	save(t, s, feedA, 0,
		item("g1", "Tides of the north", day0, "The lighthouse keeper counted herons."),
		item("g2", "Bread at dawn", day0.Add(time.Hour), "Sourdough needs patience."))
	wantFound(t, s, "herons", "Tides of the north")
	wantFound(t, s, "sourdough", "Bread at dawn")
	checkIndexExact(t, s)

	// Seen again unchanged: still found once.
	save(t, s, feedA, 0,
		item("g1", "Tides of the north", day0, "The lighthouse keeper counted herons."))
	wantFound(t, s, "herons", "Tides of the north")

	// A changed body: the old words go, the new ones come.
	save(t, s, feedA, 0,
		item("g1", "Tides of the north", day0, "The lighthouse keeper counted cormorants."))
	wantFound(t, s, "herons")
	wantFound(t, s, "cormorants", "Tides of the north")

	// A changed title with the same body.
	save(t, s, feedA, 0,
		item("g1", "Tides of the far north", day0, "The lighthouse keeper counted cormorants."))
	wantFound(t, s, "far", "Tides of the far north")
	checkIndexExact(t, s)

	// A body saved unsplit, as herald fetch saves it: HTML, with a script.
	raw := item("g3", "Markup", day0.Add(2*time.Hour), "")
	raw.Sections, raw.Body = nil, `<p>Kelp <b>for</b>ests</p><script>var hidden = "zebra";</script><p>grow&nbsp;fast</p>`
	save(t, s, feedA, 0, raw)
	wantFound(t, s, "kelp", "Markup")
	wantFound(t, s, "zebra")
	wantFound(t, s, `"for ests"`)
	wantFound(t, s, "forests", "Markup")
	checkIndexExact(t, s)
}

func TestSearchFollowsRetentionAndRemove(t *testing.T) {
	s := openTemp(t)
	var items []articles.Article
	for i := range 5 {
		items = append(items, item(fmt.Sprint("g", i), fmt.Sprint("Story ", i), day0.Add(time.Duration(i)*time.Hour), fmt.Sprintf("word%d common", i)))
	}
	save(t, s, feedA, 0, items...)
	save(t, s, feedB, 0, item("b1", "Other feed", day0, "common ground"))
	star := byTitle(t, list(t, s, Filter{}), "Story 0")
	if err := s.SetStarred(context.Background(), star.ID, true); err != nil {
		t.Fatal(err)
	}
	// Retention keeps the two newest, the starred one, and this fetch.
	save(t, s, feedA, 2, item("g9", "Story 9", day0.Add(9*time.Hour), "word9 common"))
	wantFound(t, s, "word1")
	wantFound(t, s, "word0", "Story 0")
	wantFound(t, s, "word9", "Story 9")
	checkIndexExact(t, s)

	if err := s.RemoveFeed(context.Background(), feedA); err != nil {
		t.Fatal(err)
	}
	wantFound(t, s, "word9")
	wantFound(t, s, "word0", "Story 0") // starred: kept
	checkIndexExact(t, s)
	// Removing the feed with no starred article left deletes its row, and
	// the articles with it (ON DELETE CASCADE): the trigger follows that too.
	if _, err := s.db.Exec(`DELETE FROM feeds WHERE url = ?`, feedB); err != nil {
		t.Fatal(err)
	}
	wantFound(t, s, "ground")
	checkIndexExact(t, s)
}

// The index holds an article's full text beside its feed's, through every
// write that touches either, and drops it with the article.
func TestSearchFollowsFullTexts(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	save(t, s, feedA, 2,
		item("g1", "Tides", day0, "A short summary."),
		item("g2", "Other", day0.Add(time.Hour), "Nothing here."))
	id := byTitle(t, list(t, s, Filter{}), "Tides").ID
	wantFound(t, s, "lighthouse")

	page := func(text string) []articles.Section {
		return []articles.Section{{Title: "On the coast", Level: 2, Markdown: text}}
	}
	if err := s.SaveFullText(ctx, id, page("The **lighthouse** keeper counted herons."), "https://a.example/g1"); err != nil {
		t.Fatal(err)
	}
	wantFound(t, s, "lighthouse", "Tides")
	wantFound(t, s, "summary", "Tides") // the feed's text stays indexed
	wantFound(t, s, `"lighthouse keeper"`, "Tides")
	hits, err := s.Search(ctx, "herons", SearchFilter{})
	if err != nil || len(hits) != 1 || !strings.Contains(hits[0].Text, "lighthouse keeper counted herons") {
		t.Fatalf("the snippet's text does not hold the full text: %v %+v", err, hits)
	}
	checkIndexExact(t, s)

	// Fetched again: the page's old words go.
	if err := s.SaveFullText(ctx, id, page("Cormorants nest on the rocks."), "https://a.example/g1"); err != nil {
		t.Fatal(err)
	}
	wantFound(t, s, "herons")
	wantFound(t, s, "cormorants", "Tides")
	// A failed attempt keeps the full text fetched before.
	if err := s.SaveFullTextFailure(ctx, id, "the page answered 503"); err != nil {
		t.Fatal(err)
	}
	wantFound(t, s, "cormorants", "Tides")
	// The feed changes its text: the full text is still there.
	save(t, s, feedA, 2, item("g1", "Tides", day0, "A longer summary now."))
	wantFound(t, s, "longer", "Tides")
	wantFound(t, s, "cormorants", "Tides")
	checkIndexExact(t, s)

	// Retention removes the article and its full text; a late full text
	// for it is ErrNotFound and leaves nothing for the index to take in.
	save(t, s, feedA, 1, item("g3", "Newest", day0.Add(2*time.Hour), "x"))
	wantFound(t, s, "cormorants")
	if err := s.SaveFullText(ctx, id, page("Puffins."), "https://a.example/g1"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("a full text for a removed article: %v", err)
	}
	var pending int
	if err := s.db.QueryRow(`SELECT count(*) FROM search_pending`).Scan(&pending); err != nil || pending != 0 {
		t.Errorf("pending after a refused full text: %d, %v", pending, err)
	}
	wantFound(t, s, "puffins")
	checkIndexExact(t, s)
}

func TestSearchFollowsFeedNames(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	save(t, s, feedA, 0, item("g1", "One", day0, "alpha"))
	if got := found(t, s, "feed:feed", SearchFilter{}); len(got) != 1 {
		t.Fatalf("the feed's own title is not searchable: %q", got)
	}
	// The user's title from the feed list.
	if err := s.EnsureFeeds(ctx, []FeedEntry{{URL: feedA, Title: "Gazette"}}, time.Time{}); err != nil {
		t.Fatal(err)
	}
	wantFound(t, s, "feed:gazette", "One")
	wantFound(t, s, "feed:feed")
	// The feed renames itself: the user's title still wins.
	if _, err := s.SaveItems(ctx, Fetched{Feed: feedA, Title: "Courier", Items: []articles.Article{item("g2", "Two", day0, "beta")}}); err != nil {
		t.Fatal(err)
	}
	wantFoundAny(t, s, "feed:gazette", "Two", "One")
	// Without the user's title, the feed's new one is the name.
	if err := s.EnsureFeeds(ctx, []FeedEntry{{URL: feedA}}, time.Time{}); err != nil {
		t.Fatal(err)
	}
	wantFoundAny(t, s, "feed:courier", "Two", "One")
	if _, err := s.SaveItems(ctx, Fetched{Feed: feedA, Title: "Herald Tribune", Items: []articles.Article{item("g2", "Two", day0, "beta")}}); err != nil {
		t.Fatal(err)
	}
	wantFoundAny(t, s, "feed:tribune", "Two", "One")
	wantFound(t, s, "feed:courier")
	checkIndexExact(t, s)
}

func TestSearchSyntax(t *testing.T) {
	s := openTemp(t)
	save(t, s, feedA, 0,
		item("g1", "Quick brown", day0, "the quick brown fox jumps"),
		item("g2", "Brown quick", day0.Add(time.Hour), "a brown and quick dog"),
		item("g3", "Programs", day0.Add(2*time.Hour), "programming in Go; naïve café"),
	)
	wantFound(t, s, `"quick brown fox"`, "Quick brown")
	if got := found(t, s, `quick brown`, SearchFilter{}); len(got) != 2 {
		t.Errorf("quick brown found %q, want both", got)
	}
	wantFound(t, s, `prog*`, "Programs")
	wantFoundAny(t, s, `fox OR dog`, "Brown quick", "Quick brown")
	wantFound(t, s, `brown NOT fox`, "Brown quick")
	wantFound(t, s, `naive cafe`, "Programs") // accents folded
	wantFound(t, s, `NAÏVE`, "Programs")

	for _, q := range []string{`"open`, `fox AND`, `(fox`, `nosuchcolumn:fox`, `NOT fox`} {
		_, err := s.Search(context.Background(), q, SearchFilter{})
		if !errors.Is(err, ErrQuery) {
			t.Errorf("search %q: %v, want ErrQuery", q, err)
			continue
		}
		if strings.Contains(err.Error(), "SQL logic error") || strings.Contains(err.Error(), "(1)") {
			t.Errorf("search %q: the error keeps SQLite's wrapping: %v", q, err)
		}
	}
}

func TestSearchFindsUnspacedScripts(t *testing.T) {
	s := openTemp(t)
	save(t, s, feedA, 0,
		item("j", "東京タワーに行きました", day0, "東京は日本の首都です。"),
		item("c", "我们在北京", day0.Add(time.Hour), "北京的天气很好"),
		item("k", "서울에서 만나요", day0.Add(2*time.Hour), "한국어 텍스트"),
	)
	wantFound(t, s, "東京", "東京タワーに行きました")
	wantFound(t, s, "タワー", "東京タワーに行きました")
	wantFound(t, s, "首都", "東京タワーに行きました")
	wantFound(t, s, "首", "東京タワーに行きました") // one character: a trigram index would miss it
	wantFound(t, s, "北京", "我们在北京")
	wantFound(t, s, "天气", "我们在北京")
	wantFound(t, s, "京北")             // the characters, but not in that order
	wantFound(t, s, "서울", "서울에서 만나요") // inside a word with its particle
	wantFoundAny(t, s, "北京 OR 東京", "我们在北京", "東京タワーに行きました")
	wantFound(t, s, `"天气很"*`, "我们在北京")
}

func TestSearchRanksTitlesAboveText(t *testing.T) {
	s := openTemp(t)
	save(t, s, feedA, 0,
		item("body", "Weather report", day0, strings.Repeat("rain and more words here. ", 3)+"volcano"),
		item("title", "Volcano erupts", day0.Add(-time.Hour), "ash everywhere"),
	)
	wantFound(t, s, "volcano", "Volcano erupts", "Weather report")
}

func TestSearchFilters(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	save(t, s, feedA, 0, item("a1", "A one", day0, "shared"), item("a2", "A two", day0.Add(time.Hour), "shared"))
	save(t, s, feedB, 0, item("b1", "B one", day0.Add(2*time.Hour), "shared"))
	l := list(t, s, Filter{})
	if err := s.SetRead(ctx, byTitle(t, l, "A two").ID, true); err != nil {
		t.Fatal(err)
	}
	if err := s.SetStarred(ctx, byTitle(t, l, "B one").ID, true); err != nil {
		t.Fatal(err)
	}
	check := func(f SearchFilter, want ...string) {
		t.Helper()
		got := found(t, s, "shared", f)
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("%+v found %q, want %q", f, got, want)
		}
	}
	check(SearchFilter{}, "A one", "A two", "B one")
	check(SearchFilter{Unread: true}, "A one", "B one")
	check(SearchFilter{Starred: true}, "B one")
	check(SearchFilter{Feed: feedA}, "A one", "A two")
	if got := found(t, s, "shared", SearchFilter{Limit: 2}); len(got) != 2 {
		t.Errorf("limit 2 found %q", got)
	}
	hits, _ := s.Search(ctx, "shared", SearchFilter{Feed: feedB})
	if len(hits) != 1 || hits[0].Article.Source != "Feed "+feedB || !hits[0].Article.Starred || hits[0].Text == "" {
		t.Errorf("hit %+v: want its source, marks and text", hits)
	}
}

// TestMigrationBuildsTheIndex opens a cache written by the schema before
// the index and finds every article in it, with its marks kept.
func TestMigrationBuildsTheIndex(t *testing.T) {
	path := filepath.Join(t.TempDir(), "herald.db")
	db, err := sql.Open("sqlite", dsn(path, time.Second, false))
	if err != nil {
		t.Fatal(err)
	}
	// The schema just before the index, whatever came before it.
	before := slices.IndexFunc(migrations, func(m string) bool { return strings.Contains(m, "CREATE VIRTUAL TABLE articles_fts") })
	for _, m := range migrations[:before] {
		if _, err := db.Exec(m); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Exec(fmt.Sprintf(`PRAGMA user_version = %d`, before)); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO feeds (url, title, feed_title, last_status) VALUES (?, '', 'Old Feed', 'ok')`, feedA); err != nil {
		t.Fatal(err)
	}
	const n = buildBatch + 200 // more than one batch of the build
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= n; i++ {
		title := fmt.Sprintf("Old article %d", i)
		if _, err := tx.Exec(`INSERT INTO articles (id, feed_url, guid, url, title, published, first_seen, list_entry, read, starred)
VALUES (?, ?, ?, '', ?, ?, ?, ?, ?, ?)`, i, feedA, fmt.Sprint("g", i), title, day0.UnixMilli()+int64(i), day0.UnixMilli(),
			fmt.Sprintf("%d\x00%s\x00\x00\x00%s", i, title, feedA), i%2, i%3 == 0); err != nil {
			t.Fatal(err)
		}
		if _, err := tx.Exec(`INSERT INTO articles_body (id, sections, raw) VALUES (?, 'null', ?)`, i, fmt.Sprintf("<p>marker%d and the old text</p>", i)); err != nil {
			t.Fatal(err)
		}
	}
	// A full text fetched before the index: indexed too.
	if _, err := tx.Exec(`INSERT INTO articles_fulltext (id, sections, page_url, fetched, tried) VALUES (7, ?, 'https://a.example/7', 1, 1)`,
		`[{"title":"Page","level":2,"markdown":"The page says pagemarker."}]`); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	db.Close()

	var calls, last int
	s, err := Open(path, WithIndexProgress(func(done, total int, _ time.Duration) {
		calls++
		if total != n || done < last {
			t.Errorf("progress %d of %d after %d", done, total, last)
		}
		last = done
	}))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if calls < 2 || last != n {
		t.Errorf("progress called %d times, last at %d; want every batch up to %d", calls, last, n)
	}
	wantFound(t, s, "marker350", "Old article 350")
	wantFound(t, s, "pagemarker", "Old article 7")
	if got := found(t, s, "old", SearchFilter{Limit: 10000}); len(got) != n {
		t.Errorf("found %d old articles, want %d", len(got), n)
	}
	l := list(t, s, Filter{})
	a := byTitle(t, l, "Old article 3")
	if !a.Read || !a.Starred || len(l) != n {
		t.Errorf("marks or articles lost: %d articles, %+v", len(l), a)
	}
	checkIndexExact(t, s)

	// Built once: the next open does nothing.
	s.Close()
	calls = 0
	s2, err := Open(path, WithIndexProgress(func(int, int, time.Duration) { calls++ }))
	if err != nil {
		t.Fatal(err)
	}
	s2.Close()
	if calls != 0 {
		t.Errorf("the index was built again on the next open")
	}
}

func TestVisitMarksNewArticles(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	v, err := s.LastVisit(ctx)
	if err != nil {
		t.Fatal(err)
	}
	save(t, s, feedA, 0, item("g1", "Before", day0, "x"))
	if a := list(t, s, Filter{Since: v}); !a[0].New {
		t.Error("with no visit recorded, every article is new")
	}
	if err := s.RecordVisit(ctx); err != nil {
		t.Fatal(err)
	}
	save(t, s, feedA, 2, item("g2", "After", day0.Add(-time.Hour), "x"))
	v, _ = s.LastVisit(ctx)
	l := list(t, s, Filter{Since: v})
	if byTitle(t, l, "Before").New || !byTitle(t, l, "After").New {
		t.Errorf("new since the visit: %+v", l)
	}
	// Retention dropping the newest article does not make old ones new.
	if _, err := s.db.Exec(`DELETE FROM articles WHERE title = 'After'`); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordVisit(ctx); err != nil {
		t.Fatal(err)
	}
	save(t, s, feedA, 0, item("g3", "Later", day0, "x"))
	v, _ = s.LastVisit(ctx)
	l = list(t, s, Filter{Since: v})
	if byTitle(t, l, "Before").New || !byTitle(t, l, "Later").New {
		t.Errorf("new since the second visit: %+v", l)
	}
}

// TestSearchFollowsSync is the index through an account's writes: entries
// pulled from its server, changed there, and its feeds renamed.
func TestSearchFollowsSync(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	if err := s.SaveAccountFeeds(ctx, "home", []AccountFeed{{RemoteID: "f1", Link: "https://x.example/feed", Title: "Remote Feed"}}); err != nil {
		t.Fatal(err)
	}
	entry := RemoteEntry{RemoteID: "e1", FeedRemoteID: "f1", Title: "Pulled", Body: "<p>otters at play</p>", Published: day0}
	if _, err := s.MergeEntries(ctx, "home", []RemoteEntry{entry}); err != nil {
		t.Fatal(err)
	}
	wantFound(t, s, "otters", "Pulled")
	wantFound(t, s, "feed:remote", "Pulled")
	entry.Body = "<p>beavers at work</p>"
	if _, err := s.MergeEntries(ctx, "home", []RemoteEntry{entry}); err != nil {
		t.Fatal(err)
	}
	wantFound(t, s, "otters")
	wantFound(t, s, "beavers", "Pulled")
	if err := s.SaveAccountFeeds(ctx, "home", []AccountFeed{{RemoteID: "f1", Link: "https://x.example/feed", Title: "Renamed Feed"}}); err != nil {
		t.Fatal(err)
	}
	wantFound(t, s, "feed:renamed", "Pulled")
	checkIndexExact(t, s)
}
