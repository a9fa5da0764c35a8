package ui

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/herald-reader/herald/articles"
)

// taskFetch stands in for tomorrow's second kind of task.
const taskFetch taskKind = 100

// countTicks runs cmd (a batch too) and counts the spinner ticks among its
// messages; jobs that block are given up on, as in runAppCmd.
func countTicks(cmd tea.Cmd) int {
	n := 0
	for _, msg := range runAllCmds(cmd) {
		if _, ok := msg.(spinner.TickMsg); ok {
			n++
		}
	}
	return n
}

// runAllCmds is runAppCmd without its filter: spinner ticks included.
func runAllCmds(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	done := make(chan tea.Msg, 1)
	go func() { done <- cmd() }()
	var msg tea.Msg
	select {
	case msg = <-done:
	case <-time.After(time.Second):
		return nil
	}
	if batch, ok := msg.(tea.BatchMsg); ok {
		var out []tea.Msg
		for _, c := range batch {
			out = append(out, runAllCmds(c)...)
		}
		return out
	}
	if msg == nil {
		return nil
	}
	return []tea.Msg{msg}
}

func idle(context.Context, func(articles.Progress)) error { return nil }

func TestTasksShareOneSpinnerChain(t *testing.T) {
	t.Parallel()
	ts := newTasks(context.Background(), spinner.New())
	ts, first, _ := ts.start(taskRefresh, "refresh", "feeds", idle)
	ts, second, ok := ts.start(taskFetch, "full text", "", idle)
	if !ok {
		t.Fatal("a second kind of task did not start beside the first")
	}
	if n := countTicks(first) + countTicks(second); n != 1 {
		t.Fatalf("two tasks started %d spinner tick chains, want 1", n)
	}
	// Each tick asks for exactly one more while a task runs.
	next, cmd := ts.tick(spinner.TickMsg{ID: ts.spinner.ID()})
	if n := countTicks(cmd); n != 1 {
		t.Fatalf("a tick scheduled %d ticks, want 1", n)
	}
	// With every task over, the chain ends, and the next task starts one.
	for _, id := range []int{1, 2} {
		next, _, _ = next.finished(taskDoneMsg{id: id})
	}
	next, cmd = next.tick(spinner.TickMsg{ID: ts.spinner.ID()})
	if cmd != nil || next.ticking {
		t.Fatal("the spinner keeps ticking with no task running")
	}
	if _, cmd, _ = next.start(taskRefresh, "refresh", "feeds", idle); countTicks(cmd) != 1 {
		t.Error("a task started after the chain ended has no spinner")
	}
}

func TestTaskOfARunningKindDoesNotStart(t *testing.T) {
	t.Parallel()
	ts := newTasks(context.Background(), spinner.New())
	ts, _, _ = ts.start(taskRefresh, "refresh", "feeds", idle)
	if _, cmd, ok := ts.start(taskRefresh, "refresh", "feeds", idle); ok || cmd != nil {
		t.Fatal("a second refresh started beside the first")
	}
}

func TestStaleTaskMessagesAreDropped(t *testing.T) {
	t.Parallel()
	ts := newTasks(context.Background(), spinner.New())
	ts, _, _ = ts.start(taskRefresh, "refresh", "feeds", idle)
	ts, _, _ = ts.finished(taskDoneMsg{id: 1})
	ts, _, _ = ts.start(taskRefresh, "refresh", "feeds", idle) // id 2
	if _, _, _, ok := ts.progressed(taskProgressMsg{id: 1, progress: articles.Progress{Done: 9}}); ok {
		t.Error("progress from an earlier refresh was taken")
	}
	if _, _, ok := ts.finished(taskDoneMsg{id: 1}); ok {
		t.Error("the end of an earlier refresh ended the current one")
	}
	if r, _ := ts.get(taskRefresh); r.id != 2 || r.progress.Done != 0 {
		t.Errorf("current refresh %d at %d done", r.id, r.progress.Done)
	}
}

func TestStaleRefreshEndKeepsTheStatusLine(t *testing.T) {
	t.Parallel()
	h := newAppHarness(t, libArticles(), withRefresh(idle))
	h.settle(taskDoneMsg{id: 7, err: errors.New("boom")})
	if strings.Contains(h.m.View(), "boom") {
		t.Fatalf("the end of a task that never ran reached the status line:\n%s", h.m.View())
	}
}

func TestTasksShowSideBySide(t *testing.T) {
	t.Parallel()
	ts := newTasks(context.Background(), spinner.New())
	ts, _, _ = ts.start(taskRefresh, "refresh", "feeds", idle)
	ts, _, _ = ts.start(taskFetch, "fetching the full text", "", idle)
	ts, _, _, _ = ts.progressed(taskProgressMsg{id: 1, progress: articles.Progress{Done: 37, Total: 200, Failed: 3}})
	line := ts.view(newTestCommon(t, 80, 24).styles.library)
	if !strings.Contains(line, "37/200 feeds · 3 failed · fetching the full text") {
		t.Errorf("status line %q", line)
	}
}

func TestJobEndsWhenNobodyReads(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	chatty := func(ctx context.Context, progress func(articles.Progress)) error {
		for i := range 1000 { // nobody reads a single one
			progress(articles.Progress{Done: i})
		}
		return ctx.Err()
	}
	done := make(chan struct{})
	go func() {
		runJobCmd(ctx, job(chatty).withValue(), make(chan taskEvent))()
		close(done)
	}()
	cancel() // the program quits without reading another event
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("a job whose events nobody reads outlived the program")
	}
}

func TestRefreshFailureIsShown(t *testing.T) {
	t.Parallel()
	h := newAppHarness(t, libArticles(), withRefresh(func(context.Context, func(articles.Progress)) error {
		return errors.New("the feed list is unreadable")
	}))
	h.settle(keyMsg("r"))
	if v := h.m.View(); !strings.Contains(v, "refresh failed: the feed list is unreadable") || h.refreshRunning() {
		t.Fatalf("a failed refresh is not reported:\n%s", v)
	}
}
