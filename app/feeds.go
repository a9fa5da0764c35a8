package app

import (
	"context"
	"fmt"
	"strings"

	"github.com/herald-reader/herald/articles"
	"github.com/herald-reader/herald/config"
	"github.com/herald-reader/herald/feedlist"
	"github.com/herald-reader/herald/store"
	"github.com/herald-reader/herald/termsafe"
)

// listPath is the user's feed list.
func (a *App) listPath() string { return config.FeedListPath(a.cfg) }

// FeedList reads the user's feed list, writing the starter one on first
// run. An existing list, even an empty one, is the user's and is never
// replaced.
func (a *App) FeedList() ([]feedlist.Entry, error) {
	path := a.listPath()
	if err := config.CreateOnce(path, feedlist.DefaultList(), "feed list"); err != nil {
		return nil, err
	}
	return feedlist.LoadList(path)
}

// ensureFeeds records the feed list's entries in the cache, so feeds never
// fetched are listed too and feeds dropped from the list are not. It writes,
// so it runs with a refresh or the feeds view, never before the first frame:
// behind another herald's fetch it may have to wait.
func (a *App) ensureFeeds(ctx context.Context, entries []feedlist.Entry) error {
	rows := make([]store.FeedEntry, len(entries))
	for i, e := range entries {
		rows[i] = store.FeedEntry{URL: e.URL, Title: e.Title}
	}
	return a.st.EnsureFeeds(ctx, rows)
}

// ListedFeeds is every feed of the feed list, in its order, with what the
// cache knows of it, then every feed of the sync accounts. The list file is the truth: a feed deleted from it by
// hand is no longer followed even though the cache still knows it. Titles
// are the cache's (the user's, else the feed's own), else the list's.
func (a *App) ListedFeeds(ctx context.Context) ([]articles.Feed, error) {
	if a.st == nil {
		return nil, errNoCache
	}
	entries, err := a.FeedList()
	if err != nil {
		return nil, err
	}
	cached, err := a.st.Feeds(ctx)
	if err != nil {
		return nil, err
	}
	byURL := make(map[string]store.Feed, len(cached))
	for _, f := range cached {
		byURL[f.URL] = f
	}
	out := make([]articles.Feed, 0, len(entries))
	for _, e := range entries {
		f := byURL[e.URL]
		af := articles.Feed{
			URL: e.URL, Title: f.Title, Tags: e.Tags, LastFetch: f.LastFetch,
			Status: f.Status, Error: f.Error, Articles: f.Articles, Unread: f.Unread,
			FullText: e.FullText(),
		}
		if af.Title == "" {
			af.Title = e.Title
		}
		if af.Status == "" {
			af.Status = "never fetched"
		}
		out = append(out, af)
	}
	// Then the accounts' feeds, which their servers list.
	for _, f := range cached {
		if f.Account != "" {
			out = append(out, feedOf(f))
		}
	}
	return out, nil
}

// ListFilter picks the cached articles `herald list` prints.
type ListFilter struct {
	Unread, Starred bool
	// Feed is a feed's URL or title, either in any case; "" for all.
	Feed string
}

// Articles lists the cached feed articles that pass f, newest first,
// without their sections. The bundled articles are not in the cache.
func (a *App) Articles(ctx context.Context, f ListFilter) ([]articles.Article, error) {
	if a.st == nil {
		return nil, errNoCache
	}
	sf := store.Filter{Unread: f.Unread, Starred: f.Starred}
	if f.Feed != "" {
		var err error
		if sf.Feed, err = a.findFeed(ctx, f.Feed); err != nil {
			return nil, err
		}
	}
	// The command line lists attachments in full; only the library needs
	// no more than a mark.
	sf.Enclosures = true
	return a.st.List(ctx, sf)
}

// findFeed resolves a feed named by its URL, or its title, either in any
// case.
func (a *App) findFeed(ctx context.Context, arg string) (string, error) {
	feeds, err := a.st.Feeds(ctx)
	if err != nil {
		return "", err
	}
	var byTitle []string
	for _, f := range feeds {
		if feedlist.SameURL(f.URL, arg) {
			return f.URL, nil
		}
		if strings.EqualFold(strings.TrimSpace(f.Title), strings.TrimSpace(arg)) {
			byTitle = append(byTitle, f.URL)
		}
	}
	switch len(byTitle) {
	case 0:
		return "", fmt.Errorf("no feed has the URL or title %q (herald feeds lists them)", termsafe.SafeLine(arg))
	case 1:
		return byTitle[0], nil
	}
	return "", fmt.Errorf("%d feeds have the title %q; give the feed's URL", len(byTitle), termsafe.SafeLine(arg))
}
