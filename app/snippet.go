package app

import (
	"strings"
	"unicode"

	"github.com/herald-reader/herald/articles"
	"github.com/herald-reader/herald/store"
	"github.com/herald-reader/herald/termsafe"
)

// snippetWords is how many words a snippet quotes: a line of the library
// at 80 columns, with room to spare for wider terminals.
const snippetWords = 16

// snippetLead is how many words come before the first match in a snippet,
// so the match is read in its sentence.
const snippetLead = 3

type word struct {
	start, end int
	folded     string
}

// snippet quotes text where the terms match it best (the window of
// snippetWords words holding the most different terms), with each match
// marked. Without a match (the search matched the title or the feed), it
// quotes the start of the text.
func snippet(text string, terms []term) articles.Snippet {
	var words []word
	store.Words(text, func(start, end int, w string) { words = append(words, word{start, end, w}) })
	if len(words) == 0 {
		return articles.Snippet{}
	}
	type match struct{ first, last, term int }
	var matches []match
	for i := range words {
		for ti, t := range terms {
			if n := len(t.words); n > 0 && i+n <= len(words) && matchesAt(words[i:i+n], t) {
				matches = append(matches, match{i, i + n - 1, ti})
			}
		}
	}
	// The window with the most different terms; the earliest of equals.
	best, bestTerms := -1, 0
	for mi, m := range matches {
		seen := map[int]bool{}
		for _, o := range matches[mi:] {
			if o.last >= m.first+snippetWords {
				break
			}
			seen[o.term] = true
		}
		if len(seen) > bestTerms {
			best, bestTerms = mi, len(seen)
		}
	}
	first := 0
	if best >= 0 {
		first = max(matches[best].first-snippetLead, 0)
	}
	last := min(first+snippetWords, len(words)) - 1
	var marks []articles.Span
	for _, m := range matches {
		if m.first >= first && m.last <= last {
			marks = append(marks, articles.Span{Start: words[m.first].start, End: words[m.last].end})
		}
	}
	// The punctuation after the last word belongs to it.
	end := words[last].end
	if i := strings.IndexFunc(text[end:], unicode.IsSpace); i >= 0 {
		end += i
	} else {
		end = len(text)
	}
	if last < len(words)-1 {
		end = min(end, words[last+1].start)
	}
	return quote(text, words[first].start, end, first > 0, last < len(words)-1, marks)
}

// matchesAt reports whether the words at the start of ws are the term's.
func matchesAt(ws []word, t term) bool {
	for i, w := range t.words {
		if i == len(t.words)-1 && t.prefix {
			if !strings.HasPrefix(ws[i].folded, w) {
				return false
			}
		} else if ws[i].folded != w {
			return false
		}
	}
	return true
}

// quote is text[start:end] on one line and made safe, with an ellipsis at
// a cut end, and marks moved to where they land in it. Overlapping marks
// merge.
func quote(text string, start, end int, cutStart, cutEnd bool, marks []articles.Span) articles.Snippet {
	var b strings.Builder
	if cutStart {
		b.WriteString("… ")
	}
	var out []articles.Span
	pos := start
	for _, m := range marks {
		if m.Start < pos {
			if len(out) > 0 && m.End > pos {
				writeLine(&b, text[pos:m.End])
				out[len(out)-1].End = b.Len()
				pos = m.End
			}
			continue
		}
		writeLine(&b, text[pos:m.Start])
		s := b.Len()
		writeLine(&b, text[m.Start:m.End])
		out = append(out, articles.Span{Start: s, End: b.Len()})
		pos = m.End
	}
	writeLine(&b, text[pos:end])
	if cutEnd {
		b.WriteString(" …")
	}
	return articles.Snippet{Text: b.String(), Marks: out}
}

// writeLine writes s made safe, each run of blanks and line breaks one space.
func writeLine(b *strings.Builder, s string) {
	for _, r := range termsafe.Safe(s) {
		if !unicode.IsSpace(r) {
			b.WriteRune(r)
		} else if b.Len() > 0 && !strings.HasSuffix(b.String(), " ") {
			b.WriteByte(' ')
		}
	}
}
