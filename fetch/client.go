package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/herald-reader/herald/termsafe"
)

// Defaults for the Fetcher's zero fields.
const (
	DefaultConcurrency = 256
	DefaultPerHost     = 4
	DefaultTimeout     = 20 * time.Second
	DefaultMaxBytes    = 16 << 20
	DefaultMaxPending  = 64 << 20
	MaxRedirects       = 5
)

// Client downloads feeds and pages over HTTP within limits: a timeout per
// request, a size cap per body, a bound on requests in flight overall and per
// host, and a byte budget for bodies read but not yet processed. Its zero
// value works; New fills in the defaults and a tuned HTTP client. A Client is
// safe for concurrent use.
type Client struct {
	// HTTP sends the requests; nil means one built like New's.
	HTTP *http.Client
	// Concurrency bounds the requests All has in flight.
	Concurrency int
	// PerHost bounds All's requests in flight to any one host, so a list
	// with many feeds from one site does not hammer it.
	PerHost int
	// Timeout is one deadline per request, covering connecting, the
	// headers and the whole body, but not the time All holds a read back
	// for MaxPending.
	Timeout time.Duration
	// MaxBytes caps a response body, counted after decompression so a
	// small gzip bomb cannot exhaust memory.
	MaxBytes int64
	// MaxPending bounds the bytes of response bodies All holds read but
	// not yet processed. Requests stay in flight while they wait on the
	// network, which is cheap, but parsing is slow next to the network, so
	// without a bound a large list would sit in memory all at once. A read
	// that would pass the bound pauses, and its timeout with it, until
	// processing catches up.
	MaxPending int64
	// UserAgent is sent with every request, e.g. "herald/1.2.0".
	UserAgent string

	// shared is what every request through this Client shares, whichever
	// call makes it: the per-host slots and the byte budget. A refresh's
	// feeds, the pages it reads for full texts and a page the reader asks
	// for meanwhile are one load on a site, and one load on memory.
	shared *shared
	// queued, when set, hears of each download All puts in line for
	// processing. The order of processing depends on what is in line when
	// a processor comes free, so a test of that order must know the line
	// is formed, which no timing can tell it.
	queued func(Request)
}

// shared holds the limits a Client's calls share.
type shared struct {
	mu     sync.Mutex
	hosts  map[string]chan struct{}
	budget *byteBudget
}

// host is the slot channel of one host, PerHost deep.
func (s *shared) host(key string, perHost int) chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch := s.hosts[key]
	if ch == nil {
		ch = make(chan struct{}, perHost)
		s.hosts[key] = ch
	}
	return ch
}

// feedAccept is the Accept header of a feed request.
const feedAccept = "application/rss+xml, application/atom+xml, application/feed+json, " +
	"application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5"

// Request names a feed to fetch and the validators stored from its last
// successful fetch, for a conditional GET.
type Request struct {
	URL          string
	ETag         string
	LastModified string
	// Accept is the Accept header; "" asks for a feed.
	Accept string
	// Ahead has All process this response before any other waiting
	// for a processing slot: a feed whose articles start more work once
	// saved (the pages of a fulltext=yes feed) should not wait behind
	// feeds that finish there.
	Ahead bool
}

// Response is the outcome of fetching one feed. When Err is nil and
// NotModified is false, Body holds the whole body. ETag and LastModified
// are the validators to store for the next fetch (kept from the Request on a
// 304).
type Response struct {
	URL          string // as requested
	Final        string // after redirects: the base for the body's relative links
	Status       int    // HTTP status, 0 when no response arrived
	NotModified  bool
	ETag         string
	LastModified string
	ContentType  string
	Body         []byte
	// Err is a short, one-line reason the fetch failed, fit to show as is.
	Err error
	// RetryAfter is how long the server asked us to wait (429/503).
	RetryAfter time.Duration
	// Duration is the time spent on the network, without waits for the
	// byte budget.
	Duration time.Duration
}

var (
	errTimeout   = errors.New("fetch deadline")
	errTooLarge  = errors.New("response too large")
	errRedirects = fmt.Errorf("too many redirects (%d)", MaxRedirects)
	errCancelled = errors.New("cancelled")
)

// New returns a copy of opts with defaults filled in and, when opts.HTTP is
// nil, an HTTP client that honours proxy settings from the
// environment, bounds dialing and TLS handshakes, and stops after
// MaxRedirects redirects.
func New(opts Client) *Client {
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
	if f.MaxPending <= 0 {
		f.MaxPending = DefaultMaxPending
	}
	if f.UserAgent == "" {
		f.UserAgent = "herald"
	}
	if f.HTTP == nil {
		f.HTTP = newHTTPClient(f.Timeout, f.PerHost)
	}
	if f.shared == nil {
		f.shared = &shared{hosts: map[string]chan struct{}{}, budget: newByteBudget(f.MaxPending)}
	}
	return &f
}

func newHTTPClient(timeout time.Duration, perHost int) *http.Client {
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
		// HTTP/2 would otherwise take in up to 4 MiB a stream while a read
		// waits for All's byte budget, outside the budget's count.
		HTTP2: &http.HTTP2Config{MaxReceiveBufferPerStream: 256 << 10},
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

// withDefaults fills a Client used without New, once per call, without
// writing to f (which other goroutines may be reading).
func (f *Client) withDefaults() *Client {
	if f.HTTP != nil && f.Concurrency > 0 && f.PerHost > 0 && f.Timeout > 0 && f.MaxBytes > 0 && f.MaxPending > 0 && f.UserAgent != "" && f.shared != nil {
		return f
	}
	return New(*f)
}

// Feed downloads one feed, with a conditional GET when the request carries
// validators, within the host's limit. It returns within f.Timeout of
// starting, or sooner when ctx is cancelled.
func (f *Client) Feed(ctx context.Context, r Request) Response {
	f = f.withDefaults()
	d, ok := f.downloadLimited(ctx, r, f.shared.host(hostKey(r.URL), f.PerHost), nil, nil)
	if !ok {
		return Response{URL: r.URL, Err: errCancelled}
	}
	return d.res
}

// downloaded is a response read in full and not yet processed. held is what
// its body holds of All's byte budget.
type downloaded struct {
	res  Response
	held int64
}

// download sends the request and reads the whole response under the feed's
// timeout. With a budget, reading waits for room in it, and the timeout
// stops while it waits: the wait is on the other feeds' parsing, not on this
// feed's server.
func (f *Client) download(ctx context.Context, r Request, budget *byteBudget) (d downloaded) {
	start := time.Now()
	d.res = Response{URL: r.URL, ETag: r.ETag, LastModified: r.LastModified}
	fctx, dl, cancel := newDeadline(ctx, f.Timeout)
	defer func() {
		cancel()
		d.res.Duration = time.Since(start) - dl.paused
	}()
	fail := func(err error) downloaded {
		d.res.Err = f.explain(ctx, fctx, err)
		return d
	}

	if !termsafe.IsWebURL(r.URL) {
		d.res.Err = fmt.Errorf("%q is not an http or https address", termsafe.SafeLine(r.URL))
		return d
	}
	req, err := http.NewRequestWithContext(fctx, http.MethodGet, r.URL, nil)
	if err != nil {
		return fail(err)
	}
	req.Header.Set("User-Agent", f.UserAgent)
	accept := r.Accept
	if accept == "" {
		accept = feedAccept
	}
	req.Header.Set("Accept", accept)
	if r.ETag != "" {
		req.Header.Set("If-None-Match", r.ETag)
	}
	if r.LastModified != "" {
		req.Header.Set("If-Modified-Since", r.LastModified)
	}

	resp, err := f.HTTP.Do(req)
	if err != nil {
		return fail(err)
	}
	defer resp.Body.Close()
	d.res.Status = resp.StatusCode

	switch code := resp.StatusCode; {
	case code == http.StatusNotModified:
		d.res.NotModified = true
		// A 304 may carry fresh validators; otherwise the old ones stand.
		if v := resp.Header.Get("ETag"); v != "" {
			d.res.ETag = v
		}
		if v := resp.Header.Get("Last-Modified"); v != "" {
			d.res.LastModified = v
		}
		return d
	case code == http.StatusTooManyRequests || code == http.StatusServiceUnavailable:
		d.res.RetryAfter = parseRetryAfter(resp.Header.Get("Retry-After"), time.Now())
		if d.res.RetryAfter > 0 {
			d.res.Err = fmt.Errorf("%s: retry in %s", statusText(code), fmtDuration(d.res.RetryAfter))
		} else {
			d.res.Err = errors.New(statusText(code))
		}
		return d
	case code < 200 || code > 299:
		d.res.Err = errors.New(statusText(code))
		return d
	}

	var body io.Reader = resp.Body
	if budget != nil {
		br := budget.reader(fctx, resp.Body, dl)
		defer func() {
			d.held = br.done()
			if d.res.Err != nil {
				budget.release(d.held)
				d.held = 0
			}
		}()
		body = br
		// readSized sizes its buffer by the announced length before reading
		// a byte: the budget must cover that buffer first.
		if n := presize(resp.ContentLength, f.MaxBytes); n > 0 {
			if err := br.reserve(n); err != nil {
				return fail(err)
			}
		}
	}
	d.res.Body, err = readSized(body, f.MaxBytes, resp.ContentLength)
	if err != nil {
		return fail(err)
	}
	d.res.ETag = resp.Header.Get("ETag")
	d.res.LastModified = resp.Header.Get("Last-Modified")
	d.res.ContentType = resp.Header.Get("Content-Type")
	d.res.Final = r.URL
	if resp.Request != nil && resp.Request.URL != nil {
		d.res.Final = resp.Request.URL.String()
	}
	return d
}
