package ui

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/herald-reader/herald/articles"
	"github.com/herald-reader/herald/termsafe"
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

// Search implements Backend, simply: an article matches when its title or
// text holds every word of the query, in any case; the newest come first.
// Quotes and operators are taken as words: the cache's search index, not
// this, is what reads the query syntax.
func (b *memoryBackend) Search(_ context.Context, query string, n int) ([]articles.Hit, error) {
	words := strings.FieldsFunc(foldString(query), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) })
	if len(words) == 0 {
		return nil, errors.New("cannot search for that: it has no letters or digits to look for")
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	var hits []articles.Hit
	for _, a := range b.list {
		if len(hits) >= n {
			break
		}
		var text strings.Builder
		for _, s := range a.Sections {
			text.WriteString(s.Title + "\n" + s.Markdown + "\n")
		}
		body := foldText(text.String())
		all := foldString(a.Title) + "\n" + body.s
		if !containsAll(all, words) {
			continue
		}
		h := articles.Hit{Article: a, Rank: float64(len(hits))}
		h.Article.Sections = nil
		h.Snippet = memorySnippet(text.String(), body, words)
		hits = append(hits, h)
	}
	return hits, nil
}

func containsAll(s string, words []string) bool {
	for _, w := range words {
		if !strings.Contains(s, w) {
			return false
		}
	}
	return true
}

// memorySnippet quotes about 60 bytes of text from a little before the
// first word found, on one line, with every word found in it marked.
func memorySnippet(text string, f folded, words []string) articles.Snippet {
	start := len(text)
	for _, w := range words {
		if m := f.all(w); len(m) > 0 {
			start = min(start, m[0][0])
		}
	}
	if start == len(text) {
		start = 0
	}
	start = max(strings.LastIndexAny(text[:start], " \n"), 0)
	end := min(start+60, len(text))
	for end < len(text) && !utf8.RuneStart(text[end]) {
		end++
	}
	quote := strings.Map(func(r rune) rune {
		if r == '\n' {
			return ' '
		}
		return r
	}, termsafe.Safe(text[start:end]))
	quote = strings.TrimLeft(quote, " ")
	var marks []articles.Span
	qf := foldText(quote)
	for _, w := range words {
		for _, m := range qf.all(w) {
			marks = append(marks, articles.Span{Start: m[0], End: m[1]})
		}
	}
	slices.SortFunc(marks, func(x, y articles.Span) int { return x.Start - y.Start })
	return articles.Snippet{Text: quote, Marks: marks}
}

// ReadURL implements Backend.
func (b *memoryBackend) ReadURL(context.Context, string) (articles.Article, error) {
	return articles.Article{}, errNoNetwork
}
