package ui

// The background refresh: started by r or RefreshOnStart, read one progress
// message at a time, summed up in the status line when the channel closes.

import (
	"context"
	"fmt"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/herald-reader/herald/articles"
)

func (m Model) startRefresh() (Model, tea.Cmd) {
	if m.c.opts.Refresh == nil {
		return m, nil
	}
	if m.refresh.running {
		return m.setStatus("a refresh is already running", false)
	}
	ch := make(chan RefreshProgress, 16)
	m.refresh.running, m.refresh.ch, m.refresh.last = true, ch, RefreshProgress{}
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
	return m, waitProgressCmd(msg.ch)
}

func (m Model) handleRefreshDone(msg refreshDoneMsg) (Model, tea.Cmd) {
	if msg.ch != m.refresh.ch || !m.refresh.running {
		return m, nil
	}
	m.refresh.running = false
	p := m.refresh.last
	cmds := []tea.Cmd{listCmd(m.ctx, m.c.opts.Backend)}
	if m.screen == screenFeeds && m.c.opts.Feeds != nil {
		cmds = append(cmds, feedsCmd(m.ctx, m.c.opts.Feeds))
	}
	if p.Err != nil {
		m.status = status{text: "refresh failed: " + articles.Safe(p.Err.Error()), err: true, gen: m.status.gen + 1}
		return m, tea.Batch(cmds...)
	}
	text := fmt.Sprintf("refreshed %s: %d new, %d failed", plural(p.Total, "feed"), p.New, p.Failed)
	if p.Failed > 0 {
		text += " - F for details"
	}
	m.status = status{text: text, err: p.Failed > 0, gen: m.status.gen + 1}
	return m, tea.Batch(cmds...)
}
