package app

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/herald-reader/herald/articles"
)

// bundled is the articles that ship inside herald, with read and star marks
// kept for the session only: they are not in the cache. Cmds run on their
// own goroutines, so every access holds mu.
type bundled struct {
	mu    sync.Mutex
	list  []articles.Article // newest first
	index map[string]int
}

func newBundled(list []articles.Article) *bundled {
	b := &bundled{list: slices.Clone(list), index: make(map[string]int, len(list))}
	slices.SortStableFunc(b.list, func(x, y articles.Article) int {
		return y.Published.Compare(x.Published)
	})
	for i, a := range b.list {
		b.index[a.ID] = i
		// Once, not at every open: the bundled articles never change.
		b.list[i] = a.WithLinks()
	}
	return b
}

func isBundled(id string) bool { return strings.HasPrefix(id, "bundled:") }

func (b *bundled) all() []articles.Article {
	if b == nil {
		return nil
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	return slices.Clone(b.list)
}

func (b *bundled) load(id string) (articles.Article, error) {
	if b == nil {
		return articles.Article{}, fmt.Errorf("no article %q", id)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	i, ok := b.index[id]
	if !ok {
		return articles.Article{}, fmt.Errorf("no article %q", id)
	}
	return b.list[i], nil
}

func (b *bundled) mark(id string, set func(*articles.Article)) error {
	if b == nil {
		return fmt.Errorf("no article %q", id)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	i, ok := b.index[id]
	if !ok {
		return fmt.Errorf("no article %q", id)
	}
	set(&b.list[i])
	return nil
}
