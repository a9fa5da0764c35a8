package ui

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/herald-reader/herald/articles"
	"github.com/muesli/termenv"
)

// feedsBackend is a memory backend with a feed list.
type feedsBackend struct {
	Backend
	feeds []articles.Feed
}

func (b feedsBackend) Feeds(context.Context) ([]articles.Feed, error) { return b.feeds, nil }

// goldenFind runs one golden at 80x24 over the bundled articles, with the
// given colour profile, driving the program with then.
func goldenFind(t *testing.T, profile termenv.Profile, then func(t *testing.T, tm *teatest.TestModel)) Model {
	return goldenFindAt(t, 80, 24, taggedFeeds(), profile, then)
}

// goldenFindAt is goldenFind at w x h with the given feeds.
func goldenFindAt(t *testing.T, w, h int, feeds []articles.Feed, profile termenv.Profile, then func(t *testing.T, tm *teatest.TestModel)) Model {
	m := New(Options{
		Backend:      feedsBackend{Backend: NewMemoryBackend(goldenArticles(t)), feeds: feeds},
		HasFeeds:     true,
		Style:        "notty",
		ColorProfile: profile,
		Now:          func() time.Time { return appNow },
	})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(w, h))
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return strings.Contains(string(b), "unread") },
		teatest.WithDuration(5*time.Second))
	then(t, tm)
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(Model)
	golden.RequireEqual(t, []byte(final.View()))
	return final
}

func TestGoldenFeedsView(t *testing.T) {
	t.Parallel()
	final := goldenFind(t, termenv.Ascii, func(t *testing.T, tm *teatest.TestModel) {
		tm.Send(keyMsg("F"))
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return strings.Contains(string(b), "1 failing") },
			teatest.WithDuration(5*time.Second))
		tm.Send(keyMsg("j"))
		tm.Send(keyMsg("j"))
	})
	if final.screen != screenFeeds || final.feeds.cursor != 2 {
		t.Fatalf("screen %v cursor %d", final.screen, final.feeds.cursor)
	}
}

// TestGoldenFeedsViewLongError is the feeds view at 100x30 with rows
// whose statuses differ in length, and a feed with a long error selected:
// the counts and statuses in columns, the error whole at the bottom.
func TestGoldenFeedsViewLongError(t *testing.T) {
	t.Parallel()
	final := goldenFindAt(t, 100, 30, mixedFeeds(), termenv.Ascii, func(t *testing.T, tm *teatest.TestModel) {
		tm.Send(keyMsg("F"))
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return strings.Contains(string(b), "2 failing") },
			teatest.WithDuration(5*time.Second))
		for range 4 {
			tm.Send(keyMsg("j"))
		}
	})
	if final.screen != screenFeeds || final.feeds.cursor != 4 {
		t.Fatalf("screen %v cursor %d", final.screen, final.feeds.cursor)
	}
}

// TestGoldenSearchInArticle is the reader with a search in the article:
// counts beside the sections, the matches in reverse video (the golden
// keeps the escapes; cat it in a terminal to see them), the current one
// bold.
func TestGoldenSearchInArticle(t *testing.T) {
	t.Parallel()
	final := goldenFind(t, termenv.ANSI, func(t *testing.T, tm *teatest.TestModel) {
		tm.Send(keyMsg("enter"))
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return strings.Contains(string(b), "Welcome to herald") },
			teatest.WithDuration(5*time.Second))
		tm.Send(keyMsg("/"))
		for _, r := range "feed" {
			tm.Send(keyMsg(string(r)))
		}
		// Every section searched (no "+" after the count) before enter.
		done := regexp.MustCompile(`[0-9] matches · enter`)
		teatest.WaitFor(t, tm.Output(), done.Match, teatest.WithDuration(5*time.Second))
		tm.Send(keyMsg("enter"))
		tm.Send(keyMsg("n"))
		// The second match is in a section not rendered yet: wait for its
		// text too, not only the footer.
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
			return strings.Contains(string(b), "match 2 of") && strings.Contains(string(b), "article, in any")
		}, teatest.WithDuration(5*time.Second))
	})
	if !final.reader.find.active || final.reader.find.ordinal() != 2 {
		t.Fatalf("search active %v, current %d", final.reader.find.active, final.reader.find.ordinal())
	}
}
