package ui

import (
	"strings"
	"sync"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/herald-reader/herald/articles"
)

// renderOf runs a Cmd that must be a render and returns its message.
func renderOf(t *testing.T, cmd tea.Cmd) sectionRenderedMsg {
	t.Helper()
	if cmd == nil {
		t.Fatal("no render Cmd")
	}
	msg, ok := cmd().(sectionRenderedMsg)
	if !ok {
		t.Fatalf("the Cmd gave %T, want a render", msg)
	}
	return msg
}

func TestKeyOnUncachedSectionRendersInACmd(t *testing.T) {
	t.Parallel()
	a := bigArticle()
	r := openReader(t, newTestCommon(t, 100, 30), a)
	r, cmd := r.update(runes("]"))
	// The key returned before any glamour: the pane has the new title and
	// says it is rendering, with nothing of the first section left.
	got := contentText(r)
	if !strings.Contains(got, "Section 7") || !strings.Contains(got, renderingText) {
		t.Fatalf("while rendering, the pane shows:\n%s", got)
	}
	if len(r.c.render.entries) != 1 {
		t.Errorf("%d sections cached before the render came back, want the first only", len(r.c.render.entries))
	}
	r, status := r.rendered(renderOf(t, cmd))
	if status != nil || strings.Contains(contentText(r), renderingText) || !strings.Contains(contentText(r), "glamour") {
		t.Fatalf("the render did not replace the placeholder:\n%s", contentText(r))
	}
}

func TestRenderForASectionLeftBehindIsDropped(t *testing.T) {
	t.Parallel()
	r := openReader(t, newTestCommon(t, 100, 30), testArticle())
	r, second := r.update(runes("2"))
	late := renderOf(t, second) // rendering when the user moves on
	r, third := r.update(runes("3"))
	r, _ = r.rendered(late)
	if got := contentText(r); strings.Contains(got, "section 2") || !strings.Contains(got, "Background") {
		t.Fatalf("section 2's late render shown under section 3:\n%s", got)
	}
	if _, ok := r.c.render.get(r.c.render.key(r.article.ID, 1, r.layout.renderWidth(), "notty", r.article.Sections[1].Markdown)); ok {
		t.Error("a render nobody wanted was cached")
	}
	r, _ = r.rendered(renderOf(t, third))
	if !strings.Contains(contentText(r), "Body of section 3") {
		t.Fatalf("section 3 not shown:\n%s", contentText(r))
	}
}

func TestRenderNotStartedForASectionLeftBehindIsSkipped(t *testing.T) {
	t.Parallel()
	r := openReader(t, newTestCommon(t, 100, 30), testArticle())
	r, second := r.update(runes("2"))
	r, third := r.update(runes("3"))
	if msg := second(); msg != nil {
		t.Errorf("a render the reader stopped wanting before it started still ran: %T", msg)
	}
	r, _ = r.rendered(renderOf(t, third))
	if !strings.Contains(contentText(r), "Body of section 3") {
		t.Fatalf("section 3 not shown:\n%s", contentText(r))
	}
}

func TestSwitchToRenderedSectionIsSynchronous(t *testing.T) {
	t.Parallel()
	r := openReader(t, newTestCommon(t, 100, 30), testArticle())
	r, _ = press(r, runes("2"), runes("1"))
	r, cmd := r.update(runes("2"))
	if cmd != nil {
		t.Fatal("switching to a rendered section asked for a render")
	}
	if !strings.Contains(contentText(r), "Body of section 2") {
		t.Fatalf("section 2 not shown from the cache:\n%s", contentText(r))
	}
}

// readerHarness is the root with the reader open on testArticle, rendered.
func readerHarness(t *testing.T) *appHarness {
	t.Helper()
	a := testArticle()
	h := newAppHarness(t, nil, func(o *Options, _ *recBackend) { o.Start = &a })
	if !strings.Contains(h.m.View(), "Body of section 1") {
		t.Fatalf("the first size did not render:\n%s", h.m.View())
	}
	return h
}

func TestFirstSizeRendersWithoutWaiting(t *testing.T) {
	t.Parallel()
	a := testArticle()
	m := New(Options{Start: &a, Style: "notty"})
	_, cmd := m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	renderOf(t, cmd) // a render at once, not a debounce tick
}

func TestWidthChangesAreDebounced(t *testing.T) {
	t.Parallel()
	h := readerHarness(t)
	before := h.m.reader.content.TotalLineCount()
	for _, w := range []int{70, 60} {
		cmd := h.send(tea.WindowSizeMsg{Width: w, Height: 24})
		if cmd == nil {
			t.Fatalf("resizing to %d asks for nothing", w)
		}
	}
	// Meanwhile the pane keeps the section it had, fitted to the new width.
	checkScreen(t, h.m.reader, 60, 24)
	if v := h.m.View(); !strings.Contains(v, "Body of section 1") || strings.Contains(v, renderingText) {
		t.Fatalf("while the width settles, the pane shows:\n%s", v)
	}
	if cmd := h.send(widthSettledMsg{tag: h.m.resizeTag - 1}); cmd != nil {
		t.Error("the tick of a size already replaced asked for a render")
	}
	h.settle(widthSettledMsg{tag: h.m.resizeTag})
	if !h.m.reader.contentCurrent() || h.m.reader.content.TotalLineCount() <= before {
		t.Errorf("the settled width did not re-wrap the section: %d lines, %d before", h.m.reader.content.TotalLineCount(), before)
	}
	// A height alone changes no wrapping: no tick, no render.
	if cmd := h.send(tea.WindowSizeMsg{Width: 60, Height: 30}); cmd != nil {
		t.Error("a taller window asked for a render")
	}
}

func TestRenderErrorOnResizeReachesTheStatusLine(t *testing.T) {
	t.Parallel()
	h := readerHarness(t)
	h.m.c.opts.Style = "no-such-style" // what a renderer for a new width fails on
	h.resize(100, 24)
	if v := h.m.View(); !strings.Contains(v, "could not render this section") || !strings.Contains(v, "Body of section 1") {
		t.Fatalf("a render error on resize is not shown, or the text is gone:\n%s", v)
	}
}

func TestRenderersNeverShareOneRenderer(t *testing.T) {
	t.Parallel()
	c := newTestCommon(t, 100, 30)
	a := testArticle()
	k := func(i int) renderKey { return c.render.key(a.ID, i, 60, "notty", a.Sections[i].Markdown) }
	want := make([][]string, len(a.Sections))
	for i, s := range a.Sections {
		lines, err := c.renderers.render(k(i), s.Markdown)
		if err != nil {
			t.Fatal(err)
		}
		want[i] = lines
	}
	// Under -race, a renderer lent to two Cmds at once is a report.
	var wg sync.WaitGroup
	for round := range 4 {
		for i, s := range a.Sections {
			wg.Go(func() {
				lines, err := c.renderers.render(k(i), s.Markdown)
				if err != nil || strings.Join(lines, "\n") != strings.Join(want[i], "\n") {
					t.Errorf("round %d section %d rendered differently at once: %v", round, i, err)
				}
			})
		}
	}
	wg.Wait()
}

func TestEmptyArticleNeedsNoRender(t *testing.T) {
	t.Parallel()
	r, cmd := newReader(newTestCommon(t, 80, 24), articles.Article{ID: "empty"})
	if cmd != nil || !strings.Contains(contentText(r), noText) {
		t.Fatalf("an article without text: Cmd %v, pane:\n%s", cmd != nil, contentText(r))
	}
}
