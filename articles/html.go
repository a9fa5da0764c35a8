package articles

import (
	"bytes"
	"strings"

	"github.com/JohannesKaufmann/html-to-markdown/v2/converter"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/base"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/commonmark"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/strikethrough"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/table"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// ParseHTML converts HTML to Markdown (links made absolute against baseURL)
// and splits it into sections; the <title> or first <h1> becomes the title.
// The h1 is preferred when the <title> contains it (a <title> often adds
// " | Site Name"), and the h1 used as title is not repeated as a section.
// Scripts, styles and forms are dropped. Empty input gives an article
// without sections, not an error (Parse rejects empty files).
func ParseHTML(src []byte, baseURL string) (Article, error) {
	doc, err := html.Parse(bytes.NewReader(src))
	if err != nil {
		return Article{}, err
	}
	removeNodes(doc, atom.Script, atom.Style, atom.Noscript, atom.Template)

	var a Article
	titleNode, h1 := findFirst(doc, atom.Title), findFirst(doc, atom.H1)
	pageTitle := oneLine(nodeText(titleNode))
	heading := oneLine(nodeText(h1))
	switch {
	case heading != "" && (pageTitle == "" || strings.Contains(strings.ToLower(pageTitle), strings.ToLower(heading))):
		a.Title = heading
		h1.Parent.RemoveChild(h1)
	default:
		a.Title = pageTitle
	}

	conv := converter.NewConverter(converter.WithPlugins(
		base.NewBasePlugin(),
		commonmark.NewCommonmarkPlugin(),
		strikethrough.NewStrikethroughPlugin(),
		table.NewTablePlugin(),
	))
	md, err := conv.ConvertNode(doc, converter.WithDomain(baseURL))
	if err != nil {
		return Article{}, err
	}
	a.Sections = SplitMarkdown(string(md))
	return a, nil
}

// removeNodes deletes every element with one of the given tags.
func removeNodes(n *html.Node, tags ...atom.Atom) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		if c.Type == html.ElementNode && containsAtom(tags, c.DataAtom) {
			n.RemoveChild(c)
		} else {
			removeNodes(c, tags...)
		}
		c = next
	}
}

func containsAtom(tags []atom.Atom, a atom.Atom) bool {
	for _, t := range tags {
		if t == a {
			return true
		}
	}
	return false
}

func findFirst(n *html.Node, tag atom.Atom) *html.Node {
	if n.Type == html.ElementNode && n.DataAtom == tag {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := findFirst(c, tag); f != nil {
			return f
		}
	}
	return nil
}

// nodeText is the text content of n with a space between blocks.
func nodeText(n *html.Node) string {
	if n == nil {
		return ""
	}
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
		case html.ElementNode:
			if n.DataAtom == atom.Br {
				b.WriteByte(' ')
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}
