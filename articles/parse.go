package articles

import (
	"bytes"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/herald-reader/herald/termsafe"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// Parse picks a parser from the name's extension (.md, .markdown, .txt,
// .html, .htm), falling back to sniffing the content; it rejects empty and
// binary input with ErrEmpty and ErrBinary. When the content names no
// title, the file name (without extension) is used; name "-" means stdin.
// Parse leaves ID and Source for the caller to set.
func Parse(name string, src []byte) (Article, error) {
	if err := CheckText(src); err != nil {
		return Article{}, err
	}
	var (
		a   Article
		err error
	)
	switch strings.ToLower(filepath.Ext(name)) {
	case ".md", ".markdown":
		a, err = ParseMarkdown(src)
	case ".txt":
		a, err = ParseText(src)
	case ".html", ".htm":
		a, err = ParseHTML(src, "")
	default:
		a, err = parseSniffed(src)
	}
	if err != nil {
		return Article{}, err
	}
	if a.Title == "" && len(a.Sections) == 0 {
		return Article{}, ErrEmpty
	}
	if a.Title == "" {
		a.Title = titleFromName(name)
	}
	return a, nil
}

// CheckText rejects what is not an article's text: ErrEmpty for nothing
// but blanks, ErrBinary for a file that is not text.
func CheckText(src []byte) error {
	switch {
	case isBinary(src):
		return ErrBinary
	case isBlankText(string(src)):
		return ErrEmpty
	}
	return nil
}

// IsHTML reports whether Parse would read name's content src as HTML: by
// its extension, or, without one it knows, by sniffing.
func IsHTML(name string, src []byte) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".html", ".htm":
		return true
	case ".md", ".markdown", ".txt":
		return false
	}
	return sniff(src) == formatHTML
}

func parseSniffed(src []byte) (Article, error) {
	switch sniff(src) {
	case formatHTML:
		return ParseHTML(src, "")
	case formatMarkdown:
		return ParseMarkdown(src)
	}
	return ParseText(src)
}

const (
	formatText = iota
	formatMarkdown
	formatHTML
)

// htmlMarkers are tags whose presence near the top marks a document as HTML.
var htmlMarkers = []string{
	"<!doctype html", "<html", "<head", "<body", "<article", "<main", "<div",
	"<p>", "<p ", "<h1", "<h2", "<section", "<title", "<meta", "<br", "<a href",
}

// sniff guesses the format of content whose name says nothing: HTML when
// it starts with a tag and has HTML tags, Markdown when goldmark finds
// front matter or a heading, otherwise plain text.
func sniff(src []byte) int {
	s := strings.TrimLeft(termsafe.Safe(string(src)), " \t\n")
	if strings.HasPrefix(s, "<") {
		head := strings.ToLower(s[:min(len(s), 4096)])
		for _, m := range htmlMarkers {
			if strings.Contains(head, m) {
				return formatHTML
			}
		}
	}
	if fm, body := splitFrontMatter(s); len(fm) > 0 || body != s {
		return formatMarkdown
	}
	source := []byte(s)
	doc := markdownParser().Parse(text.NewReader(source))
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if _, ok := n.(*ast.Heading); ok {
			return formatMarkdown
		}
	}
	return formatText
}

// isBinary reports content that is not text: a NUL byte, or mostly
// invalid UTF-8 and control bytes in its first 64 KiB. A stray Latin-1
// byte or an escape sequence in real text stays well under the bar.
func isBinary(src []byte) bool {
	sample := src[:min(len(src), 64<<10)]
	if bytes.IndexByte(sample, 0) >= 0 {
		return true
	}
	bad := 0
	for i := 0; i < len(sample); {
		r, size := utf8.DecodeRune(sample[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			// A rune cut by the 64 KiB sample is not evidence.
			if len(sample) < len(src) && len(sample)-i < utf8.UTFMax {
				return bad*10 > len(sample)*3
			}
			bad++
		case r < 0x20 && r != '\t' && r != '\n' && r != '\r' && r != '\f' && r != 0x1b:
			bad++
		}
		i += size
	}
	return bad*10 > len(sample)*3
}

func titleFromName(name string) string {
	if name == "" || name == "-" {
		return "Untitled"
	}
	base := filepath.Base(name)
	if t := termsafe.SafeLine(strings.TrimSuffix(base, filepath.Ext(base))); t != "" {
		return t
	}
	return "Untitled"
}

// isBlankText reports text with nothing but whitespace once made safe.
func isBlankText(s string) bool {
	return strings.TrimSpace(termsafe.Safe(s)) == ""
}
