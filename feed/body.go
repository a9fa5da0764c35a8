package feed

import (
	"strings"

	"github.com/herald-reader/herald/articles"
	"github.com/herald-reader/herald/termsafe"
)

// htmlish reports whether body holds a tag ("<p>", "</b>", "<!--") or an
// entity ("&amp;", "&#8217;", "&#x2014;"), and so is HTML, not plain text.
func htmlish(body string) bool {
	for i := 0; i < len(body); i++ {
		switch body[i] {
		case '<':
			if i+1 < len(body) && (isLetter(body[i+1]) || body[i+1] == '!' || body[i+1] == '/') &&
				strings.IndexByte(body[i+1:], '>') >= 0 {
				return true
			}
		case '&':
			if entityAt(body[i+1:]) {
				return true
			}
		}
	}
	return false
}

// entityAt reports whether s starts with an entity's body and ';':
// "#" digits, "#x" hex digits, or a letter then letters and digits.
func entityAt(s string) bool {
	j := 0
	switch {
	case len(s) > 1 && s[0] == '#' && s[1] == 'x':
		j = 2
		for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] >= 'a' && s[j] <= 'f' || s[j] >= 'A' && s[j] <= 'F') {
			j++
		}
		if j == 2 {
			// "&#x;" is no entity, but "&#x" could still start none.
			return false
		}
	case len(s) > 0 && s[0] == '#':
		j = 1
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if j == 1 {
			return false
		}
	case len(s) > 0 && isLetter(s[0]):
		j = 1
		for j < len(s) && (isLetter(s[j]) || s[j] >= '0' && s[j] <= '9') {
			j++
		}
	default:
		return false
	}
	return j < len(s) && s[j] == ';'
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// BodySections turns an item's body as the feed gave it (HTML, or plain
// text) into sections, links made absolute against link (the article's
// address). It is what Parse does for every item, and what a caller of
// ParseRaw does when an article is opened.
func BodySections(body, link string) []articles.Section {
	if strings.TrimSpace(body) == "" {
		return nil
	}
	if htmlish(body) {
		if a, err := articles.ParseHTML([]byte(body), link); err == nil {
			return a.Sections
		}
		body = articles.PlainText(body)
	}
	return articles.SplitMarkdown(escapeMarkdown(termsafe.Safe(body)))
}

// escapeMarkdown keeps plain text plain: characters Markdown would read as
// markup are escaped, and so are line starts that would become headings,
// lists or quotes.
func escapeMarkdown(s string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/16)
	lineStart := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '\\', '`', '*', '_', '[', ']', '<', '>', '|', '~':
			b.WriteByte('\\')
		case '#', '-', '+', '=':
			if lineStart {
				b.WriteByte('\\')
			}
		case '.', ')':
			if i > 0 && s[i-1] >= '0' && s[i-1] <= '9' && digitsFromLineStart(s, i) {
				b.WriteByte('\\')
			}
		}
		b.WriteByte(c)
		if c == '\n' {
			lineStart = true
		} else if c != ' ' && c != '\t' {
			lineStart = false
		}
	}
	return b.String()
}

// digitsFromLineStart reports whether s[:i] ends a line that is only blanks
// and digits, as in "1. item".
func digitsFromLineStart(s string, i int) bool {
	j := i - 1
	for j >= 0 && s[j] >= '0' && s[j] <= '9' {
		j--
	}
	for j >= 0 && (s[j] == ' ' || s[j] == '\t') {
		j--
	}
	return j < 0 || s[j] == '\n'
}
