package ui

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/herald-reader/herald/articles"
)

// summaryArticles is a feed of summaries: one short section each, a link
// to the web page.
func summaryArticles() []articles.Article {
	mk := func(id, title string, daysAgo int) articles.Article {
		return articles.Article{
			ID: id, Title: title, Source: "Summaries", FeedURL: "https://news.example.com/feed",
			URL:       "https://news.example.com/" + id,
			Published: appNow.Add(-time.Duration(daysAgo) * 24 * time.Hour),
			Sections:  []articles.Section{{Title: "Introduction", Level: 2, Markdown: "A short summary of " + title + "."}},
		}
	}
	return []articles.Article{mk("s1", "The river rises", 0), mk("s2", "The bridge holds", 1)}
}

// fullOf is the whole article behind a summary: three sections.
func fullOf(a articles.Article) articles.Article {
	a.FullText = true
	a.Sections = []articles.Section{
		{Title: "The start", Level: 2, Markdown: "The whole story of " + a.Title + ", from the start."},
		{Title: "The middle", Level: 2, Markdown: "Then more happened."},
		{Title: "The end", Level: 2, Markdown: "And so it ended."},
	}
	return a.WithLinks()
}

// withFullText serves full texts through fetch.
func withFullText(fetch func(context.Context, string) (articles.Article, error)) func(*Options, *recBackend) {
	return func(_ *Options, b *recBackend) { b.fullText = fetch }
}

// awaitLate waits for a message a Cmd given up on returns at last, and
// settles it.
func (h *appHarness) awaitLate(want func(tea.Msg) bool) {
	h.t.Helper()
	deadline := time.After(5 * time.Second)
	for {
		select {
		case msg := <-h.late:
			h.waiting--
			if want(msg) {
				h.settle(msg)
				return
			}
		case <-deadline:
			h.t.Fatal("the message never came")
		}
	}
}

func sectionTitles(r reader) string { return strings.Join(r.titles, ",") }

func TestFullTextReplacesTheSummaryAndFGoesBack(t *testing.T) {
	t.Parallel()
	var asked []string
	var mu sync.Mutex
	h := newAppHarness(t, summaryArticles(), withFullText(func(_ context.Context, id string) (articles.Article, error) {
		mu.Lock()
		asked = append(asked, id)
		mu.Unlock()
		for _, a := range summaryArticles() {
			if a.ID == id {
				return fullOf(a), nil
			}
		}
		return articles.Article{}, errors.New("no such article")
	}))
	h.settleKeys("enter")
	if v := h.m.View(); !strings.Contains(v, "This is the feed's summary: f reads the whole") {
		t.Errorf("a summary does not say f reads the whole article:\n%s", v)
	}
	h.settleKeys("f")
	if !h.m.reader.article.FullText || sectionTitles(h.m.reader) != "The start,The middle,The end" {
		t.Fatalf("after f the reader shows %q (full text %v)", sectionTitles(h.m.reader), h.m.reader.article.FullText)
	}
	v := h.m.View()
	if !strings.Contains(v, "full text: 3 sections") || !strings.Contains(v, "The whole story") || strings.Contains(v, "feed's summary") {
		t.Errorf("the full text is not on screen:\n%s", v)
	}
	h.settleKeys("3")
	if h.m.reader.selected != 2 {
		t.Errorf("3 selected section %d in the full text", h.m.reader.selected)
	}
	// f again is the feed's text, at once; and back again, with no fetch.
	h.settleKeys("f")
	if h.m.reader.article.FullText || sectionTitles(h.m.reader) != "Introduction" {
		t.Errorf("f did not go back to the feed's text: %q", sectionTitles(h.m.reader))
	}
	if v := h.m.View(); !strings.Contains(v, "f shows the whole article again") || strings.Contains(v, "from its web page") {
		t.Errorf("back on the summary, the note does not say the whole article is one key away:\n%s", v)
	}
	h.settleKeys("f")
	if !h.m.reader.article.FullText {
		t.Error("f did not return to the full text")
	}
	mu.Lock()
	defer mu.Unlock()
	if len(asked) != 1 || asked[0] != "s1" {
		t.Errorf("the backend was asked for full texts %v, want s1 once", asked)
	}
}

func TestFullTextFailureKeepsTheFeedText(t *testing.T) {
	t.Parallel()
	h := newAppHarness(t, summaryArticles(), withFullText(func(context.Context, string) (articles.Article, error) {
		return articles.Article{}, errors.New("HTTP 404 Not Found")
	}))
	h.settleKeys("enter", "f")
	v := h.m.View()
	if !strings.Contains(v, "full text of “The river rises”: HTTP 404 Not Found; the feed's text stays") {
		t.Errorf("the failure is not on the status line:\n%s", v)
	}
	if h.m.reader.article.FullText || !strings.Contains(v, "A short summary") {
		t.Errorf("the feed's text went:\n%s", v)
	}
}

// The page comes while the user reads another article: it is kept (the
// backend cached it) but the screen stays where the user is.
func TestFullTextForAnArticleNoLongerShownStaysOffScreen(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	h := newAppHarness(t, summaryArticles(), withFullText(func(ctx context.Context, id string) (articles.Article, error) {
		select {
		case <-release:
		case <-ctx.Done():
			return articles.Article{}, ctx.Err()
		}
		return fullOf(summaryArticles()[0]), nil
	}))
	h.settleKeys("enter", "f")
	if _, running := h.m.tasks.get(taskFullText); !running {
		t.Fatal("f started no task")
	}
	if v := h.m.View(); !strings.Contains(v, "full text: The river rises") {
		t.Errorf("the status line does not say which page is read:\n%s", v)
	}
	h.settleKeys("n") // on to the next article, reading it
	if h.m.readerID != "s2" {
		t.Fatalf("n opened %q", h.m.readerID)
	}
	close(release)
	h.awaitLate(func(msg tea.Msg) bool { _, ok := msg.(taskDoneMsg); return ok })
	if h.m.readerID != "s2" || h.m.reader.article.FullText {
		t.Errorf("the late full text took over the screen: %q, full %v", h.m.readerID, h.m.reader.article.FullText)
	}
	if v := h.m.View(); !strings.Contains(v, "full text of “The river rises” is saved") {
		t.Errorf("no word that the full text arrived:\n%s", v)
	}
}

func TestFOnAnArticleNotFromAFeed(t *testing.T) {
	t.Parallel()
	start := articles.Article{ID: "file", Title: "A local file", Sections: []articles.Section{{Title: "Introduction", Level: 2, Markdown: "Hello."}}}
	h := newAppHarness(t, nil, func(o *Options, _ *recBackend) { o.Start = &start })
	h.settleKeys("f")
	if v := h.m.View(); !strings.Contains(v, "not from a feed") || len(h.m.tasks.running) != 0 {
		t.Errorf("f on a local file:\n%s", v)
	}
}
