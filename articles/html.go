package articles

import (
	"bytes"
	"net/url"
	"strings"
	"sync"

	"github.com/JohannesKaufmann/html-to-markdown/v2/converter"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/base"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/commonmark"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/strikethrough"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/table"
	"github.com/herald-reader/herald/termsafe"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// ParseHTML converts HTML to Markdown and splits it into sections; the
// <title> or first <h1> becomes the title. The h1 is preferred when the
// <title> contains it (a <title> often adds " | Site Name"), and the h1
// used as title is not repeated as a section.
//
// Links and images are made absolute against the document's <base href>
// when that is an absolute http(s) URL, else against baseURL resolved
// with a relative <base href>. With no http(s) base at all (a local file)
// relative links are left as they are: a file: URL must never become a
// link the terminal or browser would open.
//
// Scripts, styles and forms are dropped with their contents, and so is
// page furniture: <nav> anywhere, <footer> and <aside> outside an
// <article>, <main> or <blockquote> (inside one they are content: an
// article's byline, a quotation's attribution, a side note). Empty input
// gives an article without sections, not an error (Parse rejects empty
// files).
func ParseHTML(src []byte, baseURL string) (Article, error) {
	doc, err := html.Parse(bytes.NewReader(FlattenHTML(src)))
	if err != nil {
		return Article{}, err
	}
	return ParseHTMLNode(doc, DocumentBase(doc, baseURL))
}

// ParseHTMLNode is ParseHTML on a document already parsed, or on a part of
// one (reader mode's main text), with links made absolute against docBase
// (an http(s) URL, or "" to leave them as they are; see DocumentBase). It
// changes doc.
func ParseHTMLNode(doc *html.Node, docBase string) (Article, error) {
	removeNodes(doc, atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Form, atom.Nav)
	removePageFurniture(doc)
	unwrapBareAnchors(doc)

	var a Article
	titleNode, h1 := findFirst(doc, atom.Title), findFirst(doc, atom.H1)
	pageTitle := termsafe.SafeLine(nodeText(titleNode))
	heading := termsafe.SafeLine(nodeText(h1))
	switch {
	case heading != "" && (pageTitle == "" || strings.Contains(strings.ToLower(pageTitle), strings.ToLower(heading))):
		a.Title = heading
		h1.Parent.RemoveChild(h1)
	default:
		a.Title = pageTitle
	}

	md, err := htmlConverter().ConvertNode(doc, converter.WithDomain(docBase))
	if err != nil {
		return Article{}, err
	}
	a.Sections = SplitMarkdown(string(md))
	return a, nil
}

// htmlConverter is built once: building one took a tenth of converting a
// feed's worth of items, and the converter is safe to share (it guards
// itself with a mutex).
var htmlConverter = sync.OnceValue(func() *converter.Converter {
	return converter.NewConverter(converter.WithPlugins(
		base.NewBasePlugin(),
		commonmark.NewCommonmarkPlugin(),
		strikethrough.NewStrikethroughPlugin(),
		table.NewTablePlugin(),
	))
})

// DocumentBase is the http(s) URL relative links resolve against, or ""
// when there is none: the first <base href> if it is absolute http(s) or,
// resolved against baseURL, becomes so; otherwise baseURL if it is http(s).
func DocumentBase(doc *html.Node, baseURL string) string {
	if !termsafe.IsWebURL(baseURL) {
		baseURL = ""
	}
	href, ok := baseHref(doc)
	if !ok {
		return baseURL
	}
	if baseURL != "" {
		b, errB := url.Parse(baseURL)
		h, errH := url.Parse(href)
		if errB == nil && errH == nil {
			href = b.ResolveReference(h).String()
		}
	}
	if termsafe.IsWebURL(href) {
		return href
	}
	return baseURL
}

// baseHref returns the href of the document's first <base> that has one,
// the only one browsers honour.
func baseHref(n *html.Node) (string, bool) {
	if n.Type == html.ElementNode && n.DataAtom == atom.Base {
		for _, at := range n.Attr {
			if at.Namespace == "" && at.Key == "href" {
				return strings.TrimSpace(at.Val), true
			}
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if h, ok := baseHref(c); ok {
			return h, true
		}
	}
	return "", false
}

// removePageFurniture deletes <footer> and <aside> elements that are not
// inside an <article>, <main> or <blockquote>: the site's footer and
// sidebar, not part of what the reader came for.
func removePageFurniture(n *html.Node) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		if c.Type == html.ElementNode {
			switch c.DataAtom {
			case atom.Footer, atom.Aside:
				n.RemoveChild(c)
			case atom.Article, atom.Main, atom.Blockquote:
				// Content from here down.
			default:
				removePageFurniture(c)
			}
		}
		c = next
	}
}

// unwrapBareAnchors replaces each <a> without an href (an anchor target,
// or markup left broken) by what it holds: converted, it became a link to
// the page itself, or "[](https://...)" where it held nothing.
func unwrapBareAnchors(n *html.Node) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		unwrapBareAnchors(c)
		if c.Type == html.ElementNode && c.DataAtom == atom.A && strings.TrimSpace(attrValue(c, "href")) == "" {
			for k := c.FirstChild; k != nil; k = c.FirstChild {
				c.RemoveChild(k)
				n.InsertBefore(k, c)
			}
			n.RemoveChild(c)
		}
		c = next
	}
}

func attrValue(n *html.Node, key string) string {
	for _, at := range n.Attr {
		if at.Namespace == "" && at.Key == key {
			return at.Val
		}
	}
	return ""
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

// PlainText turns a title-like field (a feed's, a page's) into one line of
// plain text: tags stripped, entities resolved, blanks collapsed, then made
// safe.
func PlainText(s string) string {
	if strings.ContainsAny(s, "<&") {
		var b strings.Builder
		z := html.NewTokenizer(strings.NewReader(s))
		for {
			tt := z.Next()
			if tt == html.ErrorToken {
				break
			}
			if tt == html.TextToken {
				b.Write(z.Text())
				b.WriteByte(' ')
			}
		}
		s = b.String()
		// Feeds that escape twice leave entities behind after one pass.
		if strings.Contains(s, "&") {
			s = html.UnescapeString(s)
		}
	}
	return strings.Join(strings.Fields(termsafe.Safe(s)), " ")
}
