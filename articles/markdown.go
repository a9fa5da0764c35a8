package articles

import (
	"bytes"
	"cmp"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/herald-reader/herald/termsafe"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// IntroductionTitle names the section made of the text before the first
// heading.
const IntroductionTitle = "Introduction"

// untitledSection stands in for a heading with no text ("#" alone), so the
// section pane never shows a blank row.
const untitledSection = "Untitled section"

// ParseMarkdown reads Markdown with optional YAML-ish front matter (title,
// url, source or its other name site, published or date, author) and
// splits it into sections on goldmark's AST. When both source and site
// are given, source wins. Without a front-matter title a leading "# Title"
// becomes the title and not a section. It does not reject empty input
// (Parse does): an empty body gives an article without sections.
func ParseMarkdown(src []byte) (Article, error) {
	s := termsafe.Safe(string(src))
	fm, body := splitFrontMatter(s)
	a := Article{
		Title:  termsafe.SafeLine(fm["title"]),
		URL:    webURL(fm["url"]),
		Source: termsafe.SafeLine(cmp.Or(fm["source"], fm["site"])),
		Author: termsafe.SafeLine(fm["author"]),
	}
	published := fm["published"]
	if published == "" {
		published = fm["date"]
	}
	a.Published = parseDate(published)

	intro, headed := splitSource([]byte(body))
	// A leading h1 is the document's title: taken when the front matter
	// has none, dropped when it only repeats the front matter's.
	if intro == "" && len(headed) > 0 && headed[0].Level == 1 &&
		(a.Title == "" || strings.EqualFold(a.Title, headed[0].Title)) {
		a.Title = headed[0].Title
		intro = headed[0].Markdown
		headed = headed[1:]
	}
	a.Sections = withIntro(intro, headed)
	return a, nil
}

// SplitMarkdown splits a Markdown body into sections. Text before the first
// heading becomes a section titled "Introduction". Only top-level headings
// cut (a "#" in a code fence or a heading in a block quote stays in its
// section), setext headings count, levels are kept. Titles are plain,
// safe text; an empty-bodied section is dropped only if it is page
// furniture ("Share this", "Comments", ...).
func SplitMarkdown(md string) []Section {
	intro, headed := splitSource([]byte(termsafe.Safe(md)))
	return withIntro(intro, headed)
}

func withIntro(intro string, headed []Section) []Section {
	if intro == "" {
		return headed
	}
	return append([]Section{{Title: IntroductionTitle, Level: 2, Markdown: intro}}, headed...)
}

// markdownParser is goldmark's CommonMark parser, built once (building it
// cost as much as parsing a short article; it is safe to share); the block
// structure (what is a heading) is the same as glamour's GFM one.
var markdownParser = sync.OnceValue(func() parser.Parser { return goldmark.New().Parser() })

// splitSource cuts src at its top-level headings. It returns the text
// before the first heading and the headed sections, furniture dropped.
func splitSource(src []byte) (string, []Section) {
	src = flattenMarkdown(src)
	ctx := parser.NewContext()
	doc := markdownParser().Parse(text.NewReader(src), parser.WithContext(ctx))

	type cut struct {
		start, bodyStart int
		level            int
		title            string
	}
	var cuts []cut
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		h, ok := n.(*ast.Heading)
		if !ok {
			continue
		}
		start, end, ok := headingSpan(h, src)
		if !ok || (len(cuts) > 0 && start < cuts[len(cuts)-1].bodyStart) {
			continue
		}
		cuts = append(cuts, cut{start: start, bodyStart: end, level: h.Level, title: headingTitle(h, src)})
	}
	if len(cuts) == 0 {
		return trimBlankLines(string(src)), nil
	}

	refs := referenceDefinitions(ctx)
	intro := withReferences(trimBlankLines(string(src[:cuts[0].start])), refs)
	sections := make([]Section, 0, len(cuts))
	for i, c := range cuts {
		end := len(src)
		if i+1 < len(cuts) {
			end = cuts[i+1].start
		}
		body := trimBlankLines(string(src[c.bodyStart:end]))
		if body == "" && isFurniture(c.title) {
			continue
		}
		sections = append(sections, Section{Title: c.title, Level: c.level, Markdown: withReferences(body, refs)})
	}
	return intro, sections
}

// headingSpan returns the byte range of a top-level heading's lines: one
// line for ATX, the text lines plus the underline for setext.
func headingSpan(h *ast.Heading, src []byte) (start, end int, ok bool) {
	pos := h.Pos()
	if pos < 0 && h.Lines().Len() > 0 {
		pos = h.Lines().At(0).Start
	}
	if pos < 0 || pos > len(src) {
		return 0, 0, false
	}
	start = bytes.LastIndexByte(src[:pos], '\n') + 1
	if isATXLine(lineAt(src, start)) {
		return start, nextLine(src, start), true
	}
	// Setext: the first bar line after the text ends the heading; a bar
	// line cannot be part of the heading's text, it would have ended it.
	for i := nextLine(src, start); i < len(src); i = nextLine(src, i) {
		if isSetextBar(lineAt(src, i)) {
			return start, nextLine(src, i), true
		}
	}
	return 0, 0, false
}

func lineAt(src []byte, i int) []byte {
	if j := bytes.IndexByte(src[i:], '\n'); j >= 0 {
		return src[i : i+j]
	}
	return src[i:]
}

func nextLine(src []byte, i int) int {
	if j := bytes.IndexByte(src[i:], '\n'); j >= 0 {
		return i + j + 1
	}
	return len(src)
}

// isATXLine reports a line that opens an ATX heading: up to three spaces,
// one to six '#', then a space, tab or the end.
func isATXLine(line []byte) bool {
	i := 0
	for i < len(line) && i < 3 && line[i] == ' ' {
		i++
	}
	n := 0
	for i < len(line) && line[i] == '#' {
		i++
		n++
	}
	return n >= 1 && n <= 6 && (i == len(line) || line[i] == ' ' || line[i] == '\t')
}

func isSetextBar(line []byte) bool {
	s := strings.TrimRight(string(line), " \t")
	t := strings.TrimLeft(s, " ")
	if len(s)-len(t) > 3 || t == "" || (t[0] != '=' && t[0] != '-') {
		return false
	}
	return strings.Trim(t, t[:1]) == ""
}

// headingTitle is the heading's text with inline markup stripped and
// entities and backslash escapes resolved, made safe and one line.
func headingTitle(h *ast.Heading, src []byte) string {
	var b bytes.Buffer
	inlineText(h, src, &b)
	t := termsafe.SafeLine(b.String())
	if t == "" {
		return untitledSection
	}
	return t
}

func inlineText(n ast.Node, src []byte, b *bytes.Buffer) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch t := c.(type) {
		case *ast.Text:
			v := t.Segment.Value(src)
			if !t.IsRaw() {
				v = util.UnescapePunctuations(v)
				v = util.ResolveNumericReferences(v)
				v = util.ResolveEntityNames(v)
			}
			b.Write(v)
			if t.SoftLineBreak() || t.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(t.Value)
		case *ast.AutoLink:
			b.Write(t.Label(src))
		case *ast.RawHTML:
			// Tags are markup, not words.
		case *ast.CodeSpan:
			for s := t.FirstChild(); s != nil; s = s.NextSibling() {
				if txt, ok := s.(*ast.Text); ok {
					b.Write(txt.Segment.Value(src))
				}
			}
		default:
			inlineText(c, src, b)
		}
	}
}

// trimBlankLines drops leading blank lines and trailing whitespace, but
// keeps the first line's indentation (an indented code block stays one).
func trimBlankLines(s string) string {
	for {
		i := strings.IndexByte(s, '\n')
		if i < 0 || strings.TrimSpace(s[:i]) != "" {
			break
		}
		s = s[i+1:]
	}
	s = strings.TrimRightFunc(s, unicode.IsSpace)
	if strings.TrimSpace(s) == "" {
		return ""
	}
	return s
}

// referenceDefinitions rebuilds the document's link reference definitions
// so that a section shown on its own still resolves "[text][ref]" links
// whose definition sits in another section.
func referenceDefinitions(ctx parser.Context) []string {
	var defs []string
	for _, r := range ctx.References() {
		label := string(r.Label())
		d := "[" + label + "]: <" + escapeDestination(string(r.Destination())) + ">"
		if t := r.Title(); len(t) > 0 {
			d += ` "` + strings.ReplaceAll(string(t), `"`, `\"`) + `"`
		}
		defs = append(defs, d)
	}
	slices.Sort(defs)
	return defs
}

func escapeDestination(d string) string {
	return strings.NewReplacer(`\`, `\\`, "<", `\<`, ">", `\>`, "\n", "%0A").Replace(d)
}

func withReferences(body string, refs []string) string {
	if body == "" || len(refs) == 0 {
		return body
	}
	var extra []string
	for _, d := range refs {
		label := d[:strings.Index(d, "]:")+2]
		if !strings.Contains(body, label) {
			extra = append(extra, d)
		}
	}
	if len(extra) == 0 {
		return body
	}
	return body + "\n\n" + strings.Join(extra, "\n")
}

// splitFrontMatter parses "---" delimited key: value lines at the very top
// of s. Anything that does not look like front matter is left as body.
func splitFrontMatter(s string) (map[string]string, string) {
	fm := map[string]string{}
	first, rest, ok := strings.Cut(s, "\n")
	if !ok || strings.TrimRight(first, " \t") != "---" {
		return fm, s
	}
	lines := strings.Split(rest, "\n")
	for i, line := range lines {
		t := strings.TrimRight(line, " \t")
		if t == "---" || t == "..." {
			return fm, strings.Join(lines[i+1:], "\n")
		}
		if strings.TrimSpace(t) == "" || strings.HasPrefix(t, "#") || t[0] == ' ' || t[0] == '\t' || strings.HasPrefix(t, "- ") {
			continue // blanks, comments and nested YAML we do not use
		}
		key, value, ok := strings.Cut(t, ":")
		if !ok || strings.TrimSpace(key) == "" {
			return map[string]string{}, s
		}
		fm[strings.ToLower(strings.TrimSpace(key))] = unquote(strings.TrimSpace(value))
	}
	return map[string]string{}, s
}

func unquote(v string) string {
	if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
		if u, err := strconv.Unquote(v); err == nil {
			return u
		}
		return v[1 : len(v)-1]
	}
	if len(v) >= 2 && v[0] == '\'' && v[len(v)-1] == '\'' {
		return strings.ReplaceAll(v[1:len(v)-1], "''", "'")
	}
	return v
}

// parseDate accepts a date, RFC 3339, or a date and time; anything else
// leaves the date unknown rather than failing the article.
func parseDate(v string) time.Time {
	v = strings.TrimSpace(v)
	for _, layout := range []string{time.RFC3339, time.DateOnly, time.DateTime, "2006-01-02T15:04"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t
		}
	}
	return time.Time{}
}

// webURL keeps only absolute http(s) links: the browser gets nothing else.
func webURL(v string) string {
	v = strings.TrimSpace(v)
	if !termsafe.IsWebURL(v) {
		return ""
	}
	u, _ := url.Parse(v)
	return u.String()
}
