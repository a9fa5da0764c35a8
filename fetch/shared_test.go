package fetch

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// A refresh's feeds and the pages read beside it are one load on a site:
// together they never have more than PerHost requests in flight there.
func TestFeedsAndPagesShareTheHostLimit(t *testing.T) {
	var inFlight, peak atomic.Int32
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		time.Sleep(20 * time.Millisecond)
		if strings.HasPrefix(r.URL.Path, "/page") {
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte("<p>page</p>"))
			return
		}
		w.Write([]byte("<rss/>"))
	})
	c := New(Client{PerHost: 2, Timeout: 5 * time.Second})
	var reqs []Request
	for i := range 6 {
		reqs = append(reqs, Request{URL: srv.URL + "/feed/" + string(rune('a'+i))})
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		All(context.Background(), c, reqs, func(r Response) error { return r.Err }, func(err error) {
			if err != nil {
				t.Error(err)
			}
		})
	}()
	for i := range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p, err := c.Page(context.Background(), srv.URL+"/page/"+string(rune('a'+i)), "text/html")
			if err != nil || string(p.Body) != "<p>page</p>" || p.ContentType != "text/html" {
				t.Errorf("page: %+v, %v", p, err)
			}
		}()
	}
	wg.Wait()
	if p := peak.Load(); p > 2 {
		t.Errorf("%d requests at once on one host, want at most PerHost (2)", p)
	}
}

// A page held for extraction counts in the byte budget until released.
func TestHeldPageCountsInTheBudget(t *testing.T) {
	body := strings.Repeat("x", 100<<10)
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(body))
	})
	c := New(Client{Timeout: 5 * time.Second})
	p, release, err := c.HeldPage(context.Background(), srv.URL, "text/html", nil)
	if err != nil || len(p.Body) != len(body) {
		t.Fatalf("HeldPage: %d bytes, %v", len(p.Body), err)
	}
	used := func() int64 {
		c.shared.budget.mu.Lock()
		defer c.shared.budget.mu.Unlock()
		return c.shared.budget.used
	}
	if u := used(); u < int64(len(body)) {
		t.Errorf("the held page counts %d bytes in the budget, want at least %d", u, len(body))
	}
	release()
	release() // twice is harmless
	if u := used(); u != 0 {
		t.Errorf("after release the budget holds %d bytes", u)
	}
	if _, _, err := c.HeldPage(context.Background(), "file:///etc/passwd", "text/html", nil); err == nil {
		t.Error("a file: page was fetched")
	}
}
