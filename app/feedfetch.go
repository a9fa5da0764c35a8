package app

import (
	"context"
	"errors"
	"time"

	"github.com/herald-reader/herald/articles"
	"github.com/herald-reader/herald/feed"
	"github.com/herald-reader/herald/fetch"
)

// feedResult is one feed fetched and parsed. When Err is nil and
// NotModified is false, Title and Articles hold the parsed feed.
type feedResult struct {
	URL          string
	Status       int
	NotModified  bool
	ETag         string
	LastModified string
	Title        string
	Articles     []articles.Article
	// Recovered says in words what was wrong with a feed that loaded
	// anyway (feed.Result.Recovered); save it as the feed's status,
	// "recovered: " + Recovered. Empty for a sound feed.
	Recovered  string
	Err        error
	RetryAfter time.Duration
	// Duration is the network time and the parsing.
	Duration time.Duration
}

// feedFetcher fetches feeds with a client and parses them. raw keeps each
// item's body unsplit (feed.ParseRaw) for splitting when it is opened: HTML
// to Markdown is by far the costliest step of a refresh, and most articles
// are never read.
type feedFetcher struct {
	client *fetch.Client
	raw    bool
}

// feeds is the App's feed fetcher.
func (a *App) feeds(raw bool) feedFetcher {
	return feedFetcher{client: a.client, raw: raw}
}

// Fetch downloads and parses one feed.
func (f feedFetcher) Fetch(ctx context.Context, r fetch.Request) feedResult {
	return f.parse(f.client.Feed(ctx, r))
}

// FetchAll fetches and parses every request within the client's limits (see
// fetch.All), calling each with every result as it arrives.
func (f feedFetcher) FetchAll(ctx context.Context, reqs []fetch.Request, each func(feedResult)) {
	fetch.All(ctx, f.client, reqs, f.parse, each)
}

// parse turns a response into the feed's title and articles, adding the
// time parsing took to the result's.
func (f feedFetcher) parse(resp fetch.Response) (res feedResult) {
	res = feedResult{
		URL: resp.URL, Status: resp.Status, NotModified: resp.NotModified,
		ETag: resp.ETag, LastModified: resp.LastModified,
		Err: resp.Err, RetryAfter: resp.RetryAfter, Duration: resp.Duration,
	}
	if res.Err != nil || res.NotModified {
		return res
	}
	start := time.Now()
	defer func() { res.Duration += time.Since(start) }()
	bodies := feed.Split
	if f.raw {
		bodies = feed.Raw
	}
	parsed, err := feed.Read(resp.Body, resp.ContentType, resp.Final, bodies)
	if err != nil {
		res.Err = err
		return res
	}
	for i := range parsed.Items {
		parsed.Items[i].FeedURL = res.URL
	}
	res.Title, res.Articles, res.Recovered = parsed.Title, parsed.Items, parsed.Recovered
	return res
}

// discoverAccept is the Accept header of a page that may be a feed or may
// advertise one.
const discoverAccept = "text/html, application/xhtml+xml, application/rss+xml, application/atom+xml;q=0.9, */*;q=0.5"

// Discover finds the feed a web page announces with <link rel="alternate">
// (RSS, Atom or JSON Feed) and returns its absolute address. When pageURL is
// itself a feed it is returned as is, so `herald add` can take either. It
// fetches under the client's timeout, size cap and User-Agent.
func (f feedFetcher) Discover(ctx context.Context, pageURL string) (string, error) {
	p, err := f.client.Page(ctx, pageURL, discoverAccept)
	if err != nil {
		return "", err
	}
	// Raw: whether the page is a feed does not need its bodies converted.
	if _, err := feed.Read(p.Body, p.ContentType, p.URL, feed.Raw); err == nil {
		return pageURL, nil
	}
	if feedURL := feed.DiscoverIn(p.Body, p.URL); feedURL != "" {
		return feedURL, nil
	}
	return "", errors.New("no feed found on that page")
}
