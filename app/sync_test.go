package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/herald-reader/herald/articles"
	"github.com/herald-reader/herald/config"
	"github.com/herald-reader/herald/remote/greader/greadertest"
	"github.com/herald-reader/herald/remote/miniflux/minifluxtest"
	"github.com/herald-reader/herald/store"
)

func syncApp(t testing.TB, accounts ...config.Account) *App {
	t.Helper()
	dir := t.TempDir()
	cfg := config.Defaults()
	cfg.File = filepath.Join(dir, "config.toml")
	cfg.DBPath = filepath.Join(dir, "herald.db")
	cfg.Timeout = 5 * time.Second
	cfg.Accounts = accounts
	a, err := Open(cfg, "test")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

func mfAccount(url, token string) config.Account {
	return config.Account{Name: "mf", Type: config.Miniflux, URL: url, Token: config.NewSecret(token)}
}

func grAccount(url string) config.Account {
	return config.Account{Name: "fresh", Type: config.GReader, URL: url, Username: "ann", Password: config.NewSecret("pw")}
}

func syncOK(t *testing.T, a *App) SyncReport {
	t.Helper()
	rs, err := a.SyncAccounts(context.Background(), "", nil)
	if err != nil {
		t.Fatalf("sync: %v (%v)", err, rs)
	}
	return rs[0]
}

func article(t *testing.T, a *App, title string) articles.Article {
	t.Helper()
	l, err := a.st.List(context.Background(), store.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, art := range l {
		if art.Title == title {
			return art
		}
	}
	t.Fatalf("no article %q", title)
	return articles.Article{}
}

func TestMinifluxSyncBothWays(t *testing.T) {
	srv := minifluxtest.New("tok")
	defer srv.Close()
	f := srv.AddFeed("https://a.example/feed", "A", 1)
	e1, e2, e3 := srv.AddEntry(f, "one"), srv.AddEntry(f, "two"), srv.AddEntry(f, "three")
	srv.Set(e3, true, false) // read on the phone already
	a := syncApp(t, mfAccount(srv.URL, "tok"))
	ctx := context.Background()

	r := syncOK(t, a)
	if r.Pulled != 3 || r.Pushed != 0 || !article(t, a, "three").Read || article(t, a, "one").Read {
		t.Fatalf("first sync %s", r)
	}
	if got := r.String(); got != "mf: pushed 0 marks, pulled 3 entries and 0 changes" {
		t.Errorf("summary %q", got)
	}
	// Up: read and star here.
	if err := a.SetRead(ctx, []string{article(t, a, "one").ID}, true); err != nil {
		t.Fatal(err)
	}
	if err := a.SetStarred(ctx, article(t, a, "two").ID, true); err != nil {
		t.Fatal(err)
	}
	// Down: unread on the phone.
	srv.Set(e3, false, false)
	r = syncOK(t, a)
	if r.Pushed != 2 || r.Changes != 1 {
		t.Errorf("second sync %s", r)
	}
	if s1, _ := srv.Get(e1); !s1.Read {
		t.Error("the read mark did not reach the server")
	}
	if s2, _ := srv.Get(e2); !s2.Starred {
		t.Error("the star did not reach the server")
	}
	if article(t, a, "three").Read {
		t.Error("the server's unread did not come down")
	}
	if srv.Toggles != 0 {
		t.Errorf("%d toggle requests", srv.Toggles)
	}
	// Nothing new: nothing moves.
	if r = syncOK(t, a); r.Pushed+r.Pulled+r.Changes != 0 {
		t.Errorf("idle sync %s", r)
	}
}

func TestPendingLocalMarkWinsAConflict(t *testing.T) {
	srv := minifluxtest.New("tok")
	defer srv.Close()
	f := srv.AddFeed("https://a.example/feed", "A", 1)
	e := srv.AddEntry(f, "contested")
	a := syncApp(t, mfAccount(srv.URL, "tok"))
	syncOK(t, a)
	ctx := context.Background()
	// Read here while the server is down; starred and kept unread there.
	if err := a.SetRead(ctx, []string{article(t, a, "contested").ID}, true); err != nil {
		t.Fatal(err)
	}
	srv.Set(e, false, true)
	srv.Fail = func(w http.ResponseWriter, r *http.Request) bool {
		http.Error(w, "down for maintenance", http.StatusBadGateway)
		return true
	}
	rs, err := a.SyncAccounts(ctx, "", nil)
	if !errors.Is(err, ErrSync) || !strings.Contains(err.Error(), "mf") || rs[0].Err == nil {
		t.Fatalf("sync with the server down: %v, %v", err, rs)
	}
	if n, _ := a.st.PendingCount(ctx); n != 1 {
		t.Fatalf("%d marks waiting, want 1", n)
	}
	srv.Fail = nil
	syncOK(t, a)
	got, _ := srv.Get(e)
	if !got.Read || !got.Starred {
		t.Errorf("server after the sync: read=%v starred=%v, want read (ours) and starred (theirs)", got.Read, got.Starred)
	}
	if art := article(t, a, "contested"); !art.Read || !art.Starred {
		t.Errorf("here after the sync: read=%v starred=%v", art.Read, art.Starred)
	}
}

func TestWrongTokenNamesTheAccountAndKeepsTheMarks(t *testing.T) {
	srv := minifluxtest.New("tok")
	defer srv.Close()
	srv.AddEntry(srv.AddFeed("https://a.example/feed", "A", 1), "x")
	a := syncApp(t, mfAccount(srv.URL, "tok"))
	syncOK(t, a)
	if err := a.SetStarred(context.Background(), article(t, a, "x").ID, true); err != nil {
		t.Fatal(err)
	}
	a.cfg.Accounts[0].Token = config.NewSecret("revoked")
	rs, err := a.SyncAccounts(context.Background(), "mf", nil)
	if err == nil || !strings.Contains(rs[0].String(), "mf: failed") || !strings.Contains(rs[0].String(), "refused the credentials") {
		t.Errorf("report %q, %v", rs[0], err)
	}
	if n, _ := a.st.PendingCount(context.Background()); n != 1 {
		t.Errorf("%d marks waiting after the refusal, want 1", n)
	}
}

func TestMarkAllReadOfAFeedUsesTheServersEndpoint(t *testing.T) {
	srv := minifluxtest.New("tok")
	defer srv.Close()
	f := srv.AddFeed("https://a.example/feed", "A", 1)
	g := srv.AddFeed("https://b.example/feed", "B", 1)
	for range 1100 {
		srv.AddEntry(f, "many")
	}
	other := srv.AddEntry(g, "other")
	a := syncApp(t, mfAccount(srv.URL, "tok"))
	syncOK(t, a)
	late := srv.AddEntry(f, "arrived after the last pull")
	time.Sleep(5 * time.Millisecond)
	n, err := a.MarkAllReadIn(context.Background(), store.AccountFeedKey("mf", "1"), "")
	if err != nil || n != 1100 {
		t.Fatalf("MarkAllRead: %d, %v", n, err)
	}
	puts := len(srv.PutIDs)
	r := syncOK(t, a)
	if len(srv.PutIDs) != puts {
		t.Errorf("mark-all-read sent %d lists of ids", len(srv.PutIDs)-puts)
	}
	if e, _ := srv.Get(late); !e.Read {
		t.Error("the server's own mark-all-read should cover an entry herald never saw")
	}
	if e, _ := srv.Get(other); e.Read {
		t.Error("another feed's entry was marked read")
	}
	if r.Pushed != 1 {
		t.Errorf("sync after mark-all: %s", r)
	}
}

func TestGoogleReaderSyncAgainstFreshRSS(t *testing.T) {
	srv := greadertest.New("ann", "pw")
	defer srv.Close()
	f := srv.AddFeed("https://a.example/feed", "A", "News")
	one, two := srv.AddItem(f, "one"), srv.AddItem(f, "two")
	gone := srv.AddItem(f, "starred then deleted")
	srv.Set(gone, false, true)
	a := syncApp(t, grAccount(srv.APIURL()))
	ctx := context.Background()

	r := syncOK(t, a)
	if r.Pulled != 3 {
		t.Fatalf("first sync %s", r)
	}
	if err := a.SetRead(ctx, []string{article(t, a, "one").ID}, true); err != nil {
		t.Fatal(err)
	}
	srv.Set(two, true, true) // read and starred elsewhere
	srv.Delete(gone)         // cleaned up on the server
	three := srv.AddItem(f, "three")
	srv.Rotate() // and the edit token went stale in between
	r = syncOK(t, a)
	if r.Pushed != 1 || r.Pulled != 1 {
		t.Errorf("second sync %s", r)
	}
	if it, _ := srv.Get(one); !it.Read {
		t.Error("the read mark did not reach the server")
	}
	if art := article(t, a, "two"); !art.Read || !art.Starred {
		t.Errorf("two: read=%v starred=%v", art.Read, art.Starred)
	}
	if art := article(t, a, "starred then deleted"); art.Read || !art.Starred {
		t.Errorf("an entry gone from the server: read=%v starred=%v, want it as it was", art.Read, art.Starred)
	}
	// Mark all read of the folder goes to the server's endpoint.
	if _, err := a.MarkAllReadIn(ctx, "", "News"); err != nil {
		t.Fatal(err)
	}
	syncOK(t, a)
	if it, _ := srv.Get(three); !it.Read {
		t.Error("mark all read of the folder did not reach the server")
	}
	if n := srv.Requests("/reader/api/0/mark-all-as-read"); n != 1 {
		t.Errorf("%d mark-all-as-read requests", n)
	}
}

func TestAddAndRemoveAnAccountFeedOnTheServer(t *testing.T) {
	srv := greadertest.New("ann", "pw")
	defer srv.Close()
	a := syncApp(t, grAccount(srv.APIURL()))
	ctx := context.Background()
	if _, err := a.AddToAccount(ctx, "https://c.example/feed", "fresh"); err != nil {
		t.Fatal(err)
	}
	feeds, err := a.ListedFeeds(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var found *articles.Feed
	for i := range feeds {
		if feeds[i].Account == "fresh" {
			found = &feeds[i]
		}
	}
	if found == nil || found.Link != "https://c.example/feed" {
		t.Fatalf("feeds after add --account: %+v", feeds)
	}
	rm, err := a.RemoveAnywhere(ctx, "https://c.example/feed")
	if err != nil || rm.Account != "fresh" {
		t.Fatalf("remove: %+v, %v", rm, err)
	}
	if n := srv.Requests("/reader/api/0/subscription/edit"); n != 1 {
		t.Errorf("%d unsubscribe requests", n)
	}
}

func TestMarkAllReadOfAFeedGoneFromTheServerDoesNotBlockTheOutbox(t *testing.T) {
	srv := minifluxtest.New("tok")
	defer srv.Close()
	f := srv.AddFeed("https://a.example/feed", "A", 1)
	e := srv.AddEntry(f, "a")
	srv.AddEntry(srv.AddFeed("https://b.example/feed", "B", 1), "b")
	a := syncApp(t, mfAccount(srv.URL, "tok"))
	syncOK(t, a)
	ctx := context.Background()
	if _, err := a.MarkAllReadIn(ctx, store.AccountFeedKey("mf", "1"), ""); err != nil {
		t.Fatal(err)
	}
	if err := a.SetStarred(ctx, article(t, a, "b").ID, true); err != nil {
		t.Fatal(err)
	}
	// Unsubscribed on the phone before herald's push.
	srv.Fail = func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path == "/v1/feeds/1/mark-all-as-read" {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusNotFound)
			w.Write([]byte(`{"error_message":"Not Found"}`))
			return true
		}
		return false
	}
	srv.Delete(e)
	r := syncOK(t, a)
	if r.Pushed != 2 {
		t.Errorf("sync: %s", r)
	}
	if n, _ := a.st.PendingCount(ctx); n != 0 {
		t.Errorf("%d changes stuck in the outbox", n)
	}
}

// A mark the server refuses for what it is (a 400 for an entry it will
// not take) was kept in the outbox and sent first by every sync after,
// which failed on it: no mark made since ever reached the server, and
// nothing was pulled. Now the push finds the refused mark, sends the
// rest, and drops it with the server's words in the summary; a failure
// that may pass (a 500) still keeps every mark for the next sync.
func TestAMarkTheServerRefusesDoesNotBlockTheOthers(t *testing.T) {
	srv := minifluxtest.New("tok")
	defer srv.Close()
	f := srv.AddFeed("https://a.example/feed", "A", 1)
	var ids []int64
	for _, title := range []string{"one", "two", "three", "four", "five"} {
		ids = append(ids, srv.AddEntry(f, title))
	}
	bad := fmt.Sprint(ids[2])
	a := syncApp(t, mfAccount(srv.URL, "tok"))
	syncOK(t, a)
	ctx := context.Background()
	var local []string
	for _, title := range []string{"one", "two", "three", "four", "five"} {
		local = append(local, article(t, a, title).ID)
	}
	if err := a.SetRead(ctx, local, true); err != nil {
		t.Fatal(err)
	}
	down := true
	srv.Fail = func(w http.ResponseWriter, r *http.Request) bool {
		if r.Method != http.MethodPut || r.URL.Path != "/v1/entries" {
			return false
		}
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		w.Header().Set("Content-Type", "application/json")
		switch {
		case down:
			w.WriteHeader(http.StatusInternalServerError)
			w.Write([]byte(`{"error_message":"database is restarting"}`))
		case strings.Contains(string(body), bad):
			w.WriteHeader(http.StatusBadRequest)
			w.Write([]byte(`{"error_message":"entry ` + bad + ` cannot be changed"}`))
		default:
			return false
		}
		return true
	}
	if rs, err := a.SyncAccounts(ctx, "", nil); err == nil || rs[0].Refused != 0 {
		t.Fatalf("a 500 during the push: %v, %s", err, rs[0])
	}
	if n, _ := a.st.PendingCount(ctx); n != 5 {
		t.Fatalf("after a 500, %d marks wait, want all 5", n)
	}
	down = false
	r := syncOK(t, a)
	if r.Pushed != 4 || r.Refused != 1 || !strings.Contains(r.Refusal, "cannot be changed") {
		t.Fatalf("sync: %+v", r)
	}
	if s := r.String(); !strings.Contains(s, "refused 1 mark") || !strings.Contains(s, "cannot be changed") {
		t.Errorf("summary %q", s)
	}
	for i, id := range ids {
		if e, _ := srv.Get(id); e.Read != (i != 2) {
			t.Errorf("entry %d read on the server: %v", i, e.Read)
		}
	}
	if n, _ := a.st.PendingCount(ctx); n != 0 {
		t.Errorf("%d marks left in the outbox", n)
	}
	// The server is the shared truth: what it holds for the entry it
	// would not change comes down, as the summary warned.
	if article(t, a, "three").Read {
		t.Error("the cache and the server disagree on the refused entry")
	}
	if r := syncOK(t, a); r.Pushed+r.Refused != 0 {
		t.Errorf("the next sync sent again: %s", r)
	}
}
