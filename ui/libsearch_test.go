package ui

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/herald-reader/herald/articles"
)

// textArticles is libArticles with words only in the bodies.
func textArticles() []articles.Article {
	list := libArticles()
	list[1].Sections[1].Markdown = "The borrow checker meets the kernel's locking."
	list[3].Sections[0].Markdown = "A kernel filesystem with a checker of its own."
	return list
}

func TestFilterFindsTheTextBelowTheTitles(t *testing.T) {
	t.Parallel()
	h := newAppHarness(t, textArticles(), nil)
	h.settleKeys("/", "k", "e", "r")
	// "ker" is in one title (Rust in the kernel) and two texts: the title
	// match first, then the other one from the text with its snippet.
	if got := visibleIDs(h.m.library); !slices.Equal(got, []string{"a2", "a4"}) {
		t.Fatalf("visible %v, want the title match a2, then a4 from the text", got)
	}
	v := ansi.Strip(h.m.View())
	for _, want := range []string{"Rust in the kernel", "── matches in the text: 1 article ──", "Filesystems news", "kernel filesystem with a checker"} {
		if !strings.Contains(v, want) {
			t.Errorf("view lacks %q:\n%s", want, v)
		}
	}
	if strings.Index(v, "matches in the text") > strings.Index(v, "Filesystems news") {
		t.Errorf("the text's matches are not below the heading:\n%s", v)
	}
	// Keys move through both; enter opens a text match.
	h.settleKeys("enter", "down", "enter")
	if h.m.screen != screenReader || h.m.readerID != "a4" {
		t.Fatalf("enter on the text match: screen %v article %q", h.m.screen, h.m.readerID)
	}
	// n and p walk the same order.
	h.settle(keyMsg("p"))
	if h.m.readerID != "a2" {
		t.Errorf("p from the text match opened %q, want a2", h.m.readerID)
	}
}

func TestFilterSearchesTextOnlyFromThreeLetters(t *testing.T) {
	t.Parallel()
	h := newAppHarness(t, textArticles(), nil)
	h.settleKeys("/", "k", "e")
	if len(h.b.searches) != 0 {
		t.Errorf("two letters searched the text: %q", h.b.searches)
	}
	if v := h.m.View(); strings.Contains(v, "matches in the text") {
		t.Errorf("two letters show text matches:\n%s", v)
	}
	// Keys faster than the debounce: every tick arrives after the last
	// key, and only the last one's search runs.
	var ticks []tea.Cmd
	for _, k := range []string{"r", "n", "e", "l"} {
		ticks = append(ticks, h.send(keyMsg(k)))
	}
	for _, c := range ticks {
		h.settleCmd(c)
	}
	if !slices.Equal(h.b.searches, []string{"kernel"}) {
		t.Errorf("searches %q, want only the settled filter", h.b.searches)
	}
	h.settleKeys("esc")
	if v := h.m.View(); strings.Contains(v, "matches in the text") || len(h.m.library.visible) != 4 {
		t.Errorf("esc left the text search:\n%s", v)
	}
}

func TestTextSearchIsDroppedWhenOvertaken(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	h := newAppHarness(t, textArticles(), func(_ *Options, b *recBackend) {
		b.search = func(ctx context.Context, q string, n int) ([]articles.Hit, error) {
			if q == "checker" {
				<-release // a slow search
			}
			return NewMemoryBackend(textArticles()).Search(ctx, q, n)
		}
	})
	h.settle(keyMsg("/"))
	for _, k := range []string{"c", "h", "e", "c", "k", "e"} {
		h.send(keyMsg(k)) // their ticks never come: overtaken anyway
	}
	due := runAppCmd(h.send(keyMsg("r")))
	cmd := h.send(due[0]) // "checker" is due: its search starts, slowly
	slow := make(chan tea.Msg)
	go func() { slow <- cmd() }()
	// Keys go on while it runs, and a new filter's search overtakes it.
	start := time.Now()
	h.settle(tea.KeyMsg{Type: tea.KeyCtrlU})
	h.settleKeys("k", "e", "r")
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("keys waited %v for the slow search", d)
	}
	if got := visibleIDs(h.m.library); !slices.Equal(got, []string{"a2", "a4"}) {
		t.Fatalf("visible %v for ker", got)
	}
	close(release)
	h.settle(<-slow) // the old answer arrives last
	if got := visibleIDs(h.m.library); !slices.Equal(got, []string{"a2", "a4"}) {
		t.Errorf("the overtaken answer replaced the current one: %v", got)
	}
}

func TestTextSearchErrorIsShownQuietly(t *testing.T) {
	t.Parallel()
	h := newAppHarness(t, textArticles(), func(_ *Options, b *recBackend) {
		b.search = func(context.Context, string, int) ([]articles.Hit, error) {
			return nil, errors.New(`cannot search for that: a " is not closed`)
		}
	})
	h.settleKeys("/", `"`, "k", "e", "r")
	v := h.m.View()
	if !strings.Contains(v, `a " is not closed`) || h.m.status.err {
		t.Errorf("the query's error is not in the list, or shouts in the status line:\n%s", v)
	}
}

// On a read-only cache whose index is behind, the hits still show, and
// the heading says how many articles the search could not look at.
func TestTextSearchOnAReadOnlyCacheSaysWhatItLeftOut(t *testing.T) {
	t.Parallel()
	h := newAppHarness(t, textArticles(), func(_ *Options, b *recBackend) {
		b.search = func(context.Context, string, int) ([]articles.Hit, error) {
			return []articles.Hit{{Article: articles.Article{ID: "a4"}, Snippet: articles.Snippet{Text: "A kernel filesystem"}}}, &articles.NotSearchedError{N: 402}
		}
	})
	h.settle(tea.WindowSizeMsg{Width: 120, Height: 24})
	h.settleKeys("/", "k", "e", "r")
	if got := visibleIDs(h.m.library); !slices.Equal(got, []string{"a2", "a4"}) {
		t.Fatalf("visible %v, want the title match a2 and the text's hit a4", got)
	}
	v := ansi.Strip(h.m.View())
	if !strings.Contains(v, "matches in the text: 1 article · 402 articles not searched: the cache is read-only") {
		t.Errorf("the heading does not say what was left out:\n%s", v)
	}
}

func TestTextMatchesFollowTheView(t *testing.T) {
	t.Parallel()
	h := newAppHarness(t, textArticles(), nil)
	h.settleKeys("f") // unread: a2 is read
	h.settleKeys("/", "c", "h", "e", "c", "k", "e", "r")
	if got := visibleIDs(h.m.library); !slices.Equal(got, []string{"a4"}) {
		t.Errorf("the unread view's text matches: %v, want a4 only", got)
	}
}

func TestNextUnread(t *testing.T) {
	t.Parallel()
	h := newAppHarness(t, libArticles(), nil) // a1, a3, a4 unread; a2 read
	h.settleKeys("j", "u")                    // from a2: the next unread is a3
	if h.m.screen != screenReader || h.m.readerID != "a3" {
		t.Fatalf("u from a2 opened %q", h.m.readerID)
	}
	h.settle(keyMsg("u"))
	if h.m.readerID != "a4" {
		t.Fatalf("u in the reader opened %q, want a4", h.m.readerID)
	}
	h.settle(keyMsg("u")) // round to the top: a1
	if h.m.readerID != "a1" {
		t.Fatalf("u at the end opened %q, want a1", h.m.readerID)
	}
	h.settle(keyMsg("u"))
	if !strings.Contains(h.m.View(), "no unread articles") {
		t.Errorf("with everything read, u says nothing:\n%s", h.m.View())
	}
	reads, _ := h.b.marks()
	if !slices.Equal(reads, []string{"a3=true", "a4=true", "a1=true"}) {
		t.Errorf("marked %v", reads)
	}
}

func TestNextUnreadLeavesAFeedWithNoneLeft(t *testing.T) {
	t.Parallel()
	h := newAppHarness(t, libArticles(), nil)
	h.settle(openScopeMsg{scope: scope{label: "LWN", feeds: map[string]bool{"https://lwn.net/rss": true}}})
	h.settleKeys("u") // a4, LWN's one unread
	h.settleKeys("u") // none left in LWN: a1, of all
	if h.m.readerID != "a1" || h.m.library.scope.feeds != nil {
		t.Fatalf("u past the feed's last unread: %q, scope %q", h.m.readerID, h.m.library.scope.label)
	}
	if !strings.Contains(h.m.View(), "showing all") {
		t.Errorf("leaving the feed is not said:\n%s", h.m.View())
	}
	h.settle(keyMsg("n")) // n goes on in the whole library
	if h.m.readerID != "a2" {
		t.Errorf("n after u opened %q, want a2", h.m.readerID)
	}
}

func TestHelpListsTheNewKeys(t *testing.T) {
	t.Parallel()
	h := newAppHarness(t, libArticles(), withFeeds(func(context.Context) ([]articles.Feed, error) { return taggedFeeds(), nil }))
	words := func() string { return strings.Join(strings.Fields(ansi.Strip(h.m.View())), " ") }
	h.settle(keyMsg("?"))
	for _, want := range []string{"u next unread", "all/unread/starred/new", "F feeds"} {
		if !strings.Contains(words(), want) {
			t.Errorf("library help lacks %q:\n%s", want, h.m.View())
		}
	}
	h.settleKeys("?", "enter", "?")
	for _, want := range []string{"/ n/N search article", "u next unread"} {
		if !strings.Contains(words(), want) {
			t.Errorf("reader help lacks %q:\n%s", want, h.m.View())
		}
	}
	h.settleKeys("?", "esc", "F", "?")
	for _, want := range []string{"←/h fold tag", "→/l unfold tag", "/ filter", "enter open"} {
		if !strings.Contains(words(), want) {
			t.Errorf("feeds help lacks %q:\n%s", want, h.m.View())
		}
	}
}
