package app

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/herald-reader/herald/feedlist"
	"github.com/herald-reader/herald/fetch"
	"github.com/herald-reader/herald/store"
)

// FeedReport is the outcome of refreshing one feed, as `herald fetch`
// prints it and the TUI counts it.
type FeedReport struct {
	URL, Title  string
	New         int
	NotModified bool
	// Recovered says what was wrong with a feed that loaded anyway.
	Recovered string
	// Removed: herald remove took the feed out while it was being
	// fetched, and nothing of it was saved. It is not a failure.
	Removed  bool
	Err      error
	Duration time.Duration
	// FullText and FullTextFailed count the web pages read for a
	// fulltext=yes feed: saved, and failed. A page that fails never fails
	// its feed.
	FullText, FullTextFailed int
}

// Summary adds up a refresh.
type Summary struct {
	Feeds, New, NotModified, Failed int
	FullText, FullTextFailed        int
	// Recovered counts the feeds that were broken but loaded.
	Recovered int
	// Removed counts the feeds herald remove took out while they were
	// being fetched, which were not saved.
	Removed int
}

// FetchList reads the feed list and fetches every feed in it, as
// FetchFeeds does. A feed herald remove takes out once the list is read is
// not saved back, however far its fetch has come.
func (a *App) FetchList(ctx context.Context, start func(total int), each func(FeedReport)) (Summary, error) {
	entries, listed, err := a.readFeedList()
	if err != nil {
		return Summary{}, err
	}
	return a.fetchFeeds(ctx, entries, listed, start, each)
}

// FetchFeeds fetches every feed in entries, a feed list read just before,
// and saves each one's outcome in transactions of bounded size, so a
// failure or a kill part-way loses nothing that was saved. A fulltext=yes
// feed's new articles then have their web pages read
// (fulltext_refresh.go), and the feed is reported once they are. start is
// called once with the number of feeds, each after every feed, from one
// goroutine at a time; either may be nil. An error means nothing was
// fetched.
func (a *App) FetchFeeds(ctx context.Context, entries []feedlist.Entry,
	start func(total int), each func(FeedReport)) (Summary, error) {
	return a.fetchFeeds(ctx, entries, time.Now(), start, each)
}

// fetchFeeds is FetchFeeds of a list read at listed.
func (a *App) fetchFeeds(ctx context.Context, entries []feedlist.Entry, listed time.Time,
	start func(total int), each func(FeedReport)) (Summary, error) {
	sum := Summary{Feeds: len(entries)}
	if a.st == nil {
		return sum, errNoCache
	}
	// Articles first seen from here on are this refresh's new ones.
	since := time.Now()
	st := a.st
	if err := a.ensureFeeds(ctx, entries, listed); err != nil {
		return sum, a.cacheErr(err)
	}
	if start != nil {
		start(len(entries))
	}
	if len(entries) == 0 {
		return sum, nil
	}
	known, err := st.Feeds(ctx)
	if err != nil {
		return sum, a.cacheErr(err)
	}
	state := make(map[string]store.Feed, len(known))
	for _, f := range known {
		state[f.URL] = f
	}
	titles := make(map[string]string, len(entries))
	reqs := make([]fetch.Request, 0, len(entries))
	fullText := map[string]bool{}
	now := time.Now()
	// Reports come from All's loop and, for fulltext feeds, from the page
	// readers; mu keeps them one at a time, and the sums with them.
	var mu sync.Mutex
	var saveErr error
	report := func(r FeedReport) {
		mu.Lock()
		defer mu.Unlock()
		switch {
		case r.Err != nil:
			sum.Failed++
		case r.Removed:
			sum.Removed++
		case r.NotModified:
			sum.NotModified++
		case r.Recovered != "":
			sum.Recovered++
		}
		sum.New += r.New
		sum.FullText += r.FullText
		sum.FullTextFailed += r.FullTextFailed
		if each != nil {
			each(r)
		}
	}
	for _, e := range entries {
		if e.FullText() {
			fullText[e.URL] = true
		}
		f := state[e.URL]
		// A 304 carries no title: the user's, else the one cached before.
		titles[e.URL] = e.Title
		if e.Title == "" {
			titles[e.URL] = f.Title
		}
		if f.RetryAt.After(now) {
			// The server asked for a pause (429/503 Retry-After): ask again
			// only once it is over.
			report(FeedReport{URL: e.URL, Title: titles[e.URL], Err: fmt.Errorf("not fetched: the server asked to wait until %s", f.RetryAt.Local().Format("Jan 2 15:04"))})
			continue
		}
		// A fulltext=yes feed's pages wait for its save: it goes first.
		reqs = append(reqs, fetch.Request{URL: e.URL, ETag: f.ETag, LastModified: f.LastModified, Ahead: e.FullText()})
	}
	pages := a.newPageReader(ctx)
	a.feeds(true).FetchAll(ctx, reqs, func(res feedResult) {
		r := FeedReport{URL: res.URL, Title: titles[res.URL], Duration: res.Duration, Err: res.Err}
		if r.Title == "" {
			r.Title = res.Title
		}
		var err error
		switch {
		case res.Err != nil && res.RetryAfter > 0:
			// A day at most: a misconfigured server must not silence a feed for good.
			err = st.SaveRetryAfter(ctx, res.URL, res.Err.Error(), time.Now().Add(min(res.RetryAfter, 24*time.Hour)))
		case res.Err != nil:
			err = st.SaveError(ctx, res.URL, res.Err.Error())
		case res.NotModified:
			r.NotModified = true
			err = st.SaveNotModified(ctx, res.URL)
		default:
			r.Recovered = res.Recovered
			r.New, err = st.SaveItems(ctx, store.Fetched{
				Feed: res.URL, Title: res.Title, ETag: res.ETag, LastModified: res.LastModified,
				Items: res.Articles, Keep: a.cfg.KeepPerFeed, Recovered: res.Recovered, Started: listed,
			})
			if errors.Is(err, store.ErrRemoved) {
				r.Removed, r.New, err = true, 0, nil
			}
		}
		if err != nil && r.Err == nil {
			r.Err = fmt.Errorf("saving to the cache: %w", a.cacheErr(err))
			mu.Lock()
			if saveErr == nil && ctx.Err() == nil {
				saveErr = a.cacheErr(err)
			}
			mu.Unlock()
		}
		if r.Err == nil && fullText[res.URL] {
			if targets, err := pages.targets(res.URL, since); err == nil && len(targets) > 0 {
				pages.read(targets, func(got, failed int) {
					r.FullText, r.FullTextFailed = got, failed
					report(r)
				})
				return
			}
		}
		report(r)
	})
	pages.wait()
	if err := ctx.Err(); err != nil {
		return sum, err
	}
	return sum, saveErr
}
