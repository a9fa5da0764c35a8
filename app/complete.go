package app

import (
	"context"

	"github.com/herald-reader/herald/articles"
	"github.com/herald-reader/herald/config"
	"github.com/herald-reader/herald/feedlist"
	"github.com/herald-reader/herald/store"
)

// KnownFeeds lists the feeds of the feed list, with the titles the cache
// knows, for the shell's completion. Unlike every other use-case it writes
// nothing, not even on a first run: the feed list is read as it is (a
// missing one is empty) and the cache, when there is one, is opened read
// only and never migrated. Titles fall back to the list's own.
func KnownFeeds(ctx context.Context, cfg config.Config) ([]articles.Feed, error) {
	entries, err := feedlist.LoadList(config.FeedListPath(cfg))
	if err != nil {
		return nil, err
	}
	titles := map[string]string{}
	if st, err := store.OpenReadOnly(cfg.DBPath); err == nil {
		// A cache that cannot answer still leaves the list's URLs.
		if cached, err := st.Feeds(ctx); err == nil {
			for _, f := range cached {
				titles[f.URL] = f.Title
			}
		}
		st.Close()
	}
	out := make([]articles.Feed, 0, len(entries))
	for _, e := range entries {
		f := articles.Feed{URL: e.URL, Title: titles[e.URL], Tags: e.Tags}
		if f.Title == "" {
			f.Title = e.Title
		}
		out = append(out, f)
	}
	return out, nil
}
