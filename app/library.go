package app

// The library as the TUI reads it: the bundled articles, kept in memory,
// and everything cached from feeds. These methods are the TUI's backend.

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/herald-reader/herald/articles"
	"github.com/herald-reader/herald/feed"
	"github.com/herald-reader/herald/store"
)

// Newest returns the newest n articles, cached and bundled: the first frame
// of a large cache should not wait for every article.
func (a *App) Newest(ctx context.Context, n int) ([]articles.Article, error) {
	return a.list(ctx, n)
}

// List returns every article, cached and bundled, newest first, without
// their sections.
func (a *App) List(ctx context.Context) ([]articles.Article, error) {
	return a.list(ctx, 0)
}

// list gives the newest n articles, cached and bundled; n == 0: all.
func (a *App) list(ctx context.Context, n int) ([]articles.Article, error) {
	bundled := a.bundled.all()
	if a.st == nil {
		if n > 0 && len(bundled) > n {
			bundled = bundled[:n]
		}
		return bundled, nil
	}
	// Room for the bundled ones in the same slice: at 50,000 articles a
	// merged copy would be the largest allocation of the start.
	all, err := a.st.List(ctx, store.Filter{Limit: n, Spare: len(bundled), Since: a.lastVisit})
	if err != nil {
		return nil, a.cacheErr(err)
	}
	// Both lists come newest first, and the bundled one is short.
	for _, b := range bundled {
		i, _ := slices.BinarySearchFunc(all, b.SortTime(), func(x articles.Article, t time.Time) int {
			return t.Compare(x.SortTime())
		})
		all = slices.Insert(all, i, b)
	}
	if n > 0 && len(all) > n {
		all = all[:n]
	}
	return all, nil
}

// Load returns one article with its sections and links: its full text
// when the cache has one (it was fetched for this article before), else
// its feed's text, split into sections here, on open, not when it was
// fetched.
func (a *App) Load(ctx context.Context, id string) (articles.Article, error) {
	if isBundled(id) {
		return a.bundled.load(id)
	}
	if a.st == nil {
		return articles.Article{}, errNoCache
	}
	art, err := a.st.Load(ctx, id)
	if err != nil {
		return art, a.cacheErr(err)
	}
	if ft, err := a.st.LoadFullText(ctx, id); err == nil && ft.Sections != nil {
		// The feed's body is not converted: f asks for it when wanted.
		art.Body = ""
		return withFullText(art, ft.Sections), nil
	}
	return splitBody(art).WithLinks(), nil
}

// splitBody turns an article saved unsplit into sections.
func splitBody(a articles.Article) articles.Article {
	if len(a.Sections) == 0 && a.Body != "" {
		link := a.URL
		if link == "" {
			link = a.FeedURL
		}
		a.Sections = feed.BodySections(a.Body, link)
		a.Body = ""
	}
	return a
}

// SetRead marks ids read or unread; the cached ones in one transaction when
// they are marked read.
func (a *App) SetRead(ctx context.Context, ids []string, read bool) error {
	cached := make([]string, 0, len(ids))
	for _, id := range ids {
		if !isBundled(id) {
			cached = append(cached, id)
		} else if err := a.bundled.mark(id, func(art *articles.Article) { art.Read = read }); err != nil {
			return err
		}
	}
	if len(cached) == 0 {
		return nil
	}
	if a.st == nil {
		return errNoCache
	}
	if read && len(cached) > 1 {
		return a.cacheErr(a.st.MarkRead(ctx, cached))
	}
	for _, id := range cached {
		if err := a.st.SetRead(ctx, id, read); err != nil {
			return a.cacheErr(err)
		}
	}
	return nil
}

// SetStarred stars or unstars one article.
func (a *App) SetStarred(ctx context.Context, id string, starred bool) error {
	if isBundled(id) {
		return a.bundled.mark(id, func(art *articles.Article) { art.Starred = starred })
	}
	if a.st == nil {
		return errNoCache
	}
	return a.cacheErr(a.st.SetStarred(ctx, id, starred))
}

// Feeds lists the feeds with their last status, for the feeds view. It
// first records the feed list's entries in the cache, best effort: the view
// still shows the cache's feeds when another herald holds the write lock
// too long.
func (a *App) Feeds(ctx context.Context) ([]articles.Feed, error) {
	if a.st == nil {
		return nil, errNoCache
	}
	// The tags are the feed list's (OPML folders become tags on import).
	tags := map[string][]string{}
	if entries, listed, err := a.readFeedList(); err == nil {
		_ = a.ensureFeeds(ctx, entries, listed)
		for _, e := range entries {
			tags[e.URL] = e.Tags
		}
	}
	feeds, err := a.st.Feeds(ctx)
	if err != nil {
		return nil, a.cacheErr(err)
	}
	out := make([]articles.Feed, len(feeds))
	for i, f := range feeds {
		status := f.Status
		if status == "" {
			status = "never fetched"
		}
		out[i] = feedOf(f)
		out[i].Status = status
		if t := tags[f.URL]; len(t) > 0 {
			out[i].Tags = t // the feed list's; an account's feed has its server's folder
		}
	}
	return out, nil
}

// Refresh fetches every feed of the feed list, read afresh so feeds added
// with herald add while the TUI runs are fetched too, and reports progress
// after every feed.
func (a *App) Refresh(ctx context.Context, progress func(articles.Progress)) error {
	if a.st == nil {
		return errNoCache
	}
	if a.cfg.Offline {
		return errors.New("not refreshing with --offline")
	}
	var p articles.Progress
	_, err := a.FetchList(ctx,
		func(total int) { p.Total = total; progress(p) },
		func(r FeedReport) {
			p.Done++
			p.New += r.New
			switch {
			case r.Err != nil:
				p.Failed++
			case r.Recovered != "":
				p.Recovered++
			}
			progress(p)
		})
	if err != nil {
		return err
	}
	// The index takes in what the refresh saved now, in the refresh's own
	// background task, rather than in the user's next search.
	_, err = a.st.IndexPending(ctx, nil)
	return err
}

// feedOf is the cache's feed as the front-ends show it.
func feedOf(f store.Feed) articles.Feed {
	af := articles.Feed{
		URL: f.URL, Title: f.Title, LastFetch: f.LastFetch, Status: f.Status,
		Error: f.Error, Articles: f.Articles, Unread: f.Unread, Account: f.Account, Link: f.Link,
	}
	if f.Tag != "" {
		af.Tags = []string{f.Tag}
	}
	return af
}
