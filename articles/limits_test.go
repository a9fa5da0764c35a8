package articles

import (
	"bytes"
	"runtime"
	"strings"
	"testing"
)

// allocOf runs f and returns how much it allocated: the bound on its work
// that does not depend on how loaded the machine is (time would; a hang is
// the test binary's timeout).
func allocOf(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// Bodies with hundreds of thousands of nested lists, quotes or divs: the
// article still opens, its text is all there, in bounded time and memory.
func TestHostileNestingInHTMLBodies(t *testing.T) {
	const n = 300_000
	cases := map[string]string{
		"divs":   strings.Repeat("<div>", n) + "deepest words" + strings.Repeat("</div>", n),
		"lists":  strings.Repeat("<ul><li>", n) + "deepest words",
		"quotes": strings.Repeat("<blockquote>", n) + "deepest words" + strings.Repeat("</blockquote>", n),
		"mixed":  strings.Repeat("<div><ol><li><blockquote><p>", n/4) + "deepest words",
	}
	for name, body := range cases {
		t.Run(name, func(t *testing.T) {
			var a Article
			var err error
			alloc := allocOf(func() { a, err = ParseHTML([]byte("<p>Before.</p>"+body), "https://x.example/") })
			if err != nil {
				t.Fatalf("ParseHTML: %v", err)
			}
			var text strings.Builder
			for _, s := range a.Sections {
				text.WriteString(s.Markdown)
			}
			if !strings.Contains(text.String(), "Before.") || !strings.Contains(text.String(), "deepest words") {
				t.Errorf("text lost: %.200q", text.String())
			}
			if alloc > 64*uint64(len(body)) {
				t.Errorf("allocated %d MB for %d KB", alloc>>20, len(body)>>10)
			}
			if lines := strings.Count(text.String(), "\n"); strings.Count(text.String(), ">") > 10*maxBlockNesting*(lines+1) {
				t.Errorf("quotes were not cut at %d levels", maxBlockNesting)
			}
		})
	}
}

func TestHostileNestingInMarkdown(t *testing.T) {
	const n = 300_000
	cases := map[string]string{
		"quotes":        strings.Repeat("> ", n) + "deepest words\n",
		"list markers":  strings.Repeat("- ", n) + "deepest words\n",
		"ordered":       strings.Repeat("1. ", n) + "deepest words\n",
		"quoted lists":  strings.Repeat("> - ", n/2) + "deepest words\n",
		"by indenting":  indentedList(3000) + "deepest words\n",
		"many quotes":   strings.Repeat("> > > > > > > > > > > > > > > > > > > > x\n", n/20) + "deepest words\n",
		"tabs and more": strings.Repeat("\t", n) + "- deepest words\n",
	}
	for name, md := range cases {
		t.Run(name, func(t *testing.T) {
			var secs []Section
			alloc := allocOf(func() { secs = SplitMarkdown("# Title\n\n" + md) })
			var text strings.Builder
			for _, s := range secs {
				text.WriteString(s.Markdown)
			}
			if !strings.Contains(text.String(), "deepest words") {
				t.Errorf("text lost: %.200q", text.String())
			}
			if alloc > 64*uint64(len(md))+64<<20 {
				t.Errorf("allocated %d MB for %d KB", alloc>>20, len(md)>>10)
			}
		})
	}
}

// What is not deep is left exactly as it was.
func TestFlattenLeavesOrdinaryBodiesAlone(t *testing.T) {
	html := []byte(`<div><ul><li>a<ul><li>b</li></ul></li></ul><blockquote><p>q</p></blockquote><img src="x"><br>` +
		strings.Repeat("<p>para <b>bold</b></p>", 200) + `</div>`)
	if got := FlattenHTML(html); !bytes.Equal(got, html) {
		t.Errorf("an ordinary body was rewritten")
	}
	md := []byte("# T\n\n> quote\n> > nested\n\n- a\n  - b\n    - c\n\n1. one\n2. two\n\n* * *\n\n    code\n\t\ttabbed code\n")
	if got := flattenMarkdown(md); !bytes.Equal(got, md) {
		t.Errorf("ordinary Markdown was rewritten: %q", got)
	}
}

func TestFlattenCutsAtTheLimit(t *testing.T) {
	deep := strings.Repeat("> ", maxBlockNesting+5) + "x\n"
	got := string(flattenMarkdown([]byte(deep)))
	if strings.Count(got, ">") != maxBlockNesting || !strings.HasSuffix(got, "x\n") {
		t.Errorf("got %q", got)
	}
	html := strings.Repeat("<div>", MaxHTMLDepth+10) + "x" + strings.Repeat("</div>", MaxHTMLDepth+10)
	if out := string(FlattenHTML([]byte(html))); strings.Count(out, "<div>") != MaxHTMLDepth || strings.Count(out, "</div>") != MaxHTMLDepth || !strings.Contains(out, "x") {
		t.Errorf("divs %d/%d", strings.Count(out, "<div>"), strings.Count(out, "</div>"))
	}
}

// indentedList is a Markdown list nested by indentation, one level a line.
func indentedList(levels int) string {
	var b strings.Builder
	for i := range levels {
		b.WriteString(strings.Repeat("  ", i) + "- level\n")
	}
	return b.String()
}

// BenchmarkHostileBodies converts bodies nested as deeply as an attacker
// likes: what a feed's hostile article costs when it is opened.
func BenchmarkHostileBodies(b *testing.B) {
	const n = 50_000
	html := map[string]string{
		"html divs":   strings.Repeat("<div>", 6*n) + "x",
		"html lists":  strings.Repeat("<ul><li>", 6*n) + "x",
		"html quotes": strings.Repeat("<blockquote>", 6*n) + "x",
	}
	for name, body := range html {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				_, _ = ParseHTML([]byte(body), "https://x.example/")
			}
		})
	}
	md := map[string]string{
		"md quotes":    strings.Repeat("> ", n) + "x\n",
		"md lists":     strings.Repeat("- ", n) + "x\n",
		"md indenting": indentedList(5000),
	}
	for name, body := range md {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				SplitMarkdown(body)
			}
		})
	}
}
