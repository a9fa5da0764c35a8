package app

import (
	"context"
	"errors"
	"fmt"

	"github.com/herald-reader/herald/articles"
	"github.com/herald-reader/herald/feedlist"
	"github.com/herald-reader/herald/store"
	"github.com/herald-reader/herald/termsafe"
)

// IsSQLite reports whether the file at path is an SQLite database, which
// herald import takes for a newsboat cache.
func IsSQLite(path string) bool { return feedlist.IsSQLite(path) }

// NewsboatImported is what ImportNewsboatCache did.
type NewsboatImported struct {
	Feeds      int      // feeds the cache held (http and https ones)
	AddedFeeds int      // of those, added to the feed list
	Warnings   []string // feeds skipped, such as exec: ones
	store.ImportResult
}

// ImportNewsboatCache brings a newsboat cache.db's history into herald:
// each feed it holds is matched to the feed list by URL (and added to it
// when missing), and its articles go into the cache under that feed,
// read or unread as they were, flagged ones starred. Articles are matched
// by their guid (as herald's own fetch identifies them), so a second
// import adds nothing and an article herald already has keeps its marks.
// The newsboat file is only read.
func (a *App) ImportNewsboatCache(ctx context.Context, path string) (NewsboatImported, error) {
	var res NewsboatImported
	if a.st == nil {
		return res, errNoCache
	}
	fail := func(err error) (NewsboatImported, error) {
		if errors.Is(err, feedlist.ErrNotNewsboat) {
			return res, fmt.Errorf("import %s: %s; nothing imported", termsafe.SafeLine(path), termsafe.SafeLine(err.Error()))
		}
		return res, fmt.Errorf("import %s: %w", termsafe.SafeLine(path), err)
	}
	listPath, err := a.listToEdit()
	if err != nil {
		return res, err
	}
	entries, err := feedlist.LoadList(listPath)
	if err != nil {
		return res, err
	}
	// The list is checked and its missing feeds are collected first, and
	// written once the whole cache has been read.
	var missing []feedlist.Entry
	res.Warnings, err = feedlist.ReadNewsboatCache(ctx, path, func(f feedlist.NewsboatFeed) error {
		res.Feeds++
		feedURL := f.URL
		if listed, ok := findEntry(entries, f.URL); ok {
			feedURL = listed
		} else {
			missing = append(missing, feedlist.Entry{URL: f.URL})
			entries = append(entries, feedlist.Entry{URL: f.URL})
		}
		im := store.Imported{Feed: feedURL, Title: f.Title, Items: make([]articles.Article, len(f.Items))}
		for i, it := range f.Items {
			im.Items[i] = articles.Article{
				ID: it.ID, Title: it.Title, Author: it.Author, URL: it.URL, Published: it.Published,
				Body: it.Content, Read: !it.Unread, Starred: it.Flagged,
			}
		}
		r, err := a.st.ImportArticles(ctx, im)
		if err != nil {
			return err
		}
		res.Added += r.Added
		res.Present += r.Present
		res.Unread += r.Unread
		res.Starred += r.Starred
		return nil
	})
	if err != nil {
		return fail(err)
	}
	if len(missing) > 0 {
		skipped, err := feedlist.AddAll(listPath, missing)
		if err != nil {
			return res, fmt.Errorf("import %s: the articles are in the cache, but the feed list could not take the feeds: %w", termsafe.SafeLine(path), err)
		}
		res.AddedFeeds = len(missing) - len(skipped)
	}
	return res, nil
}

// findEntry is the feed list's spelling of rawURL, when the list has it.
func findEntry(entries []feedlist.Entry, rawURL string) (string, bool) {
	for _, e := range entries {
		if feedlist.SameURL(e.URL, rawURL) {
			return e.URL, true
		}
	}
	return "", false
}
