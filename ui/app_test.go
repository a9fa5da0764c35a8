package ui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/herald-reader/herald/articles"
	"github.com/muesli/termenv"
)

func TestQuitFromLibrary(t *testing.T) {
	t.Parallel()
	h := newAppHarness(t, libArticles(), nil)
	cmd := h.key("q")
	if cmd == nil {
		t.Fatal("q returned no Cmd")
	}
	if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Fatal("q in the library does not quit")
	}
	if h.m.ctx.Err() == nil {
		t.Error("quitting left the background context running")
	}
}

func TestCtrlCQuitsFromEveryScreen(t *testing.T) {
	t.Parallel()
	for _, keys := range [][]string{nil, {"enter"}, {"/", "x"}, {"?"}} {
		h := newAppHarness(t, libArticles(), nil)
		h.settleKeys(keys...)
		cmd := h.key("ctrl+c")
		if cmd == nil {
			t.Fatalf("after %v: ctrl+c returned no Cmd", keys)
		}
		if _, ok := cmd().(tea.QuitMsg); !ok {
			t.Fatalf("after %v: ctrl+c does not quit", keys)
		}
	}
}

func TestEscInReaderReturnsToLibrary(t *testing.T) {
	t.Parallel()
	h := newAppHarness(t, libArticles(), nil)
	h.settleKeys("j", "enter")
	if h.m.screen != screenReader {
		t.Fatal("enter did not open the reader")
	}
	// At once, in the same Update: the next key of a burst meets the library.
	h.key("esc")
	if h.m.screen != screenLibrary || h.m.library.selectedID() != "a2" {
		t.Fatalf("back: screen %v selected %q", h.m.screen, h.m.library.selectedID())
	}
	// q in the reader goes back too; a second q then quits.
	h.settleKeys("enter", "q")
	if h.m.screen != screenLibrary {
		t.Fatal("q in the reader did not go back")
	}
}

func TestStepArticlesInViewOrder(t *testing.T) {
	t.Parallel()
	h := newAppHarness(t, libArticles(), nil)
	h.settleKeys("f", "enter") // unread view: a1, a3, a4
	step := func(k, want string) {
		t.Helper()
		h.settle(keyMsg(k))
		if h.m.readerID != want {
			t.Fatalf("%s opened %q, want %q", k, h.m.readerID, want)
		}
	}
	step("n", "a3") // a2 is read: not in this view
	step("n", "a4")
	step("n", "a4")
	if !strings.Contains(h.m.View(), "last article") {
		t.Errorf("no status at the end:\n%s", h.m.View())
	}
	step("p", "a3")
	step("p", "a1") // read by now, but the view keeps its place
	step("p", "a1")
	if !strings.Contains(h.m.View(), "first article") {
		t.Errorf("no status at the start:\n%s", h.m.View())
	}
	reads, _ := h.b.marks()
	if !slices.Equal(reads, []string{"a1=true", "a3=true", "a4=true"}) {
		t.Errorf("stepping marked %v", reads)
	}
	h.settle(keyMsg("esc"))
	if h.m.library.selectedID() != "a1" {
		t.Errorf("library selection %q after stepping, want a1", h.m.library.selectedID())
	}
}

func TestStartArticleOpensReader(t *testing.T) {
	t.Parallel()
	start := articles.Article{ID: "file", Title: "A local file", Sections: []articles.Section{{Title: "Introduction", Level: 1, Markdown: "Hello."}}}
	h := newAppHarness(t, nil, func(o *Options, _ *recBackend) { o.Start = &start })
	if h.m.screen != screenReader || !strings.Contains(h.m.View(), "A local file") {
		t.Fatalf("start article not shown:\n%s", h.m.View())
	}
	h.settle(keyMsg("n"))
	if !strings.Contains(h.m.View(), "not in the library") {
		t.Errorf("n on an article outside the library says nothing:\n%s", h.m.View())
	}
}

func TestStartArticleWithoutSectionsIsShownNotLoaded(t *testing.T) {
	t.Parallel()
	// herald read gives every page an ID; one with no text must still open.
	start := articles.Article{ID: "https://example.com/empty", Title: "An empty page", URL: "https://example.com/empty"}
	h := newAppHarness(t, libArticles(), func(o *Options, _ *recBackend) { o.Start = &start })
	v := h.m.View()
	if h.m.screen != screenReader || !strings.Contains(v, "An empty page") || !strings.Contains(v, noText) {
		t.Fatalf("start article without sections not shown:\n%s", v)
	}
	if strings.Contains(v, "could not open") || len(h.b.loads) != 0 {
		t.Errorf("the start article was loaded (loads %v):\n%s", h.b.loads, v)
	}
}

func TestResize(t *testing.T) {
	t.Parallel()
	screens := map[string][]string{
		"library":      nil,
		"reader":       {"enter"},
		"filter":       {"/", "g", "o"},
		"help":         {"?"},
		"reader help":  {"enter", "?"},
		"empty filter": {"/", "z", "z", "z"},
	}
	for name, keys := range screens {
		h := newAppHarness(t, libArticles(), nil)
		h.settleKeys(keys...)
		for _, size := range [][2]int{{40, 10}, {80, 24}, {120, 40}, {40, 10}} {
			w, ht := size[0], size[1]
			h.resize(w, ht)
			lines := strings.Split(h.m.View(), "\n")
			if len(lines) != ht {
				t.Errorf("%s at %dx%d: %d lines", name, w, ht, len(lines))
			}
			for i, l := range lines {
				if lw := ansi.StringWidth(l); lw > w {
					t.Errorf("%s at %dx%d: line %d is %d wide: %q", name, w, ht, i, lw, l)
				}
			}
		}
		for _, size := range [][2]int{{39, 10}, {40, 9}, {1, 1}, {200, 3}} {
			h.resize(size[0], size[1])
			if got := h.m.View(); got != tooSmall(size[0]) || !strings.Contains("too small: 40x10 needed", got) {
				t.Errorf("%s at %dx%d: %q", name, size[0], size[1], got)
			}
		}
		// Growing back restores the screen.
		h.resize(80, 24)
		if strings.Contains(h.m.View(), "too small") {
			t.Errorf("%s: still too small at 80x24", name)
		}
	}
}

func TestResizeKeepsCursorVisible(t *testing.T) {
	t.Parallel()
	var list []articles.Article
	for i := range 30 {
		list = append(list, articles.Article{ID: fmt.Sprint("x", i), Title: fmt.Sprint("Article ", i), Published: appNow.Add(-time.Duration(i) * time.Hour)})
	}
	h := newAppHarness(t, list, nil)
	h.settle(keyMsg("G"))
	h.resize(40, 10)
	if !strings.Contains(h.m.View(), "▸ ●   Article 29") {
		t.Fatalf("selection scrolled away on shrinking:\n%s", h.m.View())
	}
}

func TestHelpToggles(t *testing.T) {
	t.Parallel()
	h := newAppHarness(t, libArticles(), nil)
	h.settle(keyMsg("?"))
	v := h.m.View()
	if !strings.Contains(v, "herald keys") || !strings.Contains(v, "mark all read") {
		t.Fatalf("? shows no full help:\n%s", v)
	}
	if strings.Contains(v, "refresh feeds") {
		t.Error("help lists r although there is nothing to refresh")
	}
	h.settle(keyMsg("?"))
	if strings.Contains(h.m.View(), "herald keys") {
		t.Fatal("? did not close the help")
	}
	h.settleKeys("enter", "?")
	if !strings.Contains(h.m.View(), "jump to section") {
		t.Fatalf("reader help missing:\n%s", h.m.View())
	}
	h.settle(keyMsg("esc"))
	if h.m.showHelp || h.m.screen != screenReader {
		t.Fatal("esc should close the help and stay in the reader")
	}
}

func TestFeedsView(t *testing.T) {
	t.Parallel()
	h := newAppHarness(t, libArticles(), withFeeds(func(context.Context) ([]articles.Feed, error) {
		return []articles.Feed{
			{URL: "https://go.dev/feed", Title: "The Go Blog", Status: "ok", LastFetch: appNow.Add(-3 * time.Hour), Articles: 2, Unread: 2},
			{URL: "https://dead.example/rss", Title: "Dead feed", Status: "error", Error: "404 Not Found", LastFetch: appNow.Add(-time.Hour)},
		}, nil
	}))
	h.settle(keyMsg("F"))
	if h.m.screen != screenFeeds {
		t.Fatal("F did not open the feeds view")
	}
	v := h.m.View()
	dead, ok := strings.Index(v, "Dead feed"), strings.Index(v, "The Go Blog")
	if dead < 0 || ok < 0 || dead > ok {
		t.Fatalf("failing feed not listed first:\n%s", v)
	}
	for _, want := range []string{"2 feeds · 1 failing", "404 Not Found", "https://dead.example/rss", "3h ago", "2 unread · 2"} {
		if !strings.Contains(v, want) {
			t.Errorf("feeds view lacks %q:\n%s", want, v)
		}
	}
	h.settle(keyMsg("esc"))
	if h.m.screen != screenLibrary {
		t.Fatal("esc did not leave the feeds view")
	}
}

func TestFeedsViewRendersRowsOncePerChange(t *testing.T) {
	t.Parallel()
	var clock int // the rows read the clock for "3h ago"; View must not
	h := newAppHarness(t, libArticles(), func(o *Options, b *recBackend) {
		withFeeds(func(context.Context) ([]articles.Feed, error) {
			return []articles.Feed{{URL: "https://go.dev/feed", Title: "The Go Blog", Status: "ok", LastFetch: appNow.Add(-3 * time.Hour)}}, nil
		})(o, b)
		o.Now = func() time.Time { clock++; return appNow }
	})
	h.settle(keyMsg("F"))
	before := clock
	for range 10 {
		if v := h.m.View(); !strings.Contains(v, "The Go Blog") {
			t.Fatalf("feed not shown:\n%s", v)
		}
	}
	if clock != before {
		t.Errorf("View rendered the rows again: %d clock reads in 10 frames", clock-before)
	}
	// A resize lays the rows out again at the new width.
	h.resize(120, 24)
	first := strings.Split(h.m.View(), "\n")[2]
	if w := ansi.StringWidth(first); w != 120 || !strings.HasSuffix(first, "3h ago") {
		t.Errorf("after resizing to 120, the row is %d wide: %q", w, first)
	}
}

func TestFeedsListOvertakenIsDropped(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	h := newAppHarness(t, libArticles(), withFeeds(func(context.Context) ([]articles.Feed, error) {
		if calls.Add(1) == 1 {
			return []articles.Feed{{URL: "https://old.example/rss", Title: "Before the refresh", Status: "ok"}}, nil
		}
		return []articles.Feed{{URL: "https://new.example/rss", Title: "After the refresh", Status: "ok"}}, nil
	}))
	first := h.key("F")
	h.settle(keyMsg("esc"))
	second := h.key("F")
	older, newer := h.run(first), h.run(second)
	for _, msg := range append(older, newer...) {
		if _, ok := msg.(feedsLoadedMsg); !ok {
			t.Fatalf("F gave %T", msg)
		}
	}
	// The first answer is slow: it arrives after the second.
	for _, msg := range append(newer, older...) {
		h.settle(msg)
	}
	if v := h.m.View(); !strings.Contains(v, "After the refresh") || strings.Contains(v, "Before the refresh") {
		t.Fatalf("an older feed list replaced a newer one:\n%s", v)
	}
}

func TestFeedsViewError(t *testing.T) {
	t.Parallel()
	h := newAppHarness(t, libArticles(), withFeeds(func(context.Context) ([]articles.Feed, error) {
		return nil, errors.New("database is locked")
	}))
	h.settle(keyMsg("F"))
	if !strings.Contains(h.m.View(), "could not list feeds: database is locked") {
		t.Fatalf("error not shown:\n%s", h.m.View())
	}
}

func TestLoadErrorStaysInLibrary(t *testing.T) {
	t.Parallel()
	h := newAppHarness(t, libArticles(), nil)
	h.b.mu.Lock()
	h.b.list = h.b.list[1:] // a1 vanished from the cache after listing
	h.b.mu.Unlock()
	h.settle(keyMsg("enter"))
	if h.m.screen != screenLibrary || !strings.Contains(h.m.View(), "could not open the article: not found") {
		t.Fatalf("load error not shown:\n%s", h.m.View())
	}
}

func TestLateLoadErrorDoesNotDropTheNextArticle(t *testing.T) {
	t.Parallel()
	h := newAppHarness(t, libArticles(), nil)
	h.b.mu.Lock()
	h.b.list = h.b.list[1:] // a1 now fails to load
	h.b.mu.Unlock()
	first := h.key("enter") // a1
	h.settle(keyMsg("j"))
	second := h.key("enter") // a2
	// a1's error arrives after the user moved on to a2, then a2 loads.
	for _, msg := range append(h.run(first), h.run(second)...) {
		h.settle(msg)
	}
	if h.m.screen != screenReader || h.m.readerID != "a2" {
		t.Fatalf("a2 did not open: screen %v reader %q\n%s", h.m.screen, h.m.readerID, h.m.View())
	}
	if strings.Contains(h.m.View(), "could not open") {
		t.Errorf("a1's late error is shown over a2:\n%s", h.m.View())
	}
}

// writeStyle writes a JSON glamour style that wraps emphasis in << >>.
func writeStyle(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "style.json")
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestStyleFileReadOnce(t *testing.T) {
	t.Parallel()
	path := writeStyle(t, `{"document": {"margin": 2}, "emph": {"prefix": "<<", "suffix": ">>"}}`)
	start := articles.Article{ID: "s", Title: "Styled", Sections: []articles.Section{{Title: "One", Level: 1, Markdown: "Hello *there* friend."}}}
	h := newAppHarness(t, nil, func(o *Options, _ *recBackend) { o.Style = path; o.Start = &start })
	if !strings.Contains(h.m.View(), "<<there>>") {
		t.Fatalf("the style file was not used:\n%s", h.m.View())
	}
	// Resizing builds renderers for new widths; the file is not read again.
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	for _, w := range []int{100, 61, 120} {
		h.resize(w, 30)
		v := h.m.View()
		if !strings.Contains(v, "<<there>>") || strings.Contains(v, "could not render") {
			t.Fatalf("at width %d the style is gone:\n%s", w, v)
		}
	}
}

func TestBrokenStyleFileFallsBack(t *testing.T) {
	t.Parallel()
	path := writeStyle(t, `{"emph": {"prefix": `)
	start := articles.Article{ID: "s", Title: "Styled", Sections: []articles.Section{{Title: "One", Level: 1, Markdown: "See [the docs](https://example.com/docs)."}}}
	h := newAppHarness(t, nil, func(o *Options, _ *recBackend) { o.Style = path; o.Start = &start })
	v := h.m.View()
	if !strings.Contains(v, "could not render with your style, using notty") {
		t.Errorf("status line does not say the style failed:\n%s", v)
	}
	// Rendered with the fallback (the link's Markdown gone), not shown raw.
	if !strings.Contains(v, "the docs") || strings.Contains(v, "[the docs]") {
		t.Errorf("section not rendered with the fallback style:\n%s", v)
	}
}

// goldenArticles is the library the goldens show: the bundled articles.
func goldenArticles(t *testing.T) []articles.Article {
	list, err := articles.Bundled()
	if err != nil {
		t.Fatal(err)
	}
	if len(list) == 0 {
		t.Fatal("articles.Bundled returned no articles")
	}
	return list
}

// goldenModelWith is the model every golden runs: the bundled articles, the
// notty style, plain output, a fixed clock; it opens the reader on start,
// when set.
func goldenModelWith(t *testing.T, start *articles.Article) Model {
	return New(Options{
		Backend:      NewMemoryBackend(goldenArticles(t)),
		Style:        "notty",
		ColorProfile: termenv.Ascii, // goldens compare plain text
		Now:          func() time.Time { return time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC) },
		Start:        start,
	})
}

// goldenSizes are the sizes every golden is taken at.
var goldenSizes = [][2]int{{80, 24}, {120, 40}}

// goldenRun starts the program at each golden size, waits for the library,
// lets then drive it, and compares the final frame with the golden file.
func goldenRun(t *testing.T, then func(t *testing.T, tm *teatest.TestModel), check func(t *testing.T, m Model)) {
	goldenRunAt(t, goldenSizes, nil, then, check)
}

// goldenRunAt is goldenRun at the given sizes, starting on start if set;
// then waits for the reader it opens.
func goldenRunAt(t *testing.T, sizes [][2]int, start *articles.Article, then func(t *testing.T, tm *teatest.TestModel), check func(t *testing.T, m Model)) {
	for _, size := range sizes {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			tm := teatest.NewTestModel(t, goldenModelWith(t, start), teatest.WithInitialTermSize(size[0], size[1]))
			if start == nil {
				teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
					return strings.Contains(string(b), "unread")
				}, teatest.WithDuration(20*time.Second))
			}
			then(t, tm)
			final := tm.FinalModel(t, teatest.WithFinalTimeout(20*time.Second)).(Model)
			check(t, final)
			golden.RequireEqual(t, []byte(final.View()))
		})
	}
}

func TestGoldenLibrary(t *testing.T) {
	t.Parallel()
	goldenRun(t, func(t *testing.T, tm *teatest.TestModel) {
		tm.Send(keyMsg("q"))
	}, func(*testing.T, Model) {})
}

func TestGoldenReader(t *testing.T) {
	t.Parallel()
	goldenRun(t, func(t *testing.T, tm *teatest.TestModel) {
		tm.Send(keyMsg("enter"))
		// The section renders in a Cmd: the golden is the rendered frame.
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
			return strings.Contains(string(b), "Welcome to herald")
		}, teatest.WithDuration(20*time.Second))
		if err := tm.Quit(); err != nil {
			t.Fatal(err)
		}
	}, func(t *testing.T, final Model) {
		if final.screen != screenReader {
			t.Fatal("enter did not open the reader")
		}
	})
}

// oneSectionArticle is a page without headings: one section, and a
// dialogue written with <br>s.
func oneSectionArticle(t *testing.T) *articles.Article {
	t.Helper()
	var body strings.Builder
	body.WriteString("<html><head><title>A conversation at the harbour</title></head><body><article>")
	body.WriteString("<p>They met by the water, as they did every spring, and talked until the light went.</p>")
	body.WriteString("<p>MARA: You came back.<br>TOMAS: I always do.<br>MARA: Not always. Not the year of the storm.<br>TOMAS: That year the boats stayed home too.</p>")
	for i := range 6 {
		fmt.Fprintf(&body, "<p>Paragraph %d goes on about the harbour, the gulls and the\nnets drying in the sun, with its source\nbroken over lines that must reflow.</p>", i+1)
	}
	body.WriteString("</article></body></html>")
	a, err := articles.ParseHTML([]byte(body.String()), "https://example.com/harbour")
	if err != nil {
		t.Fatal(err)
	}
	a.ID, a.Source, a.URL = "harbour", "example.com", "https://example.com/harbour"
	if len(a.Sections) != 1 {
		t.Fatalf("the page has %d sections, want one", len(a.Sections))
	}
	return &a
}

func TestGoldenOneSection(t *testing.T) {
	t.Parallel()
	goldenRunAt(t, [][2]int{{80, 24}}, oneSectionArticle(t), func(t *testing.T, tm *teatest.TestModel) {
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
			return strings.Contains(string(b), "TOMAS")
		}, teatest.WithDuration(20*time.Second))
		if err := tm.Quit(); err != nil {
			t.Fatal(err)
		}
	}, func(t *testing.T, final Model) {
		if final.screen != screenReader || final.reader.hasPane() {
			t.Fatal("the one-section article is not shown without a section pane")
		}
	})
}

func TestGoldenReaderHelp(t *testing.T) {
	t.Parallel()
	goldenRunAt(t, [][2]int{{80, 24}}, nil, func(t *testing.T, tm *teatest.TestModel) {
		tm.Send(keyMsg("enter"))
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
			return strings.Contains(string(b), "Welcome to herald")
		}, teatest.WithDuration(20*time.Second))
		tm.Send(keyMsg("?"))
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
			return strings.Contains(string(b), "herald keys")
		}, teatest.WithDuration(20*time.Second))
		if err := tm.Quit(); err != nil {
			t.Fatal(err)
		}
	}, func(t *testing.T, final Model) {
		if !final.showHelp {
			t.Fatal("? did not open the help")
		}
	})
}

func TestRunesArrivingTogetherActAsSeparateKeys(t *testing.T) {
	t.Parallel()
	h := newAppHarness(t, libArticles(), nil)
	// "jj" in one KeyMsg, as key repeat or a fast typist delivers it.
	h.settle(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("jj")})
	if got := h.m.library.selectedID(); got != "a3" {
		t.Fatalf("after jj the library selects %q, want a3 (two rows down)", got)
	}
	// While filtering, the same runes are text.
	h.settleKeys("/")
	h.settle(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("go")})
	if !strings.Contains(h.m.View(), "go") || h.m.screen != screenLibrary {
		t.Fatal("runes typed together into the filter were not kept as text")
	}
}

func TestEscWhileLoadingKeepsTheLibrary(t *testing.T) {
	t.Parallel()
	h := newAppHarness(t, libArticles(), nil)
	pending := h.key("enter") // starts loading a1
	if h.m.loadingID != "a1" {
		t.Fatalf("enter did not start loading a1 (loading %q)", h.m.loadingID)
	}
	h.settle(keyMsg("esc"))
	for _, msg := range h.run(pending) {
		h.settle(msg)
	}
	if h.m.screen != screenLibrary {
		t.Fatal("an article loaded after esc still opened the reader")
	}
}

func TestColourProfileComesFromOptions(t *testing.T) {
	t.Parallel()
	plain := newAppHarness(t, libArticles(), nil)
	if v := plain.m.View(); strings.Contains(v, "\x1b[") {
		t.Errorf("the Ascii profile drew escape sequences:\n%q", v)
	}
	coloured := newAppHarness(t, libArticles(), func(o *Options, _ *recBackend) {
		o.ColorProfile, o.Style = termenv.ANSI256, "dark"
	})
	if v := coloured.m.View(); !strings.Contains(v, "\x1b[") {
		t.Errorf("the ANSI256 profile drew no colour:\n%s", v)
	}
	// glamour gets the profile too: 256-colour sequences, not true colour.
	coloured.settleKeys("enter")
	text := strings.Join(coloured.m.reader.lines, "\n")
	if !strings.Contains(text, "38;5;") || strings.Contains(text, "38;2;") {
		t.Errorf("the section was not rendered in 256 colours:\n%q", text)
	}
}

func TestEmptyStyleFollowsTheProfile(t *testing.T) {
	t.Parallel()
	for profile, want := range map[termenv.Profile]string{termenv.Ascii: "notty", termenv.ANSI: "dark", termenv.TrueColor: "dark"} {
		c, err := newCommon(Options{ColorProfile: profile})
		if err != nil || c.opts.Style != want {
			t.Errorf("profile %v: style %q (%v), want %q", profile, c.opts.Style, err, want)
		}
	}
}
