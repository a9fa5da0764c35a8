package app

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/herald-reader/herald/fetch"
)

// BenchmarkFetchAll200 fetches 200 feeds of 30 items of ~5 KB HTML, each
// served from its own loopback address (127.0.0.2, 127.0.0.3, ...) as
// separate sites would be, each answer delayed 5-20 ms, converting every
// body to sections. A new Fetcher per run, so connections start cold as on a
// first refresh.
func BenchmarkFetchAll200(b *testing.B) { benchFetchAll(b, false) }

// BenchmarkFetchAll200Deferred is BenchmarkFetchAll200 with DeferBodies:
// the refresh as the TUI and `herald fetch` should run it.
func BenchmarkFetchAll200Deferred(b *testing.B) { benchFetchAll(b, true) }

func benchFetchAll(b *testing.B, deferBodies bool) {
	para := "&lt;p&gt;" + strings.Repeat("Some words of &lt;a href=&quot;/x&quot;&gt;the&lt;/a&gt; story, &lt;em&gt;with&lt;/em&gt; emphasis. ", 8) + "&lt;/p&gt;"
	items := make([]string, 30)
	for i := range items {
		items[i] = fmt.Sprintf("<item><title>Story %d</title><link>https://s.example/%d</link><guid>%d</guid>"+
			"<pubDate>Mon, 02 Jan 2006 15:04:05 GMT</pubDate><description>%s</description></item>", i, i, i, strings.Repeat(para, 9))
	}
	body := rss("Bench", items...)
	var reqs []fetch.Request
	for i := range 200 {
		ln, err := net.Listen("tcp", fmt.Sprintf("127.0.%d.%d:0", (i+2)/250, (i+2)%250+1))
		if err != nil {
			b.Skip("cannot listen on many loopback addresses:", err)
		}
		delay := time.Duration(5+i%16) * time.Millisecond
		srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			time.Sleep(delay)
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprint(w, body)
		}))
		srv.Listener.Close()
		srv.Listener = ln
		srv.Start()
		b.Cleanup(srv.Close)
		reqs = append(reqs, fetch.Request{URL: srv.URL + "/feed.xml"})
	}
	b.ResetTimer()
	for b.Loop() {
		f := newFeedFetcher(fetch.Client{UserAgent: "herald/bench"}, deferBodies)
		failed := 0
		f.FetchAll(context.Background(), reqs, func(r feedResult) {
			if r.Err != nil || len(r.Articles) != 30 {
				failed++
			}
		})
		if failed > 0 {
			b.Fatalf("%d feeds failed", failed)
		}
		f.client.HTTP.CloseIdleConnections()
	}
}
