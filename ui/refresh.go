package ui

// The background refresh: started by r or RefreshOnStart, read one progress
// message at a time, summed up in the status line when the channel closes.
// New articles are listed while it runs, so one slow feed does not hold
// back the others' articles until its timeout.

import (
	"context"
	"fmt"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/herald-reader/herald/termsafe"
)

// relistEvery is how many progress messages must pass between two lists
// taken while a refresh runs. Counting messages, not time, keeps clocks
// out of Update; with 256 feeds at once it is a list every tenth of the
// refresh or so, and listing 50,000 articles stays a small share of it.
const relistEvery = 25

func (m Model) startRefresh() (Model, tea.Cmd) {
	if m.c.opts.Refresh == nil {
		return m, nil
	}
	if m.refresh.running {
		return m.setStatus("a refresh is already running", false)
	}
	ch := make(chan RefreshProgress, 16)
	m.refresh.running, m.refresh.ch, m.refresh.last = true, ch, RefreshProgress{}
	// The first new articles are listed as soon as they arrive.
	m.refresh.listedNew, m.refresh.sinceList = 0, relistEvery
	m.status = status{gen: m.status.gen + 1}
	return m, tea.Batch(
		runRefreshCmd(m.ctx, m.c.opts.Refresh, ch),
		waitProgressCmd(ch),
		m.refresh.spinner.Tick,
	)
}

// runRefreshCmd starts the refresh on its own goroutine and returns at once,
// so the Cmd never waits on the network; progress arrives through
// waitProgressCmd.
func runRefreshCmd(ctx context.Context, refresh func(context.Context, chan<- RefreshProgress), ch chan RefreshProgress) tea.Cmd {
	return func() tea.Msg {
		go refresh(ctx, ch)
		return nil
	}
}

// waitProgressCmd reads one progress message; Update issues it again after
// each, until the refresh closes the channel.
func waitProgressCmd(ch <-chan RefreshProgress) tea.Cmd {
	return func() tea.Msg {
		p, ok := <-ch
		if !ok {
			return refreshDoneMsg{ch: ch}
		}
		return refreshProgressMsg{ch: ch, p: p}
	}
}

func (m Model) handleRefreshProgress(msg refreshProgressMsg) (Model, tea.Cmd) {
	if msg.ch != m.refresh.ch {
		return m, nil
	}
	m.refresh.last = msg.p
	m.refresh.sinceList++
	wait := waitProgressCmd(msg.ch)
	// One list at a time: a list slower than the progress never piles up.
	if msg.p.New > m.refresh.listedNew && m.refresh.sinceList >= relistEvery && m.library.inFlight == 0 {
		m.refresh.listedNew, m.refresh.sinceList = msg.p.New, 0
		var list tea.Cmd
		m.library, list = m.library.list()
		return m, tea.Batch(wait, list)
	}
	return m, wait
}

func (m Model) handleRefreshDone(msg refreshDoneMsg) (Model, tea.Cmd) {
	if msg.ch != m.refresh.ch || !m.refresh.running {
		return m, nil
	}
	m.refresh.running = false
	p := m.refresh.last
	var list tea.Cmd
	m.library, list = m.library.list()
	cmds := []tea.Cmd{list}
	if m.screen == screenFeeds && m.c.opts.Feeds != nil {
		cmds = append(cmds, feedsCmd(m.ctx, m.c.opts.Feeds))
	}
	if p.Err != nil {
		m.status = status{text: "refresh failed: " + termsafe.Safe(p.Err.Error()), err: true, gen: m.status.gen + 1}
		return m, tea.Batch(cmds...)
	}
	text := fmt.Sprintf("refreshed %s: %d new, %d failed", plural(p.Total, "feed"), p.New, p.Failed)
	if p.Failed > 0 {
		text += " - F for details"
	}
	m.status = status{text: text, err: p.Failed > 0, gen: m.status.gen + 1}
	return m, tea.Batch(cmds...)
}
