package ui

import (
	"context"
	"fmt"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/herald-reader/herald/articles"
)

func TestNewArticlesShowWhileTheRefreshRuns(t *testing.T) {
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
		queue = append(queue, runAppCmd(h.send(msg))...)
		if n := h.m.library.inFlight; n > 1 {
			t.Fatalf("%d lists in flight at once", n)
		}
	}
	if !h.m.refresh.running || h.m.refresh.last.Done != feeds {
		t.Fatalf("setup: refresh running %v at %d feeds", h.m.refresh.running, h.m.refresh.last.Done)
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
