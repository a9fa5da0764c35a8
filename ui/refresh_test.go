package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/herald-reader/herald/articles"
)

func TestNewArticlesShowWhileTheRefreshRuns(t *testing.T) {
	t.Parallel()
	const feeds = 60
	var b *recBackend
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	// Older articles below, so the list can scroll to keep the row.
	list := libArticles()
	for i := range 60 {
		list = append(list, articles.Article{ID: fmt.Sprint("old", i), Title: fmt.Sprint("Old ", i), Published: appNow.AddDate(-2, 0, -i)})
	}
	// Each feed brings one article; the last feed hangs, as a slow server
	// does until its timeout.
	h := newAppHarness(t, list, withRefresh(func(_ context.Context, progress func(articles.Progress)) error {
		for i := 1; i <= feeds; i++ {
			b.mu.Lock()
			b.list = append([]articles.Article{{ID: fmt.Sprint("n", i), Title: fmt.Sprint("New ", i), Published: appNow}}, b.list...)
			b.mu.Unlock()
			progress(articles.Progress{Done: i, Total: feeds + 1, New: i})
		}
		<-release
		return nil
	}))
	b = h.b
	h.settleKeys("j", "j") // a3
	row := h.m.library.cursor - h.m.library.offset
	b.mu.Lock()
	listsBefore := b.lists
	b.mu.Unlock()

	// settle feeds every message in turn and gives up on the hanging wait.
	queue := []tea.Msg{keyMsg("r")}
	for len(queue) > 0 {
		var msg tea.Msg
		msg, queue = queue[0], queue[1:]
		queue = append(queue, h.run(h.send(msg))...)
		if n := h.m.library.inFlight; n > 1 {
			t.Fatalf("%d lists in flight at once", n)
		}
	}
	refresh, running := h.m.tasks.get(taskRefresh)
	if !running || refresh.progress.Done != feeds {
		t.Fatalf("setup: refresh running %v at %d feeds", running, refresh.progress.Done)
	}
	l := h.m.library
	if _, ok := l.byID["n1"]; !ok {
		t.Fatalf("no new article listed while the refresh runs: %d articles", len(l.all))
	}
	b.mu.Lock()
	lists := b.lists - listsBefore
	b.mu.Unlock()
	if max := (feeds + relistEvery - 1) / relistEvery; lists > max {
		t.Errorf("%d lists for %d progress messages, want at most %d", lists, feeds, max)
	}
	if l.selectedID() != "a3" || l.cursor-l.offset != row {
		t.Errorf("selection moved to %q on row %d, want a3 on row %d", l.selectedID(), l.cursor-l.offset, row)
	}
}

// scriptedRefresh reports steps as its progress and returns.
func scriptedRefresh(steps ...articles.Progress) func(context.Context, func(articles.Progress)) error {
	return func(_ context.Context, progress func(articles.Progress)) error {
		for _, s := range steps {
			progress(s)
		}
		return nil
	}
}

// withRefresh gives the harness's backend a refresh and turns r on.
func withRefresh(refresh func(context.Context, func(articles.Progress)) error) func(*Options, *recBackend) {
	return func(o *Options, b *recBackend) {
		o.CanRefresh = true
		b.refresh = refresh
	}
}

// withFeeds gives the harness's backend a feed list and turns F on.
func withFeeds(feeds func(context.Context) ([]articles.Feed, error)) func(*Options, *recBackend) {
	return func(o *Options, b *recBackend) {
		o.HasFeeds = true
		b.feeds = feeds
	}
}

func TestRefreshProgressAndMergeKeepsSelection(t *testing.T) {
	t.Parallel()
	refresh := withRefresh(scriptedRefresh(
		articles.Progress{Done: 1, Total: 3, New: 2},
		articles.Progress{Done: 2, Total: 3, New: 2, Failed: 1},
		articles.Progress{Done: 3, Total: 3, New: 2, Failed: 1},
	))
	h := newAppHarness(t, libArticles(), func(o *Options, b *recBackend) {
		refresh(o, b)
		o.HasFeeds = true // a cache to refresh has a feeds view to show why
	})
	h.settleKeys("j", "j") // a3

	var wait tea.Cmd
	for _, c := range h.key("r")().(tea.BatchMsg) {
		if c == nil {
			continue
		}
		c := c
		done := make(chan tea.Msg, 1)
		go func() { done <- c() }()
		select {
		case msg := <-done:
			if p, ok := msg.(taskProgressMsg); ok {
				wait = h.send(p)
			}
		case <-time.After(time.Second):
		}
	}
	if wait == nil {
		t.Fatal("r gave no progress")
	}
	if v := h.m.View(); !strings.Contains(v, "1/3 feeds") {
		t.Fatalf("status line lacks progress:\n%s", v)
	}
	wait = h.send(h.nextProgress(wait))
	if v := h.m.View(); !strings.Contains(v, "2/3 feeds · 1 failed") {
		t.Fatalf("status line lacks progress:\n%s", v)
	}
	h.key("r") // its Cmd only clears the status later
	if !strings.Contains(h.m.View(), "already running") {
		t.Errorf("a second r says nothing:\n%s", h.m.View())
	}

	// Two new articles arrive at the top of the list.
	h.b.mu.Lock()
	h.b.list = append([]articles.Article{
		{ID: "n1", Title: "Brand new", Published: appNow},
		{ID: "n2", Title: "Also new", Published: appNow},
	}, h.b.list...)
	h.b.mu.Unlock()
	wait = h.send(h.nextProgress(wait)) // the last feed
	done := h.nextProgress(wait)
	if _, ok := done.(taskDoneMsg); !ok {
		t.Fatalf("the refresh's return gave %T", done)
	}
	h.settle(done)
	v := h.m.View()
	if !strings.Contains(v, "refreshed 3 feeds: 2 new, 1 failed - F for details") {
		t.Fatalf("no summary:\n%s", v)
	}
	if len(h.m.library.all) != 6 {
		t.Fatalf("library not re-listed: %d articles", len(h.m.library.all))
	}
	if h.m.library.selectedID() != "a3" {
		t.Errorf("selection moved to %q", h.m.library.selectedID())
	}
	if h.refreshRunning() || strings.Contains(v, "feeds ·") {
		t.Error("spinner still shown after the refresh")
	}
}

// refreshRunning says whether a refresh task is running.
func (h *appHarness) refreshRunning() bool {
	_, ok := h.m.tasks.get(taskRefresh)
	return ok
}

// nextProgress runs the Cmd a progress message gave back and returns the
// refresh's next message. Anything else the Cmd gives (a list taken while
// the refresh runs) goes to the model first.
func (h *appHarness) nextProgress(cmd tea.Cmd) tea.Msg {
	h.t.Helper()
	msg := cmd()
	batch, ok := msg.(tea.BatchMsg)
	if !ok {
		return msg
	}
	var next tea.Msg
	for _, c := range batch {
		switch msg := c().(type) {
		case taskProgressMsg, taskDoneMsg:
			next = msg
		default:
			h.settle(msg)
		}
	}
	return next
}

func TestRefreshOnStartAndCancelOnQuit(t *testing.T) {
	t.Parallel()
	stopped := make(chan struct{})
	h := newAppHarness(t, libArticles(), func(o *Options, b *recBackend) {
		withRefresh(func(ctx context.Context, _ func(articles.Progress)) error {
			<-ctx.Done()
			close(stopped)
			return ctx.Err()
		})(o, b)
		o.RefreshOnStart = true
	})
	// The harness has run Init.
	if !h.refreshRunning() {
		t.Fatal("RefreshOnStart did not start a refresh")
	}
	h.key("q")
	select {
	case <-stopped:
	case <-time.After(5 * time.Second):
		t.Fatal("quitting did not cancel the refresh")
	}
}

func TestRefreshDisabledWithoutFeeds(t *testing.T) {
	t.Parallel()
	// RefreshOnStart alone is no reason to refresh.
	h := newAppHarness(t, libArticles(), func(o *Options, _ *recBackend) { o.RefreshOnStart = true })
	if h.refreshRunning() {
		t.Fatal("Init starts a refresh without CanRefresh")
	}
	h.settle(keyMsg("r"))
	if h.refreshRunning() {
		t.Fatal("r started a refresh without CanRefresh")
	}
}
