package ui

import (
	"context"
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

// NewMemoryBackend returns a Backend over list that keeps read and star
// marks in memory. The list is copied and ordered newest first.
func NewMemoryBackend(list []articles.Article) Backend {
	b := &memoryBackend{list: slices.Clone(list), index: make(map[string]int, len(list))}
	slices.SortStableFunc(b.list, func(x, y articles.Article) int {
		return y.Published.Compare(x.Published)
	})
	for i, a := range b.list {
		b.index[a.ID] = i
	}
	return b
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

// SetRead implements Backend.
func (b *memoryBackend) SetRead(_ context.Context, id string, read bool) error {
	return b.mark(id, func(a *articles.Article) { a.Read = read })
}

// SetStarred implements Backend.
func (b *memoryBackend) SetStarred(_ context.Context, id string, starred bool) error {
	return b.mark(id, func(a *articles.Article) { a.Starred = starred })
}

func (b *memoryBackend) mark(id string, set func(*articles.Article)) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	i, ok := b.index[id]
	if !ok {
		return fmt.Errorf("no article %q", id)
	}
	set(&b.list[i])
	return nil
}
