// Package page is reader mode: it turns a web page into an article of its
// main text, without the page's navigation, ads and other furniture
// (go-readability), split into sections. It does no I/O.
package page

import (
	"bytes"
	"errors"
	"net/url"
	"strings"

	"codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html/charset"

	"github.com/herald-reader/herald/articles"
	"github.com/herald-reader/herald/termsafe"
)

// Accept is the Accept header to fetch a page with.
const Accept = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"

// Article extracts the main text of a page read from pageURL (after
// redirects); contentType is the HTTP Content-Type, whose charset decodes
// the body. A page whose main text cannot be found is converted whole, and
// a plain-text page is read as plain text.
func Article(body []byte, contentType, pageURL string) (articles.Article, error) {
	if len(bytes.TrimSpace(body)) == 0 {
		return articles.Article{}, errors.New("the page is empty")
	}
	u, err := url.Parse(pageURL)
	if err != nil {
		return articles.Article{}, err
	}
	if strings.HasPrefix(contentType, "text/plain") {
		a, err := articles.ParseText(bytes.ToValidUTF8(body, []byte("\uFFFD")))
		a.URL = termsafe.Safe(pageURL)
		return a, err
	}
	html := body
	if r, err := charset.NewReader(bytes.NewReader(body), contentType); err == nil {
		var buf bytes.Buffer
		if _, err := buf.ReadFrom(r); err == nil {
			html = buf.Bytes()
		}
	}
	return mainText(html, u)
}

// mainText extracts the main text of an HTML page fetched from u.
func mainText(page []byte, u *url.URL) (articles.Article, error) {
	content := page
	var meta readability.Article
	if ra, err := readability.FromReader(bytes.NewReader(page), u); err == nil && ra.Node != nil {
		var buf bytes.Buffer
		if err := ra.RenderHTML(&buf); err == nil && buf.Len() > 0 {
			content, meta = buf.Bytes(), ra
		}
	}
	a, err := articles.ParseHTML(content, u.String())
	if err != nil {
		return articles.Article{}, err
	}
	if meta.Node != nil {
		if t := articles.PlainText(meta.Title()); t != "" {
			a.Title = t
		}
		a.Author = articles.PlainText(meta.Byline())
		if p, err := meta.PublishedTime(); err == nil {
			a.Published = p.UTC()
		}
		a.Source = articles.PlainText(meta.SiteName())
	}
	if a.Title == "" {
		a.Title = termsafe.Safe(u.String())
	}
	if a.Source == "" {
		a.Source = termsafe.Safe(u.Hostname())
	}
	a.URL = termsafe.Safe(u.String())
	a.ID = a.URL
	return a, nil
}
