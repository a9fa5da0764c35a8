// Package feed parses RSS, Atom and JSON Feed documents into articles, and
// finds the feed a web page advertises (autodiscovery). It does no I/O.
package feed

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/herald-reader/herald/articles"
	"github.com/herald-reader/herald/termsafe"
	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// ErrNotFeed is wrapped by every error that means "this is not a feed at
// all", as opposed to a broken one. An HTML page is the common case, and the
// caller's cue to try Discover.
var ErrNotFeed = errors.New("not a feed")

// Parse reads an RSS 0.9x/1.0/2.0, Atom 0.3/1.0 or JSON Feed document and
// returns the feed's title and its items as articles. contentType is the
// HTTP Content-Type (its charset wins over the XML prolog); feedURL resolves
// relative links and names the articles' feed. Bad bytes in the text are
// repaired, not fatal, and a parser that panics on input nobody foresaw is
// an error for this feed alone.
func Parse(body []byte, contentType, feedURL string) (title string, items []articles.Article, err error) {
	return safeParse(body, contentType, feedURL, false)
}

// ParseRaw is Parse that leaves each item's Sections empty and keeps its
// body as the feed gave it in Body, for BodySections to split when the
// article is opened: converting HTML to Markdown costs far more than
// everything else in a refresh, and most articles are never opened.
func ParseRaw(body []byte, contentType, feedURL string) (title string, items []articles.Article, err error) {
	return safeParse(body, contentType, feedURL, true)
}

func safeParse(body []byte, contentType, feedURL string, deferBodies bool) (title string, items []articles.Article, err error) {
	defer func() {
		if p := recover(); p != nil {
			title, items, err = "", nil, errors.New("the feed could not be parsed (parser crashed)")
		}
	}()
	return parse(body, contentType, feedURL, deferBodies)
}

func parse(body []byte, contentType, feedURL string, deferBodies bool) (title string, items []articles.Article, err error) {
	body = toUTF8(body, contentType)
	if len(bytes.TrimSpace(body)) == 0 {
		return "", nil, fmt.Errorf("%w: the response was empty", ErrNotFeed)
	}
	if looksLikeHTML(body) {
		return "", nil, fmt.Errorf("%w: got an HTML page", ErrNotFeed)
	}
	// XML 1.0 forbids control characters even as references, and one
	// "&#27;" would fail the whole feed. Turned into the raw characters and
	// filtered once over the whole document, an escape sequence goes away
	// whole instead of leaving "[31m" behind, in any field.
	body = []byte(termsafe.Safe(string(unrefControls(body))))

	fp := gofeed.NewParser()
	// herald shows no item images; the scan parses every item's HTML once
	// more just to find one.
	fp.RSSTranslator = &gofeed.DefaultRSSTranslator{DisableContentImageScan: true}
	f, err := fp.Parse(bytes.NewReader(body))
	if err != nil {
		return "", nil, parseError(err, contentType)
	}

	base := feedURL
	if l := resolve(feedURL, f.Link); l != "" {
		base = l
	}
	title = articles.PlainText(f.Title)
	if title == "" {
		if u, err := url.Parse(feedURL); err == nil && u.Host != "" {
			title = u.Host
		} else {
			title = termsafe.Safe(feedURL)
		}
	}
	items = make([]articles.Article, 0, len(f.Items))
	for _, it := range f.Items {
		if it == nil {
			continue
		}
		a, raw := toArticle(it, title, base, feedURL)
		link := a.URL
		if link == "" {
			link = base
		}
		if deferBodies {
			a.Body = raw
		} else {
			a.Sections = BodySections(raw, link)
		}
		items = append(items, a)
	}
	return title, items, nil
}

// toArticle fills everything but Sections and returns the raw body.
func toArticle(it *gofeed.Item, source, base, feedURL string) (articles.Article, string) {
	a := articles.Article{
		Source:  source,
		Title:   articles.PlainText(it.Title),
		FeedURL: feedURL,
	}
	link := it.Link
	if link == "" && len(it.Links) > 0 {
		link = it.Links[0]
	}
	// base is the feed's own link, itself resolved against feedURL, so a
	// relative item link lands on the site the feed describes.
	a.URL = resolve(base, link)
	if a.URL == "" {
		a.URL = resolve(feedURL, link)
	}
	if len(it.Authors) > 0 && it.Authors[0] != nil {
		a.Author = articles.PlainText(it.Authors[0].Name)
		if a.Author == "" {
			a.Author = articles.PlainText(it.Authors[0].Email)
		}
	} else if it.Author != nil {
		a.Author = articles.PlainText(it.Author.Name)
	}
	switch {
	case it.PublishedParsed != nil:
		a.Published = it.PublishedParsed.UTC()
	case it.UpdatedParsed != nil:
		a.Published = it.UpdatedParsed.UTC()
	}
	date := it.Published
	if date == "" {
		date = it.Updated
	}
	a.ID = articles.ItemID(termsafe.Safe(strings.TrimSpace(it.GUID)), termsafe.Safe(strings.TrimSpace(it.Link)), a.Title, date)

	body := it.Content
	if strings.TrimSpace(body) == "" {
		body = it.Description
	}
	return a, body
}

var numericRef = regexp.MustCompile(`&#([xX][0-9a-fA-F]{1,8}|[0-9]{1,8});`)

// unrefControls replaces character references to C0 controls (which XML
// rejects) with the characters themselves, for termsafe.Safe to remove.
func unrefControls(body []byte) []byte {
	if !bytes.Contains(body, []byte("&#")) {
		return body
	}
	return numericRef.ReplaceAllFunc(body, func(ref []byte) []byte {
		num := string(ref[2 : len(ref)-1])
		var n uint64
		var err error
		if num[0] == 'x' || num[0] == 'X' {
			n, err = strconv.ParseUint(num[1:], 16, 32)
		} else {
			n, err = strconv.ParseUint(num, 10, 32)
		}
		if err != nil || n >= 0x20 || n == '\t' || n == '\n' || n == '\r' {
			return ref
		}
		return []byte{byte(n)}
	})
}

var htmlish = regexp.MustCompile(`<[a-zA-Z!/][^>]*>|&(#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);`)

// BodySections turns an item's body as the feed gave it (HTML, or plain
// text) into sections, links made absolute against link (the article's
// address). It is what Parse does for every item, and what a caller of
// ParseRaw does when an article is opened.
func BodySections(body, link string) []articles.Section {
	if strings.TrimSpace(body) == "" {
		return nil
	}
	if htmlish.MatchString(body) {
		if a, err := articles.ParseHTML([]byte(body), link); err == nil {
			return a.Sections
		}
		body = articles.PlainText(body)
	}
	return articles.SplitMarkdown(escapeMarkdown(termsafe.Safe(body)))
}

// escapeMarkdown keeps plain text plain: characters Markdown would read as
// markup are escaped, and so are line starts that would become headings,
// lists or quotes.
func escapeMarkdown(s string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/16)
	lineStart := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '\\', '`', '*', '_', '[', ']', '<', '>', '|', '~':
			b.WriteByte('\\')
		case '#', '-', '+', '=':
			if lineStart {
				b.WriteByte('\\')
			}
		case '.', ')':
			if i > 0 && s[i-1] >= '0' && s[i-1] <= '9' && digitsFromLineStart(s, i) {
				b.WriteByte('\\')
			}
		}
		b.WriteByte(c)
		if c == '\n' {
			lineStart = true
		} else if c != ' ' && c != '\t' {
			lineStart = false
		}
	}
	return b.String()
}

// digitsFromLineStart reports whether s[:i] ends a line that is only blanks
// and digits, as in "1. item".
func digitsFromLineStart(s string, i int) bool {
	j := i - 1
	for j >= 0 && s[j] >= '0' && s[j] <= '9' {
		j--
	}
	for j >= 0 && (s[j] == ' ' || s[j] == '\t') {
		j--
	}
	return j < 0 || s[j] == '\n'
}

// resolve makes ref absolute against base and keeps only http(s) links, so
// a javascript: or data: link from a feed never reaches the browser.
func resolve(base, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return ""
	}
	r, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	if b, err := url.Parse(base); err == nil {
		r = b.ResolveReference(r)
	}
	if (r.Scheme != "http" && r.Scheme != "https") || r.Host == "" {
		return ""
	}
	return termsafe.Safe(r.String())
}

func looksLikeHTML(body []byte) bool {
	head := body
	if len(head) > 1024 {
		head = head[:1024]
	}
	s := strings.ToLower(string(bytes.TrimSpace(head)))
	if strings.HasPrefix(s, "<?xml") {
		if i := strings.Index(s, "?>"); i >= 0 {
			s = strings.TrimSpace(s[i+2:])
		}
	}
	for strings.HasPrefix(s, "<!--") {
		i := strings.Index(s, "-->")
		if i < 0 {
			break
		}
		s = strings.TrimSpace(s[i+3:])
	}
	return strings.HasPrefix(s, "<!doctype html") || strings.HasPrefix(s, "<html") ||
		strings.HasPrefix(s, "<head") || strings.HasPrefix(s, "<body")
}

var (
	xmlLineErr = regexp.MustCompile(`line (\d+): (.*)$`)
	jsonErr    = regexp.MustCompile(`^(?:json: )?(.*)$`)
)

// parseError turns gofeed's and encoding/xml's messages into one short line.
func parseError(err error, contentType string) error {
	if errors.Is(err, gofeed.ErrFeedTypeNotDetected) {
		mt, _, _ := mime.ParseMediaType(contentType)
		if mt == "text/html" || mt == "application/xhtml+xml" {
			return fmt.Errorf("%w: got an HTML page", ErrNotFeed)
		}
		return fmt.Errorf("%w: no RSS, Atom or JSON Feed found", ErrNotFeed)
	}
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		return fmt.Errorf("malformed XML at line %d: %s", se.Line, se.Msg)
	}
	msg := err.Error()
	if m := xmlLineErr.FindStringSubmatch(msg); m != nil {
		return fmt.Errorf("malformed XML at line %s: %s", m[1], m[2])
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || strings.Contains(msg, "unexpected EOF") {
		return errors.New("malformed feed: it ends too early")
	}
	if strings.HasPrefix(msg, "json") || strings.Contains(msg, "invalid character") {
		return fmt.Errorf("malformed JSON Feed: %s", jsonErr.FindStringSubmatch(msg)[1])
	}
	return fmt.Errorf("malformed feed: %s", msg)
}

var prologEncoding = regexp.MustCompile(`^(<\?xml[^>]*?encoding\s*=\s*["'])([A-Za-z0-9._:-]+)(["'])`)

// toUTF8 decodes body into UTF-8 and rewrites the XML prolog to say so.
// Valid UTF-8 is taken as UTF-8 whatever the labels say, as real-world
// servers often declare ISO-8859-1 for UTF-8 feeds and text in a legacy
// encoding is almost never valid UTF-8 by chance. Otherwise the charset comes
// from the HTTP header, then the prolog; a label that lies ("utf-8" over
// latin-1 bytes) or no label at all decodes byte by byte, keeping valid
// UTF-8 runs and reading stray bytes as windows-1252.
func toUTF8(body []byte, contentType string) []byte {
	switch {
	case bytes.HasPrefix(body, []byte{0xEF, 0xBB, 0xBF}):
		body = body[3:]
	case bytes.HasPrefix(body, []byte{0xFE, 0xFF}), bytes.HasPrefix(body, []byte{0xFF, 0xFE}):
		dec := unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder()
		if out, err := dec.Bytes(body); err == nil {
			body = out
		}
	}
	body = bytes.TrimLeft(body, " \t\r\n")

	label := ""
	if _, params, err := mime.ParseMediaType(contentType); err == nil {
		label = params["charset"]
	}
	m := prologEncoding.FindSubmatchIndex(body)
	if label == "" && m != nil {
		label = string(body[m[4]:m[5]])
	}
	if !utf8.Valid(body) || strings.HasPrefix(strings.ToLower(label), "utf-16") {
		enc, name := charset.Lookup(label)
		if enc == nil || name == "utf-8" || strings.HasPrefix(name, "utf-16") {
			body = repairUTF8(body)
		} else if out, err := enc.NewDecoder().Bytes(body); err == nil {
			body = bytes.ToValidUTF8(out, []byte("\uFFFD"))
		} else {
			body = repairUTF8(body)
		}
	}
	if m = prologEncoding.FindSubmatchIndex(body); m != nil {
		var b bytes.Buffer
		b.Grow(len(body))
		b.Write(body[:m[4]])
		b.WriteString("utf-8")
		b.Write(body[m[5]:])
		body = b.Bytes()
	}
	return body
}

// repairUTF8 keeps every valid UTF-8 sequence and reads each stray byte as
// windows-1252, so latin-1 text under a "utf-8" label comes out right and a
// few broken bytes in a UTF-8 feed cost a character each, not the feed.
func repairUTF8(b []byte) []byte {
	out := make([]byte, 0, len(b)+len(b)/8)
	dec := charmap.Windows1252
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size <= 1 {
			c := dec.DecodeByte(b[0])
			if c < 0xA0 && c >= 0x80 {
				// Bytes windows-1252 leaves undefined map to C1 controls.
				c = utf8.RuneError
			}
			out = utf8.AppendRune(out, c)
			b = b[1:]
			continue
		}
		out = append(out, b[:size]...)
		b = b[size:]
	}
	return out
}

// DiscoverIn looks for <link rel="alternate"> feed links in an HTML page
// already fetched from pageURL; it returns "" when there is none.
func DiscoverIn(page []byte, pageURL string) string {
	base := pageURL
	z := html.NewTokenizer(bytes.NewReader(page))
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			tag := string(name)
			if tag == "body" {
				return ""
			}
			if !hasAttr || (tag != "link" && tag != "base") {
				continue
			}
			attrs := map[string]string{}
			for {
				k, v, more := z.TagAttr()
				attrs[strings.ToLower(string(k))] = string(v)
				if !more {
					break
				}
			}
			if tag == "base" {
				if h := resolve(pageURL, attrs["href"]); h != "" {
					base = h
				}
				continue
			}
			if !hasToken(attrs["rel"], "alternate") {
				continue
			}
			switch strings.ToLower(strings.TrimSpace(attrs["type"])) {
			case "application/rss+xml", "application/atom+xml", "application/feed+json",
				"application/json", "application/rdf+xml":
				if h := resolve(base, attrs["href"]); h != "" {
					return h
				}
			}
		}
	}
}

func hasToken(list, want string) bool {
	for _, f := range strings.Fields(strings.ToLower(list)) {
		if f == want {
			return true
		}
	}
	return false
}
