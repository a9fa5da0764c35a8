package ui

// The sync task: started with every refresh when there are accounts. Marks
// made meanwhile, or while a server is down, wait in the backend's outbox
// for the next sync; the UI only shows how it went.

import (
	"fmt"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/herald-reader/herald/articles"
	"github.com/herald-reader/herald/termsafe"
)

// syncProgressed lists the library when an account brought new entries,
// so the first server's entries show while a second one is still syncing.
func (m Model) syncProgressed(p articles.Progress, wait tea.Cmd) (Model, tea.Cmd) {
	if p.New > m.syncListed && m.library.inFlight == 0 {
		m.syncListed = p.New
		var list tea.Cmd
		m.library, list = m.library.list()
		return m, tea.Batch(wait, list)
	}
	return m, wait
}

func (m Model) syncDone(p articles.Progress, err error) (Model, tea.Cmd) {
	m.syncListed = 0
	var list tea.Cmd
	m.library, list = m.library.list()
	cmds := []tea.Cmd{list}
	if m.screen == screenFeeds && m.c.opts.HasFeeds {
		var feeds tea.Cmd
		m.feeds, feeds = m.feeds.request()
		cmds = append(cmds, feeds)
	}
	// The summary belongs to the screen the refresh (and so the sync) was
	// started on, and fades.
	if err != nil && p.Failed == 0 {
		m, fade := m.say("sync failed: "+termsafe.SafeLine(err.Error()), true, m.refresh.from)
		return m, tea.Batch(append(cmds, fade)...)
	}
	text := fmt.Sprintf("synced %s: %d new", articles.Plural(p.Total, "account"), p.New)
	if p.Failed > 0 {
		// The error names the accounts; their marks wait for the next sync.
		text = termsafe.SafeLine(err.Error()) + " - marks kept for the next sync" + m.detailsHint(m.refresh.from)
	}
	m, fade := m.say(text, p.Failed > 0, m.refresh.from)
	return m, tea.Batch(append(cmds, fade)...)
}
