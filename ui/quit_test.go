package ui

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/herald-reader/herald/articles"
	"github.com/muesli/termenv"
)

// slowBackend is a recBackend whose marks take a while and honour their
// context, as the cache's do: a mark whose context is cancelled is lost.
// release, when set, holds every mark until it is closed.
type slowBackend struct {
	*recBackend
	delay   time.Duration
	release chan struct{}
	mu      sync.Mutex
	saved   []string
}

func (b *slowBackend) wait(ctx context.Context) error {
	if b.release != nil {
		select {
		case <-b.release:
		case <-ctx.Done():
		}
	}
	select {
	case <-time.After(b.delay):
	case <-ctx.Done():
	}
	return ctx.Err()
}

func (b *slowBackend) SetRead(ctx context.Context, ids []string, read bool) error {
	if err := b.wait(ctx); err != nil {
		return err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, id := range ids {
		b.saved = append(b.saved, fmt.Sprintf("read %s=%v", id, read))
	}
	return nil
}

func (b *slowBackend) SetStarred(ctx context.Context, id string, starred bool) error {
	if err := b.wait(ctx); err != nil {
		return err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.saved = append(b.saved, fmt.Sprintf("star %s=%v", id, starred))
	return nil
}

func (b *slowBackend) marks() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.saved...)
}

// manyArticles is n unread, unstarred articles, newest first.
func manyArticles(n int) []articles.Article {
	var list []articles.Article
	for i := range n {
		list = append(list, articles.Article{
			ID: fmt.Sprintf("a%02d", i), Title: fmt.Sprintf("Article %d", i), Source: "Feed",
			Published: appNow.Add(-time.Duration(i) * time.Hour),
			Sections:  []articles.Section{{Title: "Text", Level: 1, Markdown: "Text."}},
		})
	}
	return list
}

// "m s j" ten times and then "q", arriving in one read as a fast typist or
// a paste delivers them, used to save none of the twenty marks: quitting
// cancelled the context they were written under, and the program ended
// before their Cmds ran. Now every one is saved before the program ends.
func TestMarksMadeInABurstBeforeQuitAreAllSaved(t *testing.T) {
	t.Parallel()
	b := &slowBackend{recBackend: newRecBackend(manyArticles(12)), delay: 5 * time.Millisecond}
	m := New(Options{Backend: b, Style: "notty", ColorProfile: termenv.Ascii, Now: func() time.Time { return appNow }})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(80, 24))
	teatest.WaitFor(t, tm.Output(), func(out []byte) bool {
		return strings.Contains(string(out), "Article 0")
	}, teatest.WithDuration(5*time.Second))
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(strings.Repeat("msj", 10) + "q")})
	final := tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second)).(Model)

	got := b.marks()
	if len(got) != 20 {
		t.Fatalf("%d of 20 marks saved: %v", len(got), got)
	}
	for i := range 10 {
		id := fmt.Sprintf("a%02d", i)
		for _, want := range []string{"read " + id + "=true", "star " + id + "=true"} {
			if !strings.Contains(strings.Join(got, ","), want) {
				t.Errorf("mark %q was not saved: %v", want, got)
			}
		}
	}
	if note := final.ExitNote(); note != "" {
		t.Errorf("every mark was saved, yet the exit note says %q", note)
	}
}

// "q q" in one read from the reader goes back and then quits: the first q
// used to go back through a Cmd, so the second met the reader again.
func TestQQFromTheReaderQuits(t *testing.T) {
	t.Parallel()
	m := New(Options{Backend: newRecBackend(libArticles()), Style: "notty", ColorProfile: termenv.Ascii, Now: func() time.Time { return appNow }})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(80, 24))
	teatest.WaitFor(t, tm.Output(), func(out []byte) bool {
		return strings.Contains(string(out), "Go 1.26 released")
	}, teatest.WithDuration(5*time.Second))
	tm.Send(keyMsg("enter"))
	teatest.WaitFor(t, tm.Output(), func(out []byte) bool {
		return strings.Contains(string(out), "The text of")
	}, teatest.WithDuration(5*time.Second))
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("qq")})
	final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(Model)
	if final.screen != screenLibrary {
		t.Errorf("quit from screen %v, want the library", final.screen)
	}
}

// "n n" in one read from the reader steps two articles on, not to the
// next one twice.
func TestNNFromTheReaderStepsTwice(t *testing.T) {
	t.Parallel()
	h := newAppHarness(t, libArticles(), nil)
	h.settleKeys("enter")
	h.settle(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("nn")})
	if h.m.readerID != "a3" {
		t.Errorf("after nn the reader shows %q, want a3", h.m.readerID)
	}
}

// Quitting while a mark is still being written waits for it, saying so,
// then quits; a mark that does not make it in quitWait is named after the
// program ends.
func TestQuitWaitsForMarksAndSaysSo(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	b := &slowBackend{recBackend: newRecBackend(libArticles()), release: release}
	h := newAppHarness(t, nil, nil)
	h.m = New(Options{Backend: b, Style: "notty", ColorProfile: termenv.Ascii, Now: func() time.Time { return appNow }})
	h.settle(tea.WindowSizeMsg{Width: 80, Height: 24})
	h.start()
	mark := h.key("m")
	quit := h.key("q")
	if quit == nil {
		t.Fatal("q returned no Cmd")
	}
	if !strings.Contains(h.m.View(), "saving 1 mark before quitting") {
		t.Errorf("no line says quitting waits for the mark:\n%s", h.m.View())
	}
	if h.m.ctx.Err() == nil {
		t.Error("quitting left the background context running")
	}
	h.key("j") // ignored while waiting
	done := make(chan tea.Msg)
	go func() { done <- mark() }()
	close(release)
	if cmd := h.send(<-done); cmd == nil {
		t.Fatal("the last mark's answer did not quit")
	} else if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Fatal("the last mark's answer did not quit")
	}
	if got := b.marks(); len(got) != 1 || got[0] != "read a1=true" {
		t.Errorf("marks saved %v", got)
	}
	if note := h.m.ExitNote(); note != "" {
		t.Errorf("exit note %q", note)
	}

	// A mark that never comes back: quitWait ends the wait.
	stuck := &slowBackend{recBackend: newRecBackend(libArticles()), release: make(chan struct{})}
	h2 := newAppHarness(t, nil, nil)
	h2.m = New(Options{Backend: stuck, Style: "notty", ColorProfile: termenv.Ascii, Now: func() time.Time { return appNow }})
	h2.settle(tea.WindowSizeMsg{Width: 80, Height: 24})
	h2.start()
	h2.key("s")
	h2.key("q")
	if cmd := h2.send(quitWaitedMsg{}); cmd == nil {
		t.Fatal("the end of the wait did not quit")
	} else if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Fatal("the end of the wait did not quit")
	}
	if note := h2.m.ExitNote(); !strings.Contains(note, "1 mark made before quitting was not saved") {
		t.Errorf("exit note %q", note)
	}
}

// "enter n n q q" in one read, as a fast typist or tmux sends it: the keys
// after enter arrive while the article is still loading, when the library
// is still in front. They used to reach the library, where n is nothing
// and q quits: the steps were lost, and the first q quit instead of going
// back. Now they act as the reader would: each n opens (and marks read)
// the next article, the first q goes back, the second quits, and every
// mark is saved.
func TestKeysTypedWhileAnArticleLoadsActAsTheReaders(t *testing.T) {
	t.Parallel()
	h := newAppHarness(t, libArticles(), nil)
	open := h.key("enter") // its load is not answered yet
	if h.m.loadingID != "a1" {
		t.Fatalf("enter: loading %q, want a1 (the list came without bodies)", h.m.loadingID)
	}
	steps := h.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("nnq")})
	if h.m.quitting || h.m.loadingID != "" || h.m.screen != screenLibrary {
		t.Fatalf("after enter n n q: quitting %v, loading %q, screen %v; want back in the library",
			h.m.quitting, h.m.loadingID, h.m.screen)
	}
	if a, _ := h.m.library.selected(); a.ID != "a3" {
		t.Errorf("back in the library on %q, want a3, where the steps led", a.ID)
	}
	quit := h.key("q")
	if !h.m.quitting && quit == nil {
		t.Fatal("the second q did not quit")
	}
	h.settleCmd(tea.Batch(open, steps, quit))
	got := strings.Join(h.b.reads, ",")
	for _, want := range []string{"a1=true", "a3=true"} { // a2 was read
		if !strings.Contains(got, want) {
			t.Errorf("mark %s not saved: %v", want, h.b.reads)
		}
	}
	if h.m.hasReader && h.m.screen == screenReader {
		t.Error("an article still loading popped up after going back")
	}
}

// "n q q" in one read from the reader: the step's article is still loading
// when the first q goes back, and the second q used to meet the library
// while it still waited for that article, which then popped up the
// reader again. Back drops the load, and the second q quits.
func TestBackWhileAStepLoadsDropsTheLoad(t *testing.T) {
	t.Parallel()
	h := newAppHarness(t, libArticles(), nil)
	h.settleKeys("enter")
	if h.m.screen != screenReader {
		t.Fatal("enter did not open the reader")
	}
	step := h.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("nq")})
	if h.m.screen != screenLibrary || h.m.loadingID != "" {
		t.Fatalf("after n q: screen %v, loading %q; want the library, nothing loading", h.m.screen, h.m.loadingID)
	}
	if a, _ := h.m.library.selected(); a.ID != "a2" {
		t.Errorf("back on %q, want a2, where n led", a.ID)
	}
	if quit := h.key("q"); !h.m.quitting {
		if _, ok := runOrNil(quit).(tea.QuitMsg); !ok {
			t.Error("the second q did not quit")
		}
	}
	h.settleCmd(step)
	if h.m.screen == screenReader {
		t.Error("the article n asked for popped up after going back")
	}
}

// runOrNil is what cmd gives, or nil for no Cmd.
func runOrNil(cmd tea.Cmd) tea.Msg {
	if cmd == nil {
		return nil
	}
	return cmd()
}
