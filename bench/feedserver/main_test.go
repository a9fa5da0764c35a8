package main

import (
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func testOptions() options {
	return options{
		feeds: 3, items: 30, itemBytes: 5000,
		minDelay: 50 * time.Millisecond, maxDelay: 300 * time.Millisecond,
		seed: 1, first: netip.MustParseAddr("127.0.0.2"),
	}
}

type rssDoc struct {
	Channel struct {
		Title string `xml:"title"`
		Items []struct {
			Title   string `xml:"title"`
			Link    string `xml:"link"`
			GUID    string `xml:"guid"`
			PubDate string `xml:"pubDate"`
			Desc    string `xml:"description"`
			Content string `xml:"http://purl.org/rss/1.0/modules/content/ encoded"`
		} `xml:"item"`
	} `xml:"channel"`
}

func TestFeedIsWellFormedRSSWithFullItems(t *testing.T) {
	f, err := buildFeed(testOptions(), 0)
	if err != nil {
		t.Fatal(err)
	}
	var doc rssDoc
	if err := xml.Unmarshal(f.body, &doc); err != nil {
		t.Fatalf("feed is not well-formed XML: %v", err)
	}
	if got := len(doc.Channel.Items); got != 30 {
		t.Fatalf("items = %d, want 30", got)
	}
	guids := map[string]bool{}
	for _, it := range doc.Channel.Items {
		if it.Title == "" || it.Link == "" || it.GUID == "" || it.Desc == "" {
			t.Fatalf("item lacks a field: %+v", it)
		}
		if _, err := time.Parse(time.RFC1123Z, it.PubDate); err != nil {
			t.Fatalf("pubDate %q: %v", it.PubDate, err)
		}
		if n := len(it.Content); n < 4500 || n > 6000 {
			t.Errorf("content is %d bytes, want about 5000", n)
		}
		for _, tag := range []string{"<p>", "<h2>", "<ul>", "<li>", "<a href="} {
			if !strings.Contains(it.Content, tag) {
				t.Errorf("content lacks %s", tag)
			}
		}
		guids[it.GUID] = true
	}
	if len(guids) != 30 {
		t.Errorf("%d distinct GUIDs, want 30", len(guids))
	}
}

func TestFeedsAreDeterministicAndDistinct(t *testing.T) {
	o := testOptions()
	a, _ := buildFeed(o, 4)
	b, _ := buildFeed(o, 4)
	if !bytes.Equal(a.body, b.body) || a.etag != b.etag || a.delay != b.delay {
		t.Fatal("the same seed and index gave different feeds")
	}
	c, _ := buildFeed(o, 5)
	if bytes.Equal(a.body, c.body) || a.etag == c.etag {
		t.Fatal("two feeds are identical")
	}
	o.seed = 2
	d, _ := buildFeed(o, 4)
	if bytes.Equal(a.body, d.body) {
		t.Fatal("another seed gave the same feed")
	}
}

func TestDelaysStayInRange(t *testing.T) {
	o := testOptions()
	var lo, hi time.Duration = time.Hour, 0
	for i := range 200 {
		f, _ := buildFeed(o, i)
		if f.delay < o.minDelay || f.delay > o.maxDelay {
			t.Fatalf("feed %d delay %s outside %s-%s", i, f.delay, o.minDelay, o.maxDelay)
		}
		lo, hi = min(lo, f.delay), max(hi, f.delay)
	}
	if hi-lo < 150*time.Millisecond {
		t.Errorf("delays %s-%s do not spread over the range", lo, hi)
	}
}

func get(t *testing.T, url string, hdr map[string]string) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	// The default transport would add and strip gzip itself.
	tr := &http.Transport{DisableCompression: true}
	defer tr.CloseIdleConnections()
	resp, err := (&http.Client{Transport: tr}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

func TestConditionalGETAnswers304AfterTheDelay(t *testing.T) {
	o := testOptions()
	o.minDelay, o.maxDelay = 40*time.Millisecond, 40*time.Millisecond
	f, _ := buildFeed(o, 0)
	var stats counters
	srv := httptest.NewServer(handler(f, &stats))
	defer srv.Close()
	url := srv.URL + "/feed.xml"

	start := time.Now()
	resp, body := get(t, url, nil)
	if elapsed := time.Since(start); elapsed < f.delay {
		t.Errorf("answered after %s, before the %s delay", elapsed, f.delay)
	}
	if resp.StatusCode != 200 || !bytes.Equal(body, f.body) {
		t.Fatalf("first GET: %d, %d bytes", resp.StatusCode, len(body))
	}
	etag, lastMod := resp.Header.Get("ETag"), resp.Header.Get("Last-Modified")
	if etag == "" || lastMod == "" {
		t.Fatalf("validators missing: ETag %q Last-Modified %q", etag, lastMod)
	}

	for name, hdr := range map[string]map[string]string{
		"If-None-Match":     {"If-None-Match": etag},
		"If-Modified-Since": {"If-Modified-Since": lastMod},
		"both":              {"If-None-Match": etag, "If-Modified-Since": lastMod},
	} {
		start := time.Now()
		resp, body := get(t, url, hdr)
		if resp.StatusCode != http.StatusNotModified || len(body) != 0 {
			t.Errorf("%s: %d with %d bytes, want an empty 304", name, resp.StatusCode, len(body))
		}
		if elapsed := time.Since(start); elapsed < f.delay {
			t.Errorf("%s: 304 after %s, before the %s delay", name, elapsed, f.delay)
		}
	}

	// A stale ETag wins over a matching date, as RFC 9110 says.
	resp, _ = get(t, url, map[string]string{"If-None-Match": `"stale"`, "If-Modified-Since": lastMod})
	if resp.StatusCode != 200 {
		t.Errorf("stale ETag: %d, want 200", resp.StatusCode)
	}
	if got := stats.notModified.Load(); got != 3 {
		t.Errorf("counted %d not-modified answers, want 3", got)
	}
	if got := stats.full.Load(); got != 2 {
		t.Errorf("counted %d full answers, want 2", got)
	}
}

func TestGzipIsItsOwnRepresentation(t *testing.T) {
	o := testOptions()
	o.minDelay, o.maxDelay, o.gzip = 0, 0, true
	f, _ := buildFeed(o, 0)
	srv := httptest.NewServer(handler(f, &counters{}))
	defer srv.Close()
	url := srv.URL + "/feed.xml"

	resp, body := get(t, url, map[string]string{"Accept-Encoding": "gzip"})
	if resp.Header.Get("Content-Encoding") != "gzip" || len(body) >= len(f.body)/2 {
		t.Fatalf("gzip asked, got encoding %q and %d bytes", resp.Header.Get("Content-Encoding"), len(body))
	}
	gzTag := resp.Header.Get("ETag")
	resp, _ = get(t, url, map[string]string{"Accept-Encoding": "gzip;q=0"})
	if resp.Header.Get("Content-Encoding") != "" || resp.Header.Get("ETag") == gzTag {
		t.Fatal("q=0 still got the gzip representation")
	}
	resp, _ = get(t, url, map[string]string{"Accept-Encoding": "gzip", "If-None-Match": gzTag})
	if resp.StatusCode != http.StatusNotModified {
		t.Errorf("gzip ETag revalidation: %d, want 304", resp.StatusCode)
	}
}

func TestAddressesSkipNetworkAndBroadcastOctets(t *testing.T) {
	addrs, err := feedAddrs(netip.MustParseAddr("127.0.0.250"), 8)
	if err != nil {
		t.Fatal(err)
	}
	want := "127.0.0.250 127.0.0.251 127.0.0.252 127.0.0.253 127.0.0.254 127.0.1.1 127.0.1.2 127.0.1.3"
	var got []string
	for _, a := range addrs {
		got = append(got, a.String())
	}
	if strings.Join(got, " ") != want {
		t.Errorf("got %v", got)
	}
	if _, err := feedAddrs(netip.MustParseAddr("127.255.255.250"), 10); err == nil {
		t.Error("addresses past 127.255.255.254 were accepted")
	}
	if _, err := feedAddrs(netip.MustParseAddr("10.0.0.1"), 1); err == nil {
		t.Error("a non-loopback address was accepted")
	}
}

func TestFlagsRefuseUnboundedValues(t *testing.T) {
	for _, args := range [][]string{
		{"-n", "0"}, {"-n", "100000"}, {"-items", "-1"}, {"-max-delay", "1h"},
		{"-min-delay", "300ms", "-max-delay", "50ms"}, {"-first-addr", "192.168.1.1"}, {"stray"},
	} {
		if _, err := parseFlags(args, io.Discard); err == nil {
			t.Errorf("%v accepted", args)
		}
	}
}

func TestRunServesEveryFeedOnItsOwnAddress(t *testing.T) {
	dir := t.TempDir()
	o := testOptions()
	o.minDelay, o.maxDelay = 0, 0
	o.urlsOut = filepath.Join(dir, "urls")
	o.feedsOut = filepath.Join(dir, "feeds")
	o.readyFile = filepath.Join(dir, "ready")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- run(ctx, o, io.Discard) }()

	deadline := time.Now().Add(10 * time.Second)
	for {
		if _, err := os.Stat(o.readyFile); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no ready file")
		}
		time.Sleep(10 * time.Millisecond)
	}
	urls, _ := os.ReadFile(o.urlsOut)
	lines := strings.Fields(string(urls))
	if len(lines) != 3 {
		t.Fatalf("urls file: %q", urls)
	}
	feeds, _ := os.ReadFile(o.feedsOut)
	if !strings.HasPrefix(string(feeds), "#") || !strings.Contains(string(feeds), lines[2]+"\n") {
		t.Errorf("herald feed list: %q", feeds)
	}
	for i, u := range lines {
		want := "http://127.0.0." + string(rune('2'+i)) + ":"
		if !strings.HasPrefix(u, want) {
			t.Errorf("feed %d at %s, want %s...", i, u, want)
		}
		resp, body := get(t, u, nil)
		if resp.StatusCode != 200 || !bytes.HasPrefix(body, []byte("<?xml")) {
			t.Errorf("%s: %d", u, resp.StatusCode)
		}
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("server did not stop")
	}
}

func TestSummaryFeedsServeTheirPages(t *testing.T) {
	o := testOptions()
	o.fullText, o.pageBytes = 1, 150_000
	o.pageMinDelay, o.pageMaxDelay = 0, 0
	f, err := buildFeed(o, 0)
	if err != nil {
		t.Fatal(err)
	}
	var doc rssDoc
	if err := xml.Unmarshal(f.body, &doc); err != nil {
		t.Fatalf("summary feed is not well-formed XML: %v", err)
	}
	if len(doc.Channel.Items) != 30 || len(f.pages) != 30 {
		t.Fatalf("%d items and %d pages, want 30 of each", len(doc.Channel.Items), len(f.pages))
	}
	var stats counters
	srv := httptest.NewServer(handler(f, &stats))
	defer srv.Close()
	for _, it := range doc.Channel.Items {
		if it.Content != "" || !strings.HasPrefix(it.Link, "/posts/") {
			t.Fatalf("a summary item: %+v", it)
		}
		resp, err := http.Get(srv.URL + it.Link)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || len(body) < 140_000 || len(body) > 160_000 ||
			!strings.Contains(string(body), "<article><h1>"+it.Title+"</h1>") {
			t.Fatalf("page %s: %d, %d bytes", it.Link, resp.StatusCode, len(body))
		}
	}
	if stats.pages.Load() != 30 {
		t.Errorf("%d pages counted", stats.pages.Load())
	}
	if got := string(heraldFeeds([]string{"http://a/feed.xml", "http://b/feed.xml"}, o)); !strings.Contains(got, "http://a/feed.xml fulltext=yes\nhttp://b/feed.xml\n") {
		t.Errorf("feed list:\n%s", got)
	}
	plain, _ := buildFeed(o, 1)
	if plain.pages != nil {
		t.Error("a feed past -fulltext serves pages")
	}
}
