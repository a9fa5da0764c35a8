// Package app holds herald's use-cases, the ones the command line and the
// TUI share: opening the library, refreshing feeds, marking articles,
// editing, importing and exporting the feed list, and reading files and web
// pages. It owns the cache, the HTTP client and the feed list; the front-ends
// only parse what the user asked for and show what came back.
package app

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

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
	st         *store.Store
	problem    string
	problemTag string // problem in a few words
	bundled    *bundled
	// listed is how many feeds the feed list held when the library opened.
	listed int
	// lastVisit is the visit before this one (OpenLibrary): what arrived
	// after it is new.
	lastVisit store.Visit
	// background is OpenLibrary's work after the first frame; Close stops
	// it and waits.
	background     sync.WaitGroup
	stopBackground context.CancelFunc
}

// New returns an App without the cache, for the commands that do not need
// it (add, import, export, read). version names herald in the User-Agent.
func New(cfg config.Config, version string) *App {
	a := &App{cfg: cfg, userAgent: "herald/" + version}
	a.client = a.newClient(cfg)
	return a
}

// IndexProgress reports the search index taking in articles: done of
// total, and the time since it began.
type IndexProgress func(done, total int, elapsed time.Duration)

// OpenOption changes how Open and OpenLibrary open the cache.
type OpenOption func(*[]store.Option)

// WithIndexProgress reports the building of the search index, which a
// cache made by an older herald needs once when it is first opened.
func WithIndexProgress(p IndexProgress) OpenOption {
	return func(o *[]store.Option) { *o = append(*o, store.WithIndexProgress(store.IndexProgress(p))) }
}

func openStore(path string, opts []OpenOption) (*store.Store, error) {
	var so []store.Option
	for _, o := range opts {
		o(&so)
	}
	return store.Open(path, so...)
}

// Open returns an App with the cache open, for the commands that read or
// write it. A cache that cannot open is an error naming the file.
func Open(cfg config.Config, version string, opts ...OpenOption) (*App, error) {
	a := New(cfg, version)
	st, err := openStore(cfg.DBPath, opts)
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
//
// Opening the library is a visit: articles that arrive after it are new
// to the next one (New in the list). The last visit is read here, before
// the first frame; this one is recorded in the background, with the search
// index taking in what herald fetch saved meanwhile, so the first frame
// never waits behind another herald's write.
func OpenLibrary(cfg config.Config, version string, opts ...OpenOption) (*App, error) {
	a := New(cfg, version)
	list, err := articles.Bundled()
	if err != nil {
		return nil, fmt.Errorf("bundled articles: %w", err)
	}
	a.bundled = newBundled(list)
	st, err := openStore(cfg.DBPath, opts)
	if err != nil {
		err = openErr(cfg.DBPath, err)
		a.problem, a.problemTag = err.Error(), "no cache"
		if errors.Is(err, store.ErrDamaged) {
			a.problemTag = "damaged cache"
		}
		return a, nil
	}
	a.st = st
	if st.ReadOnly() {
		a.problem = describeCacheError(cfg.DBPath, store.ErrReadOnly).Error()
		a.problemTag = "read-only cache"
	}
	entries, err := a.FeedList()
	if err != nil {
		a.problem, a.problemTag = err.Error(), "feed list unreadable"
	}
	a.listed = len(entries)
	if a.lastVisit, err = st.LastVisit(context.Background()); err != nil {
		a.problem, a.problemTag = "cache: "+err.Error(), "cache problem"
	}
	ctx, cancel := context.WithCancel(context.Background())
	a.stopBackground = cancel
	a.background.Go(func() {
		// Best effort: a visit not recorded only shows more as new next
		// time, and what is not indexed now is indexed by the first search.
		// The visit is recorded even when herald quits at once (one small
		// write); the indexing stops when Close asks.
		if st.RecordVisit(context.WithoutCancel(ctx)) == nil {
			_, _ = st.IndexPending(ctx, nil)
		}
	})
	return a, nil
}

// Close stops the App's background work and closes the cache.
func (a *App) Close() error {
	if a.stopBackground != nil {
		a.stopBackground()
	}
	a.background.Wait()
	if a.st == nil {
		return nil
	}
	return a.st.Close()
}

// IndexPending has the search index take in what was saved since it last
// did, reporting progress when there is much of it.
func (a *App) IndexPending(ctx context.Context, progress IndexProgress) error {
	if a.st == nil {
		return errNoCache
	}
	_, err := a.st.IndexPending(ctx, store.IndexProgress(progress))
	return err
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

// ProblemTag is Problem in a few words, for a header that keeps it in
// view: "damaged cache", "no cache", "read-only cache", "feed list
// unreadable" or "cache problem"; "" when there is none.
func (a *App) ProblemTag() string { return a.problemTag }

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
