package ui

// f in the reader: the article's full text, read from its web page in the
// background as a task (one per article, side by side), or its feed's text
// again. A full text that arrives for an article no longer on screen is in
// the cache (the backend put it there) and opens with the article next
// time; it does not take over the screen.

import (
	"context"
	"fmt"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/herald-reader/herald/articles"
	"github.com/herald-reader/herald/termsafe"
)

// taskTitleW bounds the article's title in the status line.
const taskTitleW = 40

type (
	// toggleTextMsg asks the root to switch the reader showing article id
	// to its other text.
	toggleTextMsg struct{ id string }
	// feedTextMsg carries Backend.FeedText's answer for article id.
	feedTextMsg struct {
		id      string
		article articles.Article
		err     error
	}
)

func feedTextCmd(ctx context.Context, b Backend, id string) tea.Cmd {
	return func() tea.Msg {
		a, err := b.FeedText(ctx, id)
		return feedTextMsg{id: id, article: a, err: err}
	}
}

// toggleText switches the reader between the article's feed text and its
// full text: at once when the reader has had the other one, else by asking
// the backend, a full text as a task.
func (m Model) toggleText(id string) (Model, tea.Cmd) {
	if !m.hasReader || m.readerID != id {
		return m, nil
	}
	r := m.reader
	switch {
	case r.other != nil:
		return m.swapText(*r.other)
	case r.article.FeedURL == "":
		return m.setStatus("this article is not from a feed: its text is all there is", false)
	case r.article.FullText:
		return m, feedTextCmd(m.ctx, m.c.opts.Backend, id)
	}
	title := ansi.Truncate(r.article.Title, taskTitleW, "…")
	fullText := m.c.opts.Backend.FullText
	var cmd tea.Cmd
	var ok bool
	m.tasks, cmd, ok = m.tasks.startValueFor(taskFullText, id, "full text: "+title, "", func(ctx context.Context, _ func(articles.Progress)) (any, error) {
		return fullText(ctx, id)
	})
	if !ok {
		return m.setStatus("already reading this article's web page", false)
	}
	return m, cmd
}

// swapText shows a, the other text of the article on screen, keeping the
// one it replaces for the way back.
func (m Model) swapText(a articles.Article) (Model, tea.Cmd) {
	prev := m.reader.article
	m, cmd := m.showReader(a)
	m.reader.other = &prev
	// A section already rendered was composed before other was known:
	// again, so a summary's note says the whole article is one key away.
	r := m.reader
	if r.summary && r.want == (renderKey{}) {
		if lines, ok := r.c.render.get(r.shown); ok {
			m.reader = r.show(r.shown, lines)
		}
	}
	return m, cmd
}

// fullTextDone takes a full-text task's end: the text replaces the feed's
// if its article is still on screen, showing its feed's text.
func (m Model) fullTextDone(t task, msg taskDoneMsg) (Model, tea.Cmd) {
	title := t.label[len("full text: "):]
	if msg.err != nil {
		return m.setStatus(fmt.Sprintf("full text of “%s”: %s; the feed's text stays", title, termsafe.Safe(msg.err.Error())), true)
	}
	a, ok := msg.value.(articles.Article)
	if !ok {
		return m, nil
	}
	if m.screen == screenReader && m.hasReader && m.readerID == t.key && !m.reader.article.FullText {
		m, show := m.swapText(a)
		m, status := m.setStatus("full text: "+articles.Plural(len(a.Sections), "section")+" from the web page; f goes back to the feed's", false)
		return m, tea.Batch(show, status)
	}
	return m.setStatus(fmt.Sprintf("the full text of “%s” is saved: it opens with the article", title), false)
}

// handleFeedText shows the feed's text fetched for f, if its article still
// shows its full text.
func (m Model) handleFeedText(msg feedTextMsg) (Model, tea.Cmd) {
	if !m.hasReader || m.readerID != msg.id || !m.reader.article.FullText {
		return m, nil
	}
	if msg.err != nil {
		return m.setStatus("could not load the feed's text: "+termsafe.Safe(msg.err.Error()), true)
	}
	return m.swapText(msg.article)
}
