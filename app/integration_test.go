package app

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/herald-reader/herald/config"
	"github.com/herald-reader/herald/store"
)

func syncOne(t testing.TB, a *App) SyncReport {
	t.Helper()
	rs, err := a.SyncAccounts(context.Background(), "", nil)
	if err != nil {
		t.Fatalf("sync: %v (%v)", err, rs)
	}
	return rs[0]
}

func localCount(t testing.TB, a *App) int {
	t.Helper()
	l, err := a.st.List(context.Background(), store.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	return len(l)
}

func TestIntegrationMinifluxMarksBothWaysAndAConflict(t *testing.T) {
	m := realMiniflux(t)
	feed := feedServer(t, "both", 30)
	m.subscribe(feed.URL)
	a := syncApp(t, m.account())
	ctx := context.Background()

	if r := syncOne(t, a); r.Pulled != 30 {
		t.Fatalf("initial sync: %s", r)
	}
	srv := m.entries()
	// Read on the phone: the server marks it, herald pulls it.
	m.as("PUT", "/v1/entries", map[string]any{"entry_ids": []int64{srv["both 2"].ID, srv["both 4"].ID}, "status": "read"}, nil)
	m.as("PUT", "/v1/entries", map[string]any{"entry_ids": []int64{srv["both 3"].ID}, "starred": true}, nil)
	if r := syncOne(t, a); r.Changes != 3 {
		t.Errorf("pull of 3 changes: %s", r)
	}
	if !article(t, a, "both 2").Read || !article(t, a, "both 3").Starred {
		t.Error("the server's marks did not come down")
	}
	// Marks made here go up.
	if err := a.SetRead(ctx, []string{article(t, a, "both 0").ID}, true); err != nil {
		t.Fatal(err)
	}
	if err := a.SetStarred(ctx, article(t, a, "both 1").ID, true); err != nil {
		t.Fatal(err)
	}
	// The conflict: kept unread here (pending), while on the server the
	// same entry is starred and marked read again, later than here.
	if err := a.SetRead(ctx, []string{article(t, a, "both 4").ID}, false); err != nil {
		t.Fatal(err)
	}
	m.as("PUT", "/v1/entries", map[string]any{"entry_ids": []int64{srv["both 4"].ID}, "status": "read", "starred": true}, nil)
	if r := syncOne(t, a); r.Pushed != 3 {
		t.Errorf("push of 3 marks: %s", r)
	}
	srv = m.entries()
	if srv["both 0"].Status != "read" || !srv["both 1"].Starred {
		t.Errorf("on the server: both 0 %s, both 1 starred %v", srv["both 0"].Status, srv["both 1"].Starred)
	}
	if e := srv["both 4"]; e.Status != "unread" || !e.Starred {
		t.Errorf("conflict on the server: %s, starred %v; want unread (the pending mark) and starred", e.Status, e.Starred)
	}
	if art := article(t, a, "both 4"); art.Read || !art.Starred {
		t.Errorf("conflict here: read %v, starred %v", art.Read, art.Starred)
	}
	if r := syncOne(t, a); r.Pushed+r.Pulled+r.Changes != 0 {
		t.Errorf("a sync with nothing new: %s", r)
	}
}

func TestIntegrationOfflineMarksGoUpWhenTheServerIsBack(t *testing.T) {
	m := realMiniflux(t)
	m.subscribe(feedServer(t, "offline", 10).URL)
	a := syncApp(t, m.account())
	ctx := context.Background()
	syncOne(t, a)

	servers(t, "stop-miniflux")
	t.Cleanup(func() { servers(t, "start-miniflux") })
	for _, title := range []string{"offline 1", "offline 2", "offline 3"} {
		if err := a.SetRead(ctx, []string{article(t, a, title).ID}, true); err != nil {
			t.Fatal(err)
		}
	}
	if err := a.SetStarred(ctx, article(t, a, "offline 4").ID, true); err != nil {
		t.Fatal(err)
	}
	rs, err := a.SyncAccounts(ctx, "", nil)
	if err == nil || !strings.Contains(err.Error(), "miniflux") || !strings.Contains(rs[0].String(), "cannot reach") {
		t.Fatalf("sync with the server stopped: %v, %v", err, rs)
	}
	if n, _ := a.st.PendingCount(ctx); n != 4 {
		t.Fatalf("%d marks waiting, want 4", n)
	}
	servers(t, "start-miniflux")
	m.waitUp()
	if r := syncOne(t, a); r.Pushed != 4 {
		t.Errorf("sync after the restart: %s", r)
	}
	srv := m.entries()
	if srv["offline 1"].Status != "read" || srv["offline 3"].Status != "read" || !srv["offline 4"].Starred || srv["offline 5"].Status != "unread" {
		t.Errorf("server after the restart: %+v", srv)
	}
}

// dyingProxy stands in front of Miniflux and kills it (kill -9) when the
// nth request that match picks arrives, leaving that request unanswered.
func dyingProxy(t *testing.T, m *realServer, match func(*http.Request) bool, n int32) string {
	t.Helper()
	target, _ := url.Parse(m.url)
	rp := httputil.NewSingleHostReverseProxy(target)
	var seen atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if match(r) && seen.Add(1) == n {
			servers(t, "kill-miniflux")
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				conn.Close()
			}
			return
		}
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { servers(t, "start-miniflux") })
	return srv.URL
}

func TestIntegrationServerKilledMidPushLosesNoMark(t *testing.T) {
	m := realMiniflux(t)
	m.subscribe(feedServer(t, "push", 2500).URL)
	acc := m.account()
	a := syncApp(t, acc)
	ctx := context.Background()
	syncOne(t, a)
	l, err := a.st.List(ctx, store.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]string, len(l))
	for i, art := range l {
		ids[i] = art.ID
	}
	if err := a.SetRead(ctx, ids, true); err != nil {
		t.Fatal(err)
	}
	// The second batch of marks kills the server.
	a.cfg.Accounts[0].URL = dyingProxy(t, m, func(r *http.Request) bool { return r.Method == "PUT" && r.URL.Path == "/v1/entries" }, 2)
	rs, err := a.SyncAccounts(ctx, "", nil)
	if err == nil || rs[0].Pushed != 1000 {
		t.Fatalf("sync with the server killed mid-push: %v, %v", rs, err)
	}
	if n, _ := a.st.PendingCount(ctx); n != 1500 {
		t.Errorf("%d marks waiting after the crash, want 1500", n)
	}
	if l, _ := a.st.List(ctx, store.Filter{Unread: true}); len(l) != 0 {
		t.Errorf("%d articles unread here after the crash", len(l))
	}
	servers(t, "start-miniflux")
	m.waitUp()
	a.cfg.Accounts[0].URL = acc.URL
	if r := syncOne(t, a); r.Pushed != 1500 {
		t.Errorf("sync after the restart: %s", r)
	}
	for title, e := range m.entries() {
		if e.Status != "read" {
			t.Fatalf("%s is %s on the server", title, e.Status)
		}
	}
}

func TestIntegrationServerKilledMidPullKeepsTheCacheWhole(t *testing.T) {
	m := realMiniflux(t)
	m.subscribe(feedServer(t, "pull", 2500).URL)
	acc := m.account()
	a := syncApp(t, acc)
	ctx := context.Background()
	a.cfg.Accounts[0].URL = dyingProxy(t, m, func(r *http.Request) bool { return r.URL.Path == "/v1/entries" }, 2)
	if _, err := a.SyncAccounts(ctx, "", nil); err == nil {
		t.Fatal("a sync through a server killed mid-pull succeeded")
	}
	if n := localCount(t, a); n != 1000 {
		t.Errorf("%d entries after the crash, want the first page's 1000", n)
	}
	servers(t, "start-miniflux")
	m.waitUp()
	a.cfg.Accounts[0].URL = acc.URL
	if r := syncOne(t, a); r.Pulled != 1500 {
		t.Errorf("sync after the restart: %s", r)
	}
	if n := localCount(t, a); n != 2500 {
		t.Errorf("%d entries, want 2500", n)
	}
}

func TestIntegrationMarkAllReadOfAFeedLargerThanAPage(t *testing.T) {
	m := realMiniflux(t)
	big := m.subscribe(feedServer(t, "big", 1100).URL)
	m.subscribe(feedServer(t, "small", 5).URL)
	a := syncApp(t, m.account())
	syncOne(t, a)
	n, err := a.MarkAllReadIn(context.Background(), store.AccountFeedKey("miniflux", fmt.Sprint(big)), "")
	if err != nil || n != 1100 {
		t.Fatalf("MarkAllRead: %d, %v", n, err)
	}
	if r := syncOne(t, a); r.Pushed != 1 {
		t.Errorf("mark-all-read went up as %s; want one request", r)
	}
	for title, e := range m.entries() {
		if want := strings.HasPrefix(title, "big"); (e.Status == "read") != want {
			t.Fatalf("%s is %s on the server", title, e.Status)
		}
	}
}

func TestIntegrationEntryDeletedOnTheServerKeepsItsState(t *testing.T) {
	m := realMiniflux(t)
	for _, acc := range []config.Account{m.account(), m.greaderAccount()} {
		t.Run(acc.Type, func(t *testing.T) {
			p := "del-" + acc.Type
			m.subscribe(feedServer(t, p, 5).URL)
			a := syncApp(t, acc)
			ctx := context.Background()
			syncOne(t, a)
			srv := m.entries()
			// Starred here, unread: a deletion must not take either away.
			if err := a.SetStarred(ctx, article(t, a, p+" 1").ID, true); err != nil {
				t.Fatal(err)
			}
			syncOne(t, a)
			m.sql(fmt.Sprintf("DELETE FROM entries WHERE id IN (%d, %d)", srv[p+" 1"].ID, srv[p+" 2"].ID))
			syncOne(t, a)
			for _, title := range []string{p + " 1", p + " 2"} {
				art := article(t, a, title)
				if art.Read || (title == p+" 1") != art.Starred {
					t.Errorf("%s after its deletion: read %v, starred %v", title, art.Read, art.Starred)
				}
			}
		})
	}
}

func TestIntegrationWrongCredentialsAreNamed(t *testing.T) {
	m := realMiniflux(t)
	mf := m.account()
	mf.Token = config.NewSecret("not-the-token")
	gr := m.greaderAccount()
	gr.Password = config.NewSecret("not-the-password")
	a := syncApp(t, mf, gr)
	rs, err := a.SyncAccounts(context.Background(), "", nil)
	if err == nil || len(rs) != 2 {
		t.Fatalf("%v, %v", rs, err)
	}
	for _, r := range rs {
		if !strings.Contains(r.String(), "refused the credentials") {
			t.Errorf("%s", r)
		}
	}
	if !strings.Contains(err.Error(), "miniflux, greader") {
		t.Errorf("error %v does not name both accounts", err)
	}
}

func TestIntegrationGoogleReaderAgainstMiniflux(t *testing.T) {
	m := realMiniflux(t)
	feedID := m.subscribe(feedServer(t, "gr", 40).URL)
	a := syncApp(t, m.greaderAccount())
	ctx := context.Background()
	if r := syncOne(t, a); r.Pulled != 40 {
		t.Fatalf("initial sync: %s", r)
	}
	srv := m.entries()
	if err := a.SetRead(ctx, []string{article(t, a, "gr 0").ID}, true); err != nil {
		t.Fatal(err)
	}
	if err := a.SetStarred(ctx, article(t, a, "gr 1").ID, true); err != nil {
		t.Fatal(err)
	}
	m.as("PUT", "/v1/entries", map[string]any{"entry_ids": []int64{srv["gr 2"].ID}, "status": "read", "starred": true}, nil)
	r := syncOne(t, a)
	if r.Pushed != 2 || r.Changes < 1 {
		t.Errorf("second sync: %s", r)
	}
	srv = m.entries()
	if srv["gr 0"].Status != "read" || !srv["gr 1"].Starred {
		t.Errorf("on the server: %+v %+v", srv["gr 0"], srv["gr 1"])
	}
	if art := article(t, a, "gr 2"); !art.Read || !art.Starred {
		t.Errorf("gr 2 here: read %v, starred %v", art.Read, art.Starred)
	}
	// Mark all read of the feed, on the server's endpoint.
	if _, err := a.MarkAllReadIn(ctx, store.AccountFeedKey("greader", fmt.Sprint("feed/", feedID)), ""); err != nil {
		t.Fatal(err)
	}
	syncOne(t, a)
	for title, e := range m.entries() {
		if e.Status != "read" {
			t.Errorf("%s is %s after mark-all-read", title, e.Status)
		}
	}
}
