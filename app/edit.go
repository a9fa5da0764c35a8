package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/herald-reader/herald/config"
	"github.com/herald-reader/herald/feed"
	"github.com/herald-reader/herald/feedlist"
	"github.com/herald-reader/herald/fetch"
	"github.com/herald-reader/herald/termsafe"
)

// addCheckTimeout bounds the check Add makes before it edits the list: a
// person is waiting at the prompt, so it is shorter than a refresh.
const addCheckTimeout = 15 * time.Second

// Added is what Add did.
type Added struct {
	URL  string // the feed added (or already there)
	Name string // the title to show: the user's, else the feed's, else URL
	// Found is the feed a web page advertised, when the address given was
	// a page; it is set even when adding it then failed.
	Found string
	// Already: the feed was in the list, and nothing changed.
	Already bool
}

// Add adds a feed to the feed list, with fullText its articles' web pages
// read at every refresh (fulltext=yes). Unless offline, it fetches the
// address first: a feed is added under its own title; a web page is
// searched for the feed it advertises and that feed is added instead; an
// address that does not answer adds nothing.
func (a *App) Add(ctx context.Context, raw, title string, tags []string, fullText bool) (Added, error) {
	raw = strings.TrimSpace(raw)
	if !termsafe.IsWebURL(raw) {
		return Added{}, fmt.Errorf("add: %s is not an http or https address", termsafe.SafeLine(raw))
	}
	path, err := a.listToEdit()
	if err != nil {
		return Added{}, err
	}
	entries, err := feedlist.LoadList(path)
	if err != nil {
		return Added{}, err
	}
	inList := func(u string) bool {
		for _, e := range entries {
			if feedlist.SameURL(e.URL, u) {
				return true
			}
		}
		return false
	}
	res := Added{URL: raw}
	if inList(raw) {
		res.Already = true
		return res, nil
	}

	feedTitle := ""
	if !a.cfg.Offline {
		check := a.cfg
		check.Timeout = min(a.cfg.Timeout, addCheckTimeout)
		f := feedFetcher{client: a.newClient(check)}
		got := f.Fetch(ctx, fetch.Request{URL: raw})
		if errors.Is(got.Err, feed.ErrNotFeed) {
			found, err := f.Discover(ctx, raw)
			if err != nil {
				return Added{}, fmt.Errorf("add %s: not a feed, and %s; nothing added", termsafe.SafeLine(raw), termsafe.SafeLine(err.Error()))
			}
			res.URL, res.Found = found, found
			if inList(found) {
				res.Already = true
				return res, nil
			}
			got = f.Fetch(ctx, fetch.Request{URL: found})
		}
		if got.Err != nil {
			return res, fmt.Errorf("add %s: %s; nothing added (--offline adds it unchecked)", termsafe.SafeLine(res.URL), termsafe.SafeLine(got.Err.Error()))
		}
		feedTitle = got.Title
	}

	title = strings.TrimSpace(title)
	e := feedlist.Entry{URL: res.URL, Title: title, Tags: tags}
	if fullText {
		e.Settings = map[string]string{feedlist.FullTextKey: "yes"}
	}
	err = feedlist.Add(path, e)
	if errors.Is(err, feedlist.ErrDuplicate) {
		res.Already = true
		return res, nil
	}
	if err != nil {
		return res, fmt.Errorf("add %s: %w", termsafe.SafeLine(res.URL), err)
	}
	res.Name = title
	if res.Name == "" {
		res.Name = feedTitle
	}
	if res.Name == "" {
		res.Name = res.URL
	}
	return res, nil
}

// listToEdit is the feed list that Add and Import write to, created
// (without starter feeds) when missing.
func (a *App) listToEdit() (string, error) {
	path := a.listPath()
	return path, ensureListHeader(path)
}

// ensureListHeader creates a missing feed list with the starter list's
// explanatory comments but none of its feeds: someone whose first command
// adds or imports feeds has said which feeds they want.
func ensureListHeader(path string) error {
	if _, err := os.Stat(path); err == nil {
		return nil
	}
	var header strings.Builder
	for _, line := range strings.SplitAfter(feedlist.DefaultList(), "\n") {
		if t := strings.TrimSpace(line); t != "" && !strings.HasPrefix(t, "#") {
			break
		}
		header.WriteString(line)
	}
	return config.CreateOnce(path, header.String(), "feed list")
}

// Remove takes a feed off the feed list and its articles out of the cache
// (starred ones stay), and returns the feed's address as the list spelled
// it.
func (a *App) Remove(ctx context.Context, raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	if a.st == nil {
		return "", errNoCache
	}
	path := a.listPath()
	entries, err := feedlist.LoadList(path)
	if err != nil {
		return "", err
	}
	// The cache knows the feed by the address as the list spells it.
	feedURL := ""
	for _, e := range entries {
		if feedlist.SameURL(e.URL, raw) {
			feedURL = e.URL
			break
		}
	}
	if feedURL == "" {
		return "", fmt.Errorf("not in your feed list: %s", termsafe.SafeLine(raw))
	}
	if err := feedlist.Remove(path, feedURL); errors.Is(err, feedlist.ErrNotFound) {
		return "", fmt.Errorf("not in your feed list: %s", termsafe.SafeLine(raw))
	} else if err != nil {
		return "", fmt.Errorf("remove %s: %w", termsafe.SafeLine(raw), err)
	}
	if err := a.st.RemoveFeed(ctx, feedURL); err != nil {
		return "", fmt.Errorf("removed %s from the feed list, but not from the cache: %w", termsafe.SafeLine(feedURL), err)
	}
	return feedURL, nil
}

// Imported is what Import did.
type Imported struct {
	Added    int
	Skipped  []string // feeds already in the list
	Warnings []string // lines skipped, such as newsboat's exec:
}

// Import adds every feed of an OPML or newsboat urls document (data, read
// from name) to the feed list. A document with an error changes nothing.
func (a *App) Import(name string, data []byte) (Imported, error) {
	if bytes.HasPrefix(data, []byte("SQLite format 3\x00")) {
		return Imported{}, fmt.Errorf("import %s: an SQLite database, perhaps newsboat's cache: give newsboat's cache.db by its path, not on standard input; nothing imported", termsafe.SafeLine(name))
	}
	entries, warnings, err := feedlist.Import(data)
	if err != nil {
		return Imported{}, fmt.Errorf("import %s: %s; nothing imported", termsafe.SafeLine(name), termsafe.SafeLine(err.Error()))
	}
	path, err := a.listToEdit()
	if err != nil {
		return Imported{}, err
	}
	skipped, err := feedlist.AddAll(path, entries)
	if err != nil {
		return Imported{}, fmt.Errorf("import %s: %s; nothing imported", termsafe.SafeLine(name), termsafe.SafeLine(err.Error()))
	}
	return Imported{Added: len(entries) - len(skipped), Skipped: skipped, Warnings: warnings}, nil
}

// Export writes the feed list to w as OPML 2.0.
func (a *App) Export(w io.Writer) error {
	entries, err := a.FeedList()
	if err != nil {
		return err
	}
	return feedlist.ExportOPML(w, entries)
}
