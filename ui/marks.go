package ui

// Read and star marks: shown at once, sent to the Backend from a Cmd, and
// kept as pending until no list read before them can still arrive. Their
// Cmds run under a context that quitting does not cancel, and quitting
// waits for them (Model.quit): a mark the user saw is never dropped.

import (
	"context"
	"maps"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/herald-reader/herald/articles"
)

// markField is which mark of an article a mark call sets.
type markField int

const (
	markRead markField = iota
	markStar
)

type markKey struct {
	id    string
	field markField
}

// pendingMark is a mark the list shows that a list on its way may not have
// seen: the backend has not confirmed it yet, or confirmed it while a list
// read before it was still in flight. Every list that arrives gets these
// marks put back, so a reload never undoes what the user just did.
type pendingMark struct {
	value  bool
	seq    int  // the mark call that set it; a later call on the same mark replaces it
	done   bool // the backend has confirmed it
	doneAt int  // the newest list asked for when it was confirmed; later lists include it
}

func setReadCmd(ctx context.Context, b Backend, ids []string, read bool, seq int) tea.Cmd {
	return func() tea.Msg {
		n := len(ids)
		err := b.SetRead(ctx, ids, read)
		if err != nil {
			n = 0 // one transaction: none of them changed
		}
		return markedMsg{what: "mark read", n: n, err: err, field: markRead, ids: ids, seq: seq}
	}
}

func setStarredCmd(ctx context.Context, b Backend, id string, starred bool, seq int) tea.Cmd {
	return func() tea.Msg {
		err := b.SetStarred(ctx, id, starred)
		return markedMsg{what: "star", n: 1, err: err, field: markStar, ids: []string{id}, seq: seq}
	}
}

// setMark changes one article's marks in place; the view is not rebuilt, so
// an article read from the unread view stays until the view changes.
func (l library) setMark(id string, set func(*articles.Article)) library {
	i, ok := l.byID[id]
	if !ok {
		return l
	}
	wasRead := l.all[i].Read
	set(&l.all[i])
	d := 0
	switch {
	case wasRead && !l.all[i].Read:
		d = 1
	case !wasRead && l.all[i].Read:
		d = -1
	}
	l.unread += d
	return l
}

func withMark(a articles.Article, f markField, v bool) articles.Article {
	if f == markStar {
		a.Starred = v
	} else {
		a.Read = v
	}
	return a
}

// markRead shows ids read (or unread) at once and records the marks.
func (l library) markRead(ids []string, read bool) (library, tea.Cmd) {
	l.markSeq++
	l.pending = maps.Clone(l.pending)
	if l.pending == nil {
		l.pending = map[markKey]pendingMark{}
	}
	for _, id := range ids {
		l = l.setMark(id, func(a *articles.Article) { a.Read = read })
		l.pending[markKey{id, markRead}] = pendingMark{value: read, seq: l.markSeq}
	}
	l.writing++
	return l, setReadCmd(l.writeCtx, l.c.opts.Backend, ids, read, l.markSeq)
}

// markAllRead is markRead for M on a view that is a whole scope (every
// article, or one feed, with no title filter): the backend is asked to
// mark the scope, so a sync server marks its own entries of it too.
func (l library) markAllRead(ids []string, feedURL string) (library, tea.Cmd) {
	l, _ = l.markRead(ids, true)
	b, ctx, seq := l.c.opts.Backend, l.writeCtx, l.markSeq
	return l, func() tea.Msg {
		n := len(ids)
		err := b.MarkAllRead(ctx, feedURL)
		if err != nil {
			n = 0
		}
		return markedMsg{what: "mark all read", n: n, err: err, field: markRead, ids: ids, seq: seq}
	}
}

// whole is the whole the view shows, when it is one: ok with feedURL ""
// for every article (all or unread, no filter), or one feed's URL (the
// feeds view opened it). A tag's feeds are marked by their articles.
func (l library) whole() (feedURL string, ok bool) {
	if l.filter != "" || (l.kind != viewAll && l.kind != viewUnread) {
		return "", false
	}
	switch len(l.scope.feeds) {
	case 0:
		return "", l.scope.feeds == nil
	case 1:
		for u := range l.scope.feeds {
			return u, true
		}
	}
	return "", false
}

// markStarred shows id starred (or not) at once and records the mark.
func (l library) markStarred(id string, star bool) (library, tea.Cmd) {
	l.markSeq++
	l.pending = maps.Clone(l.pending)
	if l.pending == nil {
		l.pending = map[markKey]pendingMark{}
	}
	l = l.setMark(id, func(a *articles.Article) { a.Starred = star })
	l.pending[markKey{id, markStar}] = pendingMark{value: star, seq: l.markSeq}
	l.writing++
	return l, setStarredCmd(l.writeCtx, l.c.opts.Backend, id, star, l.markSeq)
}

// marked takes the backend's answer to a mark call. A failed mark is
// forgotten, so the re-list that follows shows the truth. A confirmed one
// is kept while a list asked for before it may still arrive.
func (l library) marked(msg markedMsg) library {
	l.writing = max(l.writing-1, 0)
	l.pending = maps.Clone(l.pending)
	for _, id := range msg.ids {
		k := markKey{id, msg.field}
		p, ok := l.pending[k]
		if !ok || p.seq != msg.seq {
			continue // a later mark of the same kind is still on its way
		}
		if msg.err != nil || l.inFlight == 0 {
			delete(l.pending, k)
			continue
		}
		p.done, p.doneAt = true, l.listSeq
		l.pending[k] = p
	}
	return l
}

// prunePending forgets confirmed marks that the list seq already includes:
// it was asked for after the backend confirmed them.
func (l library) prunePending(seq int) library {
	l.pending = maps.Clone(l.pending)
	maps.DeleteFunc(l.pending, func(_ markKey, p pendingMark) bool {
		return p.done && p.doneAt < seq
	})
	return l
}
