package ui

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	glamourstyles "github.com/charmbracelet/glamour/styles"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"

	"github.com/herald-reader/herald/articles"
	"github.com/herald-reader/herald/termsafe"
)

const longURL = "https://example.com/a-very-long-path-segment/that-goes-on/and-on/and-on/for-ever/until/it-wraps?query=1&x=2#fragment"

// linkyArticle has every kind of link LinkNodes counts, and some it does
// not, over two sections.
func linkyArticle() articles.Article {
	return articles.Article{ID: "links", Title: "Links everywhere", Source: "News", Sections: []articles.Section{
		{Title: "Introduction", Level: 2, Markdown: "See [the report](https://example.com/report) and <https://example.org/a/b>, " +
			"a bare www.bare.example.com/path, ![A cat](https://img.example/cat.png), [mail](mailto:x@y.example), " +
			"[a footnote](#notes), **[bold](https://bold.example/)** and [a ref][r].\n\n" +
			"| a | b |\n|---|---|\n| [cell](https://cell.example/) | `[not](https://code.example/)` |\n\n" +
			"A [long one](" + longURL + ") ends it.\n\n[r]: https://ref.example/"},
		{Title: "Second", Level: 2, Markdown: "More [links](https://second.example/) and [![logo](https://img.example/logo.png)](https://home.example/)."},
	}}
}

// renderWith renders section i of a with hyperlinks as asked, in plain
// notty style unless a profile with colour is given.
func renderWith(t *testing.T, a articles.Article, i, width int, hyperlinks bool, profile termenv.Profile) []string {
	t.Helper()
	c, err := newCommon(Options{Style: "notty", ColorProfile: profile, Hyperlinks: hyperlinks})
	if err != nil {
		t.Fatal(err)
	}
	a = a.WithLinks()
	k := c.render.key(a.ID, i, width, "notty", a.Sections[i].Markdown)
	k.firstLink = linkStarts(a)[i]
	lines, err := c.renderers.render(k, a.Sections[i].Markdown)
	if err != nil {
		t.Fatal(err)
	}
	return lines
}

var listLine = regexp.MustCompile(`^  \[(\d+)\] +(\S+)$`)

// linkList reads the address list back out of rendered lines: number to
// address, continuation lines joined.
func readLinkList(lines []string) (order []int, urls map[int]string) {
	urls = map[int]string{}
	last := 0
	for _, l := range lines {
		l = strings.TrimRight(ansi.Strip(l), " ")
		if m := listLine.FindStringSubmatch(l); m != nil {
			fmt.Sscan(m[1], &last)
			order = append(order, last)
			urls[last] = m[2]
			continue
		}
		if last > 0 && strings.HasPrefix(l, "      ") && !strings.Contains(strings.TrimSpace(l), " ") {
			urls[last] += strings.TrimSpace(l)
		}
	}
	return order, urls
}

func TestLinksAreNumberedInTheProseAndListedUnderTheSection(t *testing.T) {
	t.Parallel()
	a := linkyArticle().WithLinks()
	lines := renderWith(t, a, 0, 40, false, termenv.Ascii)
	text := ansi.Strip(strings.Join(lines, "\n"))
	for _, want := range []string{"the report [1]", "example.org [2]", "bare.example.com [3]", "A cat", "[4]",
		"mail [5]", "bold [6]", "a ref [7]", "cell [8]", "long one [9]"} {
		if !strings.Contains(strings.Join(strings.Fields(text), " "), want) {
			t.Errorf("the prose lacks %q:\n%s", want, text)
		}
	}
	for _, gone := range []string{"(https://example", "https://example.com/report)", "a footnote [", "#notes"} {
		if strings.Contains(text, gone) {
			t.Errorf("the prose shows %q:\n%s", gone, text)
		}
	}
	if !strings.Contains(text, "[not](https://code.ex") {
		t.Errorf("a link in code is not code any more:\n%s", text)
	}
	order, urls := readLinkList(lines)
	if fmt.Sprint(order) != "[1 2 3 4 5 6 7 8 9]" {
		t.Fatalf("the list has %v:\n%s", order, text)
	}
	// The numbers and addresses on screen are Article.Links'.
	for _, l := range a.Links {
		if l.Section == 0 && urls[l.N] != l.URL {
			t.Errorf("[%d] is %q on screen, %q in Links", l.N, urls[l.N], l.URL)
		}
	}
	// A long address wraps under itself and loses nothing.
	if urls[9] != longURL {
		t.Errorf("the long address came out as\n%q\nwant\n%q", urls[9], longURL)
	}
	for _, l := range lines {
		if w := ansi.StringWidth(l); w != linesWidth(40) {
			t.Errorf("line %q is %d cells, want %d", l, w, linesWidth(40))
		}
	}

	// The second section goes on counting: the linked image is one link.
	second := renderWith(t, a, 1, 60, false, termenv.Ascii)
	order, urls = readLinkList(second)
	if fmt.Sprint(order) != "[10 11]" || urls[10] != "https://second.example/" || urls[11] != "https://home.example/" {
		t.Errorf("second section's list %v %v:\n%s", order, urls, strings.Join(second, "\n"))
	}
	if n := len(a.Links); n != 11 {
		t.Errorf("Links has %d, want 11: %+v", n, a.Links)
	}
}

var osc8Open = regexp.MustCompile("\x1b]8;;([^\x07\x1b]*)(?:\x07|\x1b\\\\)")

func TestHyperlinksAreWebLinksOnlyAndClosedOnEveryLine(t *testing.T) {
	t.Parallel()
	a := linkyArticle()
	a.Sections[0].Markdown += "\n\nAnd [a script](javascript:alert(1)) and [a file](file:///etc/passwd) and a forged \uFFF9marker\uFFFB."
	lines := renderWith(t, a, 0, 40, true, termenv.TrueColor)
	targets := map[string]bool{}
	for _, l := range lines {
		opens := 0
		for _, m := range osc8Open.FindAllStringSubmatch(l, -1) {
			if m[1] == "" {
				opens--
				continue
			}
			opens++
			targets[m[1]] = true
			if !termsafe.IsWebURL(m[1]) {
				t.Errorf("a hyperlink to %q", m[1])
			}
		}
		if opens != 0 {
			t.Errorf("line %q leaves a hyperlink open (%d)", l, opens)
		}
		if strings.ContainsAny(l, "\uFFF9\uFFFB") {
			t.Errorf("a marker reached the screen: %q", l)
		}
		if termsafe.SafeRendered(l) != l {
			t.Errorf("line %q is not what the safety filter lets through", l)
		}
	}
	for _, want := range []string{"https://example.com/report", "https://img.example/cat.png", "https://ref.example/", hyperlinkTarget(longURL)} {
		if !targets[want] {
			t.Errorf("no hyperlink to %s; have %v", want, targets)
		}
	}
	if targets["mailto:x@y.example"] {
		t.Error("a mailto: link is a hyperlink")
	}
	off := renderWith(t, a, 0, 40, false, termenv.TrueColor)
	if strings.Contains(strings.Join(off, "\n"), "\x1b]8;") {
		t.Error("hyperlinks off still writes OSC 8")
	}
}

// The numbers survive every standard style's rendering, colour or not.
func TestLinkNumbersInEveryStyle(t *testing.T) {
	t.Parallel()
	a := linkyArticle().WithLinks()
	for style := range glamourstyles.DefaultStyles {
		if style == "auto" {
			continue
		}
		c, err := newCommon(Options{Style: style, ColorProfile: termenv.ANSI256, Hyperlinks: true})
		if err != nil {
			t.Fatal(err)
		}
		k := c.render.key(a.ID, 0, 60, style, a.Sections[0].Markdown)
		k.firstLink = 1
		lines, err := c.renderers.render(k, a.Sections[0].Markdown)
		if err != nil {
			t.Fatalf("%s: %v", style, err)
		}
		if order, _ := readLinkList(lines); len(order) != 9 {
			t.Errorf("%s: the list has %v", style, order)
		}
	}
}

func TestLinkPickerOpensCopiesAndJumps(t *testing.T) {
	t.Parallel()
	var opened, copied []string
	h := newAppHarness(t, []articles.Article{linkyArticle()}, func(o *Options, _ *recBackend) {
		o.OpenURL = func(u string) error { opened = append(opened, u); return nil }
		o.Copy = func(u string) error { copied = append(copied, u); return nil }
	})
	h.settleKeys("enter", "l")
	if !h.m.reader.picking {
		t.Fatal("l opened no picker")
	}
	v := h.m.View()
	for _, want := range []string{"Links", "the report", "example.com", "image: A cat", "img.example"} {
		if !strings.Contains(v, want) {
			t.Errorf("the picker lacks %q:\n%s", want, v)
		}
	}
	// Typing a number jumps to it; two digits make a number of two.
	h.settleKeys("3")
	if it, _ := h.m.reader.picker.selected(); it.n != 3 {
		t.Errorf("3 selected link %d", it.n)
	}
	h.settleKeys("1", "0")
	if it, _ := h.m.reader.picker.selected(); it.n != 10 {
		t.Errorf("1 0 selected link %d", it.n)
	}
	h.settleKeys("3", "enter")
	if h.m.reader.picking || len(opened) != 1 || opened[0] != "http://www.bare.example.com/path" {
		t.Errorf("enter on link 3 opened %v (picker open %v)", opened, h.m.reader.picking)
	}
	// The picker opens on the shown section's first link.
	h.settleKeys("l", "j", "y")
	if len(copied) != 1 || copied[0] != "https://example.org/a/b" {
		t.Errorf("y on link 2 copied %v", copied)
	}
	// Only web links open.
	h.settleKeys("l", "5", "o")
	if len(opened) != 1 || !strings.Contains(h.m.View(), "only http and https links are opened") {
		t.Errorf("a mailto: link was opened: %v\n%s", opened, h.m.View())
	}
	h.settleKeys("l", "esc")
	if h.m.reader.picking || h.m.screen != screenReader {
		t.Error("esc did not close the picker, or left the reader")
	}
}

func TestPlayHandsTheAttachmentToThePlayer(t *testing.T) {
	t.Parallel()
	pod := summaryArticles()[0]
	pod.Enclosures = []articles.Enclosure{{URL: "https://cdn.example.com/ep1.mp3", Type: "audio/mpeg", Length: 45678901, Duration: 3723e9}}
	two := summaryArticles()[1]
	two.Enclosures = []articles.Enclosure{{URL: "https://cdn.example.com/a.mp3", Type: "audio/mpeg"}, {URL: "https://cdn.example.com/a.ogg", Type: "audio/ogg"}}
	var played []string
	h := newAppHarness(t, []articles.Article{pod, two}, func(o *Options, _ *recBackend) {
		o.Play = func(u string) error { played = append(played, u); return nil }
	})
	h.settleKeys("enter")
	if v := h.m.View(); !strings.Contains(v, "♪ audio/mpeg · 45.7 MB · 1:02:03") {
		t.Errorf("the attachment is not shown at the top:\n%s", v)
	}
	h.settleKeys("e")
	if len(played) != 1 || played[0] != "https://cdn.example.com/ep1.mp3" || !strings.Contains(h.m.View(), "playing https://cdn.example.com/ep1.mp3") {
		t.Fatalf("e played %v:\n%s", played, h.m.View())
	}
	h.settleKeys("n", "e")
	if !h.m.reader.picking || !strings.Contains(h.m.View(), "audio/ogg") {
		t.Fatalf("e with two attachments shows no list:\n%s", h.m.View())
	}
	h.settleKeys("2", "enter")
	if len(played) != 2 || played[1] != "https://cdn.example.com/a.ogg" {
		t.Errorf("the second attachment played %v", played)
	}
}

// goldenLinksArticle is a feed article whose text is a summary with links,
// the shape of most feed items.
func goldenLinksArticle() articles.Article {
	return articles.Article{
		ID: "golden-links", Title: "The river rises over the lower town", Source: "Daily Example",
		FeedURL: "https://news.example.com/feed", URL: "https://news.example.com/2026/11/river",
		Published: time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC), Author: "Ann Writer",
		Enclosures: []articles.Enclosure{{URL: "https://cdn.example.com/river-report.mp3", Type: "audio/mpeg", Length: 12_400_000, Duration: 754 * time.Second}},
		Sections: []articles.Section{{Title: "Introduction", Level: 2, Markdown: "The water came over the banks in the night, " +
			"[the council said](https://council.example.gov/news/flood-warning-2026-11-27) in a statement, and by morning the lower town " +
			"was under a metre of it. ![The river at dawn](https://img.example.com/river.jpg) Residents " +
			"[told us](https://news.example.com/2026/11/river/residents) what they saw; the " +
			"[full forecast](https://weather.example.org/forecast/region/lower-valley/river-levels/next-seven-days?station=4711&units=metric) runs to Sunday."}},
	}
}

func goldenLinksModel(t *testing.T) Model {
	a := goldenLinksArticle()
	return New(Options{
		Backend:      NewMemoryBackend(nil),
		Start:        &a,
		Style:        "notty",
		ColorProfile: termenv.Ascii, // goldens compare plain text
		Now:          func() time.Time { return time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC) },
	})
}

// goldenLinksRun is goldenRun for the reader opened on goldenLinksArticle.
func goldenLinksRun(t *testing.T, keys ...string) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			tm := teatest.NewTestModel(t, goldenLinksModel(t), teatest.WithInitialTermSize(size[0], size[1]))
			teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
				return strings.Contains(string(b), "forecast/region")
			}, teatest.WithDuration(5*time.Second))
			for _, k := range keys {
				tm.Send(keyMsg(k))
			}
			if len(keys) > 0 {
				teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
					return strings.Contains(string(b), "━ Links ━")
				}, teatest.WithDuration(5*time.Second))
			}
			if err := tm.Quit(); err != nil {
				t.Fatal(err)
			}
			final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(Model)
			golden.RequireEqual(t, []byte(final.View()))
		})
	}
}

// The reader with a section's links numbered in the prose and listed under
// it, the attachment above, and the note that this is the feed's summary.
func TestGoldenReaderLinks(t *testing.T) {
	t.Parallel()
	goldenLinksRun(t)
}

// The link picker over it, on the third link.
func TestGoldenLinkPicker(t *testing.T) {
	t.Parallel()
	goldenLinksRun(t, "l", "3")
}

// In a narrow content pane the picker's hint was cut at the box's edge,
// losing "esc", the way out; a shorter hint that fits is shown instead.
func TestThePickersHintKeepsTheWayOut(t *testing.T) {
	t.Parallel()
	st := newStyles(termenv.Ascii, nil)
	links := []articles.Link{{Text: "Home", URL: "https://a.example/"}, {Text: "Docs", URL: "https://a.example/docs"}}
	for _, w := range []int{70, 44, 30, 16, 8} {
		p := linkPicker(links).layout(st, region{x: 0, y: 0, w: w, h: 12})
		hint := ansi.Strip(p.lines[len(p.lines)-2])
		if !strings.Contains(hint, "esc") {
			t.Errorf("width %d: hint %q lost esc", w, hint)
		}
		for _, l := range p.lines {
			if lw := ansi.StringWidth(l); lw != w {
				t.Errorf("width %d: a line %d wide: %q", w, lw, ansi.Strip(l))
			}
		}
	}
}
