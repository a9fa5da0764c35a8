package app

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/herald-reader/herald/config"
	"github.com/herald-reader/herald/feedlist"
	"github.com/herald-reader/herald/store"
)

// listApp is an App over a cache and a feed list of its own holding urls.
func listApp(t *testing.T, urls ...string) (*App, string) {
	t.Helper()
	dir := t.TempDir()
	cfg := config.Defaults()
	cfg.File = filepath.Join(dir, "config.toml")
	cfg.DBPath = filepath.Join(dir, "herald.db")
	cfg.Timeout = 10 * time.Second
	list := config.FeedListPath(cfg)
	if err := os.WriteFile(list, []byte(strings.Join(urls, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	a, err := Open(cfg, "test")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a, list
}

func feedArticles(t *testing.T, a *App, feedURL string) int {
	t.Helper()
	l, err := a.st.List(context.Background(), store.Filter{Feed: feedURL})
	if err != nil {
		t.Fatal(err)
	}
	return len(l)
}

// herald remove while a fetch of the same feed runs: the fetch used to save
// the feed back, its articles returning as new and unread, after which
// remove said "not in your feed list". Now the removal wins.
func TestRemoveWinsOverAFetchInFlight(t *testing.T) {
	asked, release := make(chan struct{}), make(chan struct{})
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		if r.URL.Path == "/slow.xml" {
			close(asked)
			<-release
		}
		fmt.Fprint(w, rss("Feed "+r.URL.Path, `<item><guid>1</guid><title>One</title></item>`, `<item><guid>2</guid><title>Two</title></item>`))
	})
	slow, other := srv.URL+"/slow.xml", srv.URL+"/other.xml"
	a, list := listApp(t, slow, other)
	ctx := context.Background()
	// A first fetch of the other feed only, so the cache knows it.
	if _, err := a.FetchFeeds(ctx, []feedlist.Entry{{URL: other}}, nil, nil); err != nil {
		t.Fatal(err)
	}

	var reports []FeedReport
	var sum Summary
	done := make(chan error)
	go func() {
		var err error
		sum, err = a.FetchList(ctx, nil, func(r FeedReport) { reports = append(reports, r) })
		done <- err
	}()
	<-asked // the fetch has read the list and is waiting for the slow feed
	if got, err := a.Remove(ctx, slow); err != nil || got != slow {
		t.Fatalf("Remove = %q, %v", got, err)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if n := feedArticles(t, a, slow); n != 0 {
		t.Errorf("the fetch saved %d articles of the feed removed meanwhile", n)
	}
	if n := feedArticles(t, a, other); n != 2 {
		t.Errorf("the other feed has %d articles, want 2", n)
	}
	for _, r := range reports {
		if r.URL == slow && (!r.Removed || r.Err != nil || r.New != 0) {
			t.Errorf("the removed feed's report: %+v, want it marked removed", r)
		}
	}
	if sum.Feeds != 2 || sum.Removed != 1 || sum.Failed != 0 {
		t.Errorf("summary %+v, want the removed feed counted as removed", sum)
	}
	feeds, err := a.ListedFeeds(ctx)
	if err != nil || len(feeds) != 1 || feeds[0].URL != other {
		t.Errorf("ListedFeeds = %+v, %v; want only the other feed", feeds, err)
	}
	if entries := loadEntries(t, list); len(entries) != 1 || entries[0].URL != other {
		t.Errorf("feed list holds %+v", entries)
	}
	// A later fetch does not bring it back either.
	if _, err := a.FetchList(ctx, nil, nil); err != nil {
		t.Fatal(err)
	}
	if n := feedArticles(t, a, slow); n != 0 {
		t.Errorf("a later fetch brought back %d articles of the removed feed", n)
	}
}

func loadEntries(t *testing.T, path string) []feedlist.Entry {
	t.Helper()
	entries, err := feedlist.LoadList(path)
	if err != nil {
		t.Fatal(err)
	}
	return entries
}

// A removal killed between its two steps (cache, then list) leaves the feed
// in the list with its articles gone; removing it again finishes the job.
// A feed taken out of the list by hand keeps its articles until
// herald remove, which used to say "not in your feed list" and leave them
// for ever.
func TestRemoveFinishesACutShortRemovalAndCleansUnlistedFeeds(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, rss("Feed "+r.URL.Path, `<item><guid>1</guid><title>One</title></item>`))
	})
	a1, b1 := srv.URL+"/a.xml", srv.URL+"/b.xml"
	a, list := listApp(t, a1, b1)
	ctx := context.Background()
	if _, err := a.FetchList(ctx, nil, nil); err != nil {
		t.Fatal(err)
	}

	// The kill: the cache's step happened, the list's did not.
	if err := a.st.RemoveFeed(ctx, a1); err != nil {
		t.Fatal(err)
	}
	if n := feedArticles(t, a, a1); n != 0 {
		t.Fatalf("%d articles after the cache's step", n)
	}
	if got, err := a.Remove(ctx, a1); err != nil || got != a1 {
		t.Fatalf("removing again: %q, %v", got, err)
	}
	if entries := loadEntries(t, list); len(entries) != 1 || entries[0].URL != b1 {
		t.Errorf("feed list after removing again: %+v", entries)
	}

	// b is taken out of the list by hand; its article stays, unlisted,
	// and no fetch has run since to notice it left.
	if err := os.WriteFile(list, []byte("# nothing\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if n := feedArticles(t, a, b1); n != 1 {
		t.Fatalf("the unlisted feed has %d articles, want its 1 kept", n)
	}
	if got, err := a.Remove(ctx, strings.ToUpper(b1[:4])+b1[4:]); err != nil || got != b1 {
		t.Fatalf("Remove of the unlisted feed = %q, %v", got, err)
	}
	if n := feedArticles(t, a, b1); n != 0 {
		t.Errorf("the unlisted feed still has %d articles", n)
	}
	if _, err := a.Remove(ctx, b1); err == nil || !strings.Contains(err.Error(), "not in your feed list") {
		t.Errorf("removing it once more: %v", err)
	}
}

// A damaged cache is named with its file and the remedy, whether SQLite
// finds it at once (no database at all) or at the first query (pages in
// the middle), where fetch used to print "0 failed" and exit 1.
func TestDamagedCacheIsNamedWithTheRemedy(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, rss("Feed", `<item><guid>1</guid><title>One</title></item>`))
	})
	a, _ := listApp(t, srv.URL+"/a.xml")
	ctx := context.Background()
	if _, err := a.FetchList(ctx, nil, nil); err != nil {
		t.Fatal(err)
	}
	cfg := a.cfg
	a.Close()
	corrupt(t, cfg.DBPath)

	check := func(what string, err error) {
		t.Helper()
		var ce *cacheError
		if !errors.As(err, &ce) || !errors.Is(err, store.ErrDamaged) {
			t.Fatalf("%s: %v, want the damaged cache named", what, err)
		}
		for _, want := range []string{cfg.DBPath, "damaged", "move it aside", "fresh cache", "feed list"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%s: %q does not say %q", what, err, want)
			}
		}
	}
	b, err := Open(cfg, "test")
	if err == nil {
		defer b.Close()
		_, err = b.FetchList(ctx, nil, nil)
	}
	check("fetch", err)
	if err == nil {
		_, err = b.Articles(ctx, ListFilter{})
		check("list", err)
	}

	if err := os.WriteFile(cfg.DBPath, []byte(strings.Repeat("no database here\n", 300)), 0o600); err != nil {
		t.Fatal(err)
	}
	os.Remove(cfg.DBPath + "-wal")
	os.Remove(cfg.DBPath + "-shm")
	_, err = Open(cfg, "test")
	check("open", err)
	lib, err := OpenLibrary(cfg, "test")
	if err != nil {
		t.Fatal(err)
	}
	defer lib.Close()
	if p := lib.Problem(); !strings.Contains(p, "move it aside") {
		t.Errorf("the TUI's problem line is %q", p)
	}
	if tag := lib.ProblemTag(); tag != "damaged cache" {
		t.Errorf("the TUI's header says %q, want damaged cache", tag)
	}
}

// corrupt overwrites pages in the middle of the cache at path, keeping its
// header, as a disk fault would.
func corrupt(t *testing.T, path string) {
	t.Helper()
	st, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	st.Close() // the last connection checkpoints the WAL into the file
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fi, _ := f.Stat()
	junk := []byte(strings.Repeat("\xde\xad\xbe\xef", int(fi.Size()-4096)/4))
	if _, err := f.WriteAt(junk, 4096); err != nil {
		t.Fatal(err)
	}
}

// A feed the parser repaired loads, and is saved and shown as recovered
// with what was wrong; one it refused (a limit hit) is an error for that
// feed, saved and shown, naming the limit; the good feed beside them loads.
// The fixtures are the parser's own.
func TestRecoveredAndRefusedFeedsAreSavedAndShown(t *testing.T) {
	fixture := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join("..", "feed", "testdata", "broken", name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	bodies := map[string][]byte{
		"/cut.xml":   fixture("truncated.xml"),
		"/cdata.xml": fixture("unclosed-cdata.xml"),
		"/deep.xml":  fixture("nested-1001.xml"),
		"/good.xml":  []byte(rss("Good", `<item><guid>1</guid><title>One</title></item>`)),
	}
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write(bodies[r.URL.Path])
	})
	a, _ := listApp(t, srv.URL+"/cut.xml", srv.URL+"/cdata.xml", srv.URL+"/deep.xml", srv.URL+"/good.xml")
	ctx := context.Background()
	reports := map[string]FeedReport{}
	sum, err := a.FetchList(ctx, nil, func(r FeedReport) { reports[r.URL[len(srv.URL):]] = r })
	if err != nil {
		t.Fatal(err)
	}
	for path, r := range reports {
		t.Logf("%s: new %d, recovered %q, err %v", path, r.New, r.Recovered, r.Err)
	}
	if sum.Recovered != 2 || sum.Failed != 1 {
		t.Errorf("summary %+v, want 2 recovered and 1 failed", sum)
	}
	feeds, err := a.ListedFeeds(ctx)
	if err != nil {
		t.Fatal(err)
	}
	byPath := map[string]articlesFeed{}
	for _, f := range feeds {
		byPath[f.URL[len(srv.URL):]] = articlesFeed{f.Status, f.Error, f.Articles}
	}
	for _, p := range []string{"/cut.xml", "/cdata.xml"} {
		if f := byPath[p]; f.status != "recovered" || f.error == "" || f.error != reports[p].Recovered || f.articles == 0 {
			t.Errorf("%s is %+v, want recovered with its reason and its articles", p, f)
		}
	}
	if f := byPath["/deep.xml"]; f.status != "error" || !strings.Contains(f.error, "nested more than 1,000 deep") {
		t.Errorf("the refused feed is %+v, want an error naming the nesting limit", f)
	}
	if f := byPath["/good.xml"]; f.status != "ok" || f.articles != 1 {
		t.Errorf("the good feed is %+v", f)
	}
}

type articlesFeed struct {
	status, error string
	articles      int
}
