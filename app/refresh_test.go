package app

import (
	"compress/gzip"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/herald-reader/herald/config"
	"github.com/herald-reader/herald/feedlist"
	"github.com/herald-reader/herald/store"
)

// refresh is FetchFeeds on an App made of cfg and st.
func refresh(ctx context.Context, cfg config.Config, st *store.Store, entries []feedlist.Entry,
	start func(int), each func(FeedReport)) (Summary, error) {
	a := &App{cfg: cfg, st: st, userAgent: "herald/test"}
	a.client = a.newClient(cfg)
	return a.FetchFeeds(ctx, entries, start, each)
}

func refreshFixture(t *testing.T) (config.Config, *store.Store) {
	t.Helper()
	dir := t.TempDir()
	cfg := config.Defaults()
	cfg.File = filepath.Join(dir, "config.toml")
	cfg.DBPath = filepath.Join(dir, "herald.db")
	cfg.Timeout = 5 * time.Second
	st, err := store.Open(cfg.DBPath)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return cfg, st
}

func TestRefreshWaitsAsRetryAfterAsks(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Retry-After", "120")
		w.WriteHeader(http.StatusTooManyRequests)
	}))
	defer srv.Close()
	cfg, st := refreshFixture(t)
	entries := []feedlist.Entry{{URL: srv.URL + "/feed"}}
	ctx := context.Background()

	var reports []FeedReport
	each := func(r FeedReport) { reports = append(reports, r) }
	sum, err := refresh(ctx, cfg, st, entries, nil, each)
	if err != nil || sum.Failed != 1 || len(reports) != 1 || reports[0].Err == nil {
		t.Fatalf("a 429 gave %+v, %v, %+v", sum, err, reports)
	}
	reports = nil
	sum, err = refresh(ctx, cfg, st, entries, nil, each)
	if err != nil || sum.Failed != 1 || len(reports) != 1 {
		t.Fatalf("second refresh: %+v, %v, %+v", sum, err, reports)
	}
	if !strings.Contains(reports[0].Err.Error(), "asked to wait") {
		t.Errorf("the skipped feed says %q, want why it was not fetched", reports[0].Err)
	}
	if n := hits.Load(); n != 1 {
		t.Errorf("the server was asked %d times within its Retry-After window, want once", n)
	}
}

func TestRefreshOneBadFeedKeepsTheOthersAndTheirMarks(t *testing.T) {
	good := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>Good</title>
<item><guid>1</guid><title>One</title><description>&lt;p&gt;first&lt;/p&gt;</description></item>
<item><guid>2</guid><title>Two</title><description>second</description></item></channel></rss>`))
	}))
	defer good.Close()
	var broken atomic.Bool
	bad := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if broken.Load() {
			w.Write([]byte(`<rss><channel><title>Bad</ti`))
			return
		}
		w.Write([]byte(`<rss version="2.0"><channel><title>Bad</title><item><guid>b</guid><title>B</title></item></channel></rss>`))
	}))
	defer bad.Close()
	cfg, st := refreshFixture(t)
	ctx := context.Background()
	entries := []feedlist.Entry{{URL: good.URL}, {URL: bad.URL, Title: "My bad feed"}}

	if sum, err := refresh(ctx, cfg, st, entries, nil, nil); err != nil || sum.New != 3 || sum.Failed != 0 {
		t.Fatalf("first refresh: %+v, %v", sum, err)
	}
	list, _ := st.List(ctx, store.Filter{Feed: bad.URL})
	if len(list) != 1 {
		t.Fatalf("bad feed's article not saved: %+v", list)
	}
	if err := st.SetRead(ctx, list[0].ID, true); err != nil {
		t.Fatal(err)
	}

	broken.Store(true)
	sum, err := refresh(ctx, cfg, st, entries, nil, nil)
	if err != nil || sum.Failed != 1 {
		t.Fatalf("refresh with a broken feed: %+v, %v", sum, err)
	}
	all, _ := st.List(ctx, store.Filter{})
	if len(all) != 3 {
		t.Fatalf("after a broken fetch the cache lists %d articles, want all 3", len(all))
	}
	for _, a := range all {
		if a.FeedURL == bad.URL && !a.Read {
			t.Error("the broken feed's article lost its read mark")
		}
	}
	feeds, _ := st.Feeds(ctx)
	var status string
	for _, f := range feeds {
		if f.URL == bad.URL {
			status = f.Status + ": " + f.Error
		}
	}
	if !strings.HasPrefix(status, "error: ") {
		t.Errorf("the broken feed's status is %q", status)
	}

	// Opening an article splits its saved body into sections.
	var one string
	for _, a := range all {
		if a.Title == "One" {
			one = a.ID
		}
	}
	a, err := (&App{st: st}).Load(ctx, one)
	if err != nil || len(a.Sections) == 0 || !strings.Contains(a.Sections[0].Markdown, "first") {
		t.Fatalf("opening a cached article gave %+v, %v", a.Sections, err)
	}
}

// Every fault issue #3 lists costs only that feed: an error for it, the
// other feed's articles saved, and its own earlier articles and read marks
// kept as they were.
func TestRefreshFaultsStayWithTheirFeed(t *testing.T) {
	goodFeed := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Good</title>
<item><guid>`+r.URL.Query().Get("round")+`</guid><title>Good news</title></item></channel></rss>`)
	}
	big := strings.Repeat("x", 200<<10)
	faults := map[string]http.HandlerFunc{
		"malformed XML": func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, `<rss><channel><title>Bad</ti`) },
		"an HTML page": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, `<!doctype html><html><head><title>Home</title></head><body>hi</body></html>`)
		},
		"404":           func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) },
		"500":           func(w http.ResponseWriter, r *http.Request) { http.Error(w, "boom", http.StatusInternalServerError) },
		"never answers": func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() },
		"stalls after the headers": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Slow</title>`)
			w.(http.Flusher).Flush()
			<-r.Context().Done()
		},
		"a body over the cap": func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, `<rss version="2.0"><channel><title>`+big+`</title></channel></rss>`)
		},
		"a gzip bomb": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Encoding", "gzip")
			zw := gzip.NewWriter(w)
			zw.Write([]byte(`<rss version="2.0"><channel><title>` + big + big + `</title></channel></rss>`))
			zw.Close()
		},
		"a redirect loop": func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, r.URL.Path, http.StatusFound) },
		"an empty body":   func(w http.ResponseWriter, r *http.Request) {},
	}
	for name, fault := range faults {
		t.Run(name, func(t *testing.T) {
			var broken atomic.Bool
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/good" {
					goodFeed(w, r)
					return
				}
				if broken.Load() {
					fault(w, r)
					return
				}
				w.Header().Set("Content-Type", "application/rss+xml")
				fmt.Fprint(w, `<rss version="2.0"><channel><title>Flaky</title><item><guid>f1</guid><title>Before</title></item></channel></rss>`)
			}))
			defer srv.Close()
			cfg, st := refreshFixture(t)
			cfg.Timeout = 300 * time.Millisecond
			cfg.MaxFeedSize = 64 << 10
			ctx := context.Background()
			flaky := srv.URL + "/flaky"
			entries := []feedlist.Entry{{URL: srv.URL + "/good?round=1"}, {URL: flaky}}
			if sum, err := refresh(ctx, cfg, st, entries, nil, nil); err != nil || sum.Failed != 0 {
				t.Fatalf("first refresh: %+v, %v", sum, err)
			}
			before, _ := st.List(ctx, store.Filter{Feed: flaky})
			if len(before) != 1 {
				t.Fatalf("flaky feed cached %d articles", len(before))
			}
			if err := st.SetRead(ctx, before[0].ID, true); err != nil {
				t.Fatal(err)
			}

			broken.Store(true)
			entries[0].URL = srv.URL + "/good?round=2"
			var reports []FeedReport
			sum, err := refresh(ctx, cfg, st, entries, nil, func(r FeedReport) { reports = append(reports, r) })
			if err != nil || sum.Failed != 1 || sum.New != 1 {
				t.Fatalf("refresh with %s: %+v, %v", name, sum, err)
			}
			for _, r := range reports {
				if r.URL == flaky && (r.Err == nil || strings.Contains(r.Err.Error(), "\n")) {
					t.Errorf("%s: the feed's report is %v, want one line saying why", name, r.Err)
				}
			}
			after, _ := st.List(ctx, store.Filter{Feed: flaky})
			if len(after) != 1 || after[0].Title != "Before" || !after[0].Read {
				t.Errorf("%s: the feed's earlier article or its read mark changed: %+v", name, after)
			}
		})
	}
}
