// Package ui holds herald's Bubble Tea models: the library (article list),
// the feeds view and the reader (section pane and rendered content).
package ui

import (
	"context"

	"github.com/herald-reader/herald/articles"
)

// Backend is everything the UI reads and changes outside itself. The UI
// calls it only from inside a tea.Cmd, never from Update or View, so every
// method may block; ctx is cancelled when the program quits, except the
// marks' (SetRead, SetStarred): quitting waits for those to return.
type Backend interface {
	// Newest returns the newest n articles, for the first frame of a large library.
	Newest(ctx context.Context, n int) ([]articles.Article, error)
	// List returns every article, newest first. Sections may be nil.
	List(ctx context.Context) ([]articles.Article, error)
	// Load returns one article with its sections and Links: its full text
	// when one is cached, else its feed's text.
	Load(ctx context.Context, id string) (articles.Article, error)
	// FullText returns the article with its full text (FullText set), read
	// from its web page unless cached; it may take as long as a page fetch.
	// The error says in words why there is none.
	FullText(ctx context.Context, id string) (articles.Article, error)
	// FeedText returns the article with its feed's own text, even when a
	// full text is cached.
	FeedText(ctx context.Context, id string) (articles.Article, error)
	// SetRead marks ids read or unread, in one transaction where it can.
	SetRead(ctx context.Context, ids []string, read bool) error
	SetStarred(ctx context.Context, id string, starred bool) error
	// MarkAllRead marks read every article of one feed (its FeedURL), or
	// of the whole library when feedURL is "": a sync account's server is
	// asked to do the same for its scope, covering entries not pulled yet.
	MarkAllRead(ctx context.Context, feedURL string) error
	// Feeds lists the feeds with their status for the feeds view.
	Feeds(ctx context.Context) ([]articles.Feed, error)
	// Refresh fetches every feed, calling progress (from one goroutine at a time) as feeds finish; it returns when done.
	Refresh(ctx context.Context, progress func(articles.Progress)) error
	// Sync pushes the marks made here to the sync accounts and pulls their
	// changes, calling progress as each account ends (Total accounts,
	// Failed, New entries pulled); it returns when done.
	Sync(ctx context.Context, progress func(articles.Progress)) error
	// Search returns the n articles whose text best matches query, best
	// first, each with a snippet. An error says in words why the query
	// cannot be read. ctx is cancelled when a newer query overtakes it.
	Search(ctx context.Context, query string, n int) ([]articles.Hit, error)
	// ReadURL fetches a web page and makes an article of it (herald read
	// URL); cancelling ctx stops the download.
	ReadURL(ctx context.Context, url string) (articles.Article, error)
}
