package ui

// The refresh task: started by r or RefreshOnStart, summed up in the status
// line when it returns. New articles are listed while it runs, so one slow
// feed does not hold back the others' articles until its timeout.

import (
	"fmt"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/herald-reader/herald/articles"
	"github.com/herald-reader/herald/termsafe"
)

// relistEvery is how many progress messages must pass between two lists
// taken while a refresh runs. Counting messages, not time, keeps clocks
// out of Update; with 256 feeds at once it is a list every tenth of the
// refresh or so, and listing 50,000 articles stays a small share of it.
const relistEvery = 25

// refreshState is what the running refresh has listed: listedNew is
// Progress.New when the library last listed, sinceList counts progress
// messages since then.
type refreshState struct {
	listedNew, sinceList int
	// from is the screen the refresh was started on, which its summary
	// belongs to.
	from screenID
}

func (m Model) startRefresh() (Model, tea.Cmd) {
	if !m.c.opts.CanRefresh {
		return m, nil
	}
	var cmd, sync tea.Cmd
	var ok, syncing bool
	if m.c.opts.CanSync {
		// Beside the refresh, not after it: a slow feed must not hold
		// back the marks, nor a slow server the feeds.
		m.tasks, sync, syncing = m.tasks.start(taskSync, "sync", "accounts", m.c.opts.Backend.Sync)
	}
	m.tasks, cmd, ok = m.tasks.start(taskRefresh, "refresh", "feeds", m.c.opts.Backend.Refresh)
	cmd = tea.Batch(cmd, sync)
	if !ok && !syncing {
		return m.setStatus("a refresh is already running", false)
	}
	// The first new articles are listed as soon as they arrive.
	m.refresh = refreshState{sinceList: relistEvery, from: m.screen}
	m.status = status{gen: m.status.gen + 1}
	return m, cmd
}

func (m Model) refreshProgressed(p articles.Progress, wait tea.Cmd) (Model, tea.Cmd) {
	m.refresh.sinceList++
	// One list at a time: a list slower than the progress never piles up.
	if p.New > m.refresh.listedNew && m.refresh.sinceList >= relistEvery && m.library.inFlight == 0 {
		m.refresh.listedNew, m.refresh.sinceList = p.New, 0
		var list tea.Cmd
		m.library, list = m.library.list()
		return m, tea.Batch(wait, list)
	}
	return m, wait
}

func (m Model) refreshDone(p articles.Progress, err error) (Model, tea.Cmd) {
	var list tea.Cmd
	m.library, list = m.library.list()
	cmds := []tea.Cmd{list}
	if m.screen == screenFeeds && m.c.opts.HasFeeds {
		var feeds tea.Cmd
		m.feeds, feeds = m.feeds.request()
		cmds = append(cmds, feeds)
	}
	text, isErr := fmt.Sprintf("refreshed %s: %d new, %d failed", articles.Plural(p.Total, "feed"), p.New, p.Failed), p.Failed > 0
	if p.Recovered > 0 {
		text += fmt.Sprintf(", %d recovered", p.Recovered)
	}
	switch {
	case err != nil:
		text, isErr = "refresh failed: "+termsafe.Safe(err.Error()), true
	case p.Failed > 0 || p.Recovered > 0:
		text += m.detailsHint(m.refresh.from)
	}
	m, fade := m.say(text, isErr, m.refresh.from)
	return m, tea.Batch(append(cmds, fade)...)
}

// detailsHint points to the feeds view, by the key it is bound to, for
// the details of a summary shown on screen s; "" when there is no feeds
// view to go to, or the summary is shown there.
func (m Model) detailsHint(s screenID) string {
	if !m.c.keys.FeedsView.Enabled() || s == screenFeeds {
		return ""
	}
	if k := shortKey(m.c.keys.FeedsView); k != "" {
		return " - " + k + " for details"
	}
	return ""
}
