package ui

// Background work that outlasts a key press (a refresh, a full-text fetch;
// a server sync next) runs as a task, all of them the same way.
// The job runs on its Cmd's goroutine; its progress and its end reach
// Update through a channel that a re-issued Cmd reads one event at a time
// (bubbletea's examples/realtime), so nothing but the program loop sends
// messages and the events of one task arrive in order. Every message
// carries its task's id: once a task is over, whatever it still says is
// dropped.
//
// Another kind of task is a taskKind, a tasks.start call and a case in
// Model.handleTaskDone (and in handleTaskProgress if it reacts to progress).

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/herald-reader/herald/articles"
)

// taskKind is what a task does; at most one task of each kind runs.
type taskKind int

const (
	taskRefresh taskKind = iota + 1
	taskSync
	taskRead // herald read URL: the page, before the reader opens
	taskFullText
)

// job is a task's work. It runs until it returns, calling progress as it
// goes (never from two goroutines at once), and stops early when ctx is
// cancelled: on quit, or when the task is cancelled.
type job func(ctx context.Context, progress func(articles.Progress)) error

// valueJob is a job with a result, which the task's taskDoneMsg carries.
type valueJob func(ctx context.Context, progress func(articles.Progress)) (any, error)

func (j job) withValue() valueJob {
	return func(ctx context.Context, progress func(articles.Progress)) (any, error) {
		return nil, j(ctx, progress)
	}
}

type task struct {
	id       int
	kind     taskKind
	key      string // what the task is about (an article id); "" for one of a kind
	label    string // the task in words: "refresh"
	unit     string // what progress counts, "feeds"; empty shows the label alone
	progress articles.Progress
	events   <-chan taskEvent
	cancel   context.CancelFunc
}

// taskEvent is one step of a task on its way to Update: progress, or the
// end with the job's result and error.
type taskEvent struct {
	progress articles.Progress
	done     bool
	value    any
	err      error
}

type (
	taskProgressMsg struct {
		id       int
		progress articles.Progress
	}
	// taskDoneMsg ends a task: value and err are the job's, err nil on
	// success.
	taskDoneMsg struct {
		id    int
		value any
		err   error
	}
)

// tasks is every task running, oldest first, and the one spinner they share.
type tasks struct {
	ctx     context.Context
	lastID  int
	running []task // copied before each change: tasks is a value
	spinner spinner.Model
	// ticking: a spinner tick is on its way. Each tick schedules the next,
	// so a second chain would double the speed; only one is started.
	ticking bool
}

func newTasks(ctx context.Context, sp spinner.Model) tasks {
	return tasks{ctx: ctx, spinner: sp}
}

// start runs run as a task of kind. ok is false, and nothing starts, when
// a task of that kind is already running.
func (ts tasks) start(kind taskKind, label, unit string, run job) (_ tasks, _ tea.Cmd, ok bool) {
	return ts.startValue(kind, label, unit, run.withValue())
}

// startValue is start for a job with a result.
func (ts tasks) startValue(kind taskKind, label, unit string, run valueJob) (_ tasks, _ tea.Cmd, ok bool) {
	return ts.startValueFor(kind, "", label, unit, run)
}

// startValueFor is startValue for tasks of a kind that run side by side,
// one per key: a full text per article.
func (ts tasks) startValueFor(kind taskKind, key, label, unit string, run valueJob) (_ tasks, _ tea.Cmd, ok bool) {
	if ts.indexFor(kind, key) >= 0 {
		return ts, nil, false
	}
	ts.lastID++
	ctx, cancel := context.WithCancel(ts.ctx)
	// A little room, so a fast job is not held to the pace of Update.
	ch := make(chan taskEvent, 16)
	t := task{id: ts.lastID, kind: kind, key: key, label: label, unit: unit, events: ch, cancel: cancel}
	ts.running = append(slices.Clone(ts.running), t)
	cmds := []tea.Cmd{runJobCmd(ctx, run, ch), waitTaskCmd(t.id, ch)}
	if !ts.ticking {
		ts.ticking = true
		cmds = append(cmds, ts.spinner.Tick)
	}
	return ts, tea.Batch(cmds...), true
}

// runJobCmd runs the job on the Cmd's own goroutine and returns when it
// does. A send gives up once ctx is cancelled, so a job whose events nobody
// reads any more (the program quit) still ends.
func runJobCmd(ctx context.Context, run valueJob, ch chan<- taskEvent) tea.Cmd {
	return func() tea.Msg {
		send := func(e taskEvent) {
			select {
			case ch <- e:
			case <-ctx.Done():
			}
		}
		v, err := run(ctx, func(p articles.Progress) { send(taskEvent{progress: p}) })
		send(taskEvent{done: true, value: v, err: err})
		close(ch)
		return nil
	}
}

// waitTaskCmd reads a task's next event. Update issues it again after each
// progress message, until the task is done.
func waitTaskCmd(id int, ch <-chan taskEvent) tea.Cmd {
	return func() tea.Msg {
		e, ok := <-ch
		switch {
		case !ok:
			return nil // cancelled before it could say it was done
		case e.done:
			return taskDoneMsg{id: id, value: e.value, err: e.err}
		}
		return taskProgressMsg{id: id, progress: e.progress}
	}
}

// index is the place in running of the task of kind, or -1.
func (ts tasks) index(kind taskKind) int {
	return slices.IndexFunc(ts.running, func(t task) bool { return t.kind == kind })
}

// indexFor is the place in running of the task of kind about key, or -1.
func (ts tasks) indexFor(kind taskKind, key string) int {
	return slices.IndexFunc(ts.running, func(t task) bool { return t.kind == kind && t.key == key })
}

// get returns the running task of kind.
func (ts tasks) get(kind taskKind) (task, bool) {
	if i := ts.index(kind); i >= 0 {
		return ts.running[i], true
	}
	return task{}, false
}

// progressed records the progress msg brings and returns the task with the
// Cmd that waits for its next event. ok is false for a task no longer
// running: drop the message.
func (ts tasks) progressed(msg taskProgressMsg) (_ tasks, _ task, wait tea.Cmd, ok bool) {
	i := slices.IndexFunc(ts.running, func(t task) bool { return t.id == msg.id })
	if i < 0 {
		return ts, task{}, nil, false
	}
	ts.running = slices.Clone(ts.running)
	ts.running[i].progress = msg.progress
	t := ts.running[i]
	return ts, t, waitTaskCmd(t.id, t.events), true
}

// finished removes the task msg ends and returns it, with its last
// progress. ok is false for a task no longer running: drop the message.
func (ts tasks) finished(msg taskDoneMsg) (_ tasks, _ task, ok bool) {
	i := slices.IndexFunc(ts.running, func(t task) bool { return t.id == msg.id })
	if i < 0 {
		return ts, task{}, false
	}
	t := ts.running[i]
	t.cancel() // the job has returned; this frees its context
	ts.running = slices.Delete(slices.Clone(ts.running), i, i+1)
	return ts, t, true
}

// cancel stops the running task of kind, if any: its job's ctx is
// cancelled and what it still says is dropped.
func (ts tasks) cancel(kind taskKind) tasks {
	i := ts.index(kind)
	if i < 0 {
		return ts
	}
	ts.running[i].cancel()
	ts.running = slices.Delete(slices.Clone(ts.running), i, i+1)
	return ts
}

// tick turns the spinner, and lets the chain of ticks end once no task runs.
func (ts tasks) tick(msg spinner.TickMsg) (tasks, tea.Cmd) {
	if len(ts.running) == 0 {
		ts.ticking = false
		return ts, nil
	}
	var cmd tea.Cmd
	ts.spinner, cmd = ts.spinner.Update(msg)
	return ts, cmd
}

// view is the tasks' part of the status line: the spinner, then each task
// as "37/200 feeds · 3 failed"; empty when none runs.
func (ts tasks) view(st libraryStyles) string {
	if len(ts.running) == 0 {
		return ""
	}
	var parts []string
	for _, t := range ts.running {
		if t.label == "" {
			continue // a task its own screen shows
		}
		p := t.progress
		part := t.label
		if t.unit != "" {
			part = fmt.Sprintf("%d/%d %s", p.Done, p.Total, t.unit)
		}
		if p.Failed > 0 {
			part += st.statusErr.Render(fmt.Sprintf(" · %d failed", p.Failed))
		}
		parts = append(parts, part)
	}
	if len(parts) == 0 {
		return ""
	}
	return ts.spinner.View() + " " + strings.Join(parts, " · ")
}
