package ui

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/herald-reader/herald/articles"
)

// memoryBackend serves a fixed set of articles (bundled ones, or a file
// opened with herald read) and keeps read and star marks for the session
// only. Cmds run on their own goroutines, so every access holds mu.
type memoryBackend struct {
	mu    sync.Mutex
	list  []articles.Article // newest first
	index map[string]int
}

// errNoFeeds is the memory backend's answer to Refresh: it has no feeds.
// Callers that pass it set Options.CanRefresh false, so r never asks.
var errNoFeeds = errors.New("no feeds to refresh")

// errNoNetwork is the memory backend's answer to ReadURL.
var errNoNetwork = errors.New("reading a web page needs herald's network client")

// errNoFullText is the memory backend's answer to FullText: it reads no
// web pages.
var errNoFullText = errors.New("no full text here: this library has no cache to keep one in")

// NewMemoryBackend returns a Backend over list that keeps read and star
// marks in memory. The list is copied, ordered newest first, and given its
// links. It has no feeds: Feeds lists none and Refresh fails, and it reads
// no web pages: FullText fails.
func NewMemoryBackend(list []articles.Article) Backend {
	b := &memoryBackend{list: slices.Clone(list), index: make(map[string]int, len(list))}
	slices.SortStableFunc(b.list, func(x, y articles.Article) int {
		return y.SortTime().Compare(x.SortTime())
	})
	for i, a := range b.list {
		b.index[a.ID] = i
		if a.Links == nil {
			b.list[i] = a.WithLinks()
		}
	}
	return b
}

// FullText implements Backend.
func (b *memoryBackend) FullText(context.Context, string) (articles.Article, error) {
	return articles.Article{}, errNoFullText
}

// FeedText implements Backend: every article here has one text.
func (b *memoryBackend) FeedText(ctx context.Context, id string) (articles.Article, error) {
	return b.Load(ctx, id)
}

// Newest implements Backend.
func (b *memoryBackend) Newest(_ context.Context, n int) ([]articles.Article, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return slices.Clone(b.list[:min(max(n, 0), len(b.list))]), nil
}

// List implements Backend.
func (b *memoryBackend) List(context.Context) ([]articles.Article, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return slices.Clone(b.list), nil
}

// Load implements Backend.
func (b *memoryBackend) Load(_ context.Context, id string) (articles.Article, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	i, ok := b.index[id]
	if !ok {
		return articles.Article{}, fmt.Errorf("no article %q", id)
	}
	return b.list[i], nil
}

// SetRead implements Backend. An unknown ID fails the call before any mark
// changes, as a transaction would.
func (b *memoryBackend) SetRead(_ context.Context, ids []string, read bool) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, id := range ids {
		if _, ok := b.index[id]; !ok {
			return fmt.Errorf("no article %q", id)
		}
	}
	for _, id := range ids {
		b.list[b.index[id]].Read = read
	}
	return nil
}

// SetStarred implements Backend.
func (b *memoryBackend) SetStarred(_ context.Context, id string, starred bool) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	i, ok := b.index[id]
	if !ok {
		return fmt.Errorf("no article %q", id)
	}
	b.list[i].Starred = starred
	return nil
}

// Feeds implements Backend.
func (b *memoryBackend) Feeds(context.Context) ([]articles.Feed, error) { return nil, nil }

// Refresh implements Backend.
func (b *memoryBackend) Refresh(context.Context, func(articles.Progress)) error { return errNoFeeds }

// MarkAllRead implements Backend.
func (b *memoryBackend) MarkAllRead(ctx context.Context, feedURL string) error {
	var ids []string
	for _, a := range b.list {
		if feedURL == "" || a.FeedURL == feedURL {
			ids = append(ids, a.ID)
		}
	}
	return b.SetRead(ctx, ids, true)
}

// Sync implements Backend.
func (b *memoryBackend) Sync(context.Context, func(articles.Progress)) error { return errNoFeeds }

// ReadURL implements Backend.
func (b *memoryBackend) ReadURL(context.Context, string) (articles.Article, error) {
	return articles.Article{}, errNoNetwork
}
