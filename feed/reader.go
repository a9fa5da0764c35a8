package feed

import (
	"bytes"
	"context"
	"errors"
	"net/url"
	"strings"

	"codeberg.org/readeck/go-readability/v2"
	"github.com/herald-reader/herald/articles"
	"github.com/herald-reader/herald/termsafe"
	"golang.org/x/net/html/charset"
)

// FetchPage downloads a web page and extracts its main text (reader mode),
// under the same timeout, size cap and User-Agent as feeds. A page whose
// main text cannot be found is converted whole.
func FetchPage(ctx context.Context, f *Fetcher, pageURL string) (articles.Article, error) {
	f = f.withDefaults()
	p, err := f.get(ctx, pageURL, "text/html, application/xhtml+xml;q=0.9, */*;q=0.5")
	if err != nil {
		return articles.Article{}, err
	}
	if len(bytes.TrimSpace(p.body)) == 0 {
		return articles.Article{}, errors.New("the page is empty")
	}
	u, err := url.Parse(p.url)
	if err != nil {
		return articles.Article{}, err
	}
	if strings.HasPrefix(p.contentType, "text/plain") {
		a, err := articles.ParseText(bytes.ToValidUTF8(p.body, []byte("\uFFFD")))
		a.URL = termsafe.Safe(p.url)
		return a, err
	}
	html := p.body
	if r, err := charset.NewReader(bytes.NewReader(p.body), p.contentType); err == nil {
		var buf bytes.Buffer
		if _, err := buf.ReadFrom(r); err == nil {
			html = buf.Bytes()
		}
	}
	return readerArticle(html, u)
}

// readerArticle extracts the main text of an HTML page fetched from u.
func readerArticle(page []byte, u *url.URL) (articles.Article, error) {
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
		if t := cleanText(meta.Title()); t != "" {
			a.Title = t
		}
		a.Author = cleanText(meta.Byline())
		if p, err := meta.PublishedTime(); err == nil {
			a.Published = p.UTC()
		}
		a.Source = cleanText(meta.SiteName())
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
