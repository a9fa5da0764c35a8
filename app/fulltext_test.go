package app

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"

	"github.com/herald-reader/herald/config"
	"github.com/herald-reader/herald/feedlist"
	"github.com/herald-reader/herald/store"
)

// storyPage is an article's web page: navigation, then the whole story in
// three headed parts, far longer than its feed's summary.
func storyPage(title string) string {
	var b strings.Builder
	b.WriteString(`<!doctype html><html><head><meta charset="utf-8"><title>` + title + ` | The Site</title></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav><article><h1>` + title + `</h1>`)
	for i, h := range []string{"The start", "The middle", "The end"} {
		fmt.Fprintf(&b, "<h2>%s</h2>", h)
		for p := range 3 {
			fmt.Fprintf(&b, `<p>Part %d, paragraph %d: the whole story goes on at length here, with every detail the summary left out, and <a href="/more/%d">a link</a> for more.</p>`, i+1, p+1, p)
		}
	}
	b.WriteString(`</article><footer>Jobs</footer></body></html>`)
	return b.String()
}

// fullTextSite serves a summary feed whose items link to pages on the same
// host; pages is what each item's page does, by item number. It counts the
// page requests and the most in flight at once.
type fullTextSite struct {
	srv            *httptest.Server
	items          int
	pageHits       atomic.Int32
	mu             sync.Mutex
	inFlight, peak int
	pages          map[int]http.HandlerFunc
}

func newFullTextSite(t *testing.T, items int, pages map[int]http.HandlerFunc) *fullTextSite {
	s := &fullTextSite{items: items, pages: pages}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/feed.xml" {
			var its []string
			for i := range s.items {
				its = append(its, fmt.Sprintf(`<item><title>Story %d</title><link>%s/story/%d</link><guid>s%d</guid>
<description>A short summary of story %d.</description></item>`, i, s.srv.URL, i, i, i))
			}
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprint(w, rss("Summaries", its...))
			return
		}
		var n int
		if _, err := fmt.Sscanf(r.URL.Path, "/story/%d", &n); err != nil {
			http.NotFound(w, r)
			return
		}
		s.pageHits.Add(1)
		s.mu.Lock()
		s.inFlight++
		s.peak = max(s.peak, s.inFlight)
		s.mu.Unlock()
		defer func() {
			s.mu.Lock()
			s.inFlight--
			s.mu.Unlock()
		}()
		time.Sleep(5 * time.Millisecond)
		if h, ok := s.pages[n]; ok {
			h(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, storyPage(fmt.Sprintf("Story %d", n)))
	}))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *fullTextSite) feed() string { return s.srv.URL + "/feed.xml" }

// testApp is an App on a temporary cache with the given settings.
func testApp(t *testing.T, edit func(*config.Config)) *App {
	t.Helper()
	cfg, st := refreshFixture(t)
	if edit != nil {
		edit(&cfg)
	}
	a := &App{cfg: cfg, st: st, userAgent: "herald/test"}
	a.client = a.newClient(cfg)
	return a
}

func storyIDs(t *testing.T, a *App) map[string]string {
	t.Helper()
	list, err := a.st.List(context.Background(), store.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	for _, art := range list {
		ids[art.Title] = art.ID
	}
	return ids
}

func TestFullTextOnDemandIsFetchedOnceAndKept(t *testing.T) {
	site := newFullTextSite(t, 2, nil)
	a := testApp(t, nil)
	ctx := context.Background()
	if _, err := a.FetchFeeds(ctx, []feedlist.Entry{{URL: site.feed()}}, nil, nil); err != nil {
		t.Fatal(err)
	}
	if n := site.pageHits.Load(); n != 0 {
		t.Fatalf("a feed without fulltext=yes had %d pages read", n)
	}
	id := storyIDs(t, a)["Story 1"]
	feedOnly, err := a.Load(ctx, id)
	if err != nil || feedOnly.FullText || len(feedOnly.Sections) != 1 {
		t.Fatalf("before f: %+v, %v", feedOnly, err)
	}

	full, err := a.FullText(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, s := range full.Sections {
		titles = append(titles, s.Title)
	}
	if !full.FullText || strings.Join(titles, ",") != "The start,The middle,The end" || full.Title != "Story 1" {
		t.Errorf("full text: %q, %+v", titles, full)
	}
	if len(full.Links) != 9 || full.Links[0].N != 1 || full.Links[0].URL != site.srv.URL+"/more/0" {
		t.Errorf("full text links: %+v", full.Links)
	}
	for _, s := range full.Sections {
		if strings.Contains(s.Markdown, "Home") || strings.Contains(s.Markdown, "Jobs") {
			t.Errorf("the page's furniture came along: %q", s.Markdown)
		}
	}

	// Next time it comes from the cache, also offline, and opening the
	// article shows it.
	if _, err := a.FullText(ctx, id); err != nil || site.pageHits.Load() != 1 {
		t.Errorf("second f: %v, %d page requests", err, site.pageHits.Load())
	}
	offline := &App{cfg: a.cfg, st: a.st, client: a.client}
	offline.cfg.Offline = true
	if got, err := offline.Load(ctx, id); err != nil || !got.FullText || len(got.Sections) != 3 {
		t.Errorf("opening the article offline: %+v, %v", got, err)
	}
	if got, err := offline.FeedText(ctx, id); err != nil || got.FullText || len(got.Sections) != 1 {
		t.Errorf("the feed's text, offline: %+v, %v", got, err)
	}
	other := storyIDs(t, a)["Story 0"]
	if _, err := offline.FullText(ctx, other); !errors.Is(err, ErrOfflineFullText) {
		t.Errorf("f offline without a cached full text: %v", err)
	}
	if _, err := a.Show(ctx, "12345", true); err == nil || !strings.Contains(err.Error(), "no cached article") {
		t.Errorf("show of an unknown id: %v", err)
	}
	if _, err := a.FullText(ctx, "bundled:intro"); !errors.Is(err, ErrNoPage) {
		t.Errorf("f on a bundled article: %v", err)
	}
}

// Every failure issue #7 lists: one line saying why, the feed's text left
// as it was, and nothing cached but the time of the attempt.
func TestFullTextFailuresKeepTheFeedText(t *testing.T) {
	big := strings.Repeat("<p>padding padding padding</p>", 4000)
	cases := map[string]struct {
		page http.HandlerFunc
		want string
	}{
		"a timeout": {func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }, "timed out"},
		"a 404":     {func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) }, "HTTP 404 Not Found"},
		"a 500":     {func(w http.ResponseWriter, r *http.Request) { http.Error(w, "boom", 500) }, "HTTP 500"},
		"not HTML": {func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/pdf")
			fmt.Fprint(w, "%PDF-1.7")
		}, "not a web page: the server sent application/pdf"},
		"over the cap": {func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, "<html><body>"+big+"</body></html>")
		}, "larger than 64 KiB"},
		"less text than the feed": {func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, "<html><body><article><p>Subscribe.</p></article></body></html>")
		}, "less text than the feed"},
		"a redirect to a file": {func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "file:///etc/passwd", http.StatusFound)
		}, "non-web address"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			site := newFullTextSite(t, 1, map[int]http.HandlerFunc{0: tc.page})
			a := testApp(t, func(c *config.Config) {
				c.Timeout = 300 * time.Millisecond
				c.MaxFeedSize = 64 << 10
			})
			ctx := context.Background()
			if _, err := a.FetchFeeds(ctx, []feedlist.Entry{{URL: site.feed()}}, nil, nil); err != nil {
				t.Fatal(err)
			}
			id := storyIDs(t, a)["Story 0"]
			_, err := a.FullText(ctx, id)
			if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "\n") {
				t.Fatalf("FullText: %v, want one line saying %q", err, tc.want)
			}
			art, err := a.Load(ctx, id)
			if err != nil || art.FullText || !strings.Contains(art.Sections[0].Markdown, "short summary") {
				t.Errorf("after the failure the article shows %+v, %v", art, err)
			}
			ft, err := a.st.LoadFullText(ctx, id)
			if err != nil || ft.Sections != nil || ft.Tried.IsZero() || ft.Error == "" {
				t.Errorf("cached after the failure: %+v, %v", ft, err)
			}
			if _, err := a.Show(ctx, id, true); err == nil || !strings.Contains(err.Error(), "the feed's text is unchanged") {
				t.Errorf("show --full: %v", err)
			}
		})
	}
}

func TestFullTextDecodesACharsetDeclaredOnlyInMeta(t *testing.T) {
	page := strings.Replace(storyPage("Café crème"), `<meta charset="utf-8">`, `<meta charset="iso-8859-1">`, 1)
	latin1, err := charmap.ISO8859_1.NewEncoder().String(page)
	if err != nil {
		t.Fatal(err)
	}
	site := newFullTextSite(t, 1, map[int]http.HandlerFunc{0: func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, latin1)
	}})
	a := testApp(t, nil)
	ctx := context.Background()
	if _, err := a.FetchFeeds(ctx, []feedlist.Entry{{URL: site.feed()}}, nil, nil); err != nil {
		t.Fatal(err)
	}
	art, err := a.FullText(ctx, storyIDs(t, a)["Story 0"])
	if err != nil {
		t.Fatal(err)
	}
	text := art.Markdown()
	if strings.Contains(text, "Ã") || strings.Contains(text, "\uFFFD") {
		t.Errorf("a latin-1 page came out garbled:\n%s", text)
	}
}

func TestRefreshReadsTheFullTextOfFulltextFeeds(t *testing.T) {
	const items = 12
	site := newFullTextSite(t, items, map[int]http.HandlerFunc{
		3: func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) },
	})
	plain := newFullTextSite(t, 2, nil)
	a := testApp(t, func(c *config.Config) { c.PerHost = 2 })
	ctx := context.Background()
	entries := []feedlist.Entry{
		{URL: site.feed(), Settings: map[string]string{feedlist.FullTextKey: "yes"}},
		{URL: plain.feed()},
	}
	var reports []FeedReport
	sum, err := a.FetchFeeds(ctx, entries, nil, func(r FeedReport) { reports = append(reports, r) })
	if err != nil {
		t.Fatal(err)
	}
	if sum.Failed != 0 || sum.New != items+2 || sum.FullText != items-1 || sum.FullTextFailed != 1 {
		t.Errorf("summary %+v: want every feed ok, %d full texts and 1 page failed", sum, items-1)
	}
	if len(reports) != 2 {
		t.Fatalf("%d reports, want one per feed", len(reports))
	}
	for _, r := range reports {
		switch r.URL {
		case site.feed():
			if r.Err != nil || r.FullText != items-1 || r.FullTextFailed != 1 {
				t.Errorf("the fulltext feed's report: %+v", r)
			}
		case plain.feed():
			if r.FullText != 0 || r.FullTextFailed != 0 || plain.pageHits.Load() != 0 {
				t.Errorf("a feed without fulltext=yes had pages read: %+v", r)
			}
		}
	}
	if site.peak > 2 {
		t.Errorf("%d page requests at once on one host, want at most per_host (2)", site.peak)
	}
	ids := storyIDs(t, a)
	if art, err := a.Load(ctx, ids["Story 5"]); err != nil || !art.FullText || len(art.Sections) != 3 {
		t.Errorf("an article of the fulltext feed opens with %+v, %v", art.Sections, err)
	}
	if art, err := a.Load(ctx, ids["Story 3"]); err != nil || art.FullText {
		t.Errorf("the article whose page failed opens with %+v, %v", art, err)
	}

	// The next refresh has nothing new: no page is asked again, not even
	// the failed one, which waits a day.
	hits := site.pageHits.Load()
	sum, err = a.FetchFeeds(ctx, entries, nil, nil)
	if err != nil || sum.FullText != 0 || sum.FullTextFailed != 0 || site.pageHits.Load() != hits {
		t.Errorf("second refresh: %+v, %v, %d more page requests", sum, err, site.pageHits.Load()-hits)
	}
}
