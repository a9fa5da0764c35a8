package feed

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"codeberg.org/readeck/go-readability/v2"
	"github.com/herald-reader/herald/articles"
	"golang.org/x/net/html/charset"
)

// FetchPage downloads a web page and extracts its main text (reader mode),
// under the same timeout, size cap and User-Agent as feeds. A page whose
// main text cannot be found is converted whole.
func FetchPage(ctx context.Context, f *Fetcher, pageURL string) (articles.Article, error) {
	f = f.withDefaults()
	u, err := url.Parse(pageURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return articles.Article{}, fmt.Errorf("%q is not an http or https address", articles.Safe(pageURL))
	}
	fctx, cancel := context.WithTimeoutCause(ctx, f.Timeout, errTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(fctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return articles.Article{}, f.explain(ctx, fctx, err)
	}
	req.Header.Set("User-Agent", f.UserAgent)
	req.Header.Set("Accept", "text/html, application/xhtml+xml;q=0.9, */*;q=0.5")
	resp, err := f.Client.Do(req)
	if err != nil {
		return articles.Article{}, f.explain(ctx, fctx, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return articles.Article{}, errors.New(statusText(resp.StatusCode))
	}
	raw, err := readCapped(resp.Body, f.MaxBytes)
	if err != nil {
		return articles.Article{}, f.explain(ctx, fctx, err)
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return articles.Article{}, errors.New("the page is empty")
	}
	if resp.Request != nil && resp.Request.URL != nil {
		u = resp.Request.URL
	}
	ct := resp.Header.Get("Content-Type")
	if strings.HasPrefix(ct, "text/plain") {
		a, err := articles.ParseText(bytes.ToValidUTF8(raw, []byte("\uFFFD")))
		a.URL = articles.Safe(u.String())
		return a, err
	}
	page := raw
	if r, err := charset.NewReader(bytes.NewReader(raw), ct); err == nil {
		var buf bytes.Buffer
		if _, err := buf.ReadFrom(r); err == nil {
			page = buf.Bytes()
		}
	}
	return readerArticle(page, u)
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
		a.Title = articles.Safe(u.String())
	}
	if a.Source == "" {
		a.Source = articles.Safe(u.Hostname())
	}
	a.URL = articles.Safe(u.String())
	a.ID = a.URL
	return a, nil
}
