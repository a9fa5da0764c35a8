package ui

import (
	"context"
	"slices"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/herald-reader/herald/articles"
)

func searchArticles() []articles.Article {
	list := libArticles()
	list[0].Sections = []articles.Section{
		{Title: "Introduction", Level: 2, Markdown: "The harbour is quiet tonight."},
		{Title: "Storms", Level: 2, Markdown: "A storm hit the HARBOUR twice.\n\nThe Harbour walls held."},
		{Title: "Afterwards", Level: 2, Markdown: "Nothing to see."},
		{Title: "Myths", Level: 2, Markdown: "ΣΊΣΥΦΟΣ rolled his stone."},
	}
	return list
}

// sectionCounts is the section pane's rows as shown.
func sectionCounts(h *appHarness) []string {
	var out []string
	for i := range h.m.reader.titles {
		out = append(out, strings.Join(strings.Fields(ansi.Strip(h.m.reader.chrome.rows[i])), " "))
	}
	return out
}

// current is the section and line of the current match.
func current(h *appHarness) (int, int) {
	m, _ := h.m.reader.find.match(h.m.reader.find.here)
	return h.m.reader.find.here.section, m.line
}

func TestSearchInsideTheArticle(t *testing.T) {
	t.Parallel()
	h := newAppHarness(t, searchArticles(), nil)
	h.settleKeys("enter", "/")
	h.settleKeys("h", "a", "r", "b", "o", "u", "r")
	if got := sectionCounts(h); !slices.Equal(got, []string{"1 Introduction 1", "2 Storms 2", "3 Afterwards", "4 Myths"}) {
		t.Fatalf("section counts %q", got)
	}
	if v := ansi.Strip(h.m.View()); !strings.Contains(v, "/ harbour█  3 matches") {
		t.Errorf("the query line:\n%s", v)
	}
	// Typing owns the keys: q, n and ? are letters of the query.
	h.settleKeys("enter")
	if s, _ := current(h); s != 0 || !h.m.reader.find.active {
		t.Fatalf("enter went to section %d (active %v)", s, h.m.reader.find.active)
	}
	if v := ansi.Strip(h.m.View()); !strings.Contains(v, "match 1 of 3") {
		t.Errorf("footer while searching:\n%s", v)
	}
	if len(h.m.reader.find.hl) != 1 {
		t.Errorf("highlighted lines %v, want the one with the match", h.m.reader.find.hl)
	}
	// n and N go across sections and round.
	h.settle(keyMsg("n"))
	if s, _ := current(h); s != 1 || h.m.reader.selected != 1 {
		t.Fatalf("n: match in section %d, showing %d", s, h.m.reader.selected)
	}
	_, line := current(h)
	h.settle(keyMsg("n"))
	if s, l := current(h); s != 1 || l <= line {
		t.Fatalf("second n: section %d line %d, want section 1 below line %d", s, l, line)
	}
	h.settle(keyMsg("n"))
	if s, _ := current(h); s != 0 || !strings.Contains(h.m.View(), "search went round to the top") {
		t.Errorf("n past the last match: section %d\n%s", s, h.m.View())
	}
	h.settle(keyMsg("N"))
	if s, _ := current(h); s != 1 || h.m.reader.find.ordinal() != 3 {
		t.Errorf("N went to match %d in section %d", h.m.reader.find.ordinal(), s)
	}
	// esc ends the search: no counts, no highlights, n is the next article.
	h.settle(keyMsg("esc"))
	if h.m.screen != screenReader || h.m.reader.searching() || h.m.reader.find.hl != nil {
		t.Fatalf("esc did not just end the search")
	}
	if got := sectionCounts(h); got[1] != "2 Storms 1 min" {
		t.Errorf("counts stay after esc: %q", got)
	}
	h.settle(keyMsg("n"))
	if h.m.readerID != "a2" {
		t.Errorf("n after the search opened %q, want the next article a2", h.m.readerID)
	}
}

func TestSearchInsideTheArticleFoldsCase(t *testing.T) {
	t.Parallel()
	h := newAppHarness(t, searchArticles(), nil)
	h.settleKeys("enter", "/", "σ", "ί", "σ", "υ", "φ", "ο", "ς", "enter")
	if s, _ := current(h); s != 3 || !h.m.reader.find.active {
		t.Fatalf("σίσυφος did not find ΣΊΣΥΦΟΣ: section %d", s)
	}
}

func TestSearchInsideTheArticleThatFindsNothingSaysSo(t *testing.T) {
	t.Parallel()
	h := newAppHarness(t, searchArticles(), nil)
	h.settleKeys("enter", "/", "z", "e", "b", "r", "a")
	if v := ansi.Strip(h.m.View()); !strings.Contains(v, "/ zebra█  no matches") {
		t.Errorf("no match while typing:\n%s", v)
	}
	h.settle(keyMsg("enter"))
	if h.m.reader.searching() || !strings.Contains(h.m.View(), `no matches for "zebra" in this article`) {
		t.Errorf("enter on no match:\n%s", h.m.View())
	}
	// esc while typing cancels; the reader stays.
	h.settleKeys("/", "x", "esc")
	if h.m.screen != screenReader || h.m.reader.searching() {
		t.Errorf("esc while typing: screen %v searching %v", h.m.screen, h.m.reader.searching())
	}
}

func TestSearchInsideTheArticleFollowsAResize(t *testing.T) {
	t.Parallel()
	h := newAppHarness(t, searchArticles(), nil)
	h.settleKeys("enter", "/", "h", "a", "r", "b", "o", "u", "r", "enter")
	h.resize(120, 40)
	h.settleCmd(nil)
	if got := sectionCounts(h); !slices.Equal(got, []string{"1 Introduction 1", "2 Storms 2", "3 Afterwards", "4 Myths"}) {
		t.Errorf("counts after a resize %q", got)
	}
	if h.m.reader.find.width != h.m.reader.layout.renderWidth() {
		t.Errorf("found at width %d, shown at %d", h.m.reader.find.width, h.m.reader.layout.renderWidth())
	}
}

func TestEnterBeforeTheSectionsAreSearched(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ query, want string }{{"nothing", "Afterwards"}, {"zebra", ""}} {
		h := newAppHarness(t, searchArticles(), nil)
		h.settleKeys("enter")
		var held []tea.Msg
		for _, r := range "/" + tc.query {
			// The sections' text, prepared from /, is held back until
			// after enter.
			held = append(held, h.settleHolding(keyMsg(string(r)), func(m tea.Msg) bool {
				_, ok := m.(sectionsRenderedMsg)
				return ok
			})...)
		}
		h.settle(keyMsg("enter"))
		if !h.m.reader.find.active || !strings.Contains(h.m.View(), "searching the rest of the article") {
			t.Fatalf("%s: enter before the search is done:\n%s", tc.query, h.m.View())
		}
		for _, m := range held {
			h.settle(m)
		}
		switch {
		case tc.want != "" && h.m.reader.titles[h.m.reader.find.here.section] != tc.want:
			t.Errorf("%s: went to section %d, want %s", tc.query, h.m.reader.find.here.section, tc.want)
		case tc.want == "" && (h.m.reader.searching() || !strings.Contains(h.m.View(), "no matches for")):
			t.Errorf("%s: no match found after enter:\n%s", tc.query, h.m.View())
		}
	}
}

// BenchmarkFindInArticle is one keystroke of a search in the 20,000-word
// article, every section rendered already (at 120x40, dark, 256 colours):
// finding the query in all 40 sections, counting and highlighting.
// "first" includes stripping and folding every section's lines, which the
// first keystroke does once; "next" is every keystroke after it.
func BenchmarkFindInArticle(b *testing.B) {
	a := longArticle()
	c := benchCommon(b, "dark")
	r := openReader(b, c, a)
	width := r.layout.renderWidth()
	for i, s := range a.Sections { // every section in the render cache
		k := c.render.key(a.ID, i, width, "dark", s.Markdown)
		lines, err := c.renderers.render(k, s.Markdown)
		if err != nil {
			b.Fatal(err)
		}
		c.render.put(k, lines)
	}
	r = r.startFind()
	r.find.query = "glamour"
	// "prepare" is the Cmd that strips and folds every section's lines
	// once, when / is pressed, off the key path; "key" is what each key
	// typed into the search costs: finding, counting, highlighting.
	b.Run("prepare", func(b *testing.B) {
		for b.Loop() {
			r.texts = map[renderKey]searchText{}
			var cmd tea.Cmd
			r, cmd = r.findRender()
			r, _ = r.searchRendered(cmd().(sectionsRenderedMsg))
		}
	})
	b.Run("key", func(b *testing.B) {
		for b.Loop() {
			r = r.refind()
		}
		if n, complete := r.find.total(); n < 300 || !complete {
			b.Fatalf("found %d (complete %v)", n, complete)
		}
	})
}

func TestStripEscapesAsTheTerminalShows(t *testing.T) {
	a := longArticle()
	c := benchCommon(t, "dark")
	k := c.render.key(a.ID, 0, 80, "dark", a.Sections[0].Markdown)
	lines, err := c.renderers.render(k, a.Sections[0].Markdown)
	if err != nil {
		t.Fatal(err)
	}
	lines = append(lines, "a \x1b]8;;https://example.com/\x1b\\link\x1b]8;;\x1b\\ b", "\x1b]8;;https://x.example/\alink\x1b]8;;\a", "plain", "\x1b[1;38;5;252mbold\x1b[0m")
	for _, l := range lines {
		if got, want := stripEscapes(l), ansi.Strip(l); got != want {
			t.Errorf("stripEscapes(%q) = %q, want %q", l, got, want)
		}
	}
}

// With attachments above the first section and the note under a summary's
// last, the matches are still on the lines that hold them: the search looks
// in what the reader shows.
func TestSearchHighlightsTheRightLinesAroundAttachments(t *testing.T) {
	t.Parallel()
	list := searchArticles()
	list[0].Enclosures = []articles.Enclosure{{URL: "https://example.com/harbour.mp3", Type: "audio/mpeg", Length: 1 << 20}}
	h := newAppHarness(t, list, nil)
	h.settleKeys("enter", "/")
	h.settleKeys("q", "u", "i", "e", "t")
	if v := ansi.Strip(h.m.View()); !strings.Contains(v, "1 match · enter") {
		t.Errorf("one match is not %q:\n%s", "1 match", v)
	}
	h.settleKeys("enter")
	if !h.m.reader.find.active || len(h.m.reader.find.hl) != 1 {
		t.Fatalf("active %v, highlighted lines %v", h.m.reader.find.active, h.m.reader.find.hl)
	}
	for line := range h.m.reader.find.hl {
		if got := ansi.Strip(h.m.reader.lines[line]); !strings.Contains(got, "quiet") {
			t.Errorf("the highlight is on line %d, %q, not the line with the match", line, got)
		}
	}
	// The last section's note says f reads the whole article: it is shown,
	// so it is searched.
	h.settleKeys("/", "w", "h", "o", "l", "e", "enter")
	if s, line := current(h); s != len(list[0].Sections)-1 || !strings.Contains(ansi.Strip(h.m.reader.lines[line]), "whole") {
		t.Errorf("the note's match: section %d line %d", s, line)
	}
}

// A phrase the wrapping broke over two lines is one match, highlighted on
// both, and n counts it once.
func TestSearchFindsAPhraseOverALineBreak(t *testing.T) {
	t.Parallel()
	list := searchArticles()
	list[0].Sections[0].Markdown = strings.Repeat("The lighthouse keeper counted herons along the northern shore at dawn. ", 6)
	h := newAppHarness(t, list, nil)
	h.settleKeys("enter")
	// The last word of a wrapped line and the first of the next.
	lines := h.m.reader.lines
	query := ""
	for i := 0; i+1 < len(lines) && query == ""; i++ {
		a, b := strings.Fields(ansi.Strip(lines[i])), strings.Fields(ansi.Strip(lines[i+1]))
		if len(a) > 2 && len(b) > 2 && strings.Contains(strings.Join(a, " "), "herons") {
			query = a[len(a)-1] + " " + b[0]
		}
	}
	if query == "" {
		t.Fatalf("no wrapped line in:\n%s", strings.Join(lines, "\n"))
	}
	h.settleKeys("/")
	h.settleKeys(strings.Split(query, "")...)
	h.settleKeys("enter")
	m, ok := h.m.reader.find.match(h.m.reader.find.here)
	if !ok || len(m.more) != 1 {
		t.Fatalf("%q: match %+v (found %v)", query, m, ok)
	}
	for _, sp := range m.spans() {
		if _, lit := h.m.reader.find.hl[sp.line]; !lit {
			t.Errorf("%q: line %d of the match is not highlighted", query, sp.line)
		}
	}
	want := strings.Count(strings.Join(strings.Fields(ansi.Strip(strings.Join(lines, "\n"))), " "), query)
	if n, _ := h.m.reader.find.total(); n != want {
		t.Errorf("%q: %d matches, want %d", query, n, want)
	}
}

// f while a search lasts shows the full text with no search left over, and
// / then searches the full text's sections.
func TestSearchInTheFullText(t *testing.T) {
	t.Parallel()
	h := newAppHarness(t, summaryArticles(), withFullText(func(_ context.Context, id string) (articles.Article, error) {
		return fullOf(summaryArticles()[0]), nil
	}))
	h.settleKeys("enter", "/", "s", "u", "m", "enter")
	if !h.m.reader.find.active {
		t.Fatal("no search in the summary")
	}
	h.settleKeys("f")
	if !h.m.reader.article.FullText || h.m.reader.searching() {
		t.Fatalf("after f: full text %v, searching %v", h.m.reader.article.FullText, h.m.reader.searching())
	}
	h.settleKeys("/", "h", "a", "p", "p")
	if got := sectionCounts(h); !slices.Equal(got, []string{"1 The start", "2 The middle 1", "3 The end"}) {
		t.Errorf("the full text's counts %q", got)
	}
}
