package articles

import (
	"strings"
	"unicode/utf8"

	"github.com/herald-reader/herald/termsafe"
)

// Limits of the plain-text heading heuristic.
const (
	headingMaxRunes = 80
	headingMaxWords = 12
	// A text whose lines are all this short and that separates blocks
	// with blank lines is hard-wrapped: its lines join into paragraphs.
	wrappedMaxRunes = 100
)

// furniture lists page chrome that copy-pasted articles drag along
// ("Add Element", "Write A Comment"...), compared case-insensitively.
var furniture = []string{
	"add element", "add row", "add comment", "write a comment", "leave a comment",
	"leave a reply", "post a comment", "comments", "comment", "share", "share this",
	"share this article", "share this post", "share on facebook", "share on twitter",
	"related", "related articles", "related posts", "related stories", "you may also like",
	"subscribe", "subscribe now", "sign up", "newsletter", "advertisement", "sponsored",
	"read more", "continue reading", "tags", "print", "email", "tweet", "follow us",
	"back to top", "previous article", "next article", "recommended",
}

// isFurniture reports a line that is page furniture, ignoring case,
// surrounding spaces and trailing punctuation ("Share this:").
func isFurniture(line string) bool {
	t := strings.ToLower(strings.TrimRight(termsafe.SafeLine(line), ".:!…-–—»›>"))
	for _, f := range furniture {
		if t == f {
			return true
		}
	}
	return false
}

// ParseText reads plain text: the first line is the title, short lines
// followed by a paragraph are headings, trailing page furniture is dropped.
// Text before the first heading is the "Introduction" section; headed
// sections are level 2. It does not reject empty input (Parse does).
func ParseText(src []byte) (Article, error) {
	lines := strings.Split(termsafe.Safe(string(src)), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSpace(l)
	}
	var a Article
	for len(lines) > 0 && lines[0] == "" {
		lines = lines[1:]
	}
	if len(lines) == 0 {
		return a, nil
	}
	a.Title = termsafe.SafeLine(lines[0])
	lines = dropTrailingFurniture(lines[1:])
	for len(lines) > 0 && lines[0] == "" {
		lines = lines[1:]
	}

	wrapped := isHardWrapped(lines)
	title, started := IntroductionTitle, false // started: a heading has been seen
	var body []string
	flush := func() {
		md := textMarkdown(body, wrapped)
		if md != "" || (started && !isFurniture(title)) {
			a.Sections = append(a.Sections, Section{Title: title, Level: 2, Markdown: md})
		}
		body = nil
	}
	for i, line := range lines {
		if isTextHeading(lines, i, wrapped) {
			flush()
			title, started = termsafe.SafeLine(line), true
			continue
		}
		body = append(body, line)
	}
	flush()
	return a, nil
}

// dropTrailingFurniture removes furniture lines (and blanks) from the end.
func dropTrailingFurniture(lines []string) []string {
	for len(lines) > 0 {
		last := lines[len(lines)-1]
		if last != "" && !isFurniture(last) {
			break
		}
		lines = lines[:len(lines)-1]
	}
	return lines
}

// isHardWrapped tells a text wrapped at a fixed width (its paragraphs span
// several lines, separated by blank lines) from one with a line per
// paragraph, such as text copied from a web page.
func isHardWrapped(lines []string) bool {
	blank, long := false, false
	for _, l := range lines {
		if l == "" {
			blank = true
		} else if utf8.RuneCountInString(l) > wrappedMaxRunes {
			long = true
		}
	}
	return blank && !long
}

// isTextHeading applies the heuristic to lines[i]: short, no closing
// punctuation (a question mark is fine), starting a block, and followed by
// a paragraph that is longer than it.
func isTextHeading(lines []string, i int, wrapped bool) bool {
	line := lines[i]
	if line == "" || utf8.RuneCountInString(line) > headingMaxRunes ||
		len(strings.Fields(line)) > headingMaxWords || endsSentence(line, false) ||
		strings.ContainsAny(line[:1], "-*•>|") {
		return false
	}
	if wrapped && i > 0 && lines[i-1] != "" && !endsSentence(lines[i-1], true) {
		return false // the middle or end of a wrapped paragraph
	}
	j := i + 1
	for j < len(lines) && lines[j] == "" {
		j++
	}
	if j == len(lines) {
		return false
	}
	next := lines[j]
	if wrapped {
		for k := j + 1; k < len(lines) && lines[k] != ""; k++ {
			next += " " + lines[k]
		}
	}
	return utf8.RuneCountInString(next) > utf8.RuneCountInString(line) &&
		(utf8.RuneCountInString(next) > headingMaxRunes ||
			len(strings.Fields(next)) > headingMaxWords || endsSentence(next, true))
}

// endsSentence reports closing punctuation at the end of s, looking past
// closing quotes and brackets; question and exclamation marks count only
// when question is set (a heading may ask, a sentence may end in one).
func endsSentence(s string, question bool) bool {
	s = strings.TrimRight(s, "\"'”’»)]")
	r, _ := utf8.DecodeLastRuneInString(s)
	switch r {
	case '.', '!', ':', ';', ',', '…', '。':
		return true
	case '?':
		return question
	}
	return false
}

// textMarkdown turns body lines into Markdown paragraphs: one per line,
// or, in hard-wrapped text, one per block of lines.
func textMarkdown(lines []string, wrapped bool) string {
	var b strings.Builder
	sep := "\n\n"
	if wrapped {
		sep = "\n"
	}
	pending := ""
	for _, l := range lines {
		if l == "" {
			if b.Len() > 0 {
				pending = "\n\n"
			}
			continue
		}
		if b.Len() > 0 {
			if pending == "" {
				pending = sep
			}
			b.WriteString(pending)
		}
		pending = ""
		b.WriteString(escapeText(l))
	}
	return b.String()
}

// escapeText backslash-escapes what Markdown would read as markup in a
// line of plain text, so it renders as written.
func escapeText(line string) string {
	var b strings.Builder
	for i, r := range line {
		if strings.ContainsRune("\\`*_[]<>&~|", r) || (i == 0 && (r == '#' || r == '+' || r == '=')) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return escapeListNumber(b.String())
}

// escapeListNumber keeps "2026. A year" from becoming an ordered list.
func escapeListNumber(s string) string {
	i := strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' })
	if i > 0 && i <= 9 && (s[i] == '.' || s[i] == ')') {
		return s[:i] + `\` + s[i:]
	}
	return s
}
