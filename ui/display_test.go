package ui

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/herald-reader/herald/articles"
)

// An article its feed gave no date sorts by when herald first saw it, but
// is not shown as published then: the library's date is marked "~" (and
// dimmer), the reader's header says it is undated.
func TestUndatedArticleShowsItsFirstSeenDateAsSuch(t *testing.T) {
	t.Parallel()
	list := libArticles()
	list[1].Published, list[1].FirstSeen = time.Time{}, appNow.Add(-24*time.Hour) // a2, seen yesterday
	h := newAppHarness(t, list, nil)
	var row string
	for _, l := range strings.Split(h.m.View(), "\n") {
		if strings.Contains(l, "Rust in the kernel") {
			row = l
		}
	}
	if !strings.HasSuffix(strings.TrimRight(row, " "), "~Nov 27") {
		t.Errorf("the undated row is %q, want its first-seen date marked ~", row)
	}
	h.settleKeys("j", "enter")
	if v := h.m.View(); !strings.Contains(v, "LWN · undated, first seen Nov 27, 2026") {
		t.Errorf("the reader's header does not say it is undated:\n%s", v)
	}
}

// A recovered feed is shown as such in the feeds view, with what was
// wrong, and is not counted as failing.
func TestFeedsViewShowsARecoveredFeed(t *testing.T) {
	t.Parallel()
	h := newAppHarness(t, libArticles(), withFeeds(func(context.Context) ([]articles.Feed, error) {
		return []articles.Feed{
			{URL: "https://ok.example/rss", Title: "Fine", Status: "ok", LastFetch: appNow},
			{URL: "https://cut.example/rss", Title: "Cut short", Status: "recovered", Error: "the document ends early: kept 3 whole items", Articles: 3, Unread: 3, LastFetch: appNow},
			{URL: "https://deep.example/rss", Title: "Too deep", Status: "error", Error: "nested more than 1000 elements deep", LastFetch: appNow},
		}, nil
	}))
	h.settle(keyMsg("F"))
	v := h.m.View()
	for _, want := range []string{"3 feeds · 1 failing · 1 recovered", "! Cut short", "recovered · just now", "✗ Too deep", "nested more than 1000 elements deep"} {
		if !strings.Contains(v, want) {
			t.Errorf("feeds view lacks %q:\n%s", want, v)
		}
	}
	if strings.Index(v, "Too deep") > strings.Index(v, "Cut short") || strings.Index(v, "Cut short") > strings.Index(v, "Fine") {
		t.Errorf("want the failing feed first, then the recovered one:\n%s", v)
	}
	// On the recovered feed, the lines below the list say what was wrong.
	h.settle(keyMsg("j"))
	if d := detailText(t, h.m); !strings.Contains(d, "https://cut.example/rss · recovered: the document ends early: kept 3 whole items") {
		t.Errorf("the recovered feed's reason is not shown: %q\n%s", d, h.m.View())
	}
}

// A library that could not be listed (a damaged cache) says why and what
// to do, in full, instead of "no articles yet".
func TestLibraryThatCannotBeListedSaysWhyInFull(t *testing.T) {
	t.Parallel()
	why := "the cache /home/ann/.local/share/herald/herald.db is damaged (some of its pages are corrupt): move it aside, e.g. rename it to herald.db.broken, and herald starts a fresh cache, keeping your config and feed list"
	h := newAppHarness(t, nil, nil)
	h.m = New(Options{Backend: failingList{NewMemoryBackend(nil), errors.New(why)}, Style: "notty", Now: func() time.Time { return appNow }, CanRefresh: true})
	h.settle(tea.WindowSizeMsg{Width: 80, Height: 24})
	h.start()
	v := h.m.View()
	if strings.Contains(v, "no articles yet") {
		t.Errorf("the library says there are no articles:\n%s", v)
	}
	flat := strings.Join(strings.Fields(ansi.Strip(v)), " ")
	if !strings.Contains(flat, "keeping your config and feed list") {
		t.Errorf("the remedy is cut off:\n%s", v)
	}
	for _, l := range strings.Split(v, "\n") {
		if w := ansi.StringWidth(l); w > 80 {
			t.Errorf("a line is %d wide: %q", w, l)
		}
	}
	if n := strings.Count(v, "\n") + 1; n != 24 {
		t.Errorf("the screen is %d lines, want 24", n)
	}
}

// failingList is a Backend whose lists fail; the rest is the memory
// backend's.
type failingList struct {
	Backend
	err error
}

func (f failingList) Newest(context.Context, int) ([]articles.Article, error) { return nil, f.err }
func (f failingList) List(context.Context) ([]articles.Article, error)        { return nil, f.err }

// The refresh's summary counts the recovered feeds, which the feeds view
// then shows.
func TestRefreshSummaryCountsRecoveredFeeds(t *testing.T) {
	t.Parallel()
	h := newAppHarness(t, libArticles(), func(o *Options, _ *recBackend) { o.HasFeeds = true })
	h.m, _ = h.m.refreshDone(articles.Progress{Done: 3, Total: 3, New: 5, Recovered: 2}, nil)
	if v := h.m.View(); !strings.Contains(v, "refreshed 3 feeds: 5 new, 0 failed, 2 recovered - F for details") {
		t.Errorf("summary:\n%s", v)
	}
}

// The hints in the library and the status bar name the keys in force: a
// user who bound refresh to ctrl+r was told to press r, which did nothing.
func TestHintsNameReboundKeys(t *testing.T) {
	t.Parallel()
	keys := map[string][]string{"refresh": {"ctrl+r"}, "star": {"*"}, "feeds_view": {"f5"}}
	h := newAppHarness(t, nil, nil)
	h.m = New(Options{Backend: NewMemoryBackend(nil), Style: "notty", Now: func() time.Time { return appNow }, CanRefresh: true, HasFeeds: true, Keys: keys})
	h.settle(tea.WindowSizeMsg{Width: 80, Height: 24})
	h.start()
	if v := h.m.View(); !strings.Contains(v, "no articles yet: press ctrl+r to fetch your feeds") {
		t.Errorf("empty library:\n%s", v)
	}
	h.m.library.kind = viewStarred
	h.m.library.all = []articles.Article{{ID: "a", Title: "A"}}
	if got := h.m.library.emptyText(); got != "no starred articles: * stars one" {
		t.Errorf("starred view: %q", got)
	}
	h.m, _ = h.m.refreshDone(articles.Progress{Done: 3, Total: 3, New: 5, Failed: 1}, nil)
	if v := h.m.View(); !strings.Contains(v, "refreshed 3 feeds: 5 new, 1 failed - f5 for details") {
		t.Errorf("summary:\n%s", v)
	}
	// Started from the feeds view, the summary is shown there: the
	// details are on screen already.
	h.m.screen, h.m.refresh.from = screenFeeds, screenFeeds
	h.m, _ = h.m.refreshDone(articles.Progress{Done: 3, Total: 3, New: 5, Failed: 1}, nil)
	if got := h.m.status.text; got != "refreshed 3 feeds: 5 new, 1 failed" {
		t.Errorf("summary in the feeds view: %q", got)
	}
}

// A cache that would not open, or opened read-only, keeps a word in the
// library's header: the start-up line fades, and the library looks as it
// always does, but r and F do nothing until pressed and explained.
func TestTheHeaderKeepsTheCacheProblemInView(t *testing.T) {
	t.Parallel()
	h := newAppHarness(t, libArticles(), func(o *Options, _ *recBackend) {
		o.Problem = "the cache /x/herald.db is read-only: herald can show it, but not save"
		o.ProblemTag = "read-only cache"
	})
	lines := strings.Split(ansi.Strip(h.m.View()), "\n")
	if !strings.Contains(lines[0], "articles · ") || !strings.Contains(lines[0], "· read-only cache") {
		t.Errorf("header %q", lines[0])
	}
	h.m.status = status{} // the start-up line has faded
	if v := ansi.Strip(h.m.View()); !strings.Contains(strings.Split(v, "\n")[0], "read-only cache") {
		t.Errorf("the header lost the problem once the status faded:\n%s", v)
	}
	plain := newAppHarness(t, libArticles(), nil)
	if strings.Contains(ansi.Strip(plain.m.View()), "cache") {
		t.Errorf("a sound cache is marked:\n%s", plain.m.View())
	}
}
