package feedlist

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// newsboatCache builds a newsboat cache.db at path with newsboat's own
// schema (testdata/newsboat-schema.sql) and runs the inserts given.
func newsboatCache(t *testing.T, path string, inserts ...string) {
	t.Helper()
	schema, err := os.ReadFile("testdata/newsboat-schema.sql")
	if err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range append([]string{string(schema)}, inserts...) {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%v\n%s", err, q)
		}
	}
}

func TestReadNewsboatCache(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cache.db")
	newsboatCache(t, path,
		`INSERT INTO rss_feed (rssurl, url, title) VALUES ('https://example.com/tides.xml', 'https://example.com/', 'Tide Log'),
			('exec:~/bin/feed.sh', '', 'Script')`,
		`INSERT INTO rss_item (guid, title, author, url, feedurl, pubDate, content, unread, flags, deleted) VALUES
			('tide-1', 'Spring tides', 'Ann', 'https://example.com/1', 'https://example.com/tides.xml', 1768824000, '<p>High water.</p>', 0, 's', 0),
			('https://example.com/3Wed, 21 Jan 2026 12:00:00 +0000', 'No guid', '', 'https://example.com/3', 'https://example.com/tides.xml', 1768996800, 'x', 1, NULL, 0),
			('gone', 'Deleted', '', 'https://example.com/4', 'https://example.com/tides.xml', 1768996800, 'x', 0, NULL, 1),
			('orphan-1', 'Orphan', '', 'https://other.example/1', 'https://other.example/feed', 0, '', 1, '', 0)`,
	)
	var feeds []NewsboatFeed
	warnings, err := ReadNewsboatCache(context.Background(), path, func(f NewsboatFeed) error {
		feeds = append(feeds, f)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(warnings) != 1 || warnings[0] != "skipped the feed exec:~/bin/feed.sh: herald fetches only http and https feeds" {
		t.Errorf("warnings %q", warnings)
	}
	if len(feeds) != 2 || feeds[0].URL != "https://example.com/tides.xml" || feeds[0].Title != "Tide Log" || feeds[1].URL != "https://other.example/feed" {
		t.Fatalf("feeds %+v", feeds)
	}
	items := feeds[0].Items
	if len(items) != 2 {
		t.Fatalf("%d articles, want 2 (the deleted one left out): %+v", len(items), items)
	}
	// Newest first.
	noGUID, spring := items[0], items[1]
	if spring.ID != "tide-1" || spring.Unread || !spring.Flagged || spring.Author != "Ann" ||
		!spring.Published.Equal(time.Date(2026, 1, 19, 12, 0, 0, 0, time.UTC)) || spring.Content != "<p>High water.</p>" {
		t.Errorf("the flagged, read article: %+v", spring)
	}
	// newsboat's "link + date" identity becomes the link, as herald's
	// fetch of that item identifies it.
	if noGUID.ID != "https://example.com/3" || !noGUID.Unread || noGUID.Flagged {
		t.Errorf("the article without a guid: %+v", noGUID)
	}
	if o := feeds[1].Items; len(o) != 1 || !o[0].Published.IsZero() {
		t.Errorf("the orphan feed's article: %+v", o)
	}
}

func TestHeraldID(t *testing.T) {
	for _, tc := range []struct{ guid, link, want string }{
		{"tide-1", "https://example.com/1", "tide-1"},
		{"https://example.com/1", "https://example.com/1", "https://example.com/1"},
		{"https://example.com/1Mon, 19 Jan 2026 12:00:00 +0000", "https://example.com/1", "https://example.com/1"},
		{"https://example.com/12026-01-19T12:00:00Z", "https://example.com/1", "https://example.com/1"},
		// A real guid that happens to extend the link stays.
		{"https://example.com/1/2026", "https://example.com/1", "https://example.com/1/2026"},
		{"https://example.com/1#comments", "https://example.com/1", "https://example.com/1#comments"},
		{"A title only", "", "A title only"},
		{"", "https://example.com/1", "https://example.com/1"},
	} {
		if got := heraldID(tc.guid, tc.link); got != tc.want {
			t.Errorf("heraldID(%q, %q) = %q, want %q", tc.guid, tc.link, got, tc.want)
		}
	}
}

func TestNotANewsboatCache(t *testing.T) {
	dir := t.TempDir()
	other := filepath.Join(dir, "other.db")
	db, err := sql.Open("sqlite", other)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE TABLE notes (body TEXT)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	broken := filepath.Join(dir, "broken.db")
	if err := os.WriteFile(broken, append([]byte("SQLite format 3\x00"), make([]byte, 200)...), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{other, broken} {
		if !IsSQLite(path) {
			t.Errorf("%s is not taken for SQLite", path)
		}
		_, err := ReadNewsboatCache(context.Background(), path, func(NewsboatFeed) error { return nil })
		if !errors.Is(err, ErrNotNewsboat) {
			t.Errorf("%s: %v, want ErrNotNewsboat", filepath.Base(path), err)
		}
	}
	text := filepath.Join(dir, "urls")
	if err := os.WriteFile(text, []byte("https://example.com/feed\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if IsSQLite(text) || IsSQLite(filepath.Join(dir, "missing")) {
		t.Error("a text file or a missing one is taken for SQLite")
	}
}
