package articles

import (
	"strings"
	"testing"

	"github.com/herald-reader/herald/termsafe"
)

// FuzzSplitMarkdown checks that splitting never panics and never loses
// text: every input line is either in some section's body or a heading
// line (ATX, setext text, or setext underline).
func FuzzSplitMarkdown(f *testing.F) {
	for _, s := range []string{
		"# T\n\ntext",
		"Intro\n\n## A\n\n```\n# code\n```\n\n### B\nmore",
		"Setext\n===\n\nbody\n\nTwo\nlines\n---\n",
		"> # quoted\n\n- # in a list\n\n#\n\n####### seven",
		"[a]: /u\n\n## H\n\n[x][a]",
		"    # indented code\n## H\r\nbody",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, md string) {
		secs := SplitMarkdown(md)
		var bodies strings.Builder
		for _, s := range secs {
			if s.Level < 1 || s.Level > 6 {
				t.Fatalf("level %d", s.Level)
			}
			if s.Title == "" || strings.ContainsAny(s.Title, "\n\t") || termsafe.Safe(s.Title) != s.Title {
				t.Fatalf("bad title %q", s.Title)
			}
			if termsafe.Safe(s.Markdown) != s.Markdown {
				t.Fatalf("unsafe body %q", s.Markdown)
			}
			bodies.WriteString(s.Markdown)
			bodies.WriteString("\n")
		}
		all := bodies.String()
		lines := strings.Split(termsafe.Safe(md), "\n")
		for i, line := range lines {
			l := strings.TrimSpace(line)
			if l == "" || strings.Contains(all, l) {
				continue
			}
			if isATXLine([]byte(strings.TrimLeft(line, " "))) || isSetextBar([]byte(line)) || beforeSetextBar(lines, i) {
				continue
			}
			t.Fatalf("line %q lost; sections %+v", line, secs)
		}
	})
}

// beforeSetextBar reports a line inside a run of text lines that ends
// with a setext underline, so it may be heading text.
func beforeSetextBar(lines []string, i int) bool {
	for j := i + 1; j < len(lines); j++ {
		if isSetextBar([]byte(lines[j])) {
			return true
		}
		if strings.TrimSpace(lines[j]) == "" {
			return false
		}
	}
	return false
}

// BenchmarkSplitMarkdown splits a 20,000-word article of 40 sections.
func BenchmarkSplitMarkdown(b *testing.B) {
	var sb strings.Builder
	para := strings.Repeat("word ", 100) + "\n\n"
	for i := range 40 {
		sb.WriteString("## Section " + strings.Repeat("x", i%7+1) + "\n\n")
		for range 5 {
			sb.WriteString(para)
		}
	}
	md := sb.String()
	b.SetBytes(int64(len(md)))
	for b.Loop() {
		if len(SplitMarkdown(md)) != 40 {
			b.Fatal("wrong split")
		}
	}
}
