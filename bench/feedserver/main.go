// Command feedserver serves synthetic RSS 2.0 feeds on loopback so that
// herald and other feed readers can be timed on the same workload.
//
// With -fulltext N the first N feeds carry summaries only, like most news
// feeds, and serve each item's whole article as a web page of its own on
// the feed's address (-page-bytes, each page delayed -page-min-delay to
// -page-max-delay); the herald feed list marks them fulltext=yes.
//
// Every feed lives on its own loopback address (127.0.0.2, 127.0.0.3, ...),
// all on one port, so a reader's per-host limit applies as it would across
// real sites. Every response, 304s included, is held back by a delay fixed
// per feed, and every feed carries an ETag and a Last-Modified date, so a
// second fetch by a polite reader costs one round trip and no parsing.
//
// The content is generated from a seed: the same flags give the same bytes,
// the same validators and the same delays on every run and every machine.
//
// It is a benchmark tool only: it binds nothing but 127.0.0.0/8 addresses,
// caps its sizes and stops on SIGTERM or SIGINT.
package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"math/rand/v2"
	"net"
	"net/http"
	"net/netip"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// Limits that keep a mistyped flag from eating the machine.
const (
	maxFeeds    = 5000
	maxItems    = 1000
	maxDelay    = 30 * time.Second
	maxItemSize = 1 << 20
	maxPageSize = 8 << 20
)

// epoch anchors every generated date so that output does not depend on
// when the server was started.
var epoch = time.Date(2026, time.January, 15, 12, 0, 0, 0, time.UTC)

type options struct {
	feeds     int
	items     int
	itemBytes int
	minDelay  time.Duration
	maxDelay  time.Duration
	seed      uint64
	first     netip.Addr
	port      int
	gzip      bool
	urlsOut   string
	feedsOut  string
	readyFile string

	// Pages: the first fullText feeds serve their items' pages.
	fullText     int
	pageBytes    int
	pageMinDelay time.Duration
	pageMaxDelay time.Duration
}

func main() {
	log.SetFlags(0)
	log.SetPrefix("feedserver: ")
	opts, err := parseFlags(os.Args[1:], os.Stderr)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		log.Print(err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	if err := run(ctx, opts, os.Stderr); err != nil {
		log.Print(err)
		os.Exit(1)
	}
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	var first string
	fs := flag.NewFlagSet("feedserver", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.IntVar(&o.feeds, "n", 200, "number of feeds, one loopback address each")
	fs.IntVar(&o.items, "items", 30, "items per feed")
	fs.IntVar(&o.itemBytes, "item-bytes", 5000, "approximate size of each item's HTML body")
	fs.DurationVar(&o.minDelay, "min-delay", 50*time.Millisecond, "shortest response delay")
	fs.DurationVar(&o.maxDelay, "max-delay", 300*time.Millisecond, "longest response delay")
	fs.Uint64Var(&o.seed, "seed", 1, "seed for content and delays")
	fs.StringVar(&first, "first-addr", "127.0.0.2", "loopback address of the first feed; the others follow it")
	fs.IntVar(&o.port, "port", 0, "port shared by every feed address (0: pick a free one)")
	fs.BoolVar(&o.gzip, "gzip", false, "answer Accept-Encoding: gzip with a gzipped body")
	fs.StringVar(&o.urlsOut, "urls-out", "", "write the feed URLs as a newsboat urls file here")
	fs.StringVar(&o.feedsOut, "feeds-out", "", "write the feed URLs as a herald feed list here")
	fs.StringVar(&o.readyFile, "ready-file", "", "write this file once every address is listening")
	fs.IntVar(&o.fullText, "fulltext", 0, "the first N feeds carry summaries and serve each item's page (fulltext=yes in -feeds-out)")
	fs.IntVar(&o.pageBytes, "page-bytes", 150_000, "approximate size of each article page")
	fs.DurationVar(&o.pageMinDelay, "page-min-delay", 50*time.Millisecond, "shortest page delay")
	fs.DurationVar(&o.pageMaxDelay, "page-max-delay", 300*time.Millisecond, "longest page delay")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	switch {
	case o.feeds < 1 || o.feeds > maxFeeds:
		return o, fmt.Errorf("-n must be 1..%d", maxFeeds)
	case o.items < 0 || o.items > maxItems:
		return o, fmt.Errorf("-items must be 0..%d", maxItems)
	case o.itemBytes < 200 || o.itemBytes > maxItemSize:
		return o, fmt.Errorf("-item-bytes must be 200..%d", maxItemSize)
	case o.minDelay < 0 || o.maxDelay < o.minDelay || o.maxDelay > maxDelay:
		return o, fmt.Errorf("need 0 <= -min-delay <= -max-delay <= %s", maxDelay)
	case o.port < 0 || o.port > 65535:
		return o, fmt.Errorf("-port must be 0..65535")
	case o.fullText < 0 || o.fullText > o.feeds:
		return o, fmt.Errorf("-fulltext must be 0..%d (-n)", o.feeds)
	case o.pageBytes < 1000 || o.pageBytes > maxPageSize:
		return o, fmt.Errorf("-page-bytes must be 1000..%d", maxPageSize)
	case o.pageMinDelay < 0 || o.pageMaxDelay < o.pageMinDelay || o.pageMaxDelay > maxDelay:
		return o, fmt.Errorf("need 0 <= -page-min-delay <= -page-max-delay <= %s", maxDelay)
	}
	addr, err := netip.ParseAddr(first)
	if err != nil {
		return o, fmt.Errorf("-first-addr: %w", err)
	}
	o.first = addr
	if _, err := feedAddrs(o.first, o.feeds); err != nil {
		return o, err
	}
	return o, nil
}

// feedAddrs returns n consecutive loopback addresses from first, skipping
// last octets 0 and 255 so that no address looks like a network or
// broadcast address to a reader that checks.
func feedAddrs(first netip.Addr, n int) ([]netip.Addr, error) {
	loop := netip.MustParsePrefix("127.0.0.0/8")
	addrs := make([]netip.Addr, 0, n)
	for a := first; len(addrs) < n; a = a.Next() {
		if !a.Is4() || !loop.Contains(a) || a == netip.MustParseAddr("127.255.255.255") {
			return nil, fmt.Errorf("%d feeds from %s leave 127.0.0.0/8", n, first)
		}
		if b := a.As4(); b[3] == 0 || b[3] == 255 {
			continue
		}
		addrs = append(addrs, a)
	}
	return addrs, nil
}

// feed is one prepared response. Bodies are built once so that serving
// measures the reader, not the generator.
type feed struct {
	body     []byte
	gzBody   []byte
	etag     string
	gzETag   string
	modified time.Time
	delay    time.Duration
	// pages are the items' web pages by path ("/posts/3-7"), for a
	// summary feed; nil otherwise.
	pages map[string]page
}

// page is one article's web page and how long it takes to answer.
type page struct {
	body  []byte
	delay time.Duration
}

// counters tell the driver script what each phase really cost the server:
// a warm run that is not all 304s is not a warm run.
type counters struct {
	full, notModified, other, pages atomic.Int64
}

func run(ctx context.Context, o options, logw io.Writer) error {
	addrs, err := feedAddrs(o.first, o.feeds)
	if err != nil {
		return err
	}
	listeners, port, err := listenAll(addrs, o.port)
	if err != nil {
		return err
	}
	feeds := make([]*feed, len(addrs))
	urls := make([]string, len(addrs))
	for i, a := range addrs {
		urls[i] = "http://" + net.JoinHostPort(a.String(), fmt.Sprint(port)) + "/feed.xml"
		feeds[i], err = buildFeed(o, i)
		if err != nil {
			closeAll(listeners)
			return err
		}
	}
	if o.urlsOut != "" {
		if err := writeAtomic(o.urlsOut, newsboatURLs(urls)); err != nil {
			closeAll(listeners)
			return err
		}
	}
	if o.feedsOut != "" {
		if err := writeAtomic(o.feedsOut, heraldFeeds(urls, o)); err != nil {
			closeAll(listeners)
			return err
		}
	}

	var stats counters
	servers := make([]*http.Server, len(listeners))
	var wg sync.WaitGroup
	errc := make(chan error, len(listeners))
	for i, ln := range listeners {
		servers[i] = &http.Server{
			Handler:           handler(feeds[i], &stats),
			ReadHeaderTimeout: 10 * time.Second,
			MaxHeaderBytes:    16 << 10,
			ErrorLog:          log.New(logw, "feedserver: ", 0),
		}
		wg.Add(1)
		go func(s *http.Server, ln net.Listener) {
			defer wg.Done()
			if err := s.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
				errc <- err
			}
		}(servers[i], ln)
	}
	if o.readyFile != "" {
		ready := fmt.Sprintf("%d feeds on %s..%s port %d\n", len(addrs), addrs[0], addrs[len(addrs)-1], port)
		if err := writeAtomic(o.readyFile, []byte(ready)); err != nil {
			shutdownAll(servers)
			return err
		}
	}
	fmt.Fprintf(logw, "feedserver: %d feeds x %d items on %s..%s port %d, delays %s-%s\n",
		len(addrs), o.items, addrs[0], addrs[len(addrs)-1], port, o.minDelay, o.maxDelay)

	var serveErr error
	select {
	case <-ctx.Done():
	case serveErr = <-errc:
	}
	shutdownAll(servers)
	wg.Wait()
	fmt.Fprintf(logw, "feedserver: served %d full, %d not modified, %d other, %d pages\n",
		stats.full.Load(), stats.notModified.Load(), stats.other.Load(), stats.pages.Load())
	return serveErr
}

// listenAll binds every address on one port. With port 0 the kernel picks a
// port on the first address; if another address has it taken, a fresh one
// is tried a few times before giving up.
func listenAll(addrs []netip.Addr, port int) ([]net.Listener, int, error) {
	tries := 1
	if port == 0 {
		tries = 10
	}
	var lastErr error
	for range tries {
		lns, p, err := listenOnce(addrs, port)
		if err == nil {
			return lns, p, nil
		}
		lastErr = err
	}
	return nil, 0, lastErr
}

func listenOnce(addrs []netip.Addr, port int) ([]net.Listener, int, error) {
	lns := make([]net.Listener, 0, len(addrs))
	for _, a := range addrs {
		ln, err := net.Listen("tcp4", net.JoinHostPort(a.String(), fmt.Sprint(port)))
		if err != nil {
			closeAll(lns)
			return nil, 0, fmt.Errorf("listen on %s: %w", a, err)
		}
		if port == 0 {
			port = ln.Addr().(*net.TCPAddr).Port
		}
		lns = append(lns, ln)
	}
	return lns, port, nil
}

func closeAll(lns []net.Listener) {
	for _, ln := range lns {
		ln.Close()
	}
}

func shutdownAll(servers []*http.Server) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var wg sync.WaitGroup
	for _, s := range servers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if s.Shutdown(ctx) != nil {
				s.Close()
			}
		}()
	}
	wg.Wait()
}

func handler(f *feed, stats *counters) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /feed.xml", func(w http.ResponseWriter, r *http.Request) {
		// The delay comes first and applies to 304s as well: it stands for
		// the network and the far server, which a conditional GET does not
		// remove.
		t := time.NewTimer(f.delay)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return
		}
		body, etag := f.body, f.etag
		h := w.Header()
		h.Set("Vary", "Accept-Encoding")
		if f.gzBody != nil && acceptsGzip(r) {
			body, etag = f.gzBody, f.gzETag
			h.Set("Content-Encoding", "gzip")
		}
		h.Set("Content-Type", "application/rss+xml; charset=utf-8")
		h.Set("ETag", etag)
		h.Set("Cache-Control", "no-cache")
		rw := &statusRecorder{ResponseWriter: w}
		// ServeContent implements If-None-Match, If-Modified-Since and
		// their precedence as RFC 9110 asks.
		http.ServeContent(rw, r, "feed.xml", f.modified, bytes.NewReader(body))
		switch rw.status {
		case http.StatusOK:
			stats.full.Add(1)
		case http.StatusNotModified:
			stats.notModified.Add(1)
		default:
			stats.other.Add(1)
		}
	})
	// /stats lets the driver check what a phase really fetched.
	mux.HandleFunc("GET /stats", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintf(w, "full=%d not_modified=%d other=%d pages=%d\n",
			stats.full.Load(), stats.notModified.Load(), stats.other.Load(), stats.pages.Load())
	})
	mux.HandleFunc("GET /posts/", func(w http.ResponseWriter, r *http.Request) {
		p, ok := f.pages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		t := time.NewTimer(p.delay)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(p.body)
		stats.pages.Add(1)
	})
	return mux
}

func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		coding, params, _ := strings.Cut(part, ";")
		if !strings.EqualFold(strings.TrimSpace(coding), "gzip") {
			continue
		}
		for _, p := range strings.Split(params, ";") {
			k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
			if strings.EqualFold(k, "q") {
				q, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
				return err == nil && q > 0
			}
		}
		return true
	}
	return false
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(p []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	return s.ResponseWriter.Write(p)
}

// buildFeed renders feed i. Its random stream depends only on the seed and
// i, so one feed's content does not change when -n does.
func buildFeed(o options, i int) (*feed, error) {
	rng := rand.New(rand.NewPCG(o.seed, uint64(i)))
	f := &feed{modified: epoch.Add(-time.Duration(i) * time.Minute)}
	f.delay = o.minDelay
	if span := o.maxDelay - o.minDelay; span > 0 {
		f.delay += time.Duration(rng.Int64N(int64(span) + 1))
	}
	f.delay = f.delay.Round(time.Millisecond)
	if i < o.fullText {
		f.body, f.pages = renderSummaries(rng, o, i, f.modified)
	} else {
		f.body = renderRSS(rng, o, i, f.modified)
	}
	f.etag = etagOf(f.body, "")
	if o.gzip {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		if _, err := zw.Write(f.body); err != nil {
			return nil, err
		}
		if err := zw.Close(); err != nil {
			return nil, err
		}
		f.gzBody = buf.Bytes()
		// A different representation needs a different strong validator.
		f.gzETag = etagOf(f.body, "-gz")
	}
	return f, nil
}

func etagOf(body []byte, suffix string) string {
	sum := sha256.Sum256(body)
	return `"` + hex.EncodeToString(sum[:8]) + suffix + `"`
}

func newsboatURLs(urls []string) []byte {
	return []byte(strings.Join(urls, "\n") + "\n")
}

func heraldFeeds(urls []string, o options) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "# %d synthetic feeds from bench/feedserver (seed %d), one per loopback address\n", len(urls), o.seed)
	for i, u := range urls {
		b.WriteString(u)
		if i < o.fullText {
			b.WriteString(" fulltext=yes")
		}
		b.WriteByte('\n')
	}
	return []byte(b.String())
}

// writeAtomic makes sure a reader that polls for the file never sees half
// of it.
func writeAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".feedserver-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
