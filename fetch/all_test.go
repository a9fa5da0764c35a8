package fetch

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fakeFeeds is a transport that answers every request with a tiny feed
// after delay, counting requests in flight per host.
type fakeFeeds struct {
	delay time.Duration

	mu       sync.Mutex
	active   map[string]int
	peakHost int
	order    []string // hosts in the order their requests finished
}

func (f *fakeFeeds) RoundTrip(req *http.Request) (*http.Response, error) {
	h := req.URL.Host
	f.mu.Lock()
	f.active[h]++
	f.peakHost = max(f.peakHost, f.active[h])
	f.mu.Unlock()
	time.Sleep(f.delay)
	f.mu.Lock()
	f.active[h]--
	f.order = append(f.order, h)
	f.mu.Unlock()
	return &http.Response{
		StatusCode: http.StatusOK, Request: req,
		Header: http.Header{"Content-Type": {"application/rss+xml"}},
		Body:   io.NopCloser(strings.NewReader(`<rss version="2.0"><channel><title>t</title></channel></rss>`)),
	}, nil
}

func newFakeFeeds(delay time.Duration) *fakeFeeds {
	return &fakeFeeds{delay: delay, active: map[string]int{}}
}

// A list of 100,000 feeds cost 817 MB: All started a goroutine for every
// request, each with its stack, before the first was fetched. Now a fixed
// set of goroutines does the work, however long the list.
func TestFetchAllUsesWorkersNotAGoroutinePerFeed(t *testing.T) {
	f := newFakeFeeds(0)
	c := New(Client{HTTP: &http.Client{Transport: f}, Concurrency: 16, PerHost: 4, Timeout: 5 * time.Second})
	reqs := make([]Request, 20000)
	for i := range reqs {
		reqs[i] = Request{URL: fmt.Sprintf("http://h%d.example/feed/%d", i%50, i)}
	}
	before := runtime.NumGoroutine()
	peak, n := 0, 0
	All(context.Background(), c, reqs, func(r Response) Response { return r }, func(r Response) {
		if r.Err != nil {
			t.Errorf("%s: %v", r.URL, r.Err)
		}
		if n%100 == 0 {
			peak = max(peak, runtime.NumGoroutine()-before)
		}
		n++
	})
	if n != len(reqs) {
		t.Fatalf("%d of %d feeds fetched", n, len(reqs))
	}
	// 16 downloaders, a few processors, the scheduler and the closers,
	// and what net/http keeps per connection.
	if limit := 16 + processSlots() + 4 + 2*50; peak > limit {
		t.Errorf("%d goroutines at the peak for %d feeds, want at most %d", peak, len(reqs), limit)
	}
}

// The per-host limit holds, and hosts take turns: a feed on a host of its
// own is not kept waiting behind another host's long list.
func TestFetchAllHostsTakeTurns(t *testing.T) {
	f := newFakeFeeds(2 * time.Millisecond)
	c := New(Client{HTTP: &http.Client{Transport: f}, Concurrency: 8, PerHost: 2, Timeout: 5 * time.Second})
	var reqs []Request
	for i := range 300 {
		reqs = append(reqs, Request{URL: fmt.Sprintf("http://busy.example/%d", i)})
	}
	reqs = append(reqs, Request{URL: "http://quiet.example/feed"})
	All(context.Background(), c, reqs, func(r Response) Response { return r }, func(Response) {})
	if f.peakHost > 2 {
		t.Errorf("%d requests in flight to one host, want at most 2", f.peakHost)
	}
	for i, h := range f.order {
		if h == "quiet.example" {
			if i > 10 {
				t.Errorf("the quiet host's feed finished %dth of %d, behind the busy host's list", i+1, len(f.order))
			}
			return
		}
	}
	t.Error("the quiet host's feed was never fetched")
}

// A panic while processing a feed stops the fetch and reaches the caller's
// goroutine, where the TUI's recovery restores the terminal; on a goroutine
// of All's it would kill the process with the terminal left raw.
func TestFetchAllRaisesAPanicOnTheCallersGoroutine(t *testing.T) {
	f := newFakeFeeds(0)
	c := New(Client{HTTP: &http.Client{Transport: f}, Concurrency: 4, PerHost: 4, Timeout: 5 * time.Second})
	reqs := make([]Request, 50)
	for i := range reqs {
		reqs[i] = Request{URL: fmt.Sprintf("http://h.example/%d", i)}
	}
	defer func() {
		if v := recover(); v == nil || !strings.Contains(fmt.Sprint(v), "the parser broke") {
			t.Errorf("recovered %v, want the processing panic", v)
		}
	}()
	All(context.Background(), c, reqs, func(r Response) Response {
		if strings.HasSuffix(r.URL, "/7") {
			panic("the parser broke")
		}
		return r
	}, func(Response) {})
	t.Error("All returned without raising the panic")
}

// Cancelling stops the fetch: All returns, and each is not called again.
func TestFetchAllStopsWhenCancelled(t *testing.T) {
	f := newFakeFeeds(time.Millisecond)
	c := New(Client{HTTP: &http.Client{Transport: f}, Concurrency: 4, PerHost: 4, Timeout: 5 * time.Second})
	reqs := make([]Request, 2000)
	for i := range reqs {
		reqs[i] = Request{URL: fmt.Sprintf("http://h%d.example/%d", i%3, i)}
	}
	ctx, cancel := context.WithCancel(context.Background())
	n, after := 0, 0
	All(ctx, c, reqs, func(r Response) Response { return r }, func(Response) {
		if ctx.Err() != nil {
			after++
		}
		if n++; n == 20 {
			cancel()
		}
	})
	if n >= len(reqs) || after > 0 {
		t.Errorf("after the cancel: %d of %d delivered, %d after it", n, len(reqs), after)
	}
}

// A refresh marks the feeds whose save starts more work (the pages of a
// fulltext=yes feed) Ahead: once downloaded, such a feed is processed
// before the feeds already waiting, not after all of them.
func TestFetchAllProcessesAheadFirst(t *testing.T) {
	f := newFakeFeeds(0)
	c := New(Client{HTTP: &http.Client{Transport: f}, Concurrency: 64, PerHost: 64, Timeout: 5 * time.Second})
	var inLine atomic.Int32
	c.queued = func(Request) { inLine.Add(1) }
	const n = 40
	reqs := make([]Request, n)
	for i := range reqs {
		reqs[i] = Request{URL: fmt.Sprintf("http://h%d.example/feed", i)}
	}
	reqs[n-1].Ahead = true
	var order []string
	// Processing stands for parsing, which takes a while. A process that
	// returns at once would let the goroutines handing results along keep
	// the CPU between them, so the processor that took the Ahead feed
	// could sit ready to run until the rest are done.
	process := func(r Response) Response { time.Sleep(time.Millisecond); return r }
	All(context.Background(), c, reqs, process, func(r Response) {
		if len(order) == 0 {
			// Hold the first result until every feed is in line for
			// processing, so the rest wait there together. Downloaded is
			// not enough: the Ahead download, done last, could still be on
			// its way into the line while the others are processed.
			for deadline := time.Now().Add(10 * time.Second); inLine.Load() < n; time.Sleep(time.Millisecond) {
				if time.Now().After(deadline) {
					t.Fatalf("only %d of %d feeds in line", inLine.Load(), n)
				}
			}
		}
		order = append(order, r.URL)
	})
	// Ahead of it come the first and what the processors took before the
	// Ahead download was in line: a few, where in arrival order it would
	// be last.
	for i, u := range order {
		if u == reqs[n-1].URL {
			if limit := 1 + 3*processSlots(); i > limit {
				t.Errorf("the Ahead feed was processed %dth of %d, want among the first %d", i+1, n, limit+1)
			}
			return
		}
	}
	t.Fatalf("the Ahead feed was never processed: %v", order)
}
