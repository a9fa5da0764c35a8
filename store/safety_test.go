package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/herald-reader/herald/articles"
)

// openAt opens the cache at path for the test, as one herald process
// would; several on one file stand for several processes.
func openAt(t testing.TB, path string) *Store {
	t.Helper()
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// bigFeed is n small items of one feed, dated a minute apart.
func bigFeed(prefix string, n int) []articles.Article {
	items := make([]articles.Article, n)
	for i := range items {
		g := fmt.Sprintf("%s-%d", prefix, i)
		items[i] = item(g, g, day0.Add(time.Duration(i)*time.Minute), "body of "+g)
	}
	return items
}

// startBigSave saves items to feed on s in the background and returns once
// the cache shows the first of them to another connection, or the save has
// ended (the save is then the one that could not be overtaken).
func startBigSave(t *testing.T, s, watch *Store, feed string, items []articles.Article) (done <-chan error, visibleBeforeEnd bool) {
	t.Helper()
	ch := make(chan error, 1)
	go func() {
		_, err := s.SaveItems(context.Background(), Fetched{Feed: feed, Items: items})
		ch <- err
	}()
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		var n int
		if err := watch.db.QueryRow(`SELECT count(*) FROM articles WHERE feed_url = ?`, feed).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			select {
			case err := <-ch:
				ch <- err
				return ch, false
			default:
				return ch, true
			}
		}
		time.Sleep(time.Millisecond)
	}
	t.Fatal("the big save never showed an item")
	return nil, false
}

// A mark made while a refresh saves a huge feed is written at once, not
// after the save (which used to hold the write lock for all its items,
// 14-25 s for 200,000, longer than a writer would wait). Both another
// process (a second Store on the file) and this one (the TUI marking while
// its own refresh saves) get in between two chunks.
func TestMarkDuringABigSaveIsWrittenAtOnce(t *testing.T) {
	for _, sameProcess := range []bool{false, true} {
		t.Run(fmt.Sprintf("same process %v", sameProcess), func(t *testing.T) {
			ctx := context.Background()
			path := filepath.Join(t.TempDir(), "herald.db")
			saver := openAt(t, path)
			marker := saver
			if !sameProcess {
				marker = openAt(t, path)
			}
			save(t, saver, feedA, 0, item("seed", "seed", day0, "x"))
			seed := list(t, marker, Filter{})[0].ID

			// Small chunks keep the test quick; the save is 40 of them.
			saver.chunkItems = 50
			done, visible := startBigSave(t, saver, marker, feedB, bigFeed("big", 2000))
			if !visible {
				t.Fatal("nothing of the big save was visible before it ended: it held the write lock throughout")
			}
			if err := marker.SetRead(ctx, seed, true); err != nil {
				t.Fatalf("the mark failed while the feed saved: %v", err)
			}
			select {
			case err := <-done:
				t.Fatalf("the mark was written only once the whole feed was saved (save: %v)", err)
			default:
			}
			if err := <-done; err != nil {
				t.Fatal(err)
			}
			if n := len(list(t, marker, Filter{Feed: feedB})); n != 2000 {
				t.Errorf("the big feed has %d of 2000 items", n)
			}
			if !list(t, marker, Filter{Feed: feedA})[0].Read {
				t.Error("the mark is not in the cache")
			}
		})
	}
}

// Three herald fetches saving big feeds at once all succeed: each waits for
// the others' chunks, never for their whole feeds, so none runs out of
// patience (shortened here to five seconds, and the chunks to 10 items, so
// the test is quick, also under -race on a loaded machine).
func TestConcurrentBigSavesAllSucceed(t *testing.T) {
	path := filepath.Join(t.TempDir(), "herald.db")
	var stores []*Store
	for range 3 {
		s := openAt(t, path)
		s.writeWait = 5 * time.Second
		s.chunkItems = 10
		stores = append(stores, s)
	}
	var wg sync.WaitGroup
	errs := make([]error, len(stores))
	for i, s := range stores {
		wg.Go(func() {
			_, errs[i] = s.SaveItems(context.Background(), Fetched{Feed: fmt.Sprintf("https://big%d.example/feed", i), Items: bigFeed(fmt.Sprint("f", i), 1500)})
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("fetch %d: %v", i, err)
		}
	}
	total, _, err := stores[0].Counts(context.Background())
	if err != nil || total != 3*1500 {
		t.Errorf("%d articles saved, want %d (%v)", total, 3*1500, err)
	}
}

// A writer that waits too long is told so in words, not with SQLite's
// "database is locked".
func TestWriteThatWaitsTooLongSaysTheCacheIsBusy(t *testing.T) {
	path := filepath.Join(t.TempDir(), "herald.db")
	s1, s2 := openAt(t, path), openAt(t, path)
	s2.writeWait = 50 * time.Millisecond
	tx, err := s1.wdb.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	err = s2.SaveError(context.Background(), feedA, "x")
	if !errors.Is(err, ErrBusy) || strings.Contains(err.Error(), "locked") {
		t.Errorf("a write behind a stuck one: %v, want ErrBusy in words", err)
	}
}

// A big feed saved in chunks, with retention dropping most of what was
// there, ends exactly as one transaction would have left it.
func TestChunkedSaveKeepsRetentionAndMarks(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	s.chunkItems = 7
	old := bigFeed("old", 3000)
	save(t, s, feedA, 0, old...)
	l := list(t, s, Filter{})
	starred := byTitle(t, l, "old-5").ID
	if err := s.SetStarred(ctx, starred, true); err != nil {
		t.Fatal(err)
	}
	read := byTitle(t, l, "old-2999").ID
	if err := s.SetRead(ctx, read, true); err != nil {
		t.Fatal(err)
	}
	// The feed now serves the newest 20 old items and 30 new ones; keep 40.
	items := append(bigFeed("new", 30), old[2980:]...)
	for i := range 30 {
		items[i].Published = day0.Add(time.Duration(4000+i) * time.Minute)
	}
	n, err := s.SaveItems(ctx, Fetched{Feed: feedA, ETag: `"v2"`, Items: items, Keep: 40})
	if err != nil || n != 30 {
		t.Fatalf("SaveItems = %d, %v; want 30 new", n, err)
	}
	l = list(t, s, Filter{Feed: feedA})
	if len(l) != 51 {
		t.Errorf("%d articles after retention, want the 50 served and the starred one", len(l))
	}
	if a := byTitle(t, l, "old-2999"); a.ID != read || !a.Read {
		t.Errorf("a re-saved item lost its read mark: %+v", a)
	}
	if a := byTitle(t, l, "old-5"); !a.Starred {
		t.Error("retention dropped a starred article")
	}
	if etag, _, _ := s.Validators(ctx, feedA); etag != `"v2"` {
		t.Errorf("validators %q after the save", etag)
	}
}

// herald remove wins over a fetch that began before it: the fetch's save
// is refused, whether it comes after the removal or is part-way through
// its chunks when the removal lands, and no unstarred article is left.
func TestRemoveWinsOverAFetchThatBeganBefore(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	save(t, s, feedA, 0, item("1", "one", day0, "x"), item("2", "two", day0, "x"))
	s.SetStarred(ctx, byTitle(t, list(t, s, Filter{}), "two").ID, true)

	began := time.Now().Add(-time.Second)
	if err := s.RemoveFeed(ctx, feedA); err != nil {
		t.Fatal(err)
	}
	_, err := s.SaveItems(ctx, Fetched{Feed: feedA, Items: []articles.Article{item("1", "one", day0, "x"), item("3", "three", day0, "x")}, Started: began})
	if !errors.Is(err, ErrRemoved) {
		t.Errorf("a fetch begun before the removal saved: %v", err)
	}
	if got := titles(list(t, s, Filter{})); got != "two" {
		t.Errorf("after the refused save the library holds %q, want only the starred article", got)
	}
	if feeds, _ := s.Feeds(ctx); len(feeds) != 0 {
		t.Errorf("the removed feed is listed again: %+v", feeds)
	}
	// The list the fetch read before the removal does not bring it back.
	if err := s.EnsureFeeds(ctx, []FeedEntry{{URL: feedA}}, began); err != nil {
		t.Fatal(err)
	}
	if feeds, _ := s.Feeds(ctx); len(feeds) != 0 {
		t.Errorf("a list read before the removal followed the feed again: %+v", feeds)
	}

	// Part-way: the removal lands between two chunks of a big save.
	s.chunkItems = 20
	began = time.Now()
	done := make(chan error, 1)
	go func() {
		_, err := s.SaveItems(ctx, Fetched{Feed: feedB, Items: bigFeed("b", 4000), Started: began})
		done <- err
	}()
	for {
		if n := len(list(t, s, Filter{Feed: feedB})); n > 0 {
			break
		}
		time.Sleep(time.Millisecond)
	}
	if err := s.RemoveFeed(ctx, feedB); err != nil {
		t.Fatal(err)
	}
	if err := <-done; !errors.Is(err, ErrRemoved) {
		t.Fatalf("the save went on after the removal: %v", err)
	}
	if n := len(list(t, s, Filter{Feed: feedB})); n != 0 {
		t.Errorf("%d articles of the removed feed are left", n)
	}

	// A list read after the removal (the user added the feed again)
	// follows it, and its fetches save.
	later := time.Now().Add(time.Second)
	if err := s.EnsureFeeds(ctx, []FeedEntry{{URL: feedA}}, later); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveItems(ctx, Fetched{Feed: feedA, Items: []articles.Article{item("3", "three", day0, "x")}, Started: later}); err != nil {
		t.Fatal(err)
	}
	if feeds, _ := s.Feeds(ctx); len(feeds) != 1 || feeds[0].Articles != 2 {
		t.Errorf("the feed added again: %+v, want it with its starred article and the new one", feeds)
	}
}

// Unlisted finds the articles a feed that left the list by hand still has.
func TestUnlistedFeedsAreFound(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	save(t, s, feedA, 0, item("1", "one", day0, "x"), item("2", "two", day0, "x"))
	save(t, s, feedB, 0, item("b", "b", day0, "x"))
	// No EnsureFeeds since: the list alone says A has left.
	left, err := s.Unlisted(ctx, []string{feedB})
	if err != nil || len(left) != 1 || left[0].URL != feedA || left[0].Articles != 2 {
		t.Fatalf("Unlisted = %+v, %v; want feed A with 2 articles", left, err)
	}
	if err := s.RemoveFeed(ctx, feedA); err != nil {
		t.Fatal(err)
	}
	if left, _ := s.Unlisted(ctx, []string{feedB}); len(left) != 0 {
		t.Errorf("after RemoveFeed: %+v", left)
	}
}

// A feed the parser repaired says so, with the reason, until a sound fetch;
// a 304 meanwhile changes nothing.
func TestRecoveredFeedKeepsItsReason(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	why := "the document ends before the feed does: kept 1 whole item"
	if _, err := s.SaveItems(ctx, Fetched{Feed: feedA, Items: []articles.Article{item("1", "one", day0, "x")}, Recovered: why}); err != nil {
		t.Fatal(err)
	}
	feeds, _ := s.Feeds(ctx)
	if len(feeds) != 1 || feeds[0].Status != StatusRecovered || feeds[0].Error != why || feeds[0].Articles != 1 {
		t.Fatalf("Feeds = %+v, want the recovered feed with its reason and article", feeds)
	}
	// The server answers 304 the next time: what the cache holds is still
	// what was recovered (a 304 used to make it "not modified", no reason).
	if err := s.SaveNotModified(ctx, feedA); err != nil {
		t.Fatal(err)
	}
	if feeds, _ := s.Feeds(ctx); feeds[0].Status != StatusRecovered || feeds[0].Error != why {
		t.Errorf("after a 304: %+v, want it still recovered with its reason", feeds[0])
	}
	save(t, s, feedA, 0, item("1", "one", day0, "x"))
	if feeds, _ := s.Feeds(ctx); feeds[0].Status != StatusOK || feeds[0].Error != "" {
		t.Errorf("a sound fetch left %+v", feeds[0])
	}
}

// schemaBefore is the schema version before the migration that mentions
// what, found by its text so the tests hold when migrations are appended
// or renumbered.
func schemaBefore(t *testing.T, what string) int {
	t.Helper()
	for i, m := range migrations {
		if strings.Contains(m, what) {
			return i
		}
	}
	t.Fatalf("no migration mentions %s", what)
	return 0
}

// A cache built by the schema before removal tombstones and undated items
// opens with every article and mark, and its undated items, which were
// saved dated by their first-seen time, show as undated.
func TestMigrationToTombstonesAndUndatedKeepsArticlesAndMarks(t *testing.T) {
	beforeTombstones := schemaBefore(t, "removed_at")
	path := filepath.Join(t.TempDir(), "herald.db")
	db, err := sql.Open("sqlite", dsn(path, time.Second, false))
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range migrations[:beforeTombstones] {
		if _, err := db.Exec(m); err != nil {
			t.Fatal(err)
		}
	}
	seen := day0.Add(time.Hour).UnixMilli()
	for _, stmt := range []string{
		fmt.Sprintf(`PRAGMA user_version = %d`, beforeTombstones),
		`INSERT INTO feeds (url, title, etag, last_status) VALUES ('` + feedA + `', 'A', '"e1"', 'ok')`,
		fmt.Sprintf(`INSERT INTO articles (feed_url, guid, title, published, first_seen, read, starred, list_entry)
			VALUES ('%s', 'dated', 'dated', %d, %d, 1, 0, '1'||char(0)||'dated'||char(0)||''||char(0)||''||char(0)||'%s')`,
			feedA, day0.UnixMilli(), seen, feedA),
		fmt.Sprintf(`INSERT INTO articles (feed_url, guid, title, published, first_seen, read, starred, list_entry)
			VALUES ('%s', 'undated', 'undated', %d, %d, 0, 1, '2'||char(0)||'undated'||char(0)||''||char(0)||''||char(0)||'%s')`,
			feedA, seen, seen, feedA),
		`INSERT INTO articles_body (id, sections) VALUES (1, '[]'), (2, '[]')`,
	} {
		if _, err := db.Exec(stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	db.Close()

	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	l := list(t, s, Filter{})
	if got := titles(l); got != "undated,dated" {
		t.Fatalf("after the migration the library is %q", got)
	}
	if u := byTitle(t, l, "undated"); !u.Published.IsZero() || u.FirstSeen.UnixMilli() != seen || !u.Starred || u.Read {
		t.Errorf("the undated item came out as %+v", u)
	}
	if d := byTitle(t, l, "dated"); !d.Published.Equal(day0) || !d.Read {
		t.Errorf("the dated item came out as %+v", d)
	}
	if etag, _, _ := s.Validators(context.Background(), feedA); etag != `"e1"` {
		t.Errorf("the feed's validators are %q", etag)
	}
	if err := s.RemoveFeed(context.Background(), feedA); err != nil {
		t.Errorf("removing a feed of the migrated cache: %v", err)
	}
}

// A path that is not a regular file is refused, and SQLite creates nothing
// beside it (it used to make /dev/null-journal).
func TestOpenRefusesAPathThatIsNotAFile(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	_, nullJournal := os.Stat("/dev/null-journal")
	for _, p := range []string{"/dev/null", fifo, dir} {
		s, err := Open(p)
		if err == nil {
			s.Close()
			t.Errorf("Open(%s) accepted it as a cache", p)
			continue
		}
		if !strings.Contains(err.Error(), "not a regular file") {
			t.Errorf("Open(%s): %v, want it to say it is not a regular file", p, err)
		}
	}
	if _, err := os.Stat(fifo + "-journal"); err == nil {
		t.Error("Open made a journal beside the pipe")
	}
	if _, err := os.Stat("/dev/null-journal"); err == nil && nullJournal != nil {
		os.Remove("/dev/null-journal")
		t.Error("Open made /dev/null-journal")
	}
}

// A damaged cache is named as damaged (ErrDamaged), whether its header is
// gone (it opens as nothing) or pages in the middle are (it opens, and the
// first query finds it).
func TestDamagedCacheIsNamed(t *testing.T) {
	dir := t.TempDir()
	junk := filepath.Join(dir, "junk.db")
	if err := os.WriteFile(junk, []byte(strings.Repeat("not a database\n", 500)), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(junk); !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), junk) {
		t.Errorf("a file that is no database: %v", err)
	}

	path := filepath.Join(dir, "herald.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 20 {
		save(t, s, fmt.Sprintf("https://f%d.example/feed", i), 0, bigFeed(fmt.Sprint("f", i), 20)...)
	}
	if _, err := s.db.Exec("PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	garbage := []byte(strings.Repeat("\xde\xad\xbe\xef", 1024*6))
	if _, err := f.WriteAt(garbage, 4096); err != nil {
		t.Fatal(err)
	}
	f.Close()
	s, err = Open(path)
	if err == nil {
		defer s.Close()
		_, err = s.List(context.Background(), Filter{})
		if err == nil {
			_, err = s.Feeds(context.Background())
		}
	}
	if !errors.Is(err, ErrDamaged) {
		t.Errorf("a cache with corrupt pages: %v, want ErrDamaged", err)
	}
}

// readOnlyChildEnv names the cache the read-only child opens.
const readOnlyChildEnv = "HERALD_STORE_READONLY_CHILD"

// TestReadOnlyChild runs as a user who may read the cache but not write it
// or its folder: it lists, loads and counts, and every write says the
// cache is read-only.
func TestReadOnlyChild(t *testing.T) {
	path := os.Getenv(readOnlyChildEnv)
	if path == "" {
		t.Skip("only runs as the child of TestReadOnlyCacheCanBeRead")
	}
	ctx := context.Background()
	s, err := Open(path)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	defer s.Close()
	if !s.ReadOnly() {
		t.Error("the cache was opened for writing")
	}
	l, err := s.List(ctx, Filter{})
	if err != nil || len(l) != 2 {
		t.Fatalf("list: %d articles, %v", len(l), err)
	}
	if _, err := s.Load(ctx, l[0].ID); err != nil {
		t.Errorf("load: %v", err)
	}
	if _, err := s.Feeds(ctx); err != nil {
		t.Errorf("feeds: %v", err)
	}
	if err := s.SetRead(ctx, l[0].ID, true); !errors.Is(err, ErrReadOnly) {
		t.Errorf("a mark on a read-only cache: %v, want ErrReadOnly", err)
	}
	// "two" was retitled "deux" after the index last caught up, and this
	// herald cannot bring the index up to date: its searches still see
	// the article as it is now, and only once.
	if n, err := s.Unindexed(ctx); n != 1 || err != nil {
		t.Errorf("articles pending before a search: %d, %v; want 1", n, err)
	}
	for _, c := range []struct {
		query string
		f     SearchFilter
		want  string
	}{
		{"deux", SearchFilter{}, "deux"},
		{"two", SearchFilter{}, ""},
		{"one", SearchFilter{}, "one"},
		{"one OR deux", SearchFilter{Unread: true}, "one,deux"},
		{"deux", SearchFilter{Feed: feedB}, ""},
	} {
		hits, err := s.Search(ctx, c.query, c.f)
		var got []string
		for _, h := range hits {
			got = append(got, h.Article.Title)
		}
		slices.Sort(got)
		want := strings.Split(c.want, ",")
		slices.Sort(want)
		if c.want == "" {
			want = nil
		}
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("search %q %+v on the read-only cache: %q, %v; want %q", c.query, c.f, got, err, want)
		}
	}
	if n, err := s.Unindexed(ctx); n != 0 || err != nil {
		t.Errorf("articles a search of this read-only cache left out: %d, %v; want none", n, err)
	}
}

// A cache herald may read but not write (a read-only file in a read-only
// folder, opened by another user) still lists and loads. The child runs
// as nobody when the tests run as root, who may write anything.
func TestReadOnlyCacheCanBeRead(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	for _, wal := range []bool{true, false} {
		t.Run(fmt.Sprintf("wal files present %v", wal), func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "data")
			path := filepath.Join(dir, "herald.db")
			s, err := Open(path)
			if err != nil {
				t.Fatal(err)
			}
			save(t, s, feedA, 0, item("1", "one", day0, "x"), item("2", "two", day0, "x"))
			if _, err := s.IndexPending(context.Background(), nil); err != nil {
				t.Fatal(err)
			}
			save(t, s, feedA, 0, item("1", "one", day0, "x"), item("2", "deux", day0, "x"))
			if n, err := s.Unindexed(context.Background()); n != 0 || err != nil {
				t.Errorf("a writable cache's search leaves out %d articles (%v): it indexes them first", n, err)
			}
			if !wal {
				s.Close() // the last connection removes -wal and -shm
			} else {
				defer s.Close()
			}
			for _, p := range []string{path, path + "-wal", path + "-shm"} {
				os.Chmod(p, 0o444)
			}
			os.Chmod(dir, 0o555)
			defer os.Chmod(dir, 0o700)
			os.Chmod(filepath.Dir(dir), 0o755)
			os.Chmod(filepath.Dir(filepath.Dir(dir)), 0o755)
			cmd := exec.Command(os.Args[0], "-test.run=^TestReadOnlyChild$", "-test.count=1", "-test.v")
			cmd.Env = append(os.Environ(), readOnlyChildEnv+"="+path)
			if os.Geteuid() == 0 {
				exe, _ := filepath.Abs(os.Args[0])
				for d := filepath.Dir(exe); d != "/"; d = filepath.Dir(d) {
					if fi, err := os.Stat(d); err == nil && fi.Mode().Perm()&0o005 == 0 {
						os.Chmod(d, fi.Mode().Perm()|0o005)
						defer os.Chmod(d, fi.Mode().Perm())
					}
				}
				cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
				cmd.Dir = "/"
			}
			out, err := cmd.CombinedOutput()
			if err != nil || !strings.Contains(string(out), "--- PASS: TestReadOnlyChild") {
				t.Errorf("the read-only child failed: %v\n%s", err, out)
			}
		})
	}
}

// An entry a sync server gives no date is undated too: it sorts by when it
// was first seen, and a later sync neither dates it nor moves it to "now".
func TestUndatedServerEntryStaysUndated(t *testing.T) {
	s := openTemp(t)
	seen := day0.Add(time.Hour)
	s.now = func() time.Time { return seen }
	undated := remoteEntry("1", "7", "no date", false, false)
	undated.Published = time.Time{}
	merge(t, s, undated, remoteEntry("2", "7", "dated", false, false))
	s.now = func() time.Time { return seen.Add(48 * time.Hour) }
	merge(t, s, undated)
	a := byTitle(t, list(t, s, Filter{}), "no date")
	if !a.Published.IsZero() || !a.FirstSeen.Equal(seen) {
		t.Errorf("the undated entry: published %v, first seen %v; want undated, seen %v", a.Published, a.FirstSeen, seen)
	}
	if d := byTitle(t, list(t, s, Filter{}), "dated"); d.Published.IsZero() {
		t.Error("the dated entry lost its date")
	}
}

// A feed saved in several chunks, a retention in batches and a removal
// that wins over a fetch all leave the search index exact: it finds what
// the cache holds, and nothing it no longer does.
func TestChunkedSavesRetentionAndRemovalKeepTheIndexExact(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	s.chunkItems = 3
	var items []articles.Article
	for i := range 10 {
		items = append(items, item(fmt.Sprint("g", i), fmt.Sprint("Story ", i), day0.Add(time.Duration(i)*time.Hour), fmt.Sprintf("word%d common", i)))
	}
	save(t, s, feedA, 0, items...)
	wantFound(t, s, "word7", "Story 7")
	checkIndexExact(t, s)

	// The next fetch serves two items: retention keeps those and the four
	// newest.
	save(t, s, feedA, 4, items[0], items[1])
	wantFound(t, s, "word0", "Story 0")
	wantFound(t, s, "word3")
	wantFound(t, s, "word9", "Story 9")
	checkIndexExact(t, s)

	// A fetch that began before herald remove saves nothing, and the
	// removal leaves nothing of the feed in the index.
	began := s.now().Add(-time.Minute)
	if err := s.RemoveFeed(ctx, feedA); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveItems(ctx, Fetched{Feed: feedA, Items: items, Started: began}); !errors.Is(err, ErrRemoved) {
		t.Fatalf("a fetch older than the removal saved: %v", err)
	}
	wantFound(t, s, "common")
	checkIndexExact(t, s)
}
