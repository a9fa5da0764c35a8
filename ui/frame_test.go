package ui

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/herald-reader/herald/articles"
)

// hardPage is an article full of text that terminals count in different
// ways: every entry of hardText in titles, paragraphs, a list, a quote, a
// table and code with tabs, and the invisible characters termsafe drops.
func hardPage() articles.Article {
	names := make([]string, 0, len(hardText))
	for name := range hardText {
		names = append(names, name)
	}
	slices.Sort(names)
	var all strings.Builder
	for _, name := range names {
		all.WriteString(hardText[name] + " ")
	}
	mix := all.String()
	var md strings.Builder
	fmt.Fprintf(&md, "A paragraph with every kind of hard text: %s and words in between to wrap, %s again.\n\n", mix, mix)
	fmt.Fprintf(&md, "Soft\u00adhyphen\u00adated words, zero\u200bwidth\u200bspaces and word\u2060joiners: co\u00adop\u00ader\u00ada\u00adtion.\n\n")
	for _, name := range names {
		fmt.Fprintf(&md, "- %s: %s%s%s %s\n", name, hardText[name], hardText[name], hardText[name], strings.Repeat(hardText[name]+"x", 12))
	}
	fmt.Fprintf(&md, "\n> A quote with %s inside, long enough to wrap in a narrow pane %s.\n\n", mix, mix)
	md.WriteString("| kind | text |\n| --- | --- |\n")
	for _, name := range names {
		fmt.Fprintf(&md, "| %s | %s |\n", name, hardText[name])
	}
	md.WriteString("\n```\nfunc main() {\n\tfmt.Println(\"👍🏽 漢字\")\t// a tab\n}\n```\n\n")
	fmt.Fprintf(&md, "%s\n", strings.Repeat("👨\u200d👩\u200d👧🇫🇷❤️", 40))

	a := articles.Article{
		ID:     "hard",
		Title:  "Emoji 👍🏽, families 👨\u200d👩\u200d👧, flags 🇫🇷, keycaps 1️⃣, hearts ❤️, 漢字 and שלום in one long title",
		Source: "Unicode 🏳️\u200d🌈 Weekly",
		URL:    "https://example.com/hard",
	}
	for i, name := range names[:8] {
		a.Sections = append(a.Sections, articles.Section{
			Title:    fmt.Sprintf("%s %s: a section title long enough to need cutting", hardText[name], name),
			Level:    2 + i%2,
			Markdown: md.String(),
		})
	}
	a.Published = appNow
	return a
}

// borderGlyphs are the glyphs a pane's right edge is made of.
const borderGlyphs = "│┃╮╯┓┛╭╰┏┗"

// checkFrame draws view in every kind of terminal at w x h, as a screen
// that showed something else before, and checks that no line wraps, that
// nothing of the earlier screen is left, and that each of rows ends with
// a pane border in the last column.
func checkFrame(t *testing.T, what, view string, w, h int, rows []int) {
	t.Helper()
	if strings.ContainsAny(view, "\u00ad\u200b\u2060") {
		t.Errorf("%s at %dx%d: an invisible format character reached the screen", what, w, h)
	}
	for _, k := range terminalKinds {
		g := newTermGrid(k, w, h)
		g.drawFrame(t, view)
		for y := range h {
			if strings.Contains(g.row(y), "#") {
				t.Errorf("%s at %dx%d in a %s terminal: row %d keeps cells of the screen before:\n%s", what, w, h, k, y, g.row(y))
			}
		}
		for _, y := range rows {
			if !strings.Contains(borderGlyphs, g.last(y)) || g.last(y) == "" {
				t.Errorf("%s at %dx%d in a %s terminal: row %d does not end with the border:\n%s", what, w, h, k, y, g.row(y))
			}
		}
	}
}

// paneRows are the rows of the reader that end with the content pane's
// right border.
func paneRows(m Model) []int {
	l := m.reader.layout
	var rows []int
	for y := l.paneTop; y < l.paneTop+l.paneH; y++ {
		rows = append(rows, y)
	}
	return rows
}

func TestEveryLineFitsEveryTerminal(t *testing.T) {
	t.Parallel()
	page := hardPage()
	other := page
	other.ID, other.Title, other.Sections = "one", "👩\u200d🔬 A one-section page: 1️⃣ ❤️ 🏳️\u200d🌈 漢字 "+strings.Repeat("👍🏽", 30), page.Sections[:1]
	feeds := []articles.Feed{
		{URL: "https://example.com/feed", Title: "Feed 👨\u200d👩\u200d👧 " + strings.Repeat("❤️", 50), Status: "ok", Articles: 2},
		{URL: "https://example.com/broken", Title: "Broken 🇫🇷", Status: "error", Error: "could not parse 👍🏽 " + strings.Repeat("漢字", 40)},
	}
	for _, size := range [][2]int{{40, 24}, {80, 24}, {120, 40}} {
		w, h := size[0], size[1]
		t.Run(fmt.Sprintf("%dx%d", w, h), func(t *testing.T) {
			t.Parallel()
			hs := newAppHarness(t, []articles.Article{page, other}, func(o *Options, b *recBackend) {
				o.HasFeeds = true
				b.feeds = func(context.Context) ([]articles.Feed, error) { return feeds, nil }
			})
			hs.resize(w, h)
			checkFrame(t, "library", hs.m.View(), w, h, nil)
			hs.settleKeys("F")
			checkFrame(t, "feeds", hs.m.View(), w, h, nil)
			hs.settleKeys("esc", "enter")
			hs.awaitScreen(screenReader)
			checkFrame(t, "reader", hs.m.View(), w, h, paneRows(hs.m))
			for _, k := range []string{"tab", " ", " ", " ", "G", "]", " ", "]", "]"} {
				hs.settleKeys(k)
				checkFrame(t, "reader after "+k, hs.m.View(), w, h, paneRows(hs.m))
			}
			hs.settleKeys("?")
			checkFrame(t, "help", hs.m.View(), w, h, nil)
			hs.settleKeys("esc", "esc", "j", "enter")
			hs.awaitScreen(screenReader)
			checkFrame(t, "one-section reader", hs.m.View(), w, h, paneRows(hs.m))
			hs.settleKeys(" ")
			checkFrame(t, "one-section reader after space", hs.m.View(), w, h, paneRows(hs.m))
		})
	}
}

// awaitScreen settles the messages of Cmds the harness gave up on (a load
// on a busy machine) until screen s is in front, for 5 seconds at most.
func (h *appHarness) awaitScreen(s screenID) {
	h.t.Helper()
	deadline := time.After(5 * time.Second)
	for h.m.screen != s || (h.m.hasReader && h.m.reader.want != (renderKey{})) {
		select {
		case msg := <-h.late:
			h.waiting--
			h.settle(msg)
		case <-deadline:
			h.t.Fatalf("screen %v never came", s)
		}
	}
}
