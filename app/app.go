// Package app holds herald's use-cases, the ones the command line and the
// TUI share: opening the library, refreshing feeds, marking articles,
// editing, importing and exporting the feed list, and reading files and web
// pages. It owns the cache, the HTTP client and the feed list; the front-ends
// only parse what the user asked for and show what came back.
package app

import (
	"errors"
	"fmt"

	"github.com/herald-reader/herald/articles"
	"github.com/herald-reader/herald/config"
	"github.com/herald-reader/herald/fetch"
	"github.com/herald-reader/herald/store"
)

// App is one herald process's access to its data. Its methods are safe for
// concurrent use: the TUI calls them from many tea.Cmd goroutines.
type App struct {
	cfg       config.Config
	userAgent string
	client    *fetch.Client
	// st is the cache; nil when the App was made without one, or when it
	// would not open (problem says why).
	st      *store.Store
	problem string
	bundled *bundled
	// listed is how many feeds the feed list held when the library opened.
	listed int
}

// New returns an App without the cache, for the commands that do not need
// it (add, import, export, read). version names herald in the User-Agent.
func New(cfg config.Config, version string) *App {
	a := &App{cfg: cfg, userAgent: "herald/" + version}
	a.client = a.newClient(cfg)
	return a
}

// Open returns an App with the cache open, for the commands that read or
// write it. A cache that cannot open is an error naming the file.
func Open(cfg config.Config, version string) (*App, error) {
	a := New(cfg, version)
	st, err := store.Open(cfg.DBPath)
	if err != nil {
		return nil, openErr(cfg.DBPath, err)
	}
	a.st = st
	return a, nil
}

// openErr is why the cache at path would not open, in words. store.Open's
// errors name the file already; naming it again read "cache /dev/null:
// open cache /dev/null: not a regular file".
func openErr(path string, err error) error {
	return describeCacheError(path, err)
}

// OpenLibrary returns the App the TUI shows: the bundled articles and the
// cache. A cache that cannot open (another herald's newer schema, a broken
// file) does not stop the reader: the bundled articles still show, and
// Problem says why the rest is missing.
func OpenLibrary(cfg config.Config, version string) (*App, error) {
	a := New(cfg, version)
	list, err := articles.Bundled()
	if err != nil {
		return nil, fmt.Errorf("bundled articles: %w", err)
	}
	a.bundled = newBundled(list)
	st, err := store.Open(cfg.DBPath)
	if err != nil {
		a.problem = openErr(cfg.DBPath, err).Error()
		return a, nil
	}
	a.st = st
	if st.ReadOnly() {
		a.problem = describeCacheError(cfg.DBPath, store.ErrReadOnly).Error()
	}
	entries, err := a.FeedList()
	if err != nil {
		a.problem = err.Error()
	}
	a.listed = len(entries)
	return a, nil
}

// Close closes the cache.
func (a *App) Close() error {
	if a.st == nil {
		return nil
	}
	return a.st.Close()
}

// Config is the settings the App runs with.
func (a *App) Config() config.Config { return a.cfg }

// FeedCount is how many feeds the feed list held when OpenLibrary read it.
func (a *App) FeedCount() int { return a.listed }

// HasCache reports whether the cache is open.
func (a *App) HasCache() bool { return a.st != nil }

// Problem is why part of the library is missing (a cache that would not
// open, a broken feed list), or "".
func (a *App) Problem() string { return a.problem }

// errNoCache is what the cache's use-cases return on an App without one.
var errNoCache = errors.New("the cache is not open")

// newClient builds the HTTP client the settings describe.
func (a *App) newClient(cfg config.Config) *fetch.Client {
	return fetch.New(fetch.Client{
		Concurrency: cfg.Concurrency,
		PerHost:     cfg.PerHost,
		Timeout:     cfg.Timeout,
		MaxBytes:    cfg.MaxFeedSize,
		UserAgent:   a.userAgent,
	})
}
