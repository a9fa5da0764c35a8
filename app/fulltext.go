package app

// Full text: an article's web page, read in reader mode, split into
// sections and kept in the cache beside the feed's own text. The reader's f
// and herald show --full ask for one article; a refresh reads the pages of
// a fulltext=yes feed's new articles (fulltext_refresh.go).

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/herald-reader/herald/articles"
	"github.com/herald-reader/herald/fetch"
	"github.com/herald-reader/herald/page"
	"github.com/herald-reader/herald/store"
	"github.com/herald-reader/herald/termsafe"
)

// Errors of FullText a caller may tell apart.
var (
	// ErrNoPage: the article has no web page to read (no link, or a
	// bundled article).
	ErrNoPage = errors.New("this article has no web page")
	// ErrOfflineFullText: the full text is not cached and --offline forbids
	// fetching it.
	ErrOfflineFullText = errors.New("not cached, and --offline reads no pages")
)

// FullText returns a cached article with its full text: from the cache when
// it has it, else read from the article's web page (reader mode) with the
// feeds' timeout, size cap, User-Agent and per-host limit, and cached. A page
// that fails (times out, answers an error, is not a web page, is too large,
// or has less text than the feed) leaves the feed's text as it was and
// records only the time of the attempt; the error says why in words.
func (a *App) FullText(ctx context.Context, id string) (articles.Article, error) {
	if isBundled(id) {
		return articles.Article{}, ErrNoPage
	}
	if a.st == nil {
		return articles.Article{}, errNoCache
	}
	art, err := a.feedText(ctx, id)
	if err != nil {
		return articles.Article{}, err
	}
	ft, err := a.st.LoadFullText(ctx, id)
	if err != nil {
		return articles.Article{}, err
	}
	if ft.Sections != nil {
		return withFullText(art, ft.Sections), nil
	}
	if !termsafe.IsWebURL(art.URL) {
		return articles.Article{}, ErrNoPage
	}
	if a.cfg.Offline {
		return articles.Article{}, ErrOfflineFullText
	}
	sections, err := a.readPage(ctx, art.URL, articles.CountWords(art.Sections, 0), nil)
	if err != nil {
		if ctx.Err() == nil {
			// Best effort: the reason to show is the page's, not the cache's.
			_ = a.st.SaveFullTextFailure(ctx, id, err.Error())
		}
		return articles.Article{}, err
	}
	if err := a.st.SaveFullText(ctx, id, sections.sections, sections.pageURL); err != nil {
		return articles.Article{}, fmt.Errorf("saving the full text: %w", err)
	}
	return withFullText(art, sections.sections), nil
}

// FeedText returns a cached article with the text its feed gave, even when
// its full text is cached: what f goes back to.
func (a *App) FeedText(ctx context.Context, id string) (articles.Article, error) {
	if isBundled(id) {
		return a.bundled.load(id)
	}
	if a.st == nil {
		return articles.Article{}, errNoCache
	}
	art, err := a.feedText(ctx, id)
	if err != nil {
		return articles.Article{}, err
	}
	return art.WithLinks(), nil
}

// feedText loads a cached article with its feed's text split into sections.
func (a *App) feedText(ctx context.Context, id string) (articles.Article, error) {
	art, err := a.st.Load(ctx, id)
	if err != nil {
		return art, err
	}
	return splitBody(art), nil
}

// withFullText is art showing its full text.
func withFullText(art articles.Article, sections []articles.Section) articles.Article {
	art.Sections, art.FullText = sections, true
	return art.WithLinks()
}

// pageText is one page read for a full text.
type pageText struct {
	sections []articles.Section
	pageURL  string
}

// readPage fetches pageURL and extracts its main text, which must say more
// than the feed's feedWords. global, when not nil, bounds the pages in
// flight beside the client's per-host limit.
func (a *App) readPage(ctx context.Context, pageURL string, feedWords int, global chan struct{}) (pageText, error) {
	p, release, err := a.client.HeldPage(ctx, pageURL, page.Accept, global)
	defer release()
	if err != nil {
		return pageText{}, err
	}
	return extract(p, feedWords)
}

// extract is reader mode on a fetched page, refused when it finds less
// text than the feed already had: a paywall, a cookie wall, a page of
// links.
func extract(p fetch.Page, feedWords int) (pageText, error) {
	return extractWith(page.Article, p, feedWords)
}

// errReaderMode is a page reader mode failed on.
var errReaderMode = errors.New("the page could not be read: reader mode failed on it")

// extractWith is extract with reader mode given. A panic in it (a page
// nobody foresaw) is this page's error: a refresh reads pages on
// goroutines of its own, where a panic would end the program with the
// TUI's terminal still raw.
func extractWith(article func(body []byte, contentType, pageURL string) (articles.Article, error), p fetch.Page, feedWords int) (text pageText, err error) {
	defer func() {
		if r := recover(); r != nil {
			text, err = pageText{}, errReaderMode
		}
	}()
	art, err := article(p.Body, p.ContentType, p.URL)
	if err != nil {
		return pageText{}, err
	}
	words := articles.CountWords(art.Sections, 0)
	switch {
	case words == 0:
		return pageText{}, errors.New("no text found on the page")
	case words < feedWords:
		return pageText{}, fmt.Errorf("the page has less text than the feed (%s against %d)", articles.Plural(words, "word"), feedWords)
	}
	return pageText{sections: art.Sections, pageURL: p.URL}, nil
}

// feedWords counts a refresh target's feed text without converting it: the
// body's words as plain text.
func feedWords(t store.FullTextTarget) int {
	if t.Body != "" {
		return articles.CountWords([]articles.Section{{Markdown: articles.PlainText(t.Body)}}, 0)
	}
	return articles.CountWords(t.Sections, 0)
}

// Show is herald show: a cached article with its feed's text, or with
// full, its full text (fetched unless cached; with --offline only cached).
func (a *App) Show(ctx context.Context, id string, full bool) (articles.Article, error) {
	if strings.TrimSpace(id) == "" {
		return articles.Article{}, errors.New("the article id is empty (herald list --json shows them)")
	}
	var (
		art articles.Article
		err error
	)
	if full {
		art, err = a.FullText(ctx, id)
	} else {
		art, err = a.FeedText(ctx, id)
	}
	switch {
	case errors.Is(err, store.ErrNotFound):
		return art, fmt.Errorf("no cached article has the id %s (herald list --json shows them)", termsafe.SafeLine(id))
	case err != nil && full:
		return art, fmt.Errorf("full text of article %s: %s; the feed's text is unchanged", termsafe.SafeLine(id), termsafe.SafeLine(err.Error()))
	}
	return art, err
}
