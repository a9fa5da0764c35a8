package feed

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/herald-reader/herald/termsafe"
)

// titleWords is how long a title made from an item's text may be, in
// characters: about what a library row shows of a title.
const titleWords = 80

// inline reports whether an HTML element sits inside a line of text.
func inline(a atom.Atom) bool {
	switch a {
	case atom.A, atom.Abbr, atom.B, atom.Bdi, atom.Bdo, atom.Cite, atom.Code, atom.Data, atom.Del,
		atom.Dfn, atom.Em, atom.I, atom.Ins, atom.Kbd, atom.Mark, atom.Q, atom.S, atom.Samp,
		atom.Small, atom.Span, atom.Strong, atom.Sub, atom.Sup, atom.Time, atom.U, atom.Var,
		atom.Font, atom.Tt:
		return true
	}
	return false
}

// untitled is the title of an item that has none: the first words of its
// text, else its link. Microblogs (Mastodon, micro.blog) and many podcast
// and comment feeds give no titles, and a library of blank rows cannot be
// read; Miniflux titles such items the same way. It is worked out after the
// item's identity, which stays what the feed gave.
func untitled(body, link string) string {
	if t := firstWords(body, titleWords); t != "" {
		return t
	}
	return link
}

// firstWords is the start of an HTML or plain-text body as one line of
// text, cut at a word boundary near max characters with an ellipsis, and
// read no further than it needs: a body can be megabytes.
func firstWords(body string, max int) string {
	words := strings.Fields(termsafe.Safe(prose(body, 4*max)))
	var out strings.Builder
	n := 0
	for i, w := range words {
		wn := utf8.RuneCountInString(w)
		if i > 0 && n+1+wn > max {
			return out.String() + "…"
		}
		if i > 0 {
			out.WriteByte(' ')
			n++
		}
		if wn > max { // one long word: cut it
			r := []rune(w)
			return out.String() + string(r[:max]) + "…"
		}
		out.WriteString(w)
		n += wn
	}
	return out.String()
}

// prose is the text of an HTML or plain-text body, up to about limit bytes:
// blocks part words, inline markup (a hashtag's link and span) does not,
// and script, style and the like are not prose.
func prose(body string, limit int) string {
	var b strings.Builder
	z := html.NewTokenizer(strings.NewReader(body))
	skip := 0
	for b.Len() < limit {
		switch tt := z.Next(); tt {
		case html.ErrorToken:
			return b.String()
		case html.StartTagToken, html.EndTagToken:
			name, _ := z.TagName()
			switch a := atom.Lookup(name); {
			case a == atom.Script || a == atom.Style || a == atom.Noscript || a == atom.Template || a == atom.Svg:
				if tt == html.StartTagToken {
					skip++
				} else if skip > 0 {
					skip--
				}
			case !inline(a):
				b.WriteByte(' ')
			}
		case html.SelfClosingTagToken:
			b.WriteByte(' ')
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		}
	}
	return b.String()
}
