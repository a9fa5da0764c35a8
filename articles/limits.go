package articles

import (
	"bytes"

	"golang.org/x/net/html"
)

// Article bodies come from outside, and HTML to Markdown, goldmark and the
// renderer all slow down with nesting: x/net/html refuses more than 512
// open elements (the whole article then loses its markup), html-to-markdown
// indents every line once per level, and goldmark checks every open block
// on every line, so 50,000 nested quotes took 17 s and 50,000 nested list
// markers a minute. No article means anything at such depths, so nesting
// is cut before conversion: the deeper tags go, their text stays.
const (
	// MaxHTMLDepth is how deeply HTML elements may nest.
	MaxHTMLDepth = 64
	// maxBlockNesting is how deeply lists and quotes may nest, in HTML
	// and in Markdown: each level indents the text below it.
	maxBlockNesting = 16
	// maxIndent is the most leading blank columns a Markdown line keeps,
	// which bounds nesting by indentation (about two columns a level).
	maxIndent = 64
)

// FlattenHTML returns src with elements nested deeper than MaxHTMLDepth,
// and lists and quotes nested deeper than 16, reduced to their content.
// src is returned as it is when nothing is that deep, which is the usual
// case and costs one count of '<'.
func FlattenHTML(src []byte) []byte {
	if bytes.Count(src, []byte("<")) <= maxBlockNesting {
		return src
	}
	var out bytes.Buffer
	z := html.NewTokenizer(bytes.NewReader(src))
	var open []string // names of the elements kept open
	blocks := 0       // of them, lists and quotes
	dropped := 0      // elements opened past a limit, not yet closed
	changed := false
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		raw := z.Raw()
		switch tt {
		case html.StartTagToken:
			name, _ := z.TagName()
			if voidElement(name) {
				break
			}
			block := blockElement(name)
			if dropped > 0 || len(open) >= MaxHTMLDepth || (block && blocks >= maxBlockNesting) {
				dropped++
				changed = true
				continue
			}
			open = append(open, string(name))
			if block {
				blocks++
			}
		case html.EndTagToken:
			if dropped > 0 {
				// Nesting closes innermost first: the dropped elements
				// are the ones ending.
				dropped--
				continue
			}
			name, _ := z.TagName()
			for k := len(open) - 1; k >= 0; k-- {
				if open[k] == string(name) {
					for _, n := range open[k:] {
						if blockElement([]byte(n)) {
							blocks--
						}
					}
					open = open[:k]
					break
				}
			}
		}
		out.Write(raw)
	}
	if !changed {
		return src
	}
	return out.Bytes()
}

func voidElement(name []byte) bool {
	switch string(name) {
	case "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr":
		return true
	}
	return false
}

func blockElement(name []byte) bool {
	switch string(name) {
	case "ul", "ol", "dl", "blockquote", "menu":
		return true
	}
	return false
}

// flattenMarkdown returns src with each line's container markers (">"
// and list markers) beyond maxBlockNesting, and its indentation beyond
// maxIndent columns, removed. Lines that nest less are untouched, so src
// comes back as it is unless something was that deep.
func flattenMarkdown(src []byte) []byte {
	var out []byte // nil until a line changes
	for start := 0; start < len(src); {
		end := bytes.IndexByte(src[start:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += start + 1
		}
		line := src[start:end]
		if fixed, ok := flattenLine(line); ok {
			if out == nil {
				out = append(make([]byte, 0, len(src)), src[:start]...)
			}
			out = append(out, fixed...)
		} else if out != nil {
			out = append(out, line...)
		}
		start = end
	}
	if out == nil {
		return src
	}
	return out
}

// flattenLine rewrites one line that nests too deeply; ok is false when
// the line is fine as it is.
func flattenLine(line []byte) ([]byte, bool) {
	cols, i := indentOf(line)
	if i == len(line) {
		return nil, false
	}
	c := line[i]
	if cols <= maxIndent && c != '>' && c != '-' && c != '+' && c != '*' && (c < '0' || c > '9') {
		return nil, false
	}
	// Walk the container markers: ">", "-", "+", "*", "1." or "1)", each
	// followed by blanks.
	keep, markers := i, 0
	j := i
	for j < len(line) {
		k := markerEnd(line, j)
		if k < 0 {
			break
		}
		markers++
		if markers <= maxBlockNesting {
			keep = k
		}
		_, n := indentOf(line[k:])
		j = k + n
	}
	if cols <= maxIndent && markers <= maxBlockNesting {
		return nil, false
	}
	var b []byte
	if cols > maxIndent {
		b = append(b, bytes.Repeat([]byte{' '}, maxIndent)...)
		b = append(b, line[i:keep]...)
	} else {
		b = append(b, line[:keep]...)
	}
	if markers > maxBlockNesting {
		b = append(b, ' ')
		b = append(b, line[j:]...)
	} else {
		b = append(b, line[keep:]...)
	}
	return b, true
}

// markerEnd returns where a container marker starting at i ends (just
// past the marker itself), or -1 when none starts there.
func markerEnd(line []byte, i int) int {
	switch c := line[i]; {
	case c == '>':
		return i + 1
	case c == '-' || c == '+' || c == '*':
		if i+1 == len(line) || line[i+1] == ' ' || line[i+1] == '\t' || line[i+1] == '\n' {
			return i + 1
		}
	case c >= '0' && c <= '9':
		j := i
		for j < len(line) && j-i < 9 && line[j] >= '0' && line[j] <= '9' {
			j++
		}
		if j < len(line) && (line[j] == '.' || line[j] == ')') && (j+1 == len(line) || line[j+1] == ' ' || line[j+1] == '\t' || line[j+1] == '\n') {
			return j + 1
		}
	}
	return -1
}

// indentOf returns the columns of leading blanks (a tab to the next stop
// of 4) and where they end.
func indentOf(line []byte) (cols, i int) {
	for i < len(line) {
		switch line[i] {
		case ' ':
			cols++
		case '\t':
			cols += 4 - cols%4
		default:
			return cols, i
		}
		i++
	}
	return cols, i
}
