package store

import (
	"encoding/json"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/text/unicode/norm"

	"github.com/herald-reader/herald/articles"
)

// The text the search index holds for an article, and the Go mirror of how
// the index splits it into words (for highlighting what a search found).

// bodyText is the text of an article without its markup: the sections'
// titles and Markdown when it was saved split, else the body as the feed
// gave it (HTML or plain text), then the full text read from its web page,
// when there is one (JSON sections too, "" for none). It is what the index
// holds and what snippets quote, so it is cheap to make (no HTML-to-Markdown
// conversion, which is the costliest step of a refresh) and readable.
func bodyText(sectionsJSON, raw, fullTextJSON string) string {
	var b strings.Builder
	sectionsText(&b, sectionsJSON)
	if raw != "" {
		if strings.ContainsAny(raw, "<&") {
			stripTags(&b, raw)
		} else {
			b.WriteString(raw)
		}
	}
	if fullTextJSON != "" {
		b.WriteString("\n")
		sectionsText(&b, fullTextJSON)
	}
	return b.String()
}

// sectionsText writes the text of sections saved as JSON; "" and "null"
// are none.
func sectionsText(b *strings.Builder, sectionsJSON string) {
	if sectionsJSON == "" || sectionsJSON == "null" {
		return
	}
	var secs []articles.Section
	if json.Unmarshal([]byte(sectionsJSON), &secs) != nil {
		return
	}
	for _, s := range secs {
		b.WriteString(s.Title)
		b.WriteString("\n")
		markdownText(b, s.Markdown)
		b.WriteString("\n")
	}
}

// stripTags writes the text of an HTML fragment as htmlText does, in one
// pass over the bytes: a search's snippets strip fifty bodies, and the
// tokenizer's generality made that most of a search's time. Tags are
// skipped up to their '>' outside quoted attributes, comments to "-->",
// scripts and styles to their end tag, and an image leaves its alt text;
// entities are resolved. TestStripTagsAsTheTokenizer holds it to htmlText.
func stripTags(b *strings.Builder, src string) {
	for len(src) > 0 {
		lt := strings.IndexByte(src, '<')
		if lt < 0 {
			writeText(b, src)
			return
		}
		writeText(b, src[:lt])
		src = src[lt:]
		if strings.HasPrefix(src, "<!--") {
			end := strings.Index(src[4:], "-->")
			if end < 0 {
				return
			}
			src = src[4+end+3:]
			continue
		}
		if len(src) < 2 || !(isASCIILetter(src[1]) || src[1] == '/' || src[1] == '!' || src[1] == '?') {
			b.WriteByte('<') // not a tag: text
			src = src[1:]
			continue
		}
		end := tagEnd(src)
		tag := src[:end]
		src = src[end:]
		name, closing := tagName(tag)
		a := atom.Lookup([]byte(name))
		switch {
		case !closing && (a == atom.Script || a == atom.Style):
			// Raw text up to the end tag, in any case.
			i := indexFold(src, "</"+name)
			if i < 0 {
				return
			}
			src = src[i:]
		case !closing && a == atom.Img:
			if alt, ok := attr(tag, "alt"); ok {
				b.WriteString(" ")
				writeText(b, alt)
				b.WriteString(" ")
			}
		case isBreak(a):
			b.WriteString("\n")
		}
	}
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// tagEnd is the length of the tag src starts with: up to its '>' outside
// quotes, or all of src.
func tagEnd(src string) int {
	var quote byte
	for i := 1; i < len(src); i++ {
		switch c := src[i]; {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			return i + 1
		}
	}
	return len(src)
}

// tagName is a tag's name, lower case, and whether it closes.
func tagName(tag string) (string, bool) {
	tag = tag[1:]
	closing := strings.HasPrefix(tag, "/")
	if closing {
		tag = tag[1:]
	}
	n := 0
	for n < len(tag) && (isASCIILetter(tag[n]) || (n > 0 && tag[n] >= '0' && tag[n] <= '9')) {
		n++
	}
	return strings.ToLower(tag[:n]), closing
}

// attr is the value of attribute name in tag, entities resolved later.
func attr(tag, name string) (string, bool) {
	for i := 0; ; {
		j := indexFold(tag[i:], name)
		if j < 0 {
			return "", false
		}
		i += j
		rest := strings.TrimLeft(tag[i+len(name):], " \t\n")
		before := tag[i-1]
		i += len(name)
		if !(before == ' ' || before == '\t' || before == '\n') || !strings.HasPrefix(rest, "=") {
			continue
		}
		rest = strings.TrimLeft(rest[1:], " \t\n")
		if rest == "" {
			return "", true
		}
		if q := rest[0]; q == '"' || q == '\'' {
			if end := strings.IndexByte(rest[1:], q); end >= 0 {
				return rest[1 : 1+end], true
			}
			return rest[1:], true
		}
		end := strings.IndexAny(rest, " \t\n>")
		if end < 0 {
			end = len(rest)
		}
		return rest[:end], true
	}
}

// indexFold is strings.Index of an ASCII needle in any case.
func indexFold(s, needle string) int {
	for i := 0; i+len(needle) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(needle)], needle) {
			return i
		}
	}
	return -1
}

func writeText(b *strings.Builder, s string) {
	if strings.IndexByte(s, '&') >= 0 {
		s = html.UnescapeString(s)
	}
	b.WriteString(s)
}

// htmlText writes the text of an HTML fragment: entities resolved, scripts
// and styles dropped, a line break where a block ends so words of two
// paragraphs never run together.
func htmlText(b *strings.Builder, src string) {
	z := html.NewTokenizer(strings.NewReader(src))
	skip := 0 // inside <script> or <style>
	for {
		switch z.Next() {
		case html.ErrorToken:
			return
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			switch a := atom.Lookup(name); a {
			case atom.Script, atom.Style:
				skip++
			case atom.Img:
				// An image's alt text is what the reader shows for it.
				for {
					k, v, more := z.TagAttr()
					if string(k) == "alt" {
						b.WriteString(" ")
						b.Write(v)
						b.WriteString(" ")
					}
					if !more {
						break
					}
				}
			default:
				if isBreak(a) {
					b.WriteString("\n")
				}
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			switch a := atom.Lookup(name); {
			case a == atom.Script || a == atom.Style:
				skip = max(skip-1, 0)
			case isBreak(a):
				b.WriteString("\n")
			}
		}
	}
}

// isBreak reports whether a tag separates the words around it.
func isBreak(a atom.Atom) bool {
	switch a {
	case atom.A, atom.Abbr, atom.B, atom.Bdi, atom.Bdo, atom.Cite, atom.Code, atom.Data, atom.Del,
		atom.Dfn, atom.Em, atom.I, atom.Ins, atom.Kbd, atom.Mark, atom.Q, atom.S, atom.Samp,
		atom.Small, atom.Span, atom.Strong, atom.Sub, atom.Sup, atom.Time, atom.U, atom.Var, atom.Wbr:
		return false
	}
	return true
}

// markdownText writes Markdown's text with the markup that would otherwise
// show in a snippet dropped: link destinations, emphasis and code marks,
// heading and quote marks, backslash escapes and inline tags. It is a
// character pass, not a parser: the index needs the words, not the tree.
func markdownText(b *strings.Builder, md string) {
	lineStart := true
	for i := 0; i < len(md); i++ {
		c := md[i]
		switch {
		case c == '\\' && i+1 < len(md) && isMarkdownPunct(md[i+1]):
			i++
			b.WriteByte(md[i])
		case c == ']' && i+1 < len(md) && md[i+1] == '(':
			// The destination of a link or image: its words are an address.
			end := strings.IndexByte(md[i:], ')')
			if end < 0 {
				b.WriteByte(' ')
				continue
			}
			i += end
			b.WriteByte(' ')
		case c == '<':
			if end := strings.IndexByte(md[i:], '>'); end > 0 && !strings.ContainsAny(md[i:i+end], "\n ") {
				i += end // an autolink or an inline tag
				b.WriteByte(' ')
			} else {
				b.WriteByte(c)
			}
		case c == '*' || c == '_' || c == '`' || c == '~' || c == '[' || (c == '!' && i+1 < len(md) && md[i+1] == '['):
			// Marks, not text; '_' inside a word separates it for the
			// index anyway.
		case lineStart && (c == '#' || c == '>'):
		default:
			b.WriteByte(c)
		}
		switch {
		case c == '\n':
			lineStart = true
		case c != ' ' && c != '\t' && c != '#' && c != '>':
			lineStart = false
		}
	}
}

func isMarkdownPunct(c byte) bool {
	return strings.IndexByte("\\`*_{}[]()#+-.!<>|~=", c) >= 0
}

// The index's tokenizer is SQLite's unicode61 with diacritics removed:
// letters, digits and private-use characters make words, everything else
// separates them, case and Latin accents are folded. It would keep a run of
// Chinese or Japanese as one word, so before text reaches it every
// character of a script written without spaces gets a zero-width space on
// either side: each becomes a word of its own, and a query's run of them
// is a phrase that finds exactly that run. That is what a trigram index
// would give, and it also finds the one- and two-character words that
// carry most of Chinese and Japanese, which a trigram index cannot, at a
// fraction of a trigram index's size.

// wordBreak is the separator spread puts around characters of unspaced
// scripts. U+200B is a format character, which unicode61 never takes into a
// word and nothing shows.
const wordBreak = "\u200b"

// unspaced reports whether r is of a script written without spaces between
// words.
func unspaced(r rune) bool {
	if r < 0x0e00 {
		return false
	}
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul,
		unicode.Thai, unicode.Lao, unicode.Khmer, unicode.Myanmar, unicode.Tibetan)
}

// spread puts a word break around every character of an unspaced script,
// for the index and for queries alike.
func spread(s string) string {
	i := strings.IndexFunc(s, unspaced)
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + len(s)/2)
	b.WriteString(s[:i])
	for _, r := range s[i:] {
		if unspaced(r) {
			b.WriteString(wordBreak)
			b.WriteRune(r)
			b.WriteString(wordBreak)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isWordRune is unicode61's idea of a character that belongs to a word.
// Combining marks stay with their letter (and are folded away with it).
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Co, r) ||
		unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r)
}

// Words calls fn with each word of s as the search index sees it: its byte
// span in s and its folded form (lower case, Latin accents dropped). A
// character of an unspaced script is a word of its own. Highlighting uses
// it, so what is marked is what the index matched.
func Words(s string, fn func(start, end int, word string)) {
	start := -1
	for i, r := range s {
		switch {
		case unspaced(r):
			if start >= 0 {
				fn(start, i, Fold(s[start:i]))
				start = -1
			}
			n := utf8.RuneLen(r)
			fn(i, i+n, s[i:i+n])
		case isWordRune(r):
			if start < 0 {
				start = i
			}
		case start >= 0:
			fn(start, i, Fold(s[start:i]))
			start = -1
		}
	}
	if start >= 0 {
		fn(start, len(s), Fold(s[start:]))
	}
}

// Fold is a word as the index compares it: lower case, Latin accents
// dropped, and the Greek final sigma folded to σ.
func Fold(w string) string {
	ascii := true
	for i := 0; i < len(w); i++ {
		if w[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(w)
	}
	var b strings.Builder
	latin := false
	for _, r := range norm.NFD.String(w) {
		if unicode.Is(unicode.Mn, r) && latin {
			continue // an accent on a Latin letter; other scripts keep their marks, as unicode61 does
		}
		latin = unicode.Is(unicode.Latin, r)
		r = unicode.ToLower(r)
		if r == 'ς' {
			r = 'σ'
		}
		b.WriteRune(r)
	}
	return b.String()
}
