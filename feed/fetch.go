package feed

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/herald-reader/herald/articles"
)

// Defaults for the Fetcher's zero fields.
const (
	DefaultConcurrency = 256
	DefaultPerHost     = 4
	DefaultTimeout     = 20 * time.Second
	DefaultMaxBytes    = 16 << 20
	MaxRedirects       = 5
)

// Fetcher downloads and parses feeds. Its zero value works; NewFetcher fills
// in the defaults and a tuned HTTP client. A Fetcher is safe for concurrent
// use.
type Fetcher struct {
	// Client sends the requests; nil means one built like NewFetcher's.
	Client *http.Client
	// Concurrency bounds the requests FetchAll has in flight.
	Concurrency int
	// PerHost bounds FetchAll's requests in flight to any one host, so a
	// list with many feeds from one site does not hammer it.
	PerHost int
	// Timeout is one deadline per feed, covering connecting, the headers
	// and the whole body.
	Timeout time.Duration
	// MaxBytes caps a response body, counted after decompression so a
	// small gzip bomb cannot exhaust memory.
	MaxBytes int64
	// UserAgent is sent with every request, e.g. "herald/1.2.0".
	UserAgent string
	// DeferBodies leaves each article's Sections empty and keeps its raw
	// body in Article.Body instead, for BodySections to convert when the
	// article is opened. HTML to Markdown is by far the costliest step of a
	// refresh (milliseconds per article), and most articles are never read.
	DeferBodies bool
}

// Request names a feed to fetch and the validators stored from its last
// successful fetch, for a conditional GET.
type Request struct {
	URL          string
	ETag         string
	LastModified string
}

// Result is the outcome of fetching one feed. When Err is nil and
// NotModified is false, Title and Articles hold the parsed feed. ETag and
// LastModified are the validators to store for the next fetch (kept from the
// Request on a 304).
type Result struct {
	URL          string
	Status       int // HTTP status, 0 when no response arrived
	NotModified  bool
	ETag         string
	LastModified string
	Title        string
	Articles     []articles.Article
	// Err is a short, one-line reason the fetch failed, fit to show as is.
	Err error
	// RetryAfter is how long the server asked us to wait (429/503).
	RetryAfter time.Duration
	Duration   time.Duration
}

var (
	errTimeout   = errors.New("fetch deadline")
	errTooLarge  = errors.New("response too large")
	errRedirects = fmt.Errorf("too many redirects (%d)", MaxRedirects)
	errCancelled = errors.New("cancelled")
)

// NewFetcher returns a copy of opts with defaults filled in and, when
// opts.Client is nil, an HTTP client that honours proxy settings from the
// environment, bounds dialing and TLS handshakes, and stops after
// MaxRedirects redirects.
func NewFetcher(opts Fetcher) *Fetcher {
	f := opts
	if f.Concurrency <= 0 {
		f.Concurrency = DefaultConcurrency
	}
	if f.PerHost <= 0 {
		f.PerHost = DefaultPerHost
	}
	if f.Timeout <= 0 {
		f.Timeout = DefaultTimeout
	}
	if f.MaxBytes <= 0 {
		f.MaxBytes = DefaultMaxBytes
	}
	if f.UserAgent == "" {
		f.UserAgent = "herald"
	}
	if f.Client == nil {
		f.Client = newClient(f.Timeout, f.PerHost)
	}
	return &f
}

func newClient(timeout time.Duration, perHost int) *http.Client {
	step := min(10*time.Second, timeout)
	tr := &http.Transport{
		Proxy:                  http.ProxyFromEnvironment,
		DialContext:            (&net.Dialer{Timeout: step, KeepAlive: 30 * time.Second}).DialContext,
		ForceAttemptHTTP2:      true,
		TLSHandshakeTimeout:    step,
		ExpectContinueTimeout:  time.Second,
		MaxIdleConns:           256,
		MaxIdleConnsPerHost:    perHost,
		IdleConnTimeout:        90 * time.Second,
		MaxResponseHeaderBytes: 64 << 10,
	}
	return &http.Client{Transport: tr, CheckRedirect: checkRedirect}
}

// checkRedirect follows up to MaxRedirects redirects and fails on the next.
func checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) > MaxRedirects {
		return errRedirects
	}
	if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
		return errors.New("redirected to a non-web address")
	}
	return nil
}

// withDefaults fills a Fetcher used without NewFetcher, once per call, without
// writing to f (which other goroutines may be reading).
func (f *Fetcher) withDefaults() *Fetcher {
	if f.Client != nil && f.Concurrency > 0 && f.PerHost > 0 && f.Timeout > 0 && f.MaxBytes > 0 && f.UserAgent != "" {
		return f
	}
	return NewFetcher(*f)
}

// Fetch downloads one feed, with a conditional GET when the request carries
// validators, and parses it. It never panics on hostile input and always
// returns within f.Timeout (or sooner, when ctx is cancelled).
func (f *Fetcher) Fetch(ctx context.Context, r Request) (res Result) {
	f = f.withDefaults()
	start := time.Now()
	res = Result{URL: r.URL, ETag: r.ETag, LastModified: r.LastModified}
	defer func() { res.Duration = time.Since(start) }()

	fctx, cancel := context.WithTimeoutCause(ctx, f.Timeout, errTimeout)
	defer cancel()
	fail := func(err error) Result {
		res.Err = f.explain(ctx, fctx, err)
		return res
	}

	u, err := url.Parse(r.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		res.Err = fmt.Errorf("%q is not an http or https address", articles.Safe(r.URL))
		return res
	}
	req, err := http.NewRequestWithContext(fctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return fail(err)
	}
	req.Header.Set("User-Agent", f.UserAgent)
	req.Header.Set("Accept", "application/rss+xml, application/atom+xml, application/feed+json, "+
		"application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5")
	if r.ETag != "" {
		req.Header.Set("If-None-Match", r.ETag)
	}
	if r.LastModified != "" {
		req.Header.Set("If-Modified-Since", r.LastModified)
	}

	resp, err := f.Client.Do(req)
	if err != nil {
		return fail(err)
	}
	defer resp.Body.Close()
	res.Status = resp.StatusCode

	switch code := resp.StatusCode; {
	case code == http.StatusNotModified:
		res.NotModified = true
		// A 304 may carry fresh validators; otherwise the old ones stand.
		if v := resp.Header.Get("ETag"); v != "" {
			res.ETag = v
		}
		if v := resp.Header.Get("Last-Modified"); v != "" {
			res.LastModified = v
		}
		return res
	case code == http.StatusTooManyRequests || code == http.StatusServiceUnavailable:
		res.RetryAfter = parseRetryAfter(resp.Header.Get("Retry-After"), time.Now())
		if res.RetryAfter > 0 {
			res.Err = fmt.Errorf("%s: retry in %s", statusText(code), fmtDuration(res.RetryAfter))
		} else {
			res.Err = errors.New(statusText(code))
		}
		return res
	case code < 200 || code > 299:
		res.Err = errors.New(statusText(code))
		return res
	}

	body, err := readCapped(resp.Body, f.MaxBytes)
	if err != nil {
		return fail(err)
	}
	res.ETag = resp.Header.Get("ETag")
	res.LastModified = resp.Header.Get("Last-Modified")

	base := r.URL
	if resp.Request != nil && resp.Request.URL != nil {
		base = resp.Request.URL.String()
	}
	title, items, err := safeParse(body, resp.Header.Get("Content-Type"), base, f.DeferBodies)
	if err != nil {
		res.Err = err
		return res
	}
	for i := range items {
		items[i].FeedURL = r.URL
	}
	res.Title, res.Articles = title, items
	return res
}

// safeParse turns a panic deep in a parser, on input nobody foresaw, into
// an error for that feed alone.
func safeParse(body []byte, contentType, feedURL string, deferBodies bool) (title string, items []articles.Article, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = errors.New("the feed could not be parsed (parser crashed)")
		}
	}()
	return parse(body, contentType, feedURL, deferBodies)
}

// FetchAll fetches every request, at most f.Concurrency at a time and
// f.PerHost per host, and calls each with every result as it arrives. each
// is called from one goroutine at a time. FetchAll returns when every fetch
// is done or, once ctx is cancelled, as soon as the fetches in flight have
// stopped; results cut short by the cancellation are not reported.
func (f *Fetcher) FetchAll(ctx context.Context, reqs []Request, each func(Result)) {
	f = f.withDefaults()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	global := make(chan struct{}, f.Concurrency)
	hosts := make(map[string]chan struct{})
	for _, r := range reqs {
		k := hostKey(r.URL)
		if hosts[k] == nil {
			hosts[k] = make(chan struct{}, f.PerHost)
		}
	}
	// Buffered for every result, so no worker blocks on a slow callback.
	results := make(chan Result, len(reqs))
	var wg sync.WaitGroup
	for _, r := range reqs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// The host slot is taken first: a worker waiting for a busy
			// host must not hold a global slot another host could use.
			host := hosts[hostKey(r.URL)]
			select {
			case host <- struct{}{}:
			case <-ctx.Done():
				return
			}
			defer func() { <-host }()
			select {
			case global <- struct{}{}:
			case <-ctx.Done():
				return
			}
			defer func() { <-global }()
			results <- f.Fetch(ctx, r)
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	for res := range results {
		if ctx.Err() != nil && errors.Is(res.Err, errCancelled) {
			continue
		}
		each(res)
	}
}

func hostKey(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return strings.ToLower(u.Host)
}

// readCapped reads at most max bytes and fails, rather than truncating, when
// there is more.
func readCapped(r io.Reader, max int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > max {
		return nil, errTooLarge
	}
	return b, nil
}

// explain turns a transport error into one short line a reader understands.
func (f *Fetcher) explain(parent, fctx context.Context, err error) error {
	switch {
	case parent.Err() != nil:
		return errCancelled
	case errors.Is(context.Cause(fctx), errTimeout):
		return fmt.Errorf("timed out after %s", fmtDuration(f.Timeout))
	case errors.Is(err, errTooLarge):
		return fmt.Errorf("response larger than %s", fmtBytes(f.MaxBytes))
	case errors.Is(err, errRedirects):
		return errRedirects
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		if dnsErr.IsNotFound {
			return fmt.Errorf("unknown host %s", articles.Safe(dnsErr.Name))
		}
		return fmt.Errorf("DNS lookup of %s failed", articles.Safe(dnsErr.Name))
	}
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return errors.New("connection refused")
	case errors.Is(err, syscall.ECONNRESET):
		return errors.New("connection reset by the server")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return errors.New("the connection closed before the response was complete")
	}
	var certErr *tls.CertificateVerificationError
	var unknownAuth x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	if errors.As(err, &certErr) || errors.As(err, &unknownAuth) || errors.As(err, &hostErr) {
		return errors.New("the site's TLS certificate is not valid")
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return errors.New(articles.Safe(oneLine(err.Error())))
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func statusText(code int) string {
	t := http.StatusText(code)
	if t == "" {
		return fmt.Sprintf("HTTP %d", code)
	}
	return fmt.Sprintf("HTTP %d %s", code, t)
}

// parseRetryAfter reads a Retry-After value: delay seconds or an HTTP date.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n <= 0 {
			return 0
		}
		return time.Duration(min(n, 7*24*3600)) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now); d > 0 {
			return d.Round(time.Second)
		}
	}
	return 0
}

// fmtDuration writes durations the way people say them: 20s, 2m, 1h30m,
// 250ms.
func fmtDuration(d time.Duration) string {
	if d < time.Second {
		return d.String()
	}
	d = d.Round(time.Second)
	h, m, s := int(d/time.Hour), int(d%time.Hour/time.Minute), int(d%time.Minute/time.Second)
	var b strings.Builder
	if h > 0 {
		fmt.Fprintf(&b, "%dh", h)
	}
	if m > 0 {
		fmt.Fprintf(&b, "%dm", m)
	}
	if s > 0 || b.Len() == 0 {
		fmt.Fprintf(&b, "%ds", s)
	}
	return b.String()
}

func fmtBytes(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// Discover finds the feed a web page advertises with <link rel="alternate">
// (RSS, Atom or JSON Feed) and returns its absolute address. When pageURL is
// itself a feed it is returned as is, so `herald add` can take either. A nil
// client means a default one with DefaultTimeout.
func Discover(ctx context.Context, client *http.Client, pageURL string) (string, error) {
	if client == nil {
		client = newClient(DefaultTimeout, DefaultPerHost)
	}
	ctx, cancel := context.WithTimeoutCause(ctx, DefaultTimeout, errTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, pageURL, nil)
	if err != nil {
		return "", fmt.Errorf("%q is not a web address", articles.Safe(pageURL))
	}
	if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
		return "", fmt.Errorf("%q is not an http or https address", articles.Safe(pageURL))
	}
	resp, err := client.Do(req)
	if err != nil {
		f := &Fetcher{Timeout: DefaultTimeout, MaxBytes: DefaultMaxBytes}
		return "", f.explain(context.Background(), ctx, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return "", errors.New(statusText(resp.StatusCode))
	}
	page, err := readCapped(resp.Body, DefaultMaxBytes)
	if err != nil {
		return "", fmt.Errorf("could not read the page: %v", err)
	}
	final := pageURL
	if resp.Request != nil && resp.Request.URL != nil {
		final = resp.Request.URL.String()
	}
	if _, _, err := Parse(page, resp.Header.Get("Content-Type"), final); err == nil {
		return pageURL, nil
	}
	if feedURL := DiscoverIn(page, final); feedURL != "" {
		return feedURL, nil
	}
	return "", errors.New("no feed found on that page")
}
