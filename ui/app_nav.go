package ui

// Going from article to article: opening one, stepping through the
// library's order, the next unread one, a feed or tag from the feeds view.

import (
	tea "github.com/charmbracelet/bubbletea"
	"github.com/herald-reader/herald/articles"
	"github.com/herald-reader/herald/termsafe"
)

// open shows a in the reader, loading its sections first when the list
// came without them, and marks it read.
func (m Model) open(a articles.Article) (Model, tea.Cmd) {
	var cmds []tea.Cmd
	if !a.Read {
		var cmd tea.Cmd
		m.library, cmd = m.library.markRead([]string{a.ID}, true)
		cmds = append(cmds, cmd)
	}
	m.library = m.library.selectID(a.ID)
	if len(a.Sections) > 0 {
		m.loadingID = ""
		m, show := m.showReader(a)
		return m, tea.Batch(append(cmds, show)...)
	}
	m.loadingID = a.ID
	cmds = append(cmds, loadCmd(m.ctx, m.c.opts.Backend, a.ID))
	return m, tea.Batch(cmds...)
}

func (m Model) handleArticleLoaded(msg articleLoadedMsg) (Model, tea.Cmd) {
	if m.loadingID == "" || msg.id != m.loadingID {
		return m, nil // a load the user has since moved on from, failed or not
	}
	m.loadingID = ""
	if msg.err != nil {
		return m.say("could not open the article: "+termsafe.Safe(msg.err.Error()), true, screenLibrary)
	}
	return m.showReader(msg.article)
}

func (m Model) showReader(a articles.Article) (Model, tea.Cmd) {
	var cmd tea.Cmd
	// The article it renders and searches is going: its Cmds may stop.
	m.reader = m.reader.dropWant().endFind()
	m.reader, cmd = newReader(m.c, a)
	m.hasReader = true
	m.readerID = a.ID
	m.screen = screenReader
	m.showHelp = false
	return m, cmd
}

// step opens the article delta places from the reader's in the library's
// current order, filter and view included; from the one being loaded, when
// an earlier step is still loading it.
func (m Model) step(delta int) (Model, tea.Cmd) {
	from := m.readerID
	if m.loadingID != "" {
		from = m.loadingID
	}
	next, ok := m.library.neighbour(from, delta)
	switch {
	case ok:
		return m.open(next)
	case !m.library.contains(from):
		return m.setStatus("this article is not in the library's list", false)
	case delta > 0:
		return m.setStatus("last article", false)
	}
	return m.setStatus("first article", false)
}

// nextUnread opens the first unread article at or after position from in
// the library's order; with none left there, the newest unread article of
// all, and the library shows everything again so n and p go on from it.
func (m Model) nextUnread(from int) (Model, tea.Cmd) {
	a, outside, ok := m.library.nextUnread(from)
	if !ok {
		return m.setStatus("no unread articles", false)
	}
	var status tea.Cmd
	if outside {
		m.library = m.library.showAll()
		m, status = m.setStatus("no unread articles left in that view: showing all", false)
	}
	m, cmd := m.open(a)
	return m, tea.Batch(cmd, status)
}

// openScope shows the library narrowed to a feed or a tag.
func (m Model) openScope(s scope) (Model, tea.Cmd) {
	m.library = m.library.setScope(s)
	m.screen = screenLibrary
	return m, nil
}
