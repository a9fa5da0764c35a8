package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"github.com/herald-reader/herald/articles"
)

// renderPlain renders md as the reader does, at width, in the notty style,
// and returns the lines without styling or padding.
func renderPlain(t *testing.T, md string, width int) []string {
	t.Helper()
	p := newRenderers(termenv.Ascii, nil, newStyles(termenv.Ascii, nil).renderer.NewStyle())
	lines, err := p.render(renderKey{article: "t", width: width, style: "notty"}, md)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, 0, len(lines))
	for _, l := range lines {
		out = append(out, strings.TrimRight(ansi.Strip(l), " "))
	}
	return out
}

// hasLine reports a rendered line that is exactly want, margin aside.
func hasLine(lines []string, want string) bool {
	for _, l := range lines {
		if strings.TrimSpace(l) == want {
			return true
		}
	}
	return false
}

// checkReflowed checks that the lines holding a paragraph's words are
// filled: each but the last would not have taken the next line's first
// word.
func checkReflowed(t *testing.T, lines []string, width int, first, last string) {
	t.Helper()
	in := false
	var para []string
	for _, l := range lines {
		if strings.Contains(l, first) {
			in = true
		}
		if in {
			para = append(para, strings.TrimSpace(l))
		}
		if in && strings.Contains(l, last) {
			break
		}
	}
	if len(para) < 2 {
		t.Fatalf("paragraph %q…%q not found in\n%s", first, last, strings.Join(lines, "\n"))
	}
	for i := 0; i+1 < len(para); i++ {
		words := strings.Fields(para[i+1])
		if words[0] == "|" || words[0] == "•" {
			words = words[1:] // a quote's or a list's marker
		}
		next := words[0]
		if 2+len(para[i])+1+len(next) <= width-2 {
			t.Errorf("ragged line %q: %q would have fit after it\n%s", para[i], next, strings.Join(para, "\n"))
		}
	}
}

const sourceWrapped = "A long paragraph whose source\nhas newlines inside it, at\nodd places, so that without\nreflowing\nit would wrap raggedly with\nsingle orphan words in a pane\nof any width at all."

func TestHardBreaksThroughHTML(t *testing.T) {
	t.Parallel()
	page := `<html><body><article>
<p>ALICE: Hello there.<br>BOB: Hi, Alice, how long it has been since we last met in town.<br>ALICE: Too long!</p>
<p>A) the first choice<br/>B) the second choice<br />C) the third</p>
<address>1 Main Street<br>Springfield<br>USA</address>
<p>` + sourceWrapped + `</p>
</article></body></html>`
	a, err := articles.ParseHTML([]byte(page), "https://example.com/")
	if err != nil {
		t.Fatal(err)
	}
	md := a.Sections[0].Markdown
	for _, w := range []int{40, 80} {
		lines := renderPlain(t, md, w)
		for _, want := range []string{"ALICE: Hello there.", "ALICE: Too long!", "A) the first choice", "B) the second choice", "C) the third", "1 Main Street", "Springfield", "USA"} {
			if !hasLine(lines, want) {
				t.Errorf("width %d: %q is not a line of its own:\n%s", w, want, strings.Join(lines, "\n"))
			}
		}
		checkReflowed(t, lines, w, "A long paragraph", "any width at all.")
	}
}

func TestHardAndSoftBreaksThroughMarkdown(t *testing.T) {
	t.Parallel()
	src := "# Breaks\n\nRoses are red,  \nViolets are blue,\\\nMarkdown has breaks\nthat reflow too.\n\n" +
		sourceWrapped + "\n\n" +
		"- an item whose source\n  wraps over lines, again\n  and again, so it must\n  reflow as well\n- a second item\n\n" +
		"> a quote whose source\n> wraps too, line after\n> line after line.\n\n" +
		"| kind | text |\n| --- | --- |\n| one | two |\n\n" +
		"```\ncode keeps\n  its lines\n```\n"
	a, err := articles.ParseMarkdown([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	md := a.Sections[0].Markdown
	lines := renderPlain(t, md, 40)
	for _, want := range []string{"Roses are red,", "Violets are blue,", "Markdown has breaks that reflow too.", "code keeps", "its lines"} {
		if !hasLine(lines, want) {
			t.Errorf("%q is not a line of its own:\n%s", want, strings.Join(lines, "\n"))
		}
	}
	checkReflowed(t, lines, 40, "A long paragraph", "any width at all.")
	checkReflowed(t, lines, 40, "an item whose", "reflow as well")
	checkReflowed(t, lines, 40, "a quote whose", "line after line.")
	all := strings.Join(lines, "\n")
	if !strings.Contains(all, "one") || !strings.Contains(all, "two") || strings.Contains(all, "| one |") {
		t.Errorf("the table is not a table:\n%s", all)
	}
	if strings.Contains(all, ">") {
		t.Errorf("a quote's marker was left in its text:\n%s", all)
	}
}

func TestJoinSoftBreaks(t *testing.T) {
	t.Parallel()
	p := newBreakParser()
	for _, tc := range []struct{ name, in, want string }{
		{"soft break", "one\ntwo", "one two"},
		{"hard breaks kept", "one  \ntwo\\\nthree", "one  \ntwo\\\nthree"},
		{"quote markers go with the break", "> one\n> two", "> one two"},
		{"lazy continuation", "> one\ntwo", "> one two"},
		{"list indent goes too", "- one\n  two\n- three", "- one two\n- three"},
		{"emphasis over a break", "*one\ntwo*", "*one two*"},
		{"link over a break", "[one\ntwo](https://example.com)", "[one two](https://example.com)"},
		{"code block untouched", "```\na\nb\n```", "```\na\nb\n```"},
		{"indented code untouched", "    a\n    b", "    a\n    b"},
		{"table untouched", "| a | b |\n| - | - |\n| 1 | 2 |", "| a | b |\n| - | - |\n| 1 | 2 |"},
		{"paragraphs stay apart", "one\n\ntwo", "one\n\ntwo"},
		{"heading then text", "## Title\ntext\nmore", "## Title\ntext more"},
	} {
		if got := joinSoftBreaks(tc.in, p); got != tc.want {
			t.Errorf("%s: joinSoftBreaks(%q) = %q, want %q", tc.name, tc.in, got, tc.want)
		}
	}
}
