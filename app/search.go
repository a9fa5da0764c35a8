package app

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/herald-reader/herald/articles"
	"github.com/herald-reader/herald/store"
	"github.com/herald-reader/herald/termsafe"
)

// SearchOptions narrows a search of the cache.
type SearchOptions struct {
	Unread, Starred bool
	// Feed is a feed's URL or title, either in any case; "" for all.
	Feed string
	// Limit is how many hits at most; 0 for store.DefaultSearchLimit.
	Limit int
}

// SearchWith finds the cached articles that match q (FTS5's syntax, read
// forgivingly: see query.go), best first: bm25, with a word in the title
// counting for more than the same word in the text. Each hit has a snippet
// of its text around what matched. A search that cannot be read is an
// error that says why in words. The bundled articles are not searched:
// they are not in the cache. On a read-only cache whose index is behind,
// the hits come with an *articles.NotSearchedError saying how many
// articles were left out.
func (a *App) SearchWith(ctx context.Context, q string, o SearchOptions) ([]articles.Hit, error) {
	if a.st == nil {
		return nil, errNoCache
	}
	parsed, err := parseQuery(q)
	if err != nil {
		return nil, err
	}
	f := store.SearchFilter{Unread: o.Unread, Starred: o.Starred, Limit: o.Limit}
	if o.Feed != "" {
		if f.Feed, err = a.findFeed(ctx, o.Feed); err != nil {
			return nil, err
		}
	}
	found, err := a.st.Search(ctx, parsed.fts, f)
	if errors.Is(err, store.ErrQuery) {
		reason := strings.TrimPrefix(err.Error(), store.ErrQuery.Error()+": ")
		return nil, fmt.Errorf("%w %q: %s", errBadQuery, termsafe.SafeLine(q), termsafe.SafeLine(reason))
	}
	if err != nil {
		return nil, err
	}
	hits := make([]articles.Hit, len(found))
	for i, h := range found {
		hits[i] = articles.Hit{Article: h.Article, Rank: h.Rank, Snippet: snippet(h.Text, parsed.terms)}
	}
	if n, err := a.st.Unindexed(ctx); err == nil && n > 0 {
		return hits, &articles.NotSearchedError{N: n}
	}
	return hits, nil
}

// Search is SearchWith for the TUI's library: the best n hits in the
// whole cache, which the library narrows to what it shows.
func (a *App) Search(ctx context.Context, q string, n int) ([]articles.Hit, error) {
	if a.st == nil {
		return nil, nil // no cache (its problem is on the status line): nothing to find
	}
	return a.SearchWith(ctx, q, SearchOptions{Limit: n})
}
