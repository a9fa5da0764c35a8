package ui

// The library's search of the articles' text. Once the filter is
// textSearchMin characters long, and has stayed the same for
// textSearchDelay, the Backend searches the text of every article in a
// Cmd; its hits follow the title matches. Each keystroke drops the search
// before it (its context is cancelled, and its answer is recognised by seq
// and dropped), so typing never waits for the index and an old answer never
// lands under a newer filter.

import (
	"context"
	"time"
	"unicode/utf8"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/herald-reader/herald/articles"
)

const (
	// textSearchMin is the shortest filter the text is searched for: one
	// or two letters match most of any cache and say little.
	textSearchMin = 3
	// textSearchDelay is how long the filter must stay the same before
	// the text is searched: the pause between words, not between keys.
	textSearchDelay = 150 * time.Millisecond
	// textSearchHits is how many hits the library asks for; those outside
	// the current view are then left out.
	textSearchHits = 100
)

// textSearch is the state of the text search for the current filter.
type textSearch struct {
	seq     int    // the last search started or dropped; messages carry it
	query   string // the filter the hits and err answer
	hits    []articles.Hit
	err     error
	waiting bool // a search for the current filter is due or on its way
	cancel  context.CancelFunc
	// snippets are the hits' snippets by article ID, for drawing.
	snippets map[string]articles.Snippet
}

type (
	// textSearchDueMsg is the debounce tick: the filter has stayed put.
	textSearchDueMsg struct{ seq int }
	// textSearchDoneMsg carries Backend.Search's answer.
	textSearchDoneMsg struct {
		seq   int
		query string
		hits  []articles.Hit
		err   error
	}
)

// shows reports whether the text search answers filter (or will): the
// line that heads its matches is drawn.
func (t textSearch) shows(filter string) bool {
	return utf8.RuneCountInString(filter) >= textSearchMin && (t.waiting || t.query == filter)
}

// dropTextSearch forgets the text search, stopping one on its way.
func (l library) dropTextSearch() library {
	if l.text.cancel != nil {
		l.text.cancel()
	}
	l.text = textSearch{seq: l.text.seq + 1}
	return l
}

// searchText follows a change of the filter: the search for the old one
// goes, and one for the new one is due after textSearchDelay.
func (l library) searchText() (library, tea.Cmd) {
	l = l.dropTextSearch()
	if utf8.RuneCountInString(l.filter) < textSearchMin {
		return l, nil
	}
	l.text.waiting = true
	seq := l.text.seq
	return l, tea.Tick(textSearchDelay, func(time.Time) tea.Msg { return textSearchDueMsg{seq: seq} })
}

// searchDue starts the search once its debounce tick arrives, unless the
// filter has changed since.
func (l library) searchDue(msg textSearchDueMsg) (library, tea.Cmd) {
	if msg.seq != l.text.seq || !l.text.waiting {
		return l, nil
	}
	ctx, cancel := context.WithCancel(l.ctx)
	l.text.cancel = cancel
	b, query, seq := l.c.opts.Backend, l.filter, msg.seq
	return l, func() tea.Msg {
		hits, err := b.Search(ctx, query, textSearchHits)
		cancel()
		return textSearchDoneMsg{seq: seq, query: query, hits: hits, err: err}
	}
}

// searchDone takes the search's answer, if it is still the current one.
func (l library) searchDone(msg textSearchDoneMsg) library {
	if msg.seq != l.text.seq || msg.query != l.filter {
		return l
	}
	keep := l.selectedID()
	l.text.cancel = nil
	l.text.waiting, l.text.query, l.text.hits, l.text.err = false, msg.query, msg.hits, msg.err
	l.text.snippets = make(map[string]articles.Snippet, len(msg.hits))
	for _, h := range msg.hits {
		l.text.snippets[h.Article.ID] = h.Snippet
	}
	return l.recompute(keep, nil)
}
