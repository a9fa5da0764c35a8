package app

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/herald-reader/herald/articles"
	"github.com/herald-reader/herald/feed"
	"github.com/herald-reader/herald/fetch"
	"github.com/herald-reader/herald/page"
)

const goodFeed = `<?xml version="1.0"?><rss version="2.0"><channel><title>Good</title><link>https://good.example/</link>
<item><title>One</title><link>https://good.example/1</link><guid>1</guid></item>
<item><title>Two</title><link>https://good.example/2</link><guid>2</guid></item>
</channel></rss>`

func testFetcher() *feedFetcher {
	return newFeedFetcher(fetch.Client{Timeout: 400 * time.Millisecond, MaxBytes: 64 << 10, UserAgent: "herald/test"}, false)
}

// newFeedFetcher is a feedFetcher over a client built from opts.
func newFeedFetcher(opts fetch.Client, raw bool) *feedFetcher {
	return &feedFetcher{client: fetch.New(opts), raw: raw}
}

// fetchPage is herald read URL without the wording of its errors: a page
// fetched with f's client and put through reader mode.
func fetchPage(ctx context.Context, f *feedFetcher, pageURL string) (articles.Article, error) {
	p, err := f.client.Page(ctx, pageURL, page.Accept)
	if err != nil {
		return articles.Article{}, err
	}
	return page.Article(p.Body, p.ContentType, p.URL)
}

// rss builds an RSS 2.0 document around the given <item> elements.
func rss(title string, items ...string) string {
	return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>` + title + `</title><link>https://site.example.com/blog/</link>
` + strings.Join(items, "\n") + `
</channel></rss>`
}

func serve(t *testing.T, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

func feedHandler(body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, body)
	}
}

// stall blocks a handler until the client goes away, then gives the server
// a moment to notice, so srv.Close does not wait on it.
func stall(r *http.Request) {
	select {
	case <-r.Context().Done():
	case <-time.After(10 * time.Second):
	}
}

func TestFetchGoodFeed(t *testing.T) {
	var ua string
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		ua = r.Header.Get("User-Agent")
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Last-Modified", "Mon, 02 Jan 2006 15:04:05 GMT")
		feedHandler(goodFeed)(w, r)
	})
	res := testFetcher().Fetch(context.Background(), fetch.Request{URL: srv.URL + "/feed"})
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	if res.Status != 200 || res.Title != "Good" || len(res.Articles) != 2 {
		t.Fatalf("got %+v", res)
	}
	if res.ETag != `"v1"` || res.LastModified != "Mon, 02 Jan 2006 15:04:05 GMT" {
		t.Fatalf("first fetch validators %q %q", res.ETag, res.LastModified)
	}
	if res.Articles[0].FeedURL != srv.URL+"/feed" {
		t.Fatalf("FeedURL %q", res.Articles[0].FeedURL)
	}
	if ua != "herald/test" {
		t.Fatalf("User-Agent %q", ua)
	}
}

func TestFetchDeferBodies(t *testing.T) {
	srv := serve(t, feedHandler(rss("D",
		`<item><title>A</title><link>https://d.example/a</link><description>&lt;h2&gt;Part&lt;/h2&gt;&lt;p&gt;See &lt;a href="/x"&gt;this&lt;/a&gt;&lt;/p&gt;</description></item>`,
		`<item><title>B</title><link>https://d.example/b</link></item>`)))
	f := testFetcher()
	f.raw = true
	res := f.Fetch(context.Background(), fetch.Request{URL: srv.URL})
	if res.Err != nil || len(res.Articles) != 2 {
		t.Fatalf("got %+v", res)
	}
	if res.Articles[0].Sections != nil || !strings.Contains(res.Articles[0].Body, `<a href="/x">this</a>`) || res.Articles[1].Body != "" {
		t.Fatalf("sections %v, bodies %q, %q", res.Articles[0].Sections, res.Articles[0].Body, res.Articles[1].Body)
	}
	secs := feed.BodySections(res.Articles[0].Body, res.Articles[0].URL)
	var all strings.Builder
	for _, s := range secs {
		all.WriteString(s.Title + " " + s.Markdown)
	}
	if len(secs) == 0 || (!strings.Contains(all.String(), "Part") || !strings.Contains(all.String(), "https://d.example/x")) {
		t.Fatalf("BodySections: %q", all.String())
	}
}

func TestFetchConditionalGET(t *testing.T) {
	var hits, notModified atomic.Int32
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("ETag", `"abc"`)
		w.Header().Set("Last-Modified", "Tue, 03 Jan 2006 00:00:00 GMT")
		if r.Header.Get("If-None-Match") == `"abc"` && r.Header.Get("If-Modified-Since") == "Tue, 03 Jan 2006 00:00:00 GMT" {
			notModified.Add(1)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		feedHandler(goodFeed)(w, r)
	})
	f := testFetcher()
	first := f.Fetch(context.Background(), fetch.Request{URL: srv.URL})
	if first.Err != nil || first.NotModified || len(first.Articles) != 2 {
		t.Fatalf("first fetch %+v", first)
	}
	second := f.Fetch(context.Background(), fetch.Request{URL: srv.URL, ETag: first.ETag, LastModified: first.LastModified})
	if second.Err != nil || !second.NotModified || second.Status != 304 || len(second.Articles) != 0 {
		t.Fatalf("second fetch %+v", second)
	}
	if second.ETag != `"abc"` || second.LastModified != first.LastModified {
		t.Fatalf("validators after 304: %q %q", second.ETag, second.LastModified)
	}
	if notModified.Load() != 1 {
		t.Fatal("the server never saw the validators")
	}
}

func TestFetch304KeepsOldValidators(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNotModified) })
	res := testFetcher().Fetch(context.Background(), fetch.Request{URL: srv.URL, ETag: `W/"old"`, LastModified: "yesterday"})
	if !res.NotModified || res.ETag != `W/"old"` || res.LastModified != "yesterday" {
		t.Fatalf("got %+v", res)
	}
}

func TestFetchRetryAfter(t *testing.T) {
	date := time.Now().Add(90 * time.Minute).UTC().Format(http.TimeFormat)
	cases := []struct {
		code       int
		header     string
		want       string
		minD, maxD time.Duration
	}{
		{429, "120", "HTTP 429 Too Many Requests: retry in 2m", 120 * time.Second, 120 * time.Second},
		{503, date, "HTTP 503 Service Unavailable: retry in 1h", 89 * time.Minute, 91 * time.Minute},
		{503, "", "HTTP 503 Service Unavailable", 0, 0},
	}
	for _, c := range cases {
		srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
			if c.header != "" {
				w.Header().Set("Retry-After", c.header)
			}
			w.WriteHeader(c.code)
		})
		res := testFetcher().Fetch(context.Background(), fetch.Request{URL: srv.URL})
		if res.Err == nil || !strings.HasPrefix(res.Err.Error(), c.want) {
			t.Errorf("%d %q: err %v, want %q", c.code, c.header, res.Err, c.want)
		}
		if res.RetryAfter < c.minD || res.RetryAfter > c.maxD {
			t.Errorf("%d %q: RetryAfter %v", c.code, c.header, res.RetryAfter)
		}
	}
}

// gzipBomb is a small gzip body that inflates to n bytes.
func gzipBomb(t *testing.T, n int) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write([]byte("<rss version=\"2.0\"><channel><title>"))
	zw.Write(bytes.Repeat([]byte("A"), n))
	zw.Close()
	return buf.Bytes()
}

// TestFetchFaults is the list of bad input: each gives one short
// error line and returns within the timeout.
func TestFetchFaults(t *testing.T) {
	f := testFetcher()
	bomb := gzipBomb(t, 8<<20)
	if int64(len(bomb)) >= f.client.MaxBytes {
		t.Fatalf("bomb of %d bytes is not smaller than the cap", len(bomb))
	}
	var loopHits atomic.Int32
	cases := []struct {
		name    string
		handler http.HandlerFunc
		want    string
	}{
		{"malformed XML", feedHandler("<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel>\n<title>x</title><item><title>cut"), "malformed XML at line 3"},
		{"HTML page", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, "<!DOCTYPE html><html><head><title>Blog</title></head><body>Hello</body></html>")
		}, "not a feed: got an HTML page"},
		{"404", http.NotFound, "HTTP 404 Not Found"},
		{"500", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "boom", 500) }, "HTTP 500 Internal Server Error"},
		{"headers then stall", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>slow`)
			w.(http.Flusher).Flush()
			stall(r)
		}, "timed out after 400ms"},
		{"body over the cap", feedHandler(rss("big", strings.Repeat("<item><title>x</title></item>", 4000))), "response larger than 64 KiB"},
		{"gzip inflating past the cap", func(w http.ResponseWriter, r *http.Request) {
			if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
				t.Error("client did not ask for gzip")
			}
			w.Header().Set("Content-Encoding", "gzip")
			w.Header().Set("Content-Type", "application/rss+xml")
			w.Write(bomb)
		}, "response larger than 64 KiB"},
		{"redirect loop", func(w http.ResponseWriter, r *http.Request) {
			loopHits.Add(1)
			next := "/a"
			if r.URL.Path == "/a" {
				next = "/b"
			}
			http.Redirect(w, r, next, http.StatusFound)
		}, "too many redirects (5)"},
		{"empty body", func(w http.ResponseWriter, r *http.Request) {}, "not a feed: the response was empty"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv := serve(t, c.handler)
			start := time.Now()
			res := f.Fetch(context.Background(), fetch.Request{URL: srv.URL + "/feed"})
			if res.Err == nil || !strings.HasPrefix(res.Err.Error(), c.want) {
				t.Fatalf("err = %v, want %q", res.Err, c.want)
			}
			if strings.ContainsAny(res.Err.Error(), "\n\x1b") {
				t.Fatalf("error is not one clean line: %q", res.Err)
			}
			if len(res.Articles) != 0 {
				t.Fatal("articles from a failed fetch")
			}
			if d := time.Since(start); d > 3*time.Second {
				t.Fatalf("took %v", d)
			}
		})
	}
	if n := loopHits.Load(); n != fetch.MaxRedirects+1 {
		t.Errorf("redirect loop followed %d requests, want %d", n, fetch.MaxRedirects+1)
	}
}

func TestFetchServerThatNeverAnswers(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c) // held open, never answered
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
	})
	f := testFetcher()
	start := time.Now()
	res := f.Fetch(context.Background(), fetch.Request{URL: "http://" + ln.Addr().String() + "/feed"})
	if res.Err == nil || res.Err.Error() != "timed out after 400ms" {
		t.Fatalf("err = %v", res.Err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("took %v with a 400ms timeout", d)
	}
}

func TestFetchInvalidAddresses(t *testing.T) {
	f := testFetcher()
	for _, u := range []string{"", "ftp://x.example/f", "not a url", "file:///etc/passwd"} {
		res := f.Fetch(context.Background(), fetch.Request{URL: u})
		if res.Err == nil || !strings.Contains(res.Err.Error(), "not an http or https address") {
			t.Errorf("%q: err %v", u, res.Err)
		}
	}
	// A closed port: refused at once, with a short reason.
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close()
	res := f.Fetch(context.Background(), fetch.Request{URL: "http://" + addr + "/"})
	if res.Err == nil || res.Err.Error() != "connection refused" {
		t.Errorf("closed port: %v", res.Err)
	}
}

func TestFetchAllOneBadFeedAmongGood(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/good", feedHandler(goodFeed))
	mux.HandleFunc("/broken", feedHandler("<rss><channel><title>cut"))
	mux.HandleFunc("/missing", http.NotFound)
	srv := serve(t, mux.ServeHTTP)

	var reqs []fetch.Request
	for i := range 6 {
		reqs = append(reqs, fetch.Request{URL: fmt.Sprintf("%s/good?n=%d", srv.URL, i)})
	}
	reqs = append(reqs, fetch.Request{URL: srv.URL + "/broken"}, fetch.Request{URL: srv.URL + "/missing"})

	var inside, overlapped atomic.Int32
	got := map[string]feedResult{}
	testFetcher().FetchAll(context.Background(), reqs, func(r feedResult) {
		if inside.Add(1) > 1 {
			overlapped.Store(1)
		}
		time.Sleep(2 * time.Millisecond)
		got[r.URL] = r
		inside.Add(-1)
	})
	if overlapped.Load() != 0 {
		t.Error("each was called concurrently")
	}
	if len(got) != len(reqs) {
		t.Fatalf("%d results for %d feeds", len(got), len(reqs))
	}
	for _, r := range reqs {
		res := got[r.URL]
		bad := strings.HasSuffix(r.URL, "/broken") || strings.HasSuffix(r.URL, "/missing")
		if bad != (res.Err != nil) {
			t.Errorf("%s: err %v", r.URL, res.Err)
		}
		if !bad && len(res.Articles) != 2 {
			t.Errorf("%s: %d articles", r.URL, len(res.Articles))
		}
	}
}

// concurrency counts requests in flight on a server.
type concurrency struct {
	now, peak atomic.Int32
}

func (c *concurrency) handler(delay time.Duration, next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		n := c.now.Add(1)
		for {
			p := c.peak.Load()
			if n <= p || c.peak.CompareAndSwap(p, n) {
				break
			}
		}
		time.Sleep(delay)
		c.now.Add(-1)
		next(w, r)
	}
}

func TestFetchAllLimitsPerHostAndOverall(t *testing.T) {
	var total concurrency
	hosts := make([]*concurrency, 4)
	var reqs []fetch.Request
	for i := range hosts {
		hosts[i] = &concurrency{}
		h := hosts[i]
		srv := serve(t, h.handler(30*time.Millisecond, total.handler(0, feedHandler(goodFeed))))
		for j := range 10 {
			reqs = append(reqs, fetch.Request{URL: fmt.Sprintf("%s/f%d", srv.URL, j)})
		}
	}
	f := newFeedFetcher(fetch.Client{Timeout: 5 * time.Second, PerHost: 2, Concurrency: 5}, false)
	n := 0
	f.FetchAll(context.Background(), reqs, func(r feedResult) {
		if r.Err != nil {
			t.Errorf("%s: %v", r.URL, r.Err)
		}
		n++
	})
	if n != len(reqs) {
		t.Fatalf("%d results for %d feeds", n, len(reqs))
	}
	for i, h := range hosts {
		if p := h.peak.Load(); p > 2 {
			t.Errorf("host %d saw %d requests at once, limit 2", i, p)
		}
	}
	if p := total.peak.Load(); p > 5 {
		t.Errorf("%d requests at once overall, limit 5", p)
	}
}

func TestFetchAllCancelReturnsPromptly(t *testing.T) {
	var started atomic.Int32
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		started.Add(1)
		stall(r)
	})
	var reqs []fetch.Request
	for i := range 10 {
		reqs = append(reqs, fetch.Request{URL: fmt.Sprintf("%s/%d", srv.URL, i)})
	}
	f := newFeedFetcher(fetch.Client{Timeout: 30 * time.Second}, false)
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		for started.Load() == 0 {
			time.Sleep(5 * time.Millisecond)
		}
		cancel()
	}()
	start := time.Now()
	reported := 0
	f.FetchAll(ctx, reqs, func(feedResult) { reported++ })
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("FetchAll took %v after cancel", d)
	}
	if reported != 0 {
		t.Fatalf("%d cancelled fetches reported as results", reported)
	}
}

func TestDiscover(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/blog", func(w http.ResponseWriter, r *http.Request) {
		if ua := r.Header.Get("User-Agent"); ua != "herald/test" {
			http.Error(w, "unknown client "+ua, http.StatusForbidden)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, `<html><head><link rel="alternate" type="application/rss+xml" href="/blog/feed.xml"></head><body></body></html>`)
	})
	mux.HandleFunc("/bare", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<html><head></head><body>nothing</body></html>`)
	})
	mux.HandleFunc("/blog/feed.xml", feedHandler(goodFeed))
	srv := serve(t, mux.ServeHTTP)

	ctx := context.Background()
	if got, err := testFetcher().Discover(ctx, srv.URL+"/blog"); err != nil || got != srv.URL+"/blog/feed.xml" {
		t.Errorf("page: %q, %v", got, err)
	}
	if got, err := testFetcher().Discover(ctx, srv.URL+"/blog/feed.xml"); err != nil || got != srv.URL+"/blog/feed.xml" {
		t.Errorf("feed itself: %q, %v", got, err)
	}
	if _, err := testFetcher().Discover(ctx, srv.URL+"/bare"); err == nil || err.Error() != "no feed found on that page" {
		t.Errorf("bare page: %v", err)
	}
	if _, err := testFetcher().Discover(ctx, srv.URL+"/gone"); err == nil || err.Error() != "HTTP 404 Not Found" {
		t.Errorf("missing page: %v", err)
	}
}

func TestFetchPageReaderMode(t *testing.T) {
	para := strings.Repeat("The committee met on Tuesday to discuss the harbour plan in detail. ", 6)
	page := `<!doctype html><html><head><title>Harbour plan | Town News</title>
<meta property="og:site_name" content="Town News"></head><body>
<nav><a href="/">Home</a> <a href="/sport">Sport</a> MENU-JUNK</nav>
<article><h1>Harbour plan</h1><p>` + para + `</p><h2>What comes next</h2><p>` + para + `</p>
<p>More at <a href="/harbour/faq">the FAQ</a>.</p></article>
<footer>FOOTER-JUNK Share this</footer></body></html>`
	mux := http.NewServeMux()
	mux.HandleFunc("/news/harbour", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, page)
	})
	srv := serve(t, mux.ServeHTTP)
	a, err := fetchPage(context.Background(), testFetcher(), srv.URL+"/news/harbour")
	if err != nil {
		t.Fatal(err)
	}
	if a.URL != srv.URL+"/news/harbour" || !strings.Contains(a.Title, "Harbour plan") {
		t.Fatalf("url %q title %q", a.URL, a.Title)
	}
	if len(a.Sections) > 0 {
		var all strings.Builder
		for _, s := range a.Sections {
			all.WriteString(s.Title + "\n" + s.Markdown + "\n")
		}
		body := all.String()
		if !strings.Contains(body, "harbour plan in detail") || strings.Contains(body, "MENU-JUNK") {
			t.Fatalf("main text not extracted:\n%s", body)
		}
		if !strings.Contains(body, srv.URL+"/harbour/faq") {
			t.Fatalf("relative link not made absolute:\n%s", body)
		}
	}
	if _, err := fetchPage(context.Background(), testFetcher(), srv.URL+"/missing"); err == nil || err.Error() != "HTTP 404 Not Found" {
		t.Fatalf("missing page: %v", err)
	}
}

// bigFeedServer serves the same feed at every path, with its length
// announced on even paths and chunked on odd ones, and returns the feeds'
// addresses.
func bigFeedServer(t *testing.T, body string, n int) []fetch.Request {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		var i int
		fmt.Sscanf(r.URL.Path, "/%d", &i)
		if i%2 == 0 {
			w.Header().Set("Content-Length", fmt.Sprint(len(body)))
		}
		io.WriteString(w, body)
	})
	reqs := make([]fetch.Request, n)
	for i := range reqs {
		reqs[i] = fetch.Request{URL: fmt.Sprintf("%s/%d", srv.URL, i)}
	}
	return reqs
}

// Feeds waiting their turn behind a slow each are healthy: the wait must
// not count against their timeout.
func TestFetchAllQueuedFeedsDoNotTimeOut(t *testing.T) {
	body := bigFeed(300)
	reqs := bigFeedServer(t, body, 30)
	// The feeds wait for each in turn three times as long as the timeout
	// in all; the timeout itself is long enough for one feed on a loaded
	// machine under -race.
	const timeout = 2 * time.Second
	f := newFeedFetcher(fetch.Client{Timeout: timeout, PerHost: 64, MaxPending: int64(2 * len(body))}, true)
	start := time.Now()
	ok := 0
	f.FetchAll(context.Background(), reqs, func(r feedResult) {
		if r.Err != nil {
			t.Errorf("%s after %v: %v", r.URL, time.Since(start).Round(time.Millisecond), r.Err)
		} else {
			ok++
		}
		time.Sleep(3 * timeout / time.Duration(len(reqs)))
	})
	if ok != len(reqs) {
		t.Fatalf("%d of %d feeds fetched", ok, len(reqs))
	}
}

// Feeds each larger than the whole budget still all arrive: the budget
// slows reading down, it never stops it.
func TestFetchAllBudgetSmallerThanOneFeed(t *testing.T) {
	reqs := bigFeedServer(t, bigFeed(300), 12)
	f := newFeedFetcher(fetch.Client{Timeout: 5 * time.Second, PerHost: 64, MaxPending: 1000}, true)
	ok := 0
	f.FetchAll(context.Background(), reqs, func(r feedResult) {
		if r.Err == nil && len(r.Articles) == 300 {
			ok++
		}
	})
	if ok != len(reqs) {
		t.Fatalf("%d of %d feeds fetched", ok, len(reqs))
	}
}

// Cancelling while feeds wait on one another (reads paused on the budget,
// results waiting for each) ends FetchAll at once, and nothing more is
// reported.
func TestFetchAllCancelWhileQueued(t *testing.T) {
	body := bigFeed(300)
	reqs := bigFeedServer(t, body, 40)
	f := newFeedFetcher(fetch.Client{Timeout: 30 * time.Second, PerHost: 64, MaxPending: int64(2 * len(body))}, true)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var start time.Time
	reported := 0
	f.FetchAll(ctx, reqs, func(feedResult) {
		reported++
		if reported == 1 {
			// Give the other feeds time to queue up behind this one.
			time.Sleep(100 * time.Millisecond)
			start = time.Now()
			cancel()
		}
	})
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("FetchAll took %v after cancel", d)
	}
	if reported != 1 {
		t.Errorf("%d results reported, want only the one before the cancel", reported)
	}
}

// bigFeed is an RSS feed of n small HTML items.
func bigFeed(n int) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Big</title><link>https://big.example/</link>`)
	for i := range n {
		fmt.Fprintf(&b, "<item><title>Item %d</title><link>https://big.example/%d</link><guid>g%d</guid>"+
			"<pubDate>Mon, 02 Jan 2006 15:04:05 GMT</pubDate><description>&lt;p&gt;Paragraph %d with &lt;a href=\"/x\"&gt;a link&lt;/a&gt;.&lt;/p&gt;</description></item>\n", i, i, i, i)
	}
	b.WriteString("</channel></rss>")
	return b.String()
}

// A broken feed that can be repaired loads, and the result says what was
// repaired, for the cache to save as the feed's status.
func TestFetchRecoveredFeedSaysWhy(t *testing.T) {
	cut := `<?xml version="1.0"?><rss version="2.0"><channel><title>Cut</title>
<item><title>One</title><guid>1</guid></item>
<item><title>Two</title><guid>2</guid></item>
<item><title>Thr`
	srv := serve(t, feedHandler(cut))
	res := testFetcher().Fetch(context.Background(), fetch.Request{URL: srv.URL})
	if res.Err != nil || len(res.Articles) != 2 {
		t.Fatalf("got %+v", res)
	}
	if !strings.Contains(res.Recovered, "ends before the feed does") || !strings.Contains(res.Recovered, "kept 2 whole items") {
		t.Fatalf("Recovered %q", res.Recovered)
	}
	good := serve(t, feedHandler(goodFeed))
	if res := testFetcher().Fetch(context.Background(), fetch.Request{URL: good.URL}); res.Recovered != "" {
		t.Fatalf("a sound feed says it was recovered: %q", res.Recovered)
	}
}
