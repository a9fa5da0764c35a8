package feed

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/herald-reader/herald/articles"
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
	// and the whole body, but not the time FetchAll holds a read back for
	// MaxPending.
	Timeout time.Duration
	// MaxBytes caps a response body, counted after decompression so a
	// small gzip bomb cannot exhaust memory.
	MaxBytes int64
	// MaxPending bounds the bytes of response bodies FetchAll holds read
	// but not yet parsed. Requests stay in flight while they wait on the
	// network, which is cheap, but parsing is slow next to the network, so
	// without a bound a large list would sit in memory all at once. A read
	// that would pass the bound pauses, and its timeout with it, until
	// parsing catches up.
	MaxPending int64
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
	if f.MaxPending <= 0 {
		f.MaxPending = DefaultMaxPending
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
		// HTTP/2 would otherwise take in up to 4 MiB a stream while a read
		// waits for FetchAll's byte budget, outside the budget's count.
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

// withDefaults fills a Fetcher used without NewFetcher, once per call, without
// writing to f (which other goroutines may be reading).
func (f *Fetcher) withDefaults() *Fetcher {
	if f.Client != nil && f.Concurrency > 0 && f.PerHost > 0 && f.Timeout > 0 && f.MaxBytes > 0 && f.MaxPending > 0 && f.UserAgent != "" {
		return f
	}
	return NewFetcher(*f)
}

// Fetch downloads one feed, with a conditional GET when the request carries
// validators, and parses it. It never panics on hostile input and always
// returns within f.Timeout (or sooner, when ctx is cancelled), plus the time
// parsing takes.
func (f *Fetcher) Fetch(ctx context.Context, r Request) Result {
	f = f.withDefaults()
	return f.parse(f.download(ctx, r, nil))
}

// downloaded is a response read in full and not yet parsed. held is what
// its body holds of FetchAll's byte budget.
type downloaded struct {
	res         Result
	body        []byte
	contentType string
	base        string // the address after redirects, to resolve links against
	held        int64
}

// download sends the request and reads the whole response under the feed's
// timeout. With a budget, reading waits for room in it, and the timeout
// stops while it waits: the wait is on the other feeds' parsing, not on this
// feed's server.
func (f *Fetcher) download(ctx context.Context, r Request, budget *byteBudget) (d downloaded) {
	start := time.Now()
	d.res = Result{URL: r.URL, ETag: r.ETag, LastModified: r.LastModified}
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
	d.body, err = readSized(body, f.MaxBytes, resp.ContentLength)
	if err != nil {
		return fail(err)
	}
	d.res.ETag = resp.Header.Get("ETag")
	d.res.LastModified = resp.Header.Get("Last-Modified")
	d.contentType = resp.Header.Get("Content-Type")
	d.base = r.URL
	if resp.Request != nil && resp.Request.URL != nil {
		d.base = resp.Request.URL.String()
	}
	return d
}

// parse turns a downloaded body into the result's title and articles, and
// adds the time it took to the result's.
func (f *Fetcher) parse(d downloaded) (res Result) {
	res = d.res
	if res.Err != nil || res.NotModified {
		return res
	}
	start := time.Now()
	defer func() { res.Duration += time.Since(start) }()
	title, items, err := safeParse(d.body, d.contentType, d.base, f.DeferBodies)
	if err != nil {
		res.Err = err
		return res
	}
	for i := range items {
		items[i].FeedURL = res.URL
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

// parseSlots is how many results FetchAll parses, or holds parsed waiting
// for each, at once. Parsing is CPU work, so more than the cores (and one to
// have the next result ready when each returns) only adds memory.
func parseSlots() int {
	return runtime.GOMAXPROCS(0) + 1
}

// FetchAll fetches every request, at most f.Concurrency at a time and
// f.PerHost per host, and calls each with every result as it arrives. each
// is called from one goroutine at a time. FetchAll returns when every fetch
// is done or, once ctx is cancelled, as soon as the fetches in flight have
// stopped; once ctx is cancelled each is not called again, so no result cut
// short by the cancellation is reported.
//
// Memory stays bounded however many and large the feeds: bodies read but
// not parsed hold at most about f.MaxPending bytes, and only a few results
// (parseSlots) are being parsed or wait, parsed, for each at any time, so a
// slow each holds back parsing and, through the byte budget, reading.
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
	budget := newByteBudget(f.MaxPending)
	// A slot is taken before parsing and given back by the loop below once
	// each is done with the result, so parsed results cannot pile up
	// behind a slow each.
	slots := make(chan struct{}, parseSlots())
	results := make(chan Result)
	var wg sync.WaitGroup
	for _, r := range reqs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d, ok := f.downloadLimited(ctx, r, hosts[hostKey(r.URL)], global, budget)
			if !ok || ctx.Err() != nil {
				budget.release(d.held)
				return
			}
			// Outside the feed's timeout: a healthy feed waiting its turn
			// behind slow parsing must not time out.
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				budget.release(d.held)
				return
			}
			res := f.parse(d)
			budget.release(d.held)
			// The raw body is garbage now: let it go while res waits.
			d = downloaded{}
			select {
			case results <- res:
			case <-ctx.Done():
				<-slots
			}
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	for res := range results {
		if ctx.Err() == nil {
			each(res)
		}
		<-slots
	}
}

// downloadLimited is download within the host's and the overall limits on
// requests in flight. ok is false when ctx ended before it could start.
func (f *Fetcher) downloadLimited(ctx context.Context, r Request, host, global chan struct{}, budget *byteBudget) (d downloaded, ok bool) {
	// The host slot is taken first: a worker waiting for a busy host must
	// not hold a global slot another host could use.
	select {
	case host <- struct{}{}:
	case <-ctx.Done():
		return d, false
	}
	defer func() { <-host }()
	select {
	case global <- struct{}{}:
	case <-ctx.Done():
		return d, false
	}
	defer func() { <-global }()
	return f.download(ctx, r, budget), true
}

// deadline is a per-feed timeout that can stop while the feed waits on
// something other than its server. Only the goroutine fetching the feed
// pauses and resumes it.
type deadline struct {
	timer    *time.Timer
	left     time.Duration // when running: as of since
	since    time.Time
	paused   time.Duration // in all
	pausedAt time.Time
}

// newDeadline returns a context that ends with cause errTimeout once d of
// running time has passed.
func newDeadline(ctx context.Context, d time.Duration) (context.Context, *deadline, func()) {
	dctx, cancel := context.WithCancelCause(ctx)
	dl := &deadline{left: d, since: time.Now()}
	dl.timer = time.AfterFunc(d, func() { cancel(errTimeout) })
	return dctx, dl, func() {
		dl.timer.Stop()
		cancel(context.Canceled)
	}
}

// pause stops the clock; false means it had already run out.
func (dl *deadline) pause() bool {
	if !dl.timer.Stop() {
		return false
	}
	dl.pausedAt = time.Now()
	dl.left -= dl.pausedAt.Sub(dl.since)
	return true
}

func (dl *deadline) resume() {
	dl.since = time.Now()
	dl.paused += dl.since.Sub(dl.pausedAt)
	dl.timer.Reset(dl.left)
}

// budgetChunk is how much a body reader takes from the budget at a time:
// large enough that taking it is rare next to the reading, small enough
// that 256 readers holding one each is little.
const budgetChunk = 64 << 10

// byteBudget bounds the bytes of bodies being read or read but not yet
// parsed. A reader asks for room before reading more and waits while there
// is none: a body read in full will be parsed and free its share. When no
// such body is left, every byte is held by a reader still reading, and they
// could wait on one another for ever; then the oldest of them goes on
// regardless. The bound can thus be passed by one body (f.MaxBytes) at most.
type byteBudget struct {
	mu       sync.Mutex
	max      int64
	used     int64
	finished int64    // of used, by bodies read in full
	reading  []uint64 // readers still reading, oldest first
	next     uint64
	changed  chan struct{} // closed, and replaced, when room may have appeared
}

func newByteBudget(max int64) *byteBudget {
	return &byteBudget{max: max, changed: make(chan struct{})}
}

// wake tells the waiting readers to look again; b.mu is held.
func (b *byteBudget) wake() {
	close(b.changed)
	b.changed = make(chan struct{})
}

// release gives back the bytes of a body read in full.
func (b *byteBudget) release(n int64) {
	if n == 0 {
		return
	}
	b.mu.Lock()
	b.used -= n
	b.finished -= n
	b.wake()
	b.mu.Unlock()
}

// acquire takes n bytes for reader id, pausing dl while it waits.
func (b *byteBudget) acquire(ctx context.Context, id uint64, n int64, dl *deadline) error {
	paused := false
	defer func() {
		if paused {
			dl.resume()
		}
	}()
	for {
		b.mu.Lock()
		if b.used+n <= b.max || (b.finished == 0 && b.reading[0] == id) {
			b.used += n
			b.mu.Unlock()
			return nil
		}
		changed := b.changed
		b.mu.Unlock()
		if !paused {
			// Past the deadline already: the context is ending, and the
			// wait below with it.
			paused = dl.pause()
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return context.Cause(ctx)
		}
	}
}

// reader reads r within the budget; its done method must be called once
// reading is over.
func (b *byteBudget) reader(ctx context.Context, r io.Reader, dl *deadline) *budgetReader {
	b.mu.Lock()
	id := b.next
	b.next++
	b.reading = append(b.reading, id)
	b.mu.Unlock()
	return &budgetReader{b: b, id: id, ctx: ctx, r: r, dl: dl}
}

type budgetReader struct {
	b     *byteBudget
	id    uint64
	ctx   context.Context
	r     io.Reader
	dl    *deadline
	taken int64 // from the budget
	room  int64 // of taken, not yet filled
}

func (br *budgetReader) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return br.r.Read(p)
	}
	if br.room == 0 {
		if err := br.b.acquire(br.ctx, br.id, budgetChunk, br.dl); err != nil {
			return 0, err
		}
		br.taken += budgetChunk
		br.room = budgetChunk
	}
	n, err := br.r.Read(p[:min(int64(len(p)), br.room)])
	br.room -= int64(n)
	return n, err
}

// reserve takes n bytes at once, for a buffer about to be made.
func (br *budgetReader) reserve(n int64) error {
	if err := br.b.acquire(br.ctx, br.id, n, br.dl); err != nil {
		return err
	}
	br.taken += n
	br.room += n
	return nil
}

// done ends the reading, gives back the room not filled and returns the
// bytes the body still holds.
func (br *budgetReader) done() int64 {
	b := br.b
	b.mu.Lock()
	for i, id := range b.reading {
		if id == br.id {
			b.reading = append(b.reading[:i], b.reading[i+1:]...)
			break
		}
	}
	held := br.taken - br.room
	b.used -= br.room
	b.finished += held
	// A new oldest reader may go ahead.
	b.wake()
	b.mu.Unlock()
	br.taken, br.room = 0, 0
	return held
}

func hostKey(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return strings.ToLower(u.Host)
}

// maxPresize is as far as a length a server announces is taken on trust: a
// lying server must not get a large buffer for a short body.
const maxPresize = 2 << 20

// presize is the buffer readSized reads a body of the announced size into,
// 0 when it cannot tell.
func presize(size, max int64) int64 {
	if size < 0 || size > max {
		return 0
	}
	// bytes.Buffer reads on while bytes.MinRead are free, so that much
	// spare room lets an exact size end without growing.
	return min(size, maxPresize) + bytes.MinRead
}

// readSized reads at most max bytes and fails, rather than truncating, when
// there is more. size is the length the server announced, -1 if none: when
// it is honest the body is read into one buffer of the right size, with no
// copies left behind by growing one.
func readSized(r io.Reader, max, size int64) ([]byte, error) {
	r = io.LimitReader(r, max+1)
	if presize(size, max) == 0 {
		b, err := io.ReadAll(r)
		if err != nil {
			return nil, err
		}
		if int64(len(b)) > max {
			return nil, errTooLarge
		}
		return b, nil
	}
	buf := bytes.NewBuffer(make([]byte, 0, presize(size, max)))
	if _, err := buf.ReadFrom(r); err != nil {
		return nil, err
	}
	if int64(buf.Len()) > max {
		return nil, errTooLarge
	}
	return buf.Bytes(), nil
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
			return fmt.Errorf("unknown host %s", termsafe.Safe(dnsErr.Name))
		}
		return fmt.Errorf("DNS lookup of %s failed", termsafe.Safe(dnsErr.Name))
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
	return errors.New(termsafe.Safe(oneLine(err.Error())))
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

// Discover finds the feed a web page announces with <link rel="alternate">
// (RSS, Atom or JSON Feed) and returns its absolute address. When pageURL is
// itself a feed it is returned as is, so `herald add` can take either. It
// fetches under the Fetcher's timeout, size cap and User-Agent.
func (f *Fetcher) Discover(ctx context.Context, pageURL string) (string, error) {
	f = f.withDefaults()
	page, err := f.get(ctx, pageURL, "text/html, application/xhtml+xml, application/rss+xml, application/atom+xml;q=0.9, */*;q=0.5")
	if err != nil {
		return "", err
	}
	if _, _, err := Parse(page.body, page.contentType, page.url); err == nil {
		return pageURL, nil
	}
	if feedURL := DiscoverIn(page.body, page.url); feedURL != "" {
		return feedURL, nil
	}
	return "", errors.New("no feed found on that page")
}

// page is a web page read in full.
type page struct {
	body        []byte
	url         string // after redirects
	contentType string
}

// get downloads one page (not a feed: no validators, no parsing) under the
// Fetcher's timeout, size cap and User-Agent.
func (f *Fetcher) get(ctx context.Context, pageURL, accept string) (page, error) {
	if !termsafe.IsWebURL(pageURL) {
		return page{}, fmt.Errorf("%q is not an http or https address", termsafe.SafeLine(pageURL))
	}
	fctx, cancel := context.WithTimeoutCause(ctx, f.Timeout, errTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(fctx, http.MethodGet, pageURL, nil)
	if err != nil {
		return page{}, f.explain(ctx, fctx, err)
	}
	req.Header.Set("User-Agent", f.UserAgent)
	req.Header.Set("Accept", accept)
	resp, err := f.Client.Do(req)
	if err != nil {
		return page{}, f.explain(ctx, fctx, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return page{}, errors.New(statusText(resp.StatusCode))
	}
	body, err := readSized(resp.Body, f.MaxBytes, resp.ContentLength)
	if err != nil {
		return page{}, f.explain(ctx, fctx, err)
	}
	p := page{body: body, url: pageURL, contentType: resp.Header.Get("Content-Type")}
	if resp.Request != nil && resp.Request.URL != nil {
		p.url = resp.Request.URL.String()
	}
	return p, nil
}
