package fetch

import (
	"context"
	"fmt"
	"sync"

	"github.com/herald-reader/herald/termsafe"
)

// Page is a web page read in full.
type Page struct {
	Body        []byte
	URL         string // after redirects
	ContentType string
}

// Page downloads one page (not a feed: no validators) under the Client's
// timeout, size cap and User-Agent, within its per-host limit. accept is
// the Accept header: what kind of page the caller hopes for.
func (f *Client) Page(ctx context.Context, pageURL, accept string) (Page, error) {
	p, release, err := f.HeldPage(ctx, pageURL, accept, nil)
	release()
	return p, err
}

// HeldPage is Page whose body stays counted in the byte budget the Client
// shares with All until release is called (release is never nil): a
// refresh holds the pages it has read but not yet extracted within the same
// bound as the feeds it has not parsed. A non-nil global is a semaphore of
// the caller's, taken after the host's slot (a request waiting for a busy
// host must not hold a slot another host could use).
func (f *Client) HeldPage(ctx context.Context, pageURL, accept string, global chan struct{}) (Page, func(), error) {
	f = f.withDefaults()
	nothing := func() {}
	if !termsafe.IsWebURL(pageURL) {
		return Page{}, nothing, fmt.Errorf("%q is not an http or https address", termsafe.SafeLine(pageURL))
	}
	budget := f.shared.budget
	d, ok := f.downloadLimited(ctx, Request{URL: pageURL, Accept: accept}, f.shared.host(hostKey(pageURL), f.PerHost), global, budget)
	if !ok {
		return Page{}, nothing, errCancelled
	}
	if d.res.Err != nil {
		budget.release(d.held)
		return Page{}, nothing, d.res.Err
	}
	var once sync.Once
	release := func() { once.Do(func() { budget.release(d.held) }) }
	return Page{Body: d.res.Body, URL: d.res.Final, ContentType: d.res.ContentType}, release, nil
}
