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
func benchCommon(b testing.TB, style string) *common {
	b.Helper()
	c, err := newCommon(Options{Style: style, ColorProfile: termenv.ANSI256})
	if err != nil {
		b.Fatal(err)
	}
	c.width, c.height = 120, 40
	return c
}

var benchStyles = []string{"dark", "notty"}

// BenchmarkFirstRender is the work of one render Cmd: a 500-word section
// rendered at width 80. "new renderer" includes building the glamour
// renderer, as the first section of a session or at a new width does;
// "warm renderer" is any later render at a width already seen.
func BenchmarkFirstRender(b *testing.B) {
	a := longArticle()
	sec := a.Sections[0]
	for _, style := range benchStyles {
		b.Run(style+"/new renderer", func(b *testing.B) {
			c := benchCommon(b, style)
			k := c.render.key(a.ID, 0, 80, style, sec.Markdown)
			b.SetBytes(int64(len(sec.Markdown)))
			for b.Loop() {
				p := newRenderers(c.renderers.profile, nil, c.renderers.raw)
				if _, err := p.render(k, sec.Markdown); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(style+"/warm renderer", func(b *testing.B) {
			c := benchCommon(b, style)
			k := c.render.key(a.ID, 0, 80, style, sec.Markdown)
			b.SetBytes(int64(len(sec.Markdown)))
			for b.Loop() {
				if _, err := c.renderers.render(k, sec.Markdown); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkSwitchSection presses ] (g at the last section) through the
// reader's update once every section is cached: a synchronous cache hit,
// no Cmd. "+view" adds the frame the user then sees.
func BenchmarkSwitchSection(b *testing.B) {
	a := longArticle()
	for _, withView := range []bool{false, true} {
		name := "update"
		if withView {
			name = "update+view"
		}
		b.Run(name, func(b *testing.B) {
			r := openReader(b, benchCommon(b, "dark"), a)
			next, first := runes("]"), runes("g")
			for range a.Sections { // warm the cache
				r, _ = press(r, next)
			}
			r, _ = press(r, first)
			for b.Loop() {
				k := next
				if r.selected == len(a.Sections)-1 {
					k = first
				}
				var cmd tea.Cmd
				if r, cmd = r.update(k); cmd != nil {
					b.Fatal("switching to a cached section asked for a render")
				}
				if withView {
					_ = r.view()
				}
			}
		})
	}
}

// BenchmarkResize sends the reader a resize to a new width with a cold
// cache, as dragging a window edge does, and draws the frame. "update" is
// what the WindowSizeMsg itself costs: the text kept, fitted to the pane.
// "update+render" adds the render once the width settles, run as its Cmd
// with a renderer built for it, and its message taken in.
func BenchmarkResize(b *testing.B) {
	a := longArticle()
	for _, render := range []bool{false, true} {
		name := "update"
		if render {
			name = "update+render"
		}
		b.Run(name, func(b *testing.B) {
			c := benchCommon(b, "dark")
			r, _ := press(openReader(b, c, a), runes("5"))
			widths := []int{100, 101}
			i := 0
			for b.Loop() {
				c.render = newRenderCache(0)
				c.renderers = newRenderers(c.renderers.profile, nil, c.renderers.raw)
				c.width = widths[i%2]
				r = r.setSize()
				if render {
					var cmd tea.Cmd
					r, cmd = r.showSelected()
					if r, _ = settleReader(r, cmd); !r.contentCurrent() {
						b.Fatal("the render did not arrive")
					}
				}
				_ = r.view()
				i++
			}
		})
	}
}

// bigArticle has sections of 20 KB each, the size that takes glamour the
// longest of any section herald shows.
func bigArticle() articles.Article {
	a := longArticle()
	var big []articles.Section
	for i := 0; i+6 <= len(a.Sections); i += 6 {
		var md strings.Builder
		for _, s := range a.Sections[i : i+6] {
			md.WriteString(s.Markdown + "\n")
		}
		big = append(big, articles.Section{Title: a.Sections[i].Title, Level: 2, Markdown: md.String()})
	}
	a.Sections = big
	return a
}

// BenchmarkKeyOnUncachedSection presses ] (g at the last section) on
// sections of 20 KB that are not rendered yet. "key" is the key press
// itself: it shows a placeholder and returns the render Cmd, which it does
// not wait for. "key+render" also runs that Cmd and takes in its message,
// with a cold cache each time.
func BenchmarkKeyOnUncachedSection(b *testing.B) {
	a := bigArticle()
	if n := len(a.Sections[0].Markdown); n < 20_000 {
		b.Fatalf("sections of %d bytes, want 20 KB", n)
	}
	for _, render := range []bool{false, true} {
		name := "key"
		if render {
			name = "key+render"
		}
		b.Run(name, func(b *testing.B) {
			c := benchCommon(b, "dark")
			r := openReader(b, c, a)
			next, first := runes("]"), runes("g")
			for b.Loop() {
				k := next
				if r.selected == len(a.Sections)-1 {
					k = first
				}
				c.render = newRenderCache(0) // never a hit
				var cmd tea.Cmd
				r, cmd = r.update(k)
				if cmd == nil {
					b.Fatal("no render Cmd")
				}
				if render {
					msg, ok := cmd().(sectionRenderedMsg)
					if !ok {
						b.Fatal("the Cmd gave no render")
					}
					r, _ = r.rendered(msg)
				}
			}
		})
	}
}
