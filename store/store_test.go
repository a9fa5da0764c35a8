package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/herald-reader/herald/articles"
)

const feedA = "https://a.example/feed.xml"
const feedB = "https://b.example/atom"

var day0 = time.Date(2026, 1, 10, 12, 0, 0, 0, time.UTC)

func openTemp(t testing.TB) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "herald.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// item is a feed item as the parser hands it over: ID is the GUID.
func item(guid, title string, published time.Time, body string) articles.Article {
	return articles.Article{
		ID:        guid,
		Title:     title,
		URL:       "https://a.example/" + guid,
		Author:    "Ann",
		Published: published,
		Sections: []articles.Section{
			{Title: "Introduction", Level: 1, Markdown: body},
			{Title: "More", Level: 2, Markdown: "more of " + body},
		},
	}
}

func save(t testing.TB, s *Store, feed string, keep int, items ...articles.Article) int {
	t.Helper()
	n, err := s.SaveItems(context.Background(), Fetched{Feed: feed, Title: "Feed " + feed, Items: items, Keep: keep})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func list(t testing.TB, s *Store, f Filter) []articles.Article {
	t.Helper()
	l, err := s.List(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func titles(l []articles.Article) string {
	var ts []string
	for _, a := range l {
		ts = append(ts, a.Title)
	}
	return strings.Join(ts, ",")
}

func byTitle(t testing.TB, l []articles.Article, title string) articles.Article {
	t.Helper()
	for _, a := range l {
		if a.Title == title {
			return a
		}
	}
	t.Fatalf("no article %q in %s", title, titles(l))
	return articles.Article{}
}

func TestOpenCreatesPrivateCacheWithSchema(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data", "herald")
	path := filepath.Join(dir, "herald.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for p, want := range map[string]os.FileMode{dir: 0o700, path: 0o600} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != want {
			t.Errorf("%s: mode %v, want %v", p, got, want)
		}
	}
	var v int
	var mode string
	if err := s.db.QueryRow("PRAGMA user_version").Scan(&v); err != nil {
		t.Fatal(err)
	}
	if err := s.db.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil {
		t.Fatal(err)
	}
	if v != SchemaVersion() || mode != "wal" {
		t.Errorf("user_version %d journal_mode %q, want %d wal", v, mode, SchemaVersion())
	}
	total, unread, err := s.Counts(context.Background())
	if err != nil || total != 0 || unread != 0 {
		t.Errorf("Counts = %d, %d, %v on a new cache", total, unread, err)
	}
}

func TestOpenPathWithURISpecialCharacters(t *testing.T) {
	path := filepath.Join(t.TempDir(), "my cache?#%20", "herald.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	save(t, s, feedA, 0, item("1", "one", day0, "x"))
	s.Close()
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("the cache is not where it was asked to be: %v", err)
	}
	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got := titles(list(t, s, Filter{})); got != "one" {
		t.Errorf("reopened cache lists %q", got)
	}
}

func TestOpenRefusesNonDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "herald.db")
	junk := []byte(strings.Repeat("this is not a database\n", 200))
	if err := os.WriteFile(path, junk, 0o600); err != nil {
		t.Fatal(err)
	}
	if s, err := Open(path); err == nil {
		s.Close()
		t.Fatal("Open accepted a text file as a cache")
	} else if !strings.Contains(err.Error(), path) {
		t.Errorf("error %q does not name the file", err)
	}
	got, _ := os.ReadFile(path)
	if string(got) != string(junk) {
		t.Error("Open changed a file that is not a cache")
	}
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "herald.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	save(t, s, feedA, 0, item("1", "one", day0, "x"))
	future := SchemaVersion() + 1
	if _, err := s.db.Exec(fmt.Sprintf("PRAGMA user_version = %d", future)); err != nil {
		t.Fatal(err)
	}
	s.Close()

	if s, err := Open(path); err == nil {
		s.Close()
		t.Fatal("Open accepted a cache from a newer herald")
	} else if !errors.Is(err, ErrNewerSchema) || !strings.Contains(err.Error(), "newer") {
		t.Errorf("error %q does not say the cache is newer", err)
	}

	// The newer cache is untouched: its version and its article are there.
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var v, n int
	if err := db.QueryRow("PRAGMA user_version").Scan(&v); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow("SELECT count(*) FROM articles").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if v != future || n != 1 {
		t.Errorf("after the refused open: user_version %d, %d articles; want %d, 1", v, n, future)
	}
}

func TestReopenKeepsArticlesAndMarks(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "herald.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	save(t, s, feedA, 0, item("1", "one", day0, "body one"), item("2", "two", day0.Add(time.Hour), "body two"))
	l := list(t, s, Filter{})
	if err := s.SetRead(ctx, byTitle(t, l, "one").ID, true); err != nil {
		t.Fatal(err)
	}
	if err := s.SetStarred(ctx, byTitle(t, l, "two").ID, true); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	l2 := list(t, s, Filter{})
	one, two := byTitle(t, l2, "one"), byTitle(t, l2, "two")
	if !one.Read || one.Starred || two.Read || !two.Starred {
		t.Errorf("marks after reopen: one read=%v starred=%v, two read=%v starred=%v", one.Read, one.Starred, two.Read, two.Starred)
	}
	if one.ID != byTitle(t, l, "one").ID {
		t.Errorf("article id changed across reopen: %s -> %s", byTitle(t, l, "one").ID, one.ID)
	}
	a, err := s.Load(ctx, two.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Sections) != 2 || a.Sections[0].Markdown != "body two" {
		t.Errorf("body after reopen: %+v", a.Sections)
	}
}

func TestResavedItemKeepsMarksAndTakesNewContent(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	if n := save(t, s, feedA, 0, item("g1", "Old title", day0, "old body"), item("g2", "other", day0, "b")); n != 2 {
		t.Fatalf("first save added %d, want 2", n)
	}
	old := byTitle(t, list(t, s, Filter{}), "Old title")
	if err := s.SetRead(ctx, old.ID, true); err != nil {
		t.Fatal(err)
	}
	if err := s.SetStarred(ctx, old.ID, true); err != nil {
		t.Fatal(err)
	}

	updated := item("g1", "New title", day0.Add(2*time.Hour), "new body")
	updated.URL = "https://a.example/moved"
	if n := save(t, s, feedA, 0, updated, item("g2", "other", day0, "b")); n != 0 {
		t.Errorf("re-saving the same GUIDs added %d articles", n)
	}
	l := list(t, s, Filter{})
	if len(l) != 2 {
		t.Fatalf("%d articles after re-save, want 2: %s", len(l), titles(l))
	}
	a, err := s.Load(ctx, old.ID)
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "New title" || a.URL != "https://a.example/moved" || !a.Published.Equal(updated.Published) {
		t.Errorf("re-saved item kept old content: %q %q %v", a.Title, a.URL, a.Published)
	}
	if a.Sections[0].Markdown != "new body" {
		t.Errorf("re-saved item kept old body %q", a.Sections[0].Markdown)
	}
	if !a.Read || !a.Starred {
		t.Errorf("re-saved item lost its marks: read=%v starred=%v", a.Read, a.Starred)
	}
	if got := byTitle(t, list(t, s, Filter{}), "New title"); got.URL != updated.URL || got.ID != old.ID || !got.Read {
		t.Errorf("List shows the re-saved item as %+v", got)
	}

	// The same GUID in another feed is another article.
	if n := save(t, s, feedB, 0, item("g1", "B's g1", day0, "b")); n != 1 {
		t.Errorf("same GUID in another feed added %d, want 1", n)
	}
}

func TestItemWithoutDateSortsByFirstSeenAndShowsUndated(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	seen := day0.Add(30 * time.Minute)
	s.now = func() time.Time { return seen }
	save(t, s, feedA, 0, item("old", "old", day0, "x"), item("nodate", "nodate", time.Time{}, "x"),
		item("new", "new", day0.Add(time.Hour), "x"))
	l := list(t, s, Filter{})
	if got := titles(l); got != "new,nodate,old" {
		t.Errorf("order %q, want the undated item placed at its first-seen time", got)
	}
	if a := byTitle(t, l, "nodate"); !a.Published.IsZero() || !a.FirstSeen.Equal(seen) {
		t.Errorf("undated item listed as published %v, first seen %v; want no date, first seen %v", a.Published, a.FirstSeen, seen)
	}
	if a := byTitle(t, l, "old"); !a.Published.Equal(day0) {
		t.Errorf("dated item listed as published %v, want %v", a.Published, day0)
	}
	// A later fetch, still without a date, neither moves it to "now" nor
	// dates it.
	s.now = func() time.Time { return seen.Add(24 * time.Hour) }
	save(t, s, feedA, 0, item("nodate", "nodate", time.Time{}, "y"))
	a, err := s.Load(ctx, byTitle(t, l, "nodate").ID)
	if err != nil {
		t.Fatal(err)
	}
	if !a.Published.IsZero() || !a.FirstSeen.Equal(seen) {
		t.Errorf("undated item loaded as published %v, first seen %v after a later fetch", a.Published, a.FirstSeen)
	}
	// Once the feed dates it, it is dated.
	save(t, s, feedA, 0, item("nodate", "nodate", day0.Add(2*time.Hour), "y"))
	if a, _ := s.Load(ctx, a.ID); !a.Published.Equal(day0.Add(2*time.Hour)) || !a.FirstSeen.Equal(seen) {
		t.Errorf("item dated later: published %v, first seen %v", a.Published, a.FirstSeen)
	}
	if got := titles(list(t, s, Filter{})); got != "nodate,new,old" {
		t.Errorf("order after dating %q, want it placed at its date", got)
	}
}

// Two fetches of a feed can land in one millisecond (a quick feed fetched
// twice, a slow clock): the second one's retention must still drop what
// only the first one served.
func TestRetentionTellsTwoFetchesInOneMillisecondApart(t *testing.T) {
	s := openTemp(t)
	frozen := day0.Add(48 * time.Hour)
	s.now = func() time.Time { return frozen }
	var first []articles.Article
	for i := range 4 {
		first = append(first, item(fmt.Sprint("g", i), fmt.Sprint("Story ", i), day0.Add(time.Duration(i)*time.Hour), "x"))
	}
	save(t, s, feedA, 0, first...)
	save(t, s, feedA, 2, item("g9", "Story 9", day0.Add(9*time.Hour), "x"))
	if got := titles(list(t, s, Filter{Feed: feedA})); got != "Story 9,Story 3" {
		t.Errorf("after the second fetch feed A holds %q, want the newest 2", got)
	}
}

func TestRetentionKeepsNewestAndStarred(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	var first []articles.Article
	for i := range 5 {
		first = append(first, item(fmt.Sprint("old", i), fmt.Sprint("old", i), day0.Add(time.Duration(i)*time.Hour), "x"))
	}
	// Items the feed still serves stay, even beyond keep: otherwise they
	// would come back as new and unread on every fetch.
	save(t, s, feedA, 3, first...)
	if n := len(list(t, s, Filter{})); n != 5 {
		t.Fatalf("retention dropped items the feed still serves: %d left", n)
	}
	if n := save(t, s, feedA, 3, first...); n != 0 {
		t.Errorf("re-fetching the same items added %d", n)
	}
	l := list(t, s, Filter{})
	if err := s.SetStarred(ctx, byTitle(t, l, "old0").ID, true); err != nil {
		t.Fatal(err)
	}
	if err := s.SetRead(ctx, byTitle(t, l, "old4").ID, true); err != nil {
		t.Fatal(err)
	}
	save(t, s, feedB, 3, item("b", "b", day0, "x"))

	// The feed moves on: two new items, the old ones gone from it.
	save(t, s, feedA, 3, item("new0", "new0", day0.Add(10*time.Hour), "x"), item("new1", "new1", day0.Add(11*time.Hour), "x"))
	got := titles(list(t, s, Filter{Feed: feedA}))
	if got != "new1,new0,old4,old0" {
		t.Errorf("after retention feed A holds %q, want the newest 3 plus the starred old0", got)
	}
	if !byTitle(t, list(t, s, Filter{}), "old4").Read {
		t.Error("retention lost a kept article's read mark")
	}
	if got := titles(list(t, s, Filter{Feed: feedB})); got != "b" {
		t.Errorf("retention of feed A touched feed B: %q", got)
	}
	// keep 0: unlimited.
	save(t, s, feedA, 0, item("new2", "new2", day0.Add(12*time.Hour), "x"))
	if n := len(list(t, s, Filter{Feed: feedA})); n != 5 {
		t.Errorf("keep=0 left %d articles, want all 5", n)
	}
	// Removed articles take their bodies with them.
	var bodies, arts int
	s.db.QueryRow("SELECT count(*) FROM articles_body").Scan(&bodies)
	s.db.QueryRow("SELECT count(*) FROM articles").Scan(&arts)
	if bodies != arts {
		t.Errorf("%d bodies for %d articles", bodies, arts)
	}
}

func TestSaveErrorKeepsArticlesMarksAndValidators(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	if _, err := s.SaveItems(ctx, Fetched{Feed: feedA, Title: "A", ETag: `"v1"`, LastModified: "Sat, 10 Jan 2026 12:00:00 GMT",
		Items: []articles.Article{item("1", "one", day0, "x"), item("2", "two", day0, "x")}}); err != nil {
		t.Fatal(err)
	}
	one := byTitle(t, list(t, s, Filter{}), "one")
	s.SetRead(ctx, one.ID, true)
	s.SetStarred(ctx, one.ID, true)

	if err := s.SaveError(ctx, feedA, "HTTP 500 Internal Server Error"); err != nil {
		t.Fatal(err)
	}
	feeds, err := s.Feeds(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(feeds) != 1 || feeds[0].Status != StatusError || feeds[0].Error != "HTTP 500 Internal Server Error" {
		t.Fatalf("feeds after SaveError: %+v", feeds)
	}
	if feeds[0].Articles != 2 || feeds[0].Unread != 1 || feeds[0].Title != "A" {
		t.Errorf("feed after SaveError: %d articles %d unread title %q, want 2, 1, A", feeds[0].Articles, feeds[0].Unread, feeds[0].Title)
	}
	a := byTitle(t, list(t, s, Filter{}), "one")
	if !a.Read || !a.Starred {
		t.Error("SaveError lost the marks")
	}
	etag, lm, err := s.Validators(ctx, feedA)
	if err != nil || etag != `"v1"` || lm != "Sat, 10 Jan 2026 12:00:00 GMT" {
		t.Errorf("validators after SaveError: %q %q %v", etag, lm, err)
	}

	// The next success clears the error.
	save(t, s, feedA, 0, item("1", "one", day0, "x"))
	feeds, _ = s.Feeds(ctx)
	if feeds[0].Status != StatusOK || feeds[0].Error != "" {
		t.Errorf("after a success: status %q error %q", feeds[0].Status, feeds[0].Error)
	}
}

func TestSaveNotModifiedKeepsValidatorsAndRecordsFetch(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	t1 := day0
	s.now = func() time.Time { return t1 }
	if _, err := s.SaveItems(ctx, Fetched{Feed: feedA, Title: "A", ETag: `W/"abc"`, Items: []articles.Article{item("1", "one", day0, "x")}}); err != nil {
		t.Fatal(err)
	}
	t1 = day0.Add(time.Hour)
	if err := s.SaveNotModified(ctx, feedA); err != nil {
		t.Fatal(err)
	}
	feeds, _ := s.Feeds(ctx)
	f := feeds[0]
	if f.Status != StatusNotModified || !f.LastFetch.Equal(t1) || f.ETag != `W/"abc"` || f.Articles != 1 {
		t.Errorf("after 304: %+v", f)
	}
	// A feed the cache never saw: no validators, no error.
	etag, lm, err := s.Validators(ctx, "https://unknown.example/")
	if etag != "" || lm != "" || err != nil {
		t.Errorf("Validators of an unknown feed = %q %q %v", etag, lm, err)
	}
}

func TestListHasNoBodiesAndIsNewestFirst(t *testing.T) {
	s := openTemp(t)
	save(t, s, feedA, 0, item("a1", "a1", day0.Add(1*time.Hour), "x"), item("a3", "a3", day0.Add(3*time.Hour), "x"))
	save(t, s, feedB, 0, item("b2", "b2", day0.Add(2*time.Hour), "x"), item("b4", "b4", day0.Add(4*time.Hour), "x"))
	l := list(t, s, Filter{})
	if got := titles(l); got != "b4,a3,b2,a1" {
		t.Errorf("List order %q, want newest first across feeds", got)
	}
	for _, a := range l {
		if a.Sections != nil {
			t.Errorf("List returned a body for %q", a.Title)
		}
		if a.ID == "" || a.FeedURL == "" || a.Source != "Feed "+a.FeedURL || a.URL == "" || a.Author != "Ann" {
			t.Errorf("List header fields incomplete: %+v", a)
		}
	}
}

func TestListFilters(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	save(t, s, feedA, 0, item("a1", "a1", day0.Add(1*time.Hour), "x"), item("a2", "a2", day0.Add(2*time.Hour), "x"))
	save(t, s, feedB, 0, item("b1", "b1", day0.Add(3*time.Hour), "x"), item("b2", "b2", day0.Add(4*time.Hour), "x"))
	l := list(t, s, Filter{})
	s.SetRead(ctx, byTitle(t, l, "a1").ID, true)
	s.SetRead(ctx, byTitle(t, l, "b2").ID, true)
	s.SetStarred(ctx, byTitle(t, l, "a1").ID, true)
	s.SetStarred(ctx, byTitle(t, l, "b1").ID, true)

	for _, c := range []struct {
		f    Filter
		want string
	}{
		{Filter{Unread: true}, "b1,a2"},
		{Filter{Starred: true}, "b1,a1"},
		{Filter{Feed: feedA}, "a2,a1"},
		{Filter{Feed: feedB, Unread: true}, "b1"},
		{Filter{Feed: feedA, Starred: true, Unread: true}, ""},
		{Filter{Feed: "https://nowhere.example/"}, ""},
		{Filter{Limit: 3}, "b2,b1,a2"},
		{Filter{Unread: true, Limit: 1}, "b1"},
	} {
		if got := titles(list(t, s, c.f)); got != c.want {
			t.Errorf("List(%+v) = %q, want %q", c.f, got, c.want)
		}
	}
	// Unstarring and marking unread move articles back.
	s.SetStarred(ctx, byTitle(t, l, "b1").ID, false)
	s.SetRead(ctx, byTitle(t, l, "a1").ID, false)
	if got := titles(list(t, s, Filter{Starred: true})); got != "a1" {
		t.Errorf("starred after unstar: %q", got)
	}
	if got := titles(list(t, s, Filter{Unread: true})); got != "b1,a2,a1" {
		t.Errorf("unread after mark unread: %q", got)
	}
}

func TestFieldsWithNULAndSeparatorsListIntact(t *testing.T) {
	s := openTemp(t)
	odd := "https://odd.example/feed?a=1&b= 2\x00#x"
	a := item("1", "Nul\x00in title 123 4", day0, "x")
	a.Author = "Ann\x00Lee"
	save(t, s, odd, 0, a, item("2", "", day0.Add(-time.Hour), ""))
	l := list(t, s, Filter{})
	if len(l) != 2 || l[0].Title != "Nulin title 123 4" || l[0].Author != "AnnLee" || l[0].FeedURL != odd {
		t.Errorf("List = %+v", l)
	}
	if l[1].Title != "" || l[1].URL != "https://a.example/2" || l[1].Source != "Feed "+odd {
		t.Errorf("article with empty title listed as %+v", l[1])
	}
}

// The library's memory must not grow with the size of the cached bodies:
// List allocates the same for an article with a 20 KB body as for one with
// 20 bytes.
func TestListMemoryDoesNotGrowWithBodies(t *testing.T) {
	allocs := func(bodySize int) uint64 {
		s := openTemp(t)
		var items []articles.Article
		for i := range 500 {
			g := fmt.Sprint(i)
			items = append(items, item(g, "title "+g, day0.Add(time.Duration(i)*time.Minute), strings.Repeat("b", bodySize)))
		}
		save(t, s, feedA, 0, items...)
		list(t, s, Filter{}) // warm up
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		for range 5 {
			list(t, s, Filter{})
		}
		runtime.ReadMemStats(&after)
		return (after.TotalAlloc - before.TotalAlloc) / 5
	}
	small, big := allocs(20), allocs(20000)
	if float64(big) > 1.2*float64(small) {
		t.Errorf("List allocates %d bytes with 20 KB bodies, %d with 20 B bodies: it reads bodies", big, small)
	}
}

func TestLoadAndUnknownIDs(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	save(t, s, feedA, 0, item("1", "one", day0, "the body"))
	id := list(t, s, Filter{})[0].ID
	a, err := s.Load(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	want := item("1", "one", day0, "the body").Sections
	if len(a.Sections) != len(want) || a.Sections[0] != want[0] || a.Sections[1] != want[1] {
		t.Errorf("Load sections %+v, want %+v", a.Sections, want)
	}
	if a.ID != id || a.Source != "Feed "+feedA || a.FeedURL != feedA || !a.Published.Equal(day0) {
		t.Errorf("Load header: %+v", a)
	}
	for _, bad := range []string{"999999", "0", "-1", "abc", "", "1; DROP TABLE articles"} {
		if _, err := s.Load(ctx, bad); !errors.Is(err, ErrNotFound) {
			t.Errorf("Load(%q) error %v, want ErrNotFound", bad, err)
		}
		if err := s.SetRead(ctx, bad, true); !errors.Is(err, ErrNotFound) {
			t.Errorf("SetRead(%q) error %v, want ErrNotFound", bad, err)
		}
		if err := s.SetStarred(ctx, bad, true); !errors.Is(err, ErrNotFound) {
			t.Errorf("SetStarred(%q) error %v, want ErrNotFound", bad, err)
		}
	}
}

func TestMarkReadAndCounts(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	save(t, s, feedA, 0, item("1", "one", day0, "x"), item("2", "two", day0, "x"), item("3", "three", day0, "x"))
	l := list(t, s, Filter{})
	ids := []string{byTitle(t, l, "one").ID, byTitle(t, l, "two").ID, "424242"}
	if err := s.MarkRead(ctx, ids); err != nil {
		t.Fatal(err)
	}
	total, unread, err := s.Counts(ctx)
	if err != nil || total != 3 || unread != 1 {
		t.Errorf("Counts = %d, %d, %v; want 3, 1", total, unread, err)
	}
	if got := titles(list(t, s, Filter{Unread: true})); got != "three" {
		t.Errorf("unread after MarkRead: %q", got)
	}
	// A malformed id marks nothing.
	if err := s.MarkRead(ctx, []string{byTitle(t, l, "three").ID, "x"}); err == nil {
		t.Error("MarkRead accepted a malformed id")
	}
	if _, unread, _ := s.Counts(ctx); unread != 1 {
		t.Errorf("a failed MarkRead changed marks: %d unread", unread)
	}
}

func TestEnsureFeedsListsNeverFetchedFeedsInOrder(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	save(t, s, feedB, 0, item("1", "one", day0, "x"))
	err := s.EnsureFeeds(ctx, []FeedEntry{{URL: feedB, Title: "My B"}, {URL: feedA}, {URL: "https://c.example/rss"}}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	feeds, err := s.Feeds(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range feeds {
		got = append(got, fmt.Sprintf("%s|%s|%s|%d", f.URL, f.Title, f.Status, f.Articles))
	}
	want := []string{feedB + "|My B|ok|1", feedA + "|||0", "https://c.example/rss|||0"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("Feeds = %q, want %q", got, want)
	}
	if !feeds[1].LastFetch.IsZero() {
		t.Errorf("never-fetched feed has LastFetch %v", feeds[1].LastFetch)
	}
	// The user's title names the articles too, and survives the next fetch.
	save(t, s, feedB, 0, item("1", "one", day0, "x"))
	if src := list(t, s, Filter{})[0].Source; src != "My B" {
		t.Errorf("article source %q, want the user's title", src)
	}
}

func TestRemoveFeedKeepsStarredArticles(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	save(t, s, feedA, 0, item("1", "one", day0, "x"), item("2", "two", day0, "x"))
	save(t, s, feedB, 0, item("b", "b", day0, "x"))
	s.SetStarred(ctx, byTitle(t, list(t, s, Filter{}), "two").ID, true)

	if err := s.RemoveFeed(ctx, feedA); err != nil {
		t.Fatal(err)
	}
	if got := titles(list(t, s, Filter{})); got != "b,two" && got != "two,b" {
		t.Errorf("after RemoveFeed: %q, want b and the starred two", got)
	}
	if src := byTitle(t, list(t, s, Filter{}), "two").Source; src != "Feed "+feedA {
		t.Errorf("kept starred article lost its source: %q", src)
	}
	feeds, _ := s.Feeds(ctx)
	if len(feeds) != 1 || feeds[0].URL != feedB {
		t.Errorf("Feeds after RemoveFeed: %+v", feeds)
	}
	// A feed without starred articles goes entirely; removing twice is fine.
	if err := s.RemoveFeed(ctx, feedB); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveFeed(ctx, feedB); err != nil {
		t.Errorf("removing an unknown feed: %v", err)
	}
	// Following the feed again brings it back with its starred article.
	s.EnsureFeeds(ctx, []FeedEntry{{URL: feedA}}, time.Now().Add(time.Second)) // a list read after the removal
	feeds, _ = s.Feeds(ctx)
	if len(feeds) != 1 || feeds[0].URL != feedA || feeds[0].Articles != 1 {
		t.Errorf("Feeds after re-adding: %+v", feeds)
	}
}

// Two Stores on one file stand for two herald processes (a `herald fetch`
// while the TUI runs): both write at once and neither fails.
func TestTwoStoresWriteConcurrently(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "herald.db")
	s1, s2 := openAt(t, path), openAt(t, path)
	save(t, s1, feedA, 0, item("seed", "seed", day0, "x"))
	seed := list(t, s2, Filter{})[0].ID

	const rounds = 30
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for w, s := range []*Store{s1, s2} {
		// A fetcher: each feed's items in one transaction.
		wg.Go(func() {
			for r := range rounds {
				var items []articles.Article
				for i := range 10 {
					g := fmt.Sprintf("w%d-r%d-i%d", w, r, i)
					items = append(items, item(g, g, day0.Add(time.Duration(r)*time.Minute), strings.Repeat("body ", 500)))
				}
				if _, err := s.SaveItems(ctx, Fetched{Feed: fmt.Sprintf("https://w%d.example/feed", w), Items: items}); err != nil {
					errs <- err
					return
				}
			}
		})
		// A reader marking and listing, as the TUI does.
		wg.Go(func() {
			for r := range rounds {
				if err := s.SetStarred(ctx, seed, r%2 == 0); err != nil {
					errs <- err
					return
				}
				if _, err := s.List(ctx, Filter{Unread: true}); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	total, _, err := s1.Counts(ctx)
	if err != nil || total != 1+2*rounds*10 {
		t.Errorf("Counts total %d (%v), want %d", total, err, 1+2*rounds*10)
	}
	var check string
	s2.db.QueryRow("PRAGMA integrity_check").Scan(&check)
	if check != "ok" {
		t.Errorf("integrity_check: %s", check)
	}
}

func TestUnsplitBodyIsKeptAndChangesAreTaken(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	raw := item("g1", "Raw", day0, "")
	raw.Sections, raw.Body = nil, "<p>first <b>version</b></p>"
	save(t, s, feedA, 0, raw)
	id := byTitle(t, list(t, s, Filter{}), "Raw").ID
	a, err := s.Load(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if a.Body != raw.Body || len(a.Sections) != 0 {
		t.Fatalf("Load gave body %q and %d sections, want the raw body back", a.Body, len(a.Sections))
	}
	raw.Body = "<p>second version</p>"
	save(t, s, feedA, 0, raw)
	if a, err = s.Load(ctx, id); err != nil || a.Body != raw.Body {
		t.Fatalf("after a changed body Load gave %q, %v", a.Body, err)
	}
	if l := list(t, s, Filter{}); l[0].Body != "" {
		t.Fatal("List returned a body")
	}
}

func TestRetryAfterIsKeptUntilASuccessfulFetch(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	until := time.Now().Add(time.Hour).Truncate(time.Millisecond)
	if err := s.SaveRetryAfter(ctx, feedA, "HTTP 429 Too Many Requests", until); err != nil {
		t.Fatal(err)
	}
	feeds, err := s.Feeds(ctx)
	if err != nil || len(feeds) != 1 {
		t.Fatal(feeds, err)
	}
	if !feeds[0].RetryAt.Equal(until) || feeds[0].Status != StatusError {
		t.Fatalf("after a 429 the feed says retry at %v, status %q; want %v, error", feeds[0].RetryAt, feeds[0].Status, until)
	}
	save(t, s, feedA, 0, item("g1", "back", day0, "b"))
	if feeds, _ = s.Feeds(ctx); !feeds[0].RetryAt.IsZero() {
		t.Fatalf("a successful fetch left retry at %v", feeds[0].RetryAt)
	}
}

func TestEnsureFeedsDropsFeedsNoLongerListed(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	save(t, s, feedA, 0, item("1", "kept article", day0, "x"))
	if err := s.EnsureFeeds(ctx, []FeedEntry{{URL: feedA}, {URL: feedB}}, time.Time{}); err != nil {
		t.Fatal(err)
	}
	// The user deletes feed A's line from the list by hand.
	if err := s.EnsureFeeds(ctx, []FeedEntry{{URL: feedB}}, time.Time{}); err != nil {
		t.Fatal(err)
	}
	feeds, err := s.Feeds(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(feeds) != 1 || feeds[0].URL != feedB {
		t.Fatalf("Feeds after A left the list = %+v, want only B", feeds)
	}
	if l := list(t, s, Filter{}); len(l) != 1 || l[0].Title != "kept article" {
		t.Errorf("A's articles should stay until it is removed: %s", titles(l))
	}
	// Listed again, it comes back with its history.
	if err := s.EnsureFeeds(ctx, []FeedEntry{{URL: feedA}, {URL: feedB}}, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if feeds, _ = s.Feeds(ctx); len(feeds) != 2 || feeds[0].Articles != 1 {
		t.Errorf("A listed again: %+v", feeds)
	}
}

func TestEnsureFeedsKeepsAnAddressThatIsNotUTF8(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	odd := "https://a.example/caf\xe9.xml"
	if err := s.EnsureFeeds(ctx, []FeedEntry{{URL: odd}, {URL: feedB}}, time.Time{}); err != nil {
		t.Fatal(err)
	}
	feeds, err := s.Feeds(ctx)
	if err != nil || len(feeds) != 2 {
		t.Fatalf("Feeds = %+v, %v; want both listed feeds", feeds, err)
	}
}

func TestOpenReadOnlyWritesNothing(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sub", "herald.db")
	if _, err := OpenReadOnly(path); err == nil {
		t.Fatal("a missing cache opened")
	}
	if _, err := os.Stat(filepath.Dir(path)); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("OpenReadOnly created the folder (stat: %v)", err)
	}

	st, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := st.EnsureFeeds(ctx, []FeedEntry{{URL: "https://example.com/feed.xml", Title: "Example"}}, time.Time{}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	before, _ := os.ReadDir(filepath.Dir(path))

	ro, err := OpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	feeds, err := ro.Feeds(ctx)
	if err != nil || len(feeds) != 1 || feeds[0].Title != "Example" {
		t.Fatalf("read-only Feeds: %v, %+v", err, feeds)
	}
	if err := ro.EnsureFeeds(ctx, nil, time.Time{}); err == nil {
		t.Error("a read-only cache took a write")
	}
	ro.Close()
	after, _ := os.ReadDir(filepath.Dir(path))
	if len(after) != len(before) {
		t.Errorf("reading left files beside the cache: %d entries before, %d after", len(before), len(after))
	}
}
