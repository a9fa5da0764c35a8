package feed

import (
	"regexp"
	"strings"

	"github.com/herald-reader/herald/articles"
	"github.com/herald-reader/herald/termsafe"
)

var htmlish = regexp.MustCompile(`<[a-zA-Z!/][^>]*>|&(#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);`)

// BodySections turns an item's body as the feed gave it (HTML, or plain
// text) into sections, links made absolute against link (the article's
// address). It is what Parse does for every item, and what a caller of
// ParseRaw does when an article is opened.
func BodySections(body, link string) []articles.Section {
	if strings.TrimSpace(body) == "" {
		return nil
	}
	if htmlish.MatchString(body) {
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
