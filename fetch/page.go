package fetch

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/herald-reader/herald/termsafe"
)

// Page is a web page read in full.
type Page struct {
	Body        []byte
	URL         string // after redirects
	ContentType string
}

// Page downloads one page (not a feed: no validators) under the Client's
// timeout, size cap and User-Agent. accept is the Accept header: what kind
// of page the caller hopes for.
func (f *Client) Page(ctx context.Context, pageURL, accept string) (Page, error) {
	f = f.withDefaults()
	if !termsafe.IsWebURL(pageURL) {
		return Page{}, fmt.Errorf("%q is not an http or https address", termsafe.SafeLine(pageURL))
	}
	fctx, cancel := context.WithTimeoutCause(ctx, f.Timeout, errTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(fctx, http.MethodGet, pageURL, nil)
	if err != nil {
		return Page{}, f.explain(ctx, fctx, err)
	}
	req.Header.Set("User-Agent", f.UserAgent)
	req.Header.Set("Accept", accept)
	resp, err := f.HTTP.Do(req)
	if err != nil {
		return Page{}, f.explain(ctx, fctx, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return Page{}, errors.New(statusText(resp.StatusCode))
	}
	body, err := readSized(resp.Body, f.MaxBytes, resp.ContentLength)
	if err != nil {
		return Page{}, f.explain(ctx, fctx, err)
	}
	p := Page{Body: body, URL: pageURL, ContentType: resp.Header.Get("Content-Type")}
	if resp.Request != nil && resp.Request.URL != nil {
		p.URL = resp.Request.URL.String()
	}
	return p, nil
}
