package articles

import (
	"strings"

	"github.com/herald-reader/herald/termsafe"
)

// Markdown writes the whole article back as one Markdown document: "# "
// title, then every section under a heading of its level (at least ##),
// the leading "Introduction" too, so piped output shows each section's
// title and parses back into the same sections. Levels shift together, so
// an article whose sections start at level 1 keeps its nesting under the
// "#" title; the Introduction stays at the top level ("##").
func (a Article) Markdown() string {
	var b strings.Builder
	if a.Title != "" {
		b.WriteString("# " + escapeTitle(a.Title) + "\n\n")
	}
	shift := 0
	for _, s := range a.Sections {
		if s.Level >= 1 && 2-s.Level > shift {
			shift = 2 - s.Level
		}
	}
	for i, s := range a.Sections {
		level := min(max(s.Level+shift, 2), 6)
		if i == 0 && s.Title == IntroductionTitle {
			// The parsers give the introduction level 2 whatever the
			// levels of the headings after it.
			level = 2
		}
		b.WriteString(strings.Repeat("#", level) + " " + escapeTitle(s.Title) + "\n\n")
		if body := strings.TrimSpace(s.Markdown); body != "" {
			b.WriteString(body + "\n\n")
		}
	}
	return termsafe.Safe(strings.TrimRight(b.String(), "\n") + "\n")
}

// escapeTitle keeps a plain-text title plain inside a Markdown heading.
func escapeTitle(t string) string {
	var b strings.Builder
	for _, r := range termsafe.SafeLine(t) {
		if strings.ContainsRune("\\`*_[]<>&~#|!", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
