// Package page is reader mode: it turns a web page into an article of its
// main text, without the page's navigation, ads and other furniture
// (go-readability), split into sections. It does no I/O.
package page

import (
	"bytes"
	"errors"
	"fmt"
	"mime"
	"net/url"
	"strings"
	"unicode/utf8"

	"codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"

	"github.com/herald-reader/herald/articles"
	"github.com/herald-reader/herald/termsafe"
)

// Accept is the Accept header to fetch a page with.
const Accept = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"

// maxElements bounds the elements reader mode scores: a page of more is
// machine-made (a data dump, a bomb), and scoring it would take seconds.
// Real articles, comments and all, stay far below it.
const maxElements = 200_000

// ErrNotHTML is wrapped by Article's error for a page that is not a web
// page at all (an image, a PDF, JSON).
var ErrNotHTML = errors.New("not a web page")

// Article extracts the main text of a page read from pageURL (after
// redirects; "" for a local file, whose relative links then stay as they
// are); contentType is the HTTP Content-Type ("" for a file). A page whose
// main text cannot be found is converted whole, and a plain-text page is
// read as plain text.
func Article(body []byte, contentType, pageURL string) (articles.Article, error) {
	return convert(body, contentType, pageURL, true)
}

// Whole converts the whole page, navigation and all: reader mode off.
func Whole(body []byte, contentType, pageURL string) (articles.Article, error) {
	return convert(body, contentType, pageURL, false)
}

func convert(body []byte, contentType, pageURL string, readerMode bool) (articles.Article, error) {
	if len(bytes.TrimSpace(body)) == 0 {
		return articles.Article{}, errors.New("the page is empty")
	}
	var u *url.URL
	if pageURL != "" {
		var err error
		if u, err = url.Parse(pageURL); err != nil {
			return articles.Article{}, err
		}
	}
	mt, _, _ := mime.ParseMediaType(contentType)
	switch {
	case mt == "text/plain":
		a, err := articles.ParseText(bytes.ToValidUTF8(body, []byte("\uFFFD")))
		a.URL = webURL(u)
		return a, err
	case mt != "" && mt != "text/html" && mt != "application/xhtml+xml":
		return articles.Article{}, fmt.Errorf("%w: the server sent %s", ErrNotHTML, termsafe.SafeLine(mt))
	case mt == "" && !looksLikeHTML(body):
		return articles.Article{}, fmt.Errorf("%w: no HTML in it", ErrNotHTML)
	}
	text := decode(body, contentType)
	doc, err := html.Parse(bytes.NewReader(text))
	if err != nil || tooDeep(doc, articles.MaxHTMLDepth) {
		// x/net/html refuses more than 512 open elements, and every
		// converter after it slows down with depth: the deep tags go,
		// their text stays. Most pages are far shallower and never pay
		// for the second pass.
		text = articles.FlattenHTML(text)
		if doc, err = html.Parse(bytes.NewReader(text)); err != nil {
			return articles.Article{}, fmt.Errorf("the page could not be read as HTML: %s", termsafe.SafeLine(err.Error()))
		}
	}
	base := articles.DocumentBase(doc, pageURL)
	var a articles.Article
	if readerMode {
		a, err = mainText(doc, base)
	}
	if !readerMode || err != nil {
		// Reader mode changed the tree it looked at.
		if doc, err = html.Parse(bytes.NewReader(text)); err != nil {
			return articles.Article{}, fmt.Errorf("the page could not be read as HTML: %s", termsafe.SafeLine(err.Error()))
		}
		if a, err = articles.ParseHTMLNode(doc, base); err != nil {
			return articles.Article{}, err
		}
	}
	if a.Title == "" && u != nil {
		a.Title = termsafe.Safe(u.String())
	}
	if a.Source == "" && u != nil {
		a.Source = termsafe.Safe(u.Hostname())
	}
	a.URL = webURL(u)
	a.ID = a.URL
	return a, nil
}

// errNoMainText is mainText's answer for a page reader mode finds nothing in.
var errNoMainText = errors.New("no main text found")

// mainText extracts the main text of a parsed page; links resolve against
// base. It changes doc.
func mainText(doc *html.Node, base string) (articles.Article, error) {
	var baseURL *url.URL
	if base != "" {
		baseURL, _ = url.Parse(base)
	}
	h1s := headings(doc)
	p := readability.NewParser()
	p.MaxElemsToParse = maxElements
	ra, err := p.ParseAndMutate(doc, baseURL)
	if err != nil || ra.Node == nil {
		return articles.Article{}, errNoMainText
	}
	a, err := articles.ParseHTMLNode(ra.Node, base)
	if err != nil || len(a.Sections) == 0 {
		return articles.Article{}, errNoMainText
	}
	if t := articles.PlainText(ra.Title()); t != "" {
		a.Title = pageTitle(t, h1s)
	}
	a.Author = articles.PlainText(ra.Byline())
	if p, err := ra.PublishedTime(); err == nil {
		a.Published = p.UTC()
	}
	a.Source = articles.PlainText(ra.SiteName())
	return a, nil
}

// tooDeep reports a tree with elements nested deeper than limit, without
// recursion (which is what it guards against).
func tooDeep(doc *html.Node, limit int) bool {
	depth := 0
	for n := doc; n != nil; {
		if n.FirstChild != nil {
			n = n.FirstChild
			if depth++; depth > limit {
				return true
			}
			continue
		}
		for n != nil && n.NextSibling == nil {
			n = n.Parent
			depth--
		}
		if n != nil {
			n = n.NextSibling
		}
	}
	return false
}

// headings are the texts of the document's first few <h1>s: a site's logo
// is often one, the article's headline another.
func headings(doc *html.Node) []string {
	var out []string
	var text func(*html.Node, *strings.Builder)
	text = func(n *html.Node, b *strings.Builder) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			text(c, b)
		}
	}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if len(out) >= 8 {
			return
		}
		if n.Type == html.ElementNode && n.DataAtom == atom.H1 {
			var b strings.Builder
			text(n, &b)
			if t := articles.PlainText(b.String()); t != "" {
				out = append(out, t)
			}
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}

// pageTitle is reader mode's title (the <title>, or the page's metadata)
// without the " | Site Name" pages add: the longest <h1> it holds, when
// there is one.
func pageTitle(title string, h1s []string) string {
	best := ""
	for _, h := range h1s {
		if len(h) > len(best) && strings.Contains(strings.ToLower(title), strings.ToLower(h)) {
			best = h
		}
	}
	if best != "" && len(best)*3 >= len(title) {
		return best
	}
	return title
}

// decode turns a page into UTF-8. Valid UTF-8 is taken as UTF-8 whatever
// the labels say (servers often declare ISO-8859-1 for UTF-8 pages, and
// text in a legacy encoding is almost never valid UTF-8 by chance);
// otherwise the charset comes from the Content-Type, then a <meta> in the
// first 1024 bytes, as browsers read it.
func decode(body []byte, contentType string) []byte {
	body = bytes.TrimPrefix(body, []byte("\xef\xbb\xbf"))
	if utf8.Valid(body) {
		return body
	}
	enc, name, _ := charset.DetermineEncoding(body, contentType)
	if name != "utf-8" {
		if out, err := enc.NewDecoder().Bytes(body); err == nil {
			return bytes.ToValidUTF8(out, []byte("\uFFFD"))
		}
	}
	return bytes.ToValidUTF8(body, []byte("\uFFFD"))
}

// looksLikeHTML sniffs a body that came without a type, as a file does.
func looksLikeHTML(body []byte) bool {
	head := strings.ToLower(string(body[:min(len(body), 1024)]))
	for _, tag := range []string{"<!doctype html", "<html", "<head", "<body", "<p", "<div", "<article", "<h1", "<title"} {
		if strings.Contains(head, tag) {
			return true
		}
	}
	return false
}

// webURL is u as the article's link, "" for anything but http(s).
func webURL(u *url.URL) string {
	if u == nil || !termsafe.IsWebURL(u.String()) {
		return ""
	}
	return termsafe.Safe(u.String())
}
