package fetch

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

func serve(t *testing.T, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

func TestParseRetryAfterForms(t *testing.T) {
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	for v, want := range map[string]time.Duration{
		"0": 0, "-5": 0, "30": 30 * time.Second, "soon": 0,
		"Thu, 01 Jan 2026 12:10:00 GMT": 10 * time.Minute,
		"Thu, 01 Jan 2026 11:00:00 GMT": 0,
	} {
		if got := parseRetryAfter(v, now); got != want {
			t.Errorf("%q: %v, want %v", v, got, want)
		}
	}
}

// bodyMeter is a transport that counts the body bytes the fetcher has read
// of every feed, so a test can see how much of them is held at once.
type bodyMeter struct {
	next http.RoundTripper

	mu          sync.Mutex
	read        map[string]int // by feed, until the feed is delivered
	held, peak  int
	deliveredOK int
}

func newBodyMeter() *bodyMeter {
	return &bodyMeter{next: http.DefaultTransport.(*http.Transport).Clone(), read: map[string]int{}}
}

func (m *bodyMeter) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := m.next.RoundTrip(req)
	if err == nil {
		resp.Body = &meteredBody{ReadCloser: resp.Body, m: m, url: req.URL.String()}
	}
	return resp, err
}

// delivered is called from each: the result now belongs to the caller.
func (m *bodyMeter) delivered(r Response) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.held -= m.read[r.URL]
	delete(m.read, r.URL)
	if r.Err == nil {
		m.deliveredOK++
	}
}

type meteredBody struct {
	io.ReadCloser
	m   *bodyMeter
	url string
}

func (b *meteredBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	b.m.mu.Lock()
	b.m.read[b.url] += n
	b.m.held += n
	b.m.peak = max(b.m.peak, b.m.held)
	b.m.mu.Unlock()
	return n, err
}

// bigFeedServer serves the same feed at every path, with its length
// announced on even paths and chunked on odd ones, and returns the feeds'
// addresses.
func bigFeedServer(t *testing.T, body string, n int) []Request {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		var i int
		fmt.Sscanf(r.URL.Path, "/%d", &i)
		if i%2 == 0 {
			w.Header().Set("Content-Length", fmt.Sprint(len(body)))
		}
		io.WriteString(w, body)
	})
	reqs := make([]Request, n)
	for i := range reqs {
		reqs[i] = Request{URL: fmt.Sprintf("%s/%d", srv.URL, i)}
	}
	return reqs
}

// A refresh of many feeds whose results are saved slowly must not read
// every feed into memory while the saving catches up: what is held, read
// but not yet handed to each, stays within MaxPending and a few feeds being
// parsed or waiting for each.
func TestFetchAllBoundsMemoryBehindSlowEach(t *testing.T) {
	body := strings.Repeat("<item>a feed item of some size</item>\n", 3000)
	size := len(body)
	slots := processSlots()
	n := 10 * (slots + 4)
	reqs := bigFeedServer(t, body, n)
	meter := newBodyMeter()
	c := New(Client{
		HTTP:        &http.Client{Transport: meter},
		Concurrency: 256, PerHost: 256,
		Timeout: 10 * time.Second, MaxPending: int64(3 * size),
	})
	// Processing keeps no body, as parsing a feed keeps none.
	drop := func(r Response) Response { r.Body = nil; return r }
	All(context.Background(), c, reqs, drop, func(r Response) {
		if r.Err != nil {
			t.Errorf("%s: %v", r.URL, r.Err)
		}
		meter.delivered(r)
		time.Sleep(5 * time.Millisecond)
	})
	if meter.deliveredOK != n {
		t.Fatalf("%d of %d feeds fetched", meter.deliveredOK, n)
	}
	// Read and unparsed: MaxPending, plus one feed let past it. Parsed and
	// not yet delivered: one per slot.
	t.Logf("peak %d KB, limit %d KB", meter.peak>>10, (3*size+(slots+1)*size)>>10)
	if limit := 3*size + (slots+1)*size; meter.peak > limit {
		t.Errorf("held %d KB of feeds at once, want at most %d KB (all %d feeds are %d KB)",
			meter.peak>>10, limit>>10, n, n*size>>10)
	}
}
