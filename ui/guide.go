package ui

import (
	"strings"

	"github.com/herald-reader/herald/articles"
)

// The bundled guide teaches the keys, so it must name the keys in force:
// its text writes {{key:ACTION}} (an action of the [keys] table) where a
// key goes, and the reader fills in the keys that action is bound to.

const keyMark = "{{key:"

// withBoundKeys is a, a bundled article, with each {{key:ACTION}} in its
// text replaced by the keys ACTION is bound to in k ("unbound" for none);
// other articles come back as they are, whatever their text holds.
func withBoundKeys(a articles.Article, k KeyMap) articles.Article {
	if !strings.HasPrefix(a.ID, "bundled:") {
		return a
	}
	labels := map[string]string{}
	for _, act := range k.actions() {
		if keys := act.binding.Keys(); len(keys) > 0 {
			labels[act.name] = keysLabel(keys)
		} else {
			labels[act.name] = "unbound"
		}
	}
	fill := func(s string) string {
		if !strings.Contains(s, keyMark) {
			return s
		}
		var b strings.Builder
		for {
			i := strings.Index(s, keyMark)
			if i < 0 {
				break
			}
			end := strings.Index(s[i:], "}}")
			if end < 0 {
				break
			}
			name := s[i+len(keyMark) : i+end]
			label, ok := labels[name]
			if !ok {
				label = s[i : i+end+2] // a typo shows as written
			}
			b.WriteString(s[:i])
			b.WriteString(label)
			s = s[i+end+2:]
		}
		b.WriteString(s)
		return b.String()
	}
	sections := make([]articles.Section, len(a.Sections))
	for i, sec := range a.Sections {
		sec.Title = fill(sec.Title)
		sec.Markdown = fill(sec.Markdown)
		sections[i] = sec
	}
	a.Sections = sections
	return a
}
