package ui

// The text the search inside the article looks in (reader_search.go): a
// section's shown lines stripped of styling, a paragraph's lines joined,
// folded, and each match found there turned back into the cells of the
// lines it covers.

import (
	"sort"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// lineMatch is one match: a line of the section as shown, and the cells
// [start, end) it covers there; more is the rest of a match that goes on
// over the line break, line by line.
type lineMatch struct {
	line, start, end int
	more             []lineSpan
}

// lineSpan is the cells [start, end) of a line.
type lineSpan struct{ line, start, end int }

// spans is every line the match covers, in order.
func (m lineMatch) spans() []lineSpan {
	return append([]lineSpan{{m.line, m.start, m.end}}, m.more...)
}

// searchText is a section's shown lines, stripped of styling, and their
// text joined and folded, kept by render key so each keystroke only
// compares strings. The joined text is each line without its margin and
// padding, a space between the lines of a paragraph and a line break
// between paragraphs, which no query holds, so no match spans two.
type searchText struct {
	plain []string
	text  folded
	// starts is where each line's text begins in the joined text, lead
	// how many bytes of margin it left out, size how many bytes it put in.
	starts, lead, size []int
}

// newSearchText strips and folds rendered lines. It runs in the Cmd that
// prepares the search (findRender), not on a key: a long article's lines
// are megabytes of styling.
func newSearchText(lines []string) searchText {
	n := len(lines)
	t := searchText{plain: make([]string, n), starts: make([]int, n), lead: make([]int, n), size: make([]int, n)}
	var b strings.Builder
	blank := true // before the first line
	for j, l := range lines {
		t.plain[j] = stripEscapes(l)
		right := strings.TrimRight(t.plain[j], " ")
		text := strings.TrimLeft(right, " ")
		if j > 0 {
			if blank || text == "" {
				b.WriteByte('\n')
			} else {
				b.WriteByte(' ')
			}
		}
		blank = text == ""
		t.starts[j], t.lead[j], t.size[j] = b.Len(), len(right)-len(text), len(text)
		b.WriteString(text)
	}
	t.text = foldText(b.String())
	return t
}

// matches finds q (folded already) in the text, each match as the lines
// it covers; first is the number of the text's first line in the section.
func (t searchText) matches(q string, first int) []lineMatch {
	var out []lineMatch
	for _, m := range t.text.all(q) {
		// The lines of the match's first and last byte; a byte between two
		// lines (a query's space) belongs to neither and is left out.
		a := sort.SearchInts(t.starts, m[0]+1) - 1
		if m[0] >= t.starts[a]+t.size[a] {
			a++
		}
		z := sort.SearchInts(t.starts, m[1]) - 1
		if a >= len(t.starts) || z < a {
			continue // nothing of it on any line: spaces alone
		}
		var lm lineMatch
		for li := a; li <= z; li++ {
			from := max(m[0]-t.starts[li], 0)
			to := min(m[1]-t.starts[li], t.size[li])
			plain := t.plain[li]
			start := ansi.StringWidth(plain[:t.lead[li]+from])
			span := lineSpan{first + li, start, start + ansi.StringWidth(plain[t.lead[li]+from:t.lead[li]+to])}
			if li == a {
				lm.line, lm.start, lm.end = span.line, span.start, span.end
			} else {
				lm.more = append(lm.more, span)
			}
		}
		out = append(out, lm)
	}
	return out
}

// stripEscapes is a rendered line without its escape sequences: glamour
// writes only SGR styling (ESC [ ... m) and, for links, OSC 8 (ESC ] ...
// ST), and termsafe.SafeRendered has dropped anything else, so this needs
// none of a terminal parser's generality and runs a few times faster.
func stripEscapes(s string) string {
	i := strings.IndexByte(s, 0x1b)
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i >= 0 {
		b.WriteString(s[:i])
		s = s[i+1:]
		switch {
		case strings.HasPrefix(s, "["): // CSI: up to a final byte
			j := 1
			for j < len(s) && (s[j] < 0x40 || s[j] > 0x7e) {
				j++
			}
			s = s[min(j+1, len(s)):]
		case strings.HasPrefix(s, "]"): // OSC: up to BEL or ESC \
			end := strings.IndexAny(s, "\a\x1b")
			switch {
			case end < 0:
				s = ""
			case s[end] == 0x07:
				s = s[end+1:]
			default:
				s = strings.TrimPrefix(s[end+1:], "\\")
			}
		}
		i = strings.IndexByte(s, 0x1b)
	}
	b.WriteString(s)
	return b.String()
}
