package feed

// The oracle: herald's parser before it was ours, gofeed behind the same
// preparation (charset, control references, the terminal filter) and the
// same translation into articles, kept as it was so that the differential
// test measures the new parser against what users had.

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
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding/unicode"
)

func oracleParse(body []byte, contentType, feedURL string, deferBodies bool) (title string, items []articles.Article, err error) {
	body = oracleUTF8(body, contentType)
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
	body = []byte(termsafe.Safe(string(oracleUnref(body))))

	fp := gofeed.NewParser()
	// herald shows no item images; the scan parses every item's HTML once
	// more just to find one.
	fp.RSSTranslator = &gofeed.DefaultRSSTranslator{DisableContentImageScan: true}
	f, err := fp.Parse(bytes.NewReader(body))
	if err != nil {
		return "", nil, oracleError(err, contentType)
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
		a, raw := oracleArticle(it, title, base, feedURL)
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
func oracleArticle(it *gofeed.Item, source, base, feedURL string) (articles.Article, string) {
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

var oracleNumericRef = regexp.MustCompile(`&#([xX][0-9a-fA-F]{1,8}|[0-9]{1,8});`)

// unrefControls replaces character references to C0 controls (which XML
// rejects) with the characters themselves, for termsafe.Safe to remove.
func oracleUnref(body []byte) []byte {
	if !bytes.Contains(body, []byte("&#")) {
		return body
	}
	return oracleNumericRef.ReplaceAllFunc(body, func(ref []byte) []byte {
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

var (
	xmlLineErr = regexp.MustCompile(`line (\d+): (.*)$`)
	jsonErr    = regexp.MustCompile(`^(?:json: )?(.*)$`)
)

// parseError turns gofeed's and encoding/xml's messages into one short line.
func oracleError(err error, contentType string) error {
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

var oracleProlog = regexp.MustCompile(`^(<\?xml[^>]*?encoding\s*=\s*["'])([A-Za-z0-9._:-]+)(["'])`)

// toUTF8 decodes body into UTF-8 and rewrites the XML prolog to say so.
// Valid UTF-8 is taken as UTF-8 whatever the labels say, as real-world
// servers often declare ISO-8859-1 for UTF-8 feeds and text in a legacy
// encoding is almost never valid UTF-8 by chance. Otherwise the charset comes
// from the HTTP header, then the prolog; a label that lies ("utf-8" over
// latin-1 bytes) or no label at all decodes byte by byte, keeping valid
// UTF-8 runs and reading stray bytes as windows-1252.
func oracleUTF8(body []byte, contentType string) []byte {
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
	m := oracleProlog.FindSubmatchIndex(body)
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
	if m = oracleProlog.FindSubmatchIndex(body); m != nil {
		var b bytes.Buffer
		b.Grow(len(body))
		b.Write(body[:m[4]])
		b.WriteString("utf-8")
		b.Write(body[m[5]:])
		body = b.Bytes()
	}
	return body
}
