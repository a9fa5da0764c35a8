package ui

// The library's views (f), its scope (a feed or a tag, from the feeds
// view), and the next unread article (u).

import (
	"slices"

	"github.com/herald-reader/herald/articles"
)

// cycleView steps all → unread → starred → new since last time → all.
// Feeds are reached from the feeds view (F), not by stepping through them.
func (l library) cycleView() library {
	keep := l.selectedID()
	l.kind = (l.kind + 1) % viewKinds
	return l.recompute(keep, nil)
}

// setScope shows one feed or tag (or, with the zero scope, everything)
// from its newest article.
func (l library) setScope(s scope) library {
	l.scope = s
	l.cursor, l.offset = 0, 0
	l = l.recompute("", nil)
	l.cursor, l.offset = 0, 0
	return l.clampOffset()
}

// showAll leaves every narrowing: scope, view and filter.
func (l library) showAll() library {
	keep := l.selectedID()
	l.scope, l.kind = scope{}, viewAll
	l = l.dropTextSearch()
	l.filter, l.filtering = "", false
	return l.recompute(keep, nil)
}

func (l library) viewLabel() string {
	label := [...]string{viewAll: "all", viewUnread: "unread", viewStarred: "starred", viewNew: "new since last time"}[l.kind]
	if l.scope.feeds != nil {
		return l.scope.label + " · " + label
	}
	return label
}

// nextUnread is the first unread article at or after position from in the
// current order, wrapping round; else, with none left there, the newest
// unread article of all, and outside is set.
func (l library) nextUnread(from int) (a articles.Article, outside, ok bool) {
	n := len(l.visible)
	for k := range n {
		if a := l.all[l.visible[(max(from, 0)+k)%n]]; !a.Read {
			return a, false, true
		}
	}
	for _, a := range l.all {
		if !a.Read {
			return a, true, true
		}
	}
	return articles.Article{}, false, false
}

// position is id's place in the current order, or -1.
func (l library) position(id string) int {
	i, ok := l.byID[id]
	if !ok {
		return -1
	}
	return slices.Index(l.visible, i)
}
