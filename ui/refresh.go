package ui

// The background refresh: started by r or RefreshOnStart, read one progress
// message at a time, summed up in the status line when it returns. New
// articles are listed while it runs, so one slow feed does not hold back
// the others' articles until its timeout.

import (
	"context"
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

// refreshEvent is one step of a refresh on its way to Update: progress, or
// the end with Backend.Refresh's error.
type refreshEvent struct {
	p    articles.Progress
	done bool
	err  error
}

func (m Model) startRefresh() (Model, tea.Cmd) {
	if !m.c.opts.CanRefresh {
		return m, nil
	}
	if m.refresh.running {
		return m.setStatus("a refresh is already running", false)
	}
	ch := make(chan refreshEvent, 16)
	m.refresh.running, m.refresh.ch, m.refresh.last = true, ch, articles.Progress{}
	// The first new articles are listed as soon as they arrive.
	m.refresh.listedNew, m.refresh.sinceList = 0, relistEvery
	m.status = status{gen: m.status.gen + 1}
	return m, tea.Batch(
		runRefreshCmd(m.ctx, m.c.opts.Backend, ch),
		waitProgressCmd(ch),
		m.refresh.spinner.Tick,
	)
}

// runRefreshCmd runs the refresh on the Cmd's own goroutine; progress
// reaches Update through waitProgressCmd. A send gives up once ctx is
// cancelled, so a refresh the UI stopped reading cannot hang.
func runRefreshCmd(ctx context.Context, b Backend, ch chan<- refreshEvent) tea.Cmd {
	return func() tea.Msg {
		send := func(e refreshEvent) {
			select {
			case ch <- e:
			case <-ctx.Done():
			}
		}
		err := b.Refresh(ctx, func(p articles.Progress) { send(refreshEvent{p: p}) })
		send(refreshEvent{done: true, err: err})
		close(ch)
		return nil
	}
}

// waitProgressCmd reads one event; Update issues it again after each
// progress message, until the refresh is done.
func waitProgressCmd(ch <-chan refreshEvent) tea.Cmd {
	return func() tea.Msg {
		e, ok := <-ch
		switch {
		case !ok:
			return nil
		case e.done:
			return refreshDoneMsg{ch: ch, err: e.err}
		}
		return refreshProgressMsg{ch: ch, p: e.p}
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
	if m.screen == screenFeeds && m.c.opts.HasFeeds {
		cmds = append(cmds, feedsCmd(m.ctx, m.c.opts.Backend))
	}
	if msg.err != nil {
		m.status = status{text: "refresh failed: " + termsafe.Safe(msg.err.Error()), err: true, gen: m.status.gen + 1}
		return m, tea.Batch(cmds...)
	}
	text := fmt.Sprintf("refreshed %s: %d new, %d failed", articles.Plural(p.Total, "feed"), p.New, p.Failed)
	if p.Failed > 0 {
		text += " - F for details"
	}
	m.status = status{text: text, err: p.Failed > 0, gen: m.status.gen + 1}
	return m, tea.Batch(cmds...)
}
