package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/herald-reader/herald/feed"
	"github.com/herald-reader/herald/store"
	"github.com/herald-reader/herald/ui"
)

// feedListPath is the user's feed list: beside the config file, so --config
// moves both.
func feedListPath(cfg Config) string {
	return filepath.Join(filepath.Dir(cfg.File), "feeds")
}

// ensureFeedList writes the starter feed list on first run. An existing
// list, even an empty one, is the user's and is never replaced.
func ensureFeedList(path string) error {
	return createOnce(path, feed.DefaultList(), "feed list")
}

// readFeedList reads the user's feed list, writing the starter one on
// first run.
func readFeedList(cfg Config) ([]feed.Entry, error) {
	path := feedListPath(cfg)
	if err := ensureFeedList(path); err != nil {
		return nil, err
	}
	return feed.LoadList(path)
}

// ensureFeeds records the feed list's entries in the cache, so feeds never
// fetched are listed too and feeds dropped from the list are not. It writes,
// so it runs with a refresh or the feeds view, never before the first frame:
// behind another herald's fetch it may have to wait.
func ensureFeeds(ctx context.Context, st *store.Store, entries []feed.Entry) error {
	rows := make([]store.FeedEntry, len(entries))
	for i, e := range entries {
		rows[i] = store.FeedEntry{URL: e.URL, Title: e.Title}
	}
	return st.EnsureFeeds(ctx, rows)
}

// newFetcher builds the fetcher the settings describe. Bodies are kept as
// the feed gave them and split when an article is opened.
func newFetcher(cfg Config) *feed.Fetcher {
	return feed.NewFetcher(feed.Fetcher{
		Concurrency: cfg.Concurrency,
		PerHost:     cfg.PerHost,
		Timeout:     cfg.Timeout,
		MaxBytes:    cfg.MaxFeedSize,
		UserAgent:   "herald/" + versionString(),
		DeferBodies: true,
	})
}

// feedReport is the outcome of refreshing one feed, as `herald fetch` prints
// it and the TUI counts it.
type feedReport struct {
	URL, Title  string
	New         int
	NotModified bool
	Err         error
	Duration    time.Duration
}

// refreshSummary adds up a refresh.
type refreshSummary struct {
	Feeds, New, NotModified, Failed int
}

func (s refreshSummary) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d %s: %d new %s", s.Feeds, plural(s.Feeds, "feed", "feeds"), s.New, plural(s.New, "article", "articles"))
	if s.NotModified > 0 {
		fmt.Fprintf(&b, ", %d not modified", s.NotModified)
	}
	fmt.Fprintf(&b, ", %d failed", s.Failed)
	return b.String()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// refresh fetches every feed in entries and saves each one's outcome in
// its own transaction, so a failure or a kill part-way loses nothing that
// was saved. start is called once with the number of feeds, each after
// every feed, from one goroutine at a time.
func refresh(ctx context.Context, cfg Config, st *store.Store, entries []feed.Entry,
	start func(total int), each func(feedReport)) (refreshSummary, error) {
	sum := refreshSummary{Feeds: len(entries)}
	if err := ensureFeeds(ctx, st, entries); err != nil {
		return sum, err
	}
	if start != nil {
		start(len(entries))
	}
	if len(entries) == 0 {
		return sum, nil
	}
	known, err := st.Feeds(ctx)
	if err != nil {
		return sum, err
	}
	state := make(map[string]store.Feed, len(known))
	for _, f := range known {
		state[f.URL] = f
	}
	titles := make(map[string]string, len(entries))
	reqs := make([]feed.Request, 0, len(entries))
	now := time.Now()
	for _, e := range entries {
		f := state[e.URL]
		// A 304 carries no title: the user's, else the one cached before.
		titles[e.URL] = e.Title
		if e.Title == "" {
			titles[e.URL] = f.Title
		}
		if f.RetryAt.After(now) {
			// The server asked for a pause (429/503 Retry-After): ask again
			// only once it is over.
			sum.Failed++
			if each != nil {
				each(feedReport{URL: e.URL, Title: titles[e.URL], Err: fmt.Errorf("not fetched: the server asked to wait until %s", f.RetryAt.Local().Format("Jan 2 15:04"))})
			}
			continue
		}
		reqs = append(reqs, feed.Request{URL: e.URL, ETag: f.ETag, LastModified: f.LastModified})
	}
	var saveErr error
	newFetcher(cfg).FetchAll(ctx, reqs, func(res feed.Result) {
		r := feedReport{URL: res.URL, Title: titles[res.URL], Duration: res.Duration, Err: res.Err}
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
			r.New, err = st.SaveItems(ctx, res.URL, res.Title, res.ETag, res.LastModified, res.Articles, cfg.KeepPerFeed)
		}
		if err != nil && r.Err == nil {
			r.Err = fmt.Errorf("saving to the cache: %w", err)
			if saveErr == nil && ctx.Err() == nil {
				saveErr = err
			}
		}
		switch {
		case r.Err != nil:
			sum.Failed++
		case r.NotModified:
			sum.NotModified++
		}
		sum.New += r.New
		if each != nil {
			each(r)
		}
	})
	if err := ctx.Err(); err != nil {
		return sum, err
	}
	return sum, saveErr
}

// refreshTUI runs a refresh for the TUI, reporting progress after every
// feed and closing progress when done. It reads the feed list afresh, so
// feeds added with herald add while the TUI runs are fetched too.
func refreshTUI(ctx context.Context, cfg Config, st *store.Store, progress chan<- ui.RefreshProgress) {
	defer close(progress)
	var p ui.RefreshProgress
	entries, err := readFeedList(cfg)
	if err != nil {
		p.Finished, p.Err = true, err
		progress <- p
		return
	}
	send := func() {
		select {
		case progress <- p:
		case <-ctx.Done():
		}
	}
	sum, err := refresh(ctx, cfg, st, entries,
		func(total int) { p.Total = total; send() },
		func(r feedReport) {
			p.Done++
			p.New += r.New
			if r.Err != nil {
				p.Failed++
			}
			send()
		})
	p.Done, p.New, p.Failed, p.Finished, p.Err = sum.Feeds, sum.New, sum.Failed, true, err
	send()
}
