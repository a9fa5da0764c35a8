package remote

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Defaults for Options' zero fields.
const (
	DefaultTimeout  = 30 * time.Second
	DefaultMaxBytes = 64 << 20
	// DefaultMaxWait is the longest Retry-After herald waits out in place;
	// a server that asks for longer gets an error that says when to retry,
	// instead of a sync that seems to hang.
	DefaultMaxWait = 30 * time.Second
	maxRedirects   = 5
	maxAttempts    = 3
)

// Options configure an HTTP client for one server.
type Options struct {
	// BaseURL is the server's address, http or https.
	BaseURL string
	// Timeout bounds one call: connecting, the headers and the whole body.
	Timeout time.Duration
	// MaxBytes caps one response body.
	MaxBytes int64
	// MaxWait is the longest Retry-After waited out before a retry.
	MaxWait   time.Duration
	UserAgent string
	// Client sends the requests; nil builds one. Its CheckRedirect is
	// replaced, so that credentials never follow a redirect to another host.
	Client *http.Client
}

// HTTP is a client for one server. It is safe for concurrent use.
type HTTP struct {
	base    *url.URL
	opts    Options
	client  *http.Client
	sleeper func(ctx context.Context, d time.Duration) error
}

// NewHTTP checks the server's address and builds its client.
func NewHTTP(o Options) (*HTTP, error) {
	u, err := url.Parse(strings.TrimSpace(o.BaseURL))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("%q is not an http or https address", Clean(o.BaseURL))
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	u.RawQuery, u.Fragment = "", ""
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.MaxBytes <= 0 {
		o.MaxBytes = DefaultMaxBytes
	}
	if o.MaxWait <= 0 {
		o.MaxWait = DefaultMaxWait
	}
	if o.UserAgent == "" {
		o.UserAgent = "herald"
	}
	var c http.Client
	if o.Client != nil {
		c = *o.Client
	} else {
		c.Transport = &http.Transport{
			Proxy:                 http.ProxyFromEnvironment,
			DialContext:           (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
			TLSHandshakeTimeout:   10 * time.Second,
			ResponseHeaderTimeout: o.Timeout,
			MaxIdleConnsPerHost:   4,
			IdleConnTimeout:       90 * time.Second,
			ForceAttemptHTTP2:     true,
		}
	}
	// Go drops Authorization on a redirect to another domain but keeps
	// custom headers such as Miniflux's X-Auth-Token, and a form body with a
	// Google Reader token would be posted again: so no other host at all,
	// and no step down from https to http.
	c.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		first := via[0].URL
		if !strings.EqualFold(req.URL.Host, first.Host) || (first.Scheme == "https" && req.URL.Scheme != "https") {
			return fmt.Errorf("%w (%s)", ErrOtherHost, Clean(req.URL.Host))
		}
		if len(via) >= maxRedirects {
			return fmt.Errorf("too many redirects (%d)", maxRedirects)
		}
		return nil
	}
	return &HTTP{base: u, opts: o, client: &c, sleeper: sleep}, nil
}

// Base is the server's address as configured, without a trailing slash.
func (h *HTTP) Base() string { return h.base.String() }

// Host is the server's host, for messages.
func (h *HTTP) Host() string { return h.base.Host }

// Request is one call to the server.
type Request struct {
	Method string
	Path   string // below the base address, starting with "/"
	Query  url.Values
	Body   []byte // nil for none; kept as bytes so a retry can send it again
	// ContentType of Body.
	ContentType string
	// Header is added to the request (credentials, Accept).
	Header http.Header
}

// Response is the server's answer with its whole body.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
	// Date is the server's own clock when it answered (its Date header);
	// zero when it sent none.
	Date time.Time
}

// Do sends r and reads the whole answer within the timeout and the size cap.
// A 429 or 503 with a short Retry-After is retried after the wait; any other
// status of 400 and above is a *StatusError, returned with the answer.
func (h *HTTP) Do(ctx context.Context, r Request) (*Response, error) {
	for attempt := 1; ; attempt++ {
		resp, err := h.once(ctx, r)
		if err == nil {
			return resp, nil
		}
		var se *StatusError
		if !errors.As(err, &se) || attempt == maxAttempts ||
			(se.Status != http.StatusTooManyRequests && se.Status != http.StatusServiceUnavailable) ||
			se.RetryAfter <= 0 || se.RetryAfter > h.opts.MaxWait {
			// The answer comes too, so a caller can tell a 404 page from
			// a 404 the API gave.
			return resp, err
		}
		if err := h.sleeper(ctx, se.RetryAfter); err != nil {
			return nil, err
		}
	}
}

func (h *HTTP) once(ctx context.Context, r Request) (*Response, error) {
	ctx, cancel := context.WithTimeout(ctx, h.opts.Timeout)
	defer cancel()
	u := *h.base
	u.Path += r.Path
	if len(r.Query) > 0 {
		u.RawQuery = r.Query.Encode()
	}
	var body io.Reader
	if r.Body != nil {
		body = bytes.NewReader(r.Body)
	}
	req, err := http.NewRequestWithContext(ctx, r.Method, u.String(), body)
	if err != nil {
		return nil, err
	}
	for k, v := range r.Header {
		req.Header[k] = v
	}
	if r.ContentType != "" {
		req.Header.Set("Content-Type", r.ContentType)
	}
	req.Header.Set("User-Agent", h.opts.UserAgent)
	resp, err := h.client.Do(req)
	if err != nil {
		return nil, h.describe(ctx, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, h.opts.MaxBytes+1))
	if err != nil {
		return nil, h.describe(ctx, err)
	}
	if int64(len(data)) > h.opts.MaxBytes {
		return nil, fmt.Errorf("%s: the answer is larger than %d MiB", h.Host(), h.opts.MaxBytes>>20)
	}
	out := &Response{Status: resp.StatusCode, Header: resp.Header, Body: data}
	if d, err := http.ParseTime(resp.Header.Get("Date")); err == nil {
		out.Date = d
	}
	if resp.StatusCode >= 400 {
		return out, &StatusError{
			Status:     resp.StatusCode,
			Message:    errorMessage(resp.Header.Get("Content-Type"), data),
			RetryAfter: retryAfter(resp.Header.Get("Retry-After"), time.Now()),
		}
	}
	return out, nil
}

// describe turns a transport error into words that name the server.
func (h *HTTP) describe(ctx context.Context, err error) error {
	switch {
	case errors.Is(err, ErrOtherHost):
		return fmt.Errorf("%s: %w", h.Host(), ErrOtherHost)
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		return fmt.Errorf("%s: no answer within %s", h.Host(), h.opts.Timeout)
	case ctx.Err() != nil:
		return ctx.Err()
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	var oe *net.OpError
	if errors.As(err, &oe) && oe.Op == "dial" {
		return fmt.Errorf("cannot reach %s: %v", h.Host(), oe.Err)
	}
	return fmt.Errorf("%s: %v", h.Host(), err)
}

// errorMessage is a server's explanation of an error, from the JSON
// message fields the servers use or a short plain-text body.
func errorMessage(contentType string, body []byte) string {
	if len(body) == 0 {
		return ""
	}
	if strings.Contains(contentType, "json") {
		var m struct {
			ErrorMessage string `json:"error_message"`
			Error        string `json:"error"`
			Message      string `json:"message"`
		}
		if decodeJSON(body, &m) == nil {
			for _, s := range []string{m.ErrorMessage, m.Error, m.Message} {
				if s != "" {
					return short(s)
				}
			}
		}
		return ""
	}
	if strings.HasPrefix(contentType, "text/plain") && len(body) < 500 {
		return short(string(body))
	}
	return ""
}

// retryAfter reads a Retry-After value: delay seconds or an HTTP date.
func retryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(v); err == nil {
		if n < 0 {
			return 0
		}
		return time.Duration(min(n, 7*24*3600)) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
