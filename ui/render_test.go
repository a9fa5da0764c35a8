package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/muesli/termenv"

	"github.com/herald-reader/herald/articles"
)

// benchWords is the vocabulary of the generated article.
var benchWords = strings.Fields(`the reader opens an article and moves between its sections while
the content pane renders markdown with glamour at the width of the pane so long lines wrap
cleanly and code keeps its shape herald caches every rendered section by article section
width and style so switching back costs nothing`)

// longArticle is 20,000 words in 40 sections of about 500 words each: four
// paragraphs with emphasis, code spans and links, a five-item list and a
// ten-line Go code block per section.
func longArticle() articles.Article {
	a := articles.Article{ID: "bench", Title: "A long article", Source: "Bench", URL: "https://example.com/long"}
	n := 0
	word := func() string {
		w := benchWords[n%len(benchWords)]
		n++
		switch n % 37 {
		case 0:
			return "**" + w + "**"
		case 11:
			return "`" + w + "`"
		case 23:
			return "[" + w + "](https://example.com/" + w + ")"
		}
		return w
	}
	words := func(count int) string {
		ws := make([]string, count)
		for i := range ws {
			ws[i] = word()
		}
		return strings.Join(ws, " ")
	}
	for s := range 40 {
		var md strings.Builder
		for range 4 {
			md.WriteString(words(90) + ".\n\n") // 360
		}
		for range 5 {
			md.WriteString("- " + words(12) + "\n") // 60
		}
		md.WriteString("\n```go\n")
		for l := range 10 { // 80
			fmt.Fprintf(&md, "x%d := render(section, width) // %s\n", l, words(6))
		}
		md.WriteString("```\n")
		level := 2
		if s%4 == 3 {
			level = 3
		}
		a.Sections = append(a.Sections, articles.Section{
			Title:    fmt.Sprintf("Section %d: %s", s+1, words(4)),
			Level:    level,
			Markdown: md.String(),
		})
	}
	return a
}

// benchCommon is a 120x40 screen with a 256-colour profile, as in a real
// terminal: colour output is what costs.
func benchCommon(b *testing.B, style string) *common {
	b.Helper()
	c, err := newCommon(Options{Style: style, ColorProfile: termenv.ANSI256})
	if err != nil {
		b.Fatal(err)
	}
	c.width, c.height = 120, 40
	return c
}

var benchStyles = []string{"dark", "notty"}

// BenchmarkFirstRender is one 500-word section rendered at width 80 with a
// cold cache: "new renderer" includes building the glamour renderer, as the
// first section of a session or at a new width does; "warm renderer" is any
// later first render at a width already seen.
func BenchmarkFirstRender(b *testing.B) {
	a := longArticle()
	sec := a.Sections[0]
	for _, style := range benchStyles {
		b.Run(style+"/new renderer", func(b *testing.B) {
			benchCommon(b, style)
			b.SetBytes(int64(len(sec.Markdown)))
			for b.Loop() {
				rc := newRenderCache(0, termenv.ANSI256)
				if _, err := rc.render(rc.key(a.ID, 0, 80, style, sec.Markdown), sec.Markdown); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(style+"/warm renderer", func(b *testing.B) {
			benchCommon(b, style)
			rc := newRenderCache(0, termenv.ANSI256)
			b.SetBytes(int64(len(sec.Markdown)))
			i := 0
			for b.Loop() {
				// A new section index each time: never a cache hit.
				if _, err := rc.render(rc.key(a.ID, i, 80, style, sec.Markdown), sec.Markdown); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}

// BenchmarkSwitchSection presses ] (g at the last section) through the
// reader's update once every section is cached; "+view" adds the frame the
// user then sees.
func BenchmarkSwitchSection(b *testing.B) {
	a := longArticle()
	for _, withView := range []bool{false, true} {
		name := "update"
		if withView {
			name = "update+view"
		}
		b.Run(name, func(b *testing.B) {
			r := newReader(benchCommon(b, "dark"), a)
			next, first := runes("]"), runes("g")
			for range a.Sections { // warm the cache
				r, _ = r.update(next)
			}
			r, _ = r.update(first)
			for b.Loop() {
				k := next
				if r.selected == len(a.Sections)-1 {
					k = first
				}
				r, _ = r.update(k)
				if withView {
					_ = r.view()
				}
			}
		})
	}
}

// BenchmarkResize sends the root's resize (a WindowSizeMsg to a new width)
// and draws the frame: the shown section is re-rendered at the new width,
// with a renderer built for it; the other sections are left alone.
func BenchmarkResize(b *testing.B) {
	a := longArticle()
	c := benchCommon(b, "dark")
	r := newReader(c, a)
	r, _ = r.update(runes("5"))
	widths := []int{100, 101}
	i := 0
	for b.Loop() {
		// A fresh cache makes every width new, as dragging a window edge does.
		c.render = newRenderCache(0, termenv.ANSI256)
		r = resize(r, tea.WindowSizeMsg{Width: widths[i%2], Height: 40})
		_ = r.view()
		i++
	}
}
