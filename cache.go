package main

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/herald-reader/herald/articles"
	"github.com/herald-reader/herald/feed"
	"github.com/herald-reader/herald/store"
	"github.com/herald-reader/herald/ui"
)

// cacheBackend is the library the TUI shows: the bundled articles, kept in
// memory, and everything cached from feeds.
type cacheBackend struct {
	store   *store.Store
	bundled ui.Backend
}

func isBundled(id string) bool { return strings.HasPrefix(id, "bundled:") }

// List implements ui.Backend.
func (b cacheBackend) List(ctx context.Context) ([]articles.Article, error) {
	return b.list(ctx, 0)
}

// Newest implements ui.NewestLister: the first frame of a large cache
// should not wait for every article.
func (b cacheBackend) Newest(ctx context.Context, n int) ([]articles.Article, error) {
	return b.list(ctx, n)
}

// list gives the newest n articles, cached and bundled; n == 0: all.
func (b cacheBackend) list(ctx context.Context, n int) ([]articles.Article, error) {
	bundled, err := b.bundled.List(ctx)
	if err != nil {
		return nil, err
	}
	// Room for the bundled ones in the same slice: at 50,000 articles a
	// merged copy would be the largest allocation of the start.
	all, err := b.store.List(ctx, store.Filter{Limit: n, Spare: len(bundled)})
	if err != nil {
		return nil, err
	}
	// Both lists come newest first, and the bundled one is short.
	for _, a := range bundled {
		i, _ := slices.BinarySearchFunc(all, a.Published, func(x articles.Article, t time.Time) int {
			return t.Compare(x.Published)
		})
		all = slices.Insert(all, i, a)
	}
	if n > 0 && len(all) > n {
		all = all[:n]
	}
	return all, nil
}

// Load implements ui.Backend. A feed article's body is split into sections
// here, on open, not when it was fetched.
func (b cacheBackend) Load(ctx context.Context, id string) (articles.Article, error) {
	if isBundled(id) {
		return b.bundled.Load(ctx, id)
	}
	a, err := b.store.Load(ctx, id)
	if err != nil {
		return a, err
	}
	return splitBody(a), nil
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

// SetRead implements ui.Backend.
func (b cacheBackend) SetRead(ctx context.Context, id string, read bool) error {
	if isBundled(id) {
		return b.bundled.SetRead(ctx, id, read)
	}
	return b.store.SetRead(ctx, id, read)
}

// MarkRead implements ui.BulkMarker.
func (b cacheBackend) MarkRead(ctx context.Context, ids []string) error {
	cached := make([]string, 0, len(ids))
	for _, id := range ids {
		if !isBundled(id) {
			cached = append(cached, id)
		} else if err := b.bundled.SetRead(ctx, id, true); err != nil {
			return err
		}
	}
	return b.store.MarkRead(ctx, cached)
}

// SetStarred implements ui.Backend.
func (b cacheBackend) SetStarred(ctx context.Context, id string, starred bool) error {
	if isBundled(id) {
		return b.bundled.SetStarred(ctx, id, starred)
	}
	return b.store.SetStarred(ctx, id, starred)
}

// feedStatuses is the feeds view's list.
func feedStatuses(ctx context.Context, st *store.Store) ([]ui.FeedStatus, error) {
	feeds, err := st.Feeds(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]ui.FeedStatus, len(feeds))
	for i, f := range feeds {
		status := f.Status
		if status == "" {
			status = "never fetched"
		}
		out[i] = ui.FeedStatus{
			URL: f.URL, Title: f.Title, LastFetch: f.LastFetch, Status: status,
			Error: f.Error, Articles: f.Articles, Unread: f.Unread,
		}
	}
	return out, nil
}
