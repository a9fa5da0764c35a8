// Package ui holds herald's Bubble Tea models: the library (article list)
// and the reader (section pane and rendered content).
package ui

import (
	"context"

	"github.com/herald-reader/herald/articles"
)

// Backend is everything the UI reads and changes outside itself. The UI
// calls it only from inside a tea.Cmd, never from Update or View.
type Backend interface {
	// List returns the library's articles, newest first. Sections may be nil.
	List(ctx context.Context) ([]articles.Article, error)
	// Load returns one article with its sections.
	Load(ctx context.Context, id string) (articles.Article, error)
	// SetRead and SetStarred record an article's marks.
	SetRead(ctx context.Context, id string, read bool) error
	SetStarred(ctx context.Context, id string, starred bool) error
}

// NewestLister is an optional Backend method: the newest n articles, quicker
// than List with a large cache. The library draws its first frame from them
// while the whole list loads.
type NewestLister interface {
	Newest(ctx context.Context, n int) ([]articles.Article, error)
}

// BulkMarker is an optional Backend method: mark many articles read at once
// (one transaction instead of one per article).
type BulkMarker interface {
	MarkRead(ctx context.Context, ids []string) error
}
