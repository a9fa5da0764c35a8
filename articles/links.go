package articles

import (
	"bytes"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/herald-reader/herald/termsafe"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// RenderExtensions are the goldmark extensions glamour renders with (GFM,
// definition lists). Links are found on a parse with these, and the reader
// parses with them too, so a bare URL that GFM turns into a link is counted
// by both, and the numbers on screen are the numbers in Links.
func RenderExtensions() []goldmark.Extender {
	return []goldmark.Extender{extension.GFM, extension.DefinitionList}
}

// renderParser parses Markdown as glamour does.
func renderParser() parser.Parser {
	return goldmark.New(goldmark.WithExtensions(RenderExtensions()...)).Parser()
}

// LinkNode is one numbered link of a parsed section: the node that shows
// it (*ast.Link, *ast.AutoLink or *ast.Image) and what it links to.
type LinkNode struct {
	Node ast.Node
	Link Link
}

// LinkNodes lists the links of a parsed section in reading order, the one
// definition of what is numbered: links and images with a destination,
// bare and angle-bracket URLs, e-mail addresses. A link that only jumps
// within the page ("#notes") is not: it goes nowhere herald can follow.
// An image inside a link counts as the link's text, not on its own. N and
// Section are left for the caller.
func LinkNodes(doc ast.Node, src []byte) []LinkNode {
	var out []LinkNode
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := n.(type) {
		case *ast.Link:
			dest := destination(t.Destination)
			if dest == "" || strings.HasPrefix(dest, "#") {
				return ast.WalkContinue, nil
			}
			out = append(out, LinkNode{Node: n, Link: Link{Text: linkText(n, src, dest), URL: dest}})
			return ast.WalkSkipChildren, nil
		case *ast.AutoLink:
			dest := destination(t.URL(src))
			if t.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(strings.ToLower(dest), "mailto:") {
				dest = "mailto:" + dest
			}
			out = append(out, LinkNode{Node: n, Link: Link{Text: termsafe.SafeLine(string(t.Label(src))), URL: dest}})
			return ast.WalkSkipChildren, nil
		case *ast.Image:
			dest := destination(t.Destination)
			if dest == "" {
				return ast.WalkSkipChildren, nil
			}
			var b bytes.Buffer
			inlineText(n, src, &b)
			out = append(out, LinkNode{Node: n, Link: Link{Text: termsafe.SafeLine(b.String()), URL: dest, Image: true}})
			return ast.WalkSkipChildren, nil
		case *ast.CodeBlock, *ast.FencedCodeBlock, *ast.CodeSpan, *ast.HTMLBlock, *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return out
}

// destination is a link target as text safe to show.
func destination(d []byte) string {
	return strings.TrimSpace(termsafe.SafeLine(string(d)))
}

// linkText is a link's words, or, for a link with none (an empty "[](...)"
// or one around an image without alt text), its host.
func linkText(n ast.Node, src []byte, dest string) string {
	var b bytes.Buffer
	inlineText(n, src, &b)
	if t := termsafe.SafeLine(b.String()); t != "" {
		return t
	}
	return LinkHost(dest)
}

// LinkHost is a link's host name ("example.com"), or the link itself when
// it has none (mailto:, a relative path).
func LinkHost(raw string) string {
	if u, err := url.Parse(raw); err == nil && u.Hostname() != "" {
		return strings.TrimPrefix(u.Hostname(), "www.")
	}
	return strings.TrimPrefix(raw, "mailto:")
}

// FindLinks numbers the links of every section in reading order, from 1.
func FindLinks(sections []Section) []Link {
	var out []Link
	p := renderParser()
	for i, s := range sections {
		src := []byte(s.Markdown)
		for _, ln := range LinkNodes(p.Parse(text.NewReader(src)), src) {
			l := ln.Link
			l.N, l.Section = len(out)+1, i
			out = append(out, l)
		}
	}
	return out
}

// WithLinks returns a with its Links found, for an article whose sections
// are new (loaded, split, fetched).
func (a Article) WithLinks() Article {
	a.Links = FindLinks(a.Sections)
	return a
}

// CountWords counts the words of the sections' text, up to limit (0: no
// limit): telling a summary from an article needs only the first few
// hundred, and a page's text need not be counted to the end to be longer
// than a feed's.
func CountWords(sections []Section, limit int) int {
	n := 0
	for _, s := range sections {
		if s.Title != IntroductionTitle {
			n += countWords(s.Title, 0)
		}
		n += countWords(s.Markdown, max(limit-n, 0))
		if limit > 0 && n >= limit {
			return limit
		}
	}
	return n
}

// countWords counts runs of letters and digits, so Markdown's markup
// ("**", "#", "-") is not a word, nor a link's address ("](...)"); limit
// 0 counts all.
func countWords(s string, limit int) int {
	n, in := 0, false
	for i := 0; i < len(s); {
		if strings.HasPrefix(s[i:], "](") {
			if j := strings.IndexByte(s[i:], ')'); j > 0 {
				i += j + 1
				in = false
				continue
			}
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		word := unicode.IsLetter(r) || unicode.IsDigit(r)
		if word && !in {
			n++
			if limit > 0 && n >= limit {
				return n
			}
		}
		in = word || (in && (r == '\'' || r == '’' || r == '-'))
	}
	return n
}
