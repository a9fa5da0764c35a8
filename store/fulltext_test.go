package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/herald-reader/herald/articles"
)

// previousCache builds a cache as the herald before full texts wrote it
// (every migration but the last), with articles, marks and a feed's state,
// straight in SQL so nothing of today's code helps.
func previousCache(t *testing.T, path string) {
	t.Helper()
	db, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	prev := SchemaVersion() - 1
	for _, m := range migrations[:prev] {
		if _, err := db.Exec(m); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range []string{
		fmt.Sprintf("PRAGMA user_version = %d", prev),
		`INSERT INTO feeds (url, title, feed_title, etag, last_status) VALUES ('` + feedA + `', 'Mine', 'Theirs', '"v1"', 'ok')`,
		`INSERT INTO articles (id, feed_url, guid, url, title, published, first_seen, list_entry, read, starred)
		 VALUES (1, '` + feedA + `', 'g1', 'https://a.example/1', 'Read one', 1000, 1000, '1' || char(0) || 'Read one' || char(0) || 'https://a.example/1' || char(0) || '' || char(0) || '` + feedA + `', 1, 0),
		        (2, '` + feedA + `', 'g2', 'https://a.example/2', 'Starred one', 2000, 2000, '2' || char(0) || 'Starred one' || char(0) || 'https://a.example/2' || char(0) || '' || char(0) || '` + feedA + `', 0, 1)`,
		`INSERT INTO articles_body (id, sections, raw) VALUES (1, '[{"title":"Introduction","level":2,"markdown":"one"}]', ''), (2, '[]', '<p>two</p>')`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

func TestMigrationFromThePreviousSchemaKeepsEveryArticleAndMark(t *testing.T) {
	path := filepath.Join(t.TempDir(), "herald.db")
	previousCache(t, path)
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	var v int
	if err := s.db.QueryRow("PRAGMA user_version").Scan(&v); err != nil || v != SchemaVersion() {
		t.Fatalf("user_version %d, %v; want %d", v, err, SchemaVersion())
	}
	l := list(t, s, Filter{Enclosures: true})
	if titles(l) != "Starred one,Read one" {
		t.Fatalf("after the migration the cache lists %q", titles(l))
	}
	if r, st := byTitle(t, l, "Read one"), byTitle(t, l, "Starred one"); !r.Read || r.Starred || st.Read || !st.Starred {
		t.Errorf("marks changed: %+v %+v", r, st)
	}
	for _, a := range l {
		if a.HasEnclosures || a.Enclosures != nil || a.Source != "Mine" {
			t.Errorf("%s: %+v", a.Title, a)
		}
	}
	a, err := s.Load(ctx, "1")
	if err != nil || len(a.Sections) != 1 || a.Sections[0].Markdown != "one" {
		t.Errorf("Load after the migration: %+v, %v", a, err)
	}
	if ft, err := s.LoadFullText(ctx, "1"); err != nil || ft.Sections != nil || !ft.Tried.IsZero() {
		t.Errorf("an old article has a full text: %+v, %v", ft, err)
	}
	if etag, _, _ := s.Validators(ctx, feedA); etag != `"v1"` {
		t.Errorf("the feed's validator became %q", etag)
	}
	// And it is a cache like any other from here on.
	save(t, s, feedA, 0, item("g3", "New", day0, "three"))
	if n := len(list(t, s, Filter{})); n != 3 {
		t.Errorf("%d articles after a save, want 3", n)
	}
}

func TestEnclosuresAreSavedListedAndLoaded(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	pod := item("ep1", "Episode", day0, "listen")
	pod.Enclosures = []articles.Enclosure{
		{URL: "https://cdn.example/ep1.mp3", Type: "audio/mpeg", Length: 1234, Duration: 3723 * time.Second},
		{URL: "https://cdn.example/ep1.pdf", Type: "application/pdf"},
	}
	save(t, s, feedA, 0, pod, item("plain", "Plain", day0.Add(-time.Hour), "read"))

	l := list(t, s, Filter{})
	if !byTitle(t, l, "Episode").HasEnclosures || byTitle(t, l, "Plain").HasEnclosures {
		t.Errorf("HasEnclosures: %+v", l)
	}
	if byTitle(t, l, "Episode").Enclosures != nil {
		t.Error("List read the attachments without being asked")
	}
	l = list(t, s, Filter{Enclosures: true})
	if got := byTitle(t, l, "Episode").Enclosures; !reflect.DeepEqual(got, pod.Enclosures) {
		t.Errorf("listed attachments %+v, want %+v", got, pod.Enclosures)
	}
	a, err := s.Load(ctx, byTitle(t, l, "Episode").ID)
	if err != nil || !reflect.DeepEqual(a.Enclosures, pod.Enclosures) {
		t.Errorf("loaded attachments %+v, %v", a.Enclosures, err)
	}
	// An item seen again without its attachment loses it.
	pod.Enclosures = nil
	save(t, s, feedA, 0, pod)
	if a, _ := s.Load(ctx, a.ID); a.Enclosures != nil {
		t.Errorf("attachments after the feed dropped them: %+v", a.Enclosures)
	}
}

func TestFullTextIsKeptUntilItsArticleGoes(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	save(t, s, feedA, 0, item("1", "One", day0, "short"), item("2", "Two", day0.Add(-time.Hour), "short"))
	l := list(t, s, Filter{})
	one, two := byTitle(t, l, "One").ID, byTitle(t, l, "Two").ID
	full := []articles.Section{{Title: "Introduction", Level: 2, Markdown: "the whole of it"}, {Title: "More", Level: 2, Markdown: "and more"}}
	if err := s.SaveFullText(ctx, one, full, "https://a.example/1?final"); err != nil {
		t.Fatal(err)
	}
	ft, err := s.LoadFullText(ctx, one)
	if err != nil || !reflect.DeepEqual(ft.Sections, full) || ft.PageURL != "https://a.example/1?final" || ft.Fetched.IsZero() {
		t.Fatalf("LoadFullText: %+v, %v", ft, err)
	}
	// A later failure records its time and leaves the text.
	if err := s.SaveFullTextFailure(ctx, one, "HTTP 500"); err != nil {
		t.Fatal(err)
	}
	if ft, _ := s.LoadFullText(ctx, one); !reflect.DeepEqual(ft.Sections, full) || ft.Error != "HTTP 500" {
		t.Errorf("after a failure: %+v", ft)
	}
	// The feed's own text is untouched, and a re-fetch of the item keeps
	// the full text.
	save(t, s, feedA, 0, item("1", "One, edited", day0, "short"))
	if a, _ := s.Load(ctx, one); a.Sections[0].Markdown != "short" {
		t.Errorf("feed text became %q", a.Sections[0].Markdown)
	}
	if ft, _ := s.LoadFullText(ctx, one); ft.Sections == nil {
		t.Error("re-fetching the item lost its full text")
	}
	if err := s.SaveFullText(ctx, "999", full, ""); !errors.Is(err, ErrNotFound) {
		t.Errorf("a full text for an unknown article: %v", err)
	}

	// Retention drops the full text with its article...
	if err := s.SaveFullText(ctx, two, full, ""); err != nil {
		t.Fatal(err)
	}
	save(t, s, feedA, 1, item("1", "One, edited", day0, "short"))
	if _, err := s.LoadFullText(ctx, two); !errors.Is(err, ErrNotFound) {
		t.Errorf("retention left article %s's full text: %v", two, err)
	}
	// ...and so does removing the feed.
	if err := s.RemoveFeed(ctx, feedA); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := s.db.QueryRow("SELECT count(*) FROM articles_fulltext").Scan(&n); err != nil || n != 0 {
		t.Errorf("%d full texts left after herald remove (%v)", n, err)
	}
}

func TestFullTextTargetsAreNewOrDueForARetry(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	clock := day0
	s.now = func() time.Time { return clock }
	noLink := item("nolink", "No link", day0.Add(-3*time.Hour), "x")
	noLink.URL = ""
	save(t, s, feedA, 0, item("old", "Old", day0.Add(-2*time.Hour), "x"), noLink)
	refresh := day0.Add(time.Hour)
	clock = refresh
	save(t, s, feedA, 0, item("new1", "New 1", day0, "<p>feed text</p>"), item("new2", "New 2", day0.Add(-time.Minute), "y"))
	save(t, s, feedB, 0, item("other", "Other feed", day0, "z"))

	targets := func(now time.Time) string {
		t.Helper()
		got, err := s.FullTextTargets(ctx, feedA, refresh, now.Add(-24*time.Hour), 3, 10)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, g := range got {
			ids = append(ids, strings.TrimPrefix(g.URL, "https://a.example/"))
		}
		return strings.Join(ids, ",")
	}
	if got := targets(refresh); got != "new1,new2" {
		t.Fatalf("targets %q, want the two new articles with links", got)
	}
	l := list(t, s, Filter{Feed: feedA})
	new1, new2 := byTitle(t, l, "New 1").ID, byTitle(t, l, "New 2").ID
	if err := s.SaveFullText(ctx, new1, []articles.Section{{Title: "Introduction", Markdown: "all"}}, ""); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveFullTextFailure(ctx, new2, "timed out"); err != nil {
		t.Fatal(err)
	}
	if got := targets(refresh.Add(time.Hour)); got != "" {
		t.Errorf("an hour later the targets are %q: a failed page is asked again within the day", got)
	}
	clock = refresh.Add(25 * time.Hour)
	if got := targets(clock); got != "new2" {
		t.Errorf("a day later the targets are %q, want the failed one", got)
	}
	for range 2 {
		if err := s.SaveFullTextFailure(ctx, new2, "timed out"); err != nil {
			t.Fatal(err)
		}
	}
	if got := targets(clock.Add(48 * time.Hour)); got != "" {
		t.Errorf("after three failures in a row the targets are %q", got)
	}
}
