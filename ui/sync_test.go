package ui

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/herald-reader/herald/articles"
)

// withSync gives the harness's backend accounts to sync (and a refresh
// with nothing to fetch).
func withSync(sync func(context.Context, func(articles.Progress)) error) func(*Options, *recBackend) {
	return func(o *Options, b *recBackend) {
		o.CanRefresh, o.CanSync = true, true
		b.refresh = func(context.Context, func(articles.Progress)) error { return nil }
		b.sync = sync
	}
}

func TestRSyncsInTheBackgroundWhileTheLibraryWorks(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	var b *recBackend
	h := newAppHarness(t, libArticles(), withSync(func(ctx context.Context, progress func(articles.Progress)) error {
		progress(articles.Progress{Total: 1})
		select { // a server that does not answer yet
		case <-release:
		case <-ctx.Done():
			return ctx.Err()
		}
		b.mu.Lock()
		b.list = append([]articles.Article{{ID: "s1", Title: "From the server", Published: appNow}}, b.list...)
		b.mu.Unlock()
		progress(articles.Progress{Done: 1, Total: 1, New: 1})
		return nil
	}))
	b = h.b
	queue := []tea.Msg{keyMsg("r")}
	for len(queue) > 0 {
		var msg tea.Msg
		msg, queue = queue[0], queue[1:]
		queue = append(queue, h.run(h.send(msg))...)
	}
	if _, running := h.m.tasks.get(taskSync); !running {
		t.Fatal("r started no sync")
	}
	// The library answers keys while the server is silent: a mark goes to
	// the backend (and its outbox) at once.
	h.settleKeys("m")
	if reads, _ := b.marks(); len(reads) != 1 {
		t.Fatalf("marks while syncing: %v", reads)
	}
	if v := h.m.View(); !strings.Contains(v, "accounts") {
		t.Errorf("the status line does not show the sync:\n%s", v)
	}
	close(release)
	settleLateUntil(t, h, func() bool { return strings.Contains(h.m.View(), "synced 1 account") })
	if _, ok := h.m.library.byID["s1"]; !ok {
		t.Error("the synced entry is not listed")
	}
	if !strings.Contains(h.m.View(), "synced 1 account: 1 new") {
		t.Errorf("no summary:\n%s", h.m.View())
	}
}

func TestFailedSyncSaysMarksAreKept(t *testing.T) {
	t.Parallel()
	h := newAppHarness(t, libArticles(), withSync(func(ctx context.Context, progress func(articles.Progress)) error {
		progress(articles.Progress{Done: 1, Total: 1, Failed: 1})
		return errors.New("sync failed: home")
	}))
	h.settleKeys("r")
	settleLateUntil(t, h, func() bool { return strings.Contains(h.m.View(), "marks kept") })
	if v := h.m.View(); !strings.Contains(v, "home") || !strings.Contains(v, "marks kept") {
		t.Errorf("status after a failed sync:\n%s", v)
	}
}

// settleLateUntil feeds the messages of Cmds the harness gave up on (a
// task's events) until done holds.
func settleLateUntil(t *testing.T, h *appHarness, done func() bool) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for !done() {
		select {
		case msg := <-h.late:
			h.waiting--
			h.settle(msg)
		case <-deadline:
			t.Fatalf("gave up waiting; the screen:\n%s", h.m.View())
		}
	}
}

func TestFeedsViewNamesTheAccountOfAFeed(t *testing.T) {
	t.Parallel()
	h := newAppHarness(t, libArticles(), withFeeds(func(context.Context) ([]articles.Feed, error) {
		return []articles.Feed{
			{URL: "https://go.dev/feed", Title: "The Go Blog", Status: "ok"},
			{URL: "account:home:7", Link: "https://lwn.net/rss", Title: "LWN", Status: "ok", Account: "home"},
		}, nil
	}))
	h.settleKeys("F")
	v := h.m.View()
	if !strings.Contains(v, "https://lwn.net/rss") || !strings.Contains(v, "account home") || strings.Contains(v, "account:home:7") {
		t.Errorf("feeds view:\n%s", v)
	}
}
