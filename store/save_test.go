package store

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/herald-reader/herald/articles"
)

// A first fetch takes the short way in (no lookups, ids worked out by
// herald): what it stores must be what the long way stores.
func TestFirstFetchOfAFeedStoresWhatALaterOneWould(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	dup := item("1", "One", day0, "first")
	again := item("1", "One again", day0, "second")
	if n := save(t, s, feedA, 0, dup, item("2", "Two", day0.Add(-time.Hour), "x"), again); n != 2 {
		t.Errorf("a feed serving one item twice: %d new, want 2", n)
	}
	l := list(t, s, Filter{})
	if len(l) != 2 || l[0].Title != "One again" || l[0].Author != "Ann" || l[0].URL != "https://a.example/1" || l[0].FeedURL != feedA {
		t.Fatalf("List = %+v", l)
	}
	got, err := s.Load(ctx, l[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Sections[0].Markdown != "second" {
		t.Errorf("the item served twice has the body %q, want the later one", got.Sections[0].Markdown)
	}

	// The same items through the lookups of a known feed list the same.
	save(t, s, feedB, 0, item("0", "Zero", day0.Add(-2*time.Hour), "x"))
	save(t, s, feedB, 0, item("1", "One", day0, "first"), item("2", "Two", day0.Add(-time.Hour), "x"))
	var a, b []articles.Article
	for _, x := range list(t, s, Filter{}) {
		x.ID = ""
		switch x.FeedURL {
		case feedA:
			x.Title = ""
			a = append(a, x)
		case feedB:
			x.Title = ""
			b = append(b, x)
		}
	}
	if len(a) != 2 || len(b) != 3 || a[0].URL != b[0].URL || a[1].URL != b[1].URL || a[0].Author != b[0].Author {
		t.Errorf("first fetch listed %+v, a known feed's %+v", a, b)
	}
}

// An id is never given twice, even once its article is gone: a UI that
// still holds it must not open another article.
func TestIDsAreNotReusedAfterRemoval(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	save(t, s, feedA, 0, item("1", "One", day0, "x"), item("2", "Two", day0, "x"))
	old := list(t, s, Filter{})
	if err := s.RemoveFeed(ctx, feedA); err != nil {
		t.Fatal(err)
	}
	save(t, s, feedB, 0, item("3", "Three", day0, "x"))
	l := list(t, s, Filter{})
	if len(l) != 1 {
		t.Fatalf("List = %+v", l)
	}
	for _, o := range old {
		if o.ID == l[0].ID {
			t.Fatalf("the new article took the id %s of a removed one", o.ID)
		}
		if _, err := s.Load(ctx, o.ID); err == nil {
			t.Errorf("a removed article's id %s still loads", o.ID)
		}
	}
}

// The writer leaves checkpoints to the Store's checkpointer: what was
// saved reaches the cache file itself while the cache stays open, so a
// crash never leaves more than a checkpoint's worth in the WAL alone.
func TestSavesReachTheCacheFileWithoutClosing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "herald.db")
	s := openAt(t, path)
	for f := range 5 {
		items := make([]articles.Article, 20)
		for i := range items {
			items[i] = item(fmt.Sprintf("%d-%d", f, i), "Item", day0, strings.Repeat("words ", 500))
		}
		save(t, s, fmt.Sprintf("https://f%d.example/rss", f), 0, items...)
	}
	// immutable=1 reads the file as it is on disk, without the WAL; it
	// also never looks again, so each look is a new connection.
	onDisk := func() (n int, err error) {
		file, err := sql.Open("sqlite", "file://"+filepath.ToSlash(path)+"?mode=ro&immutable=1")
		if err != nil {
			return 0, err
		}
		defer file.Close()
		err = file.QueryRow(`SELECT count(*) FROM articles`).Scan(&n)
		return n, err
	}
	for deadline := time.Now().Add(10 * time.Second); ; {
		n, err := onDisk()
		if err == nil && n == 100 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the cache file holds %d of 100 saved articles (%v): nothing checkpointed the WAL", n, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// A first refresh saves feed after feed with no pause: the WAL must still
// start over now and then rather than grow to the size of everything
// saved, which every write then extended and closing deleted at once.
func TestWALStartsOverDuringALongRefresh(t *testing.T) {
	path := filepath.Join(t.TempDir(), "herald.db")
	s := openAt(t, path)
	body := strings.Repeat("<p>The quick brown fox jumps over the lazy dog.</p> ", 100)
	var largest int64
	const feeds = 480 // 480 × 30 × 5 KB: 72 MB of bodies
	for f := range feeds {
		items := make([]articles.Article, 30)
		for i := range items {
			items[i] = item(fmt.Sprintf("%d-%d", f, i), "Item", day0, body)
			items[i].Sections, items[i].Body = nil, body
		}
		save(t, s, fmt.Sprintf("https://f%d.example/rss", f), 0, items...)
		if fi, err := os.Stat(path + "-wal"); err == nil {
			largest = max(largest, fi.Size())
		}
	}
	// It starts over after about 8 MB, later on a loaded machine, whose
	// checkpointer runs late.
	if saved := int64(feeds * 30 * len(body)); largest > saved/2 {
		t.Errorf("the WAL grew to %d MB while %d MB was saved: it never started over", largest>>20, saved>>20)
	}
}
