// Package feed parses RSS, Atom and JSON Feed documents into articles, and
// finds the feed a web page advertises (autodiscovery). It does no I/O.
//
// The XML formats are read by a streaming reader of our own (tokens.go,
// xmlread.go): one pass over the bytes, no tree, every limit checked as
// elements open, and broken documents repaired the way feedparser repairs
// them: what is whole is kept, the rest dropped, and the Result says what
// was wrong in words.
package feed

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/herald-reader/herald/articles"
	"github.com/herald-reader/herald/termsafe"
)

// ErrNotFeed is wrapped by every error that means "this is not a feed at
// all", as opposed to a broken one. An HTML page is the common case, and the
// caller's cue to try Discover.
var ErrNotFeed = errors.New("not a feed")

// Result is a parsed feed.
type Result struct {
	Title string
	Items []articles.Article
	// Recovered says in words what was wrong with a feed that loaded
	// anyway ("the document ends before the feed does: kept 3 whole
	// items, dropped the one cut off"); it is empty for a sound feed. A
	// caller shows it as the feed's status: "recovered: " + Recovered.
	Recovered string
}

// Bodies says what Read does with each item's body.
type Bodies uint8

const (
	// Split fills each article's Sections.
	Split Bodies = iota
	// Raw leaves Sections empty and keeps the body as the feed gave it in
	// Body, for BodySections to split when the article is opened:
	// converting HTML to Markdown costs far more than everything else in a
	// refresh, and most articles are never opened.
	Raw
)

// Read reads an RSS 0.9x/1.0/2.0, Atom 0.3/1.0, JSON Feed 1.0/1.1 or
// RSS-in-JSON document. contentType is the HTTP Content-Type (its charset
// counts as RFC 7303 says); feedURL resolves relative links and names the
// articles' feed. An error means nothing could be read, and says why in
// words; a feed that was broken but readable comes back with Recovered set.
func Read(body []byte, contentType, feedURL string, bodies Bodies) (res Result, err error) {
	defer func() {
		// Nothing here should panic; if something does, it costs this
		// feed, not the program.
		if p := recover(); p != nil {
			res, err = Result{}, errors.New("the feed could not be parsed: the parser failed on it")
		}
	}()
	var rec recovery
	c := converter{rec: &rec, out: make([]articles.Article, 0, itemsHint(body))}
	if u, err := url.Parse(feedURL); err == nil {
		c.page = u
	}
	ch, err := parseDoc(body, contentType, &rec, c.take)
	if err != nil {
		return Result{}, err
	}
	res.Title, res.Items = c.finish(ch, feedURL, bodies)
	res.Recovered = rec.String()
	return res, nil
}

// itemsHint guesses how many items body holds, to size the articles once
// rather than growing them (which for a large feed allocated five times
// their size).
func itemsHint(body []byte) int {
	n := bytes.Count(body, []byte("<item"))
	if n == 0 {
		n = bytes.Count(body, []byte("<entry"))
	}
	if n == 0 {
		n = bytes.Count(body, []byte(`"id"`))
	}
	return min(n, maxItems)
}

// sink takes each item as it is read, so a feed's items are never held
// twice, once read and once converted.
type sink struct {
	take func(*item)
	n    int
	rec  *recovery
}

func (s *sink) put(it *item) {
	if s.n >= maxItems {
		s.rec.add(flawItems)
		return
	}
	s.n++
	s.take(it)
	if s.n == maxItems {
		// Reading on would cost time for items that cannot be kept.
		s.rec.add(flawItems)
	}
}

// full reports that no more items are kept, and readers may stop.
func (s *sink) full() bool { return s.n >= maxItems }

// parseDoc reads the feed, handing each item to take, and returns the
// rest of what it says about itself.
func parseDoc(body []byte, contentType string, rec *recovery, take func(*item)) (channel, error) {
	out := &sink{take: take, rec: rec}
	defer func() { rec.kept = out.n }()
	doc := toUTF8(body, contentType, rec)
	kind, start, err := findRoot(doc, contentType, rec)
	if errors.Is(err, ErrNotFeed) {
		// Bytes that only began like UTF-16 or UTF-32 (at odds with it
		// further on), or "\xff\xfe\x00\x00", both UTF-32's byte order
		// mark and UTF-16's with a zero after it: read the other way, they
		// may be a feed after all.
		for _, alt := range otherReadings(body) {
			if k, st, e := findRoot(alt, contentType, rec); e == nil {
				doc, kind, start, err = alt, k, st, nil
				break
			}
		}
	}
	if err != nil {
		return channel{}, err
	}
	if kind == kindJSON {
		return readJSON(doc[start:], rec, out)
	}
	r := newXMLReader(doc, start)
	r.next() // the root, which findRoot found
	var ch channel
	switch kind {
	case kindRSS:
		ch = readRSS(r, rec, out)
	case kindAtom:
		ch = readAtom(r, rec, out)
	case kindEntry:
		ch = readLoneEntry(r, rec, out)
	}
	if r.err != nil {
		return channel{}, r.err
	}
	rec.add(r.sc.flaws)
	if rec.flaws&flawTruncated != 0 && out.n == 0 {
		return channel{}, fmt.Errorf("malformed XML at line %d: the document ends before the feed does", lineAt(doc, len(doc)))
	}
	return ch, nil
}

// Parse is Read with Split bodies, for callers that need only the title
// and the articles.
func Parse(body []byte, contentType, feedURL string) (title string, items []articles.Article, err error) {
	res, err := Read(body, contentType, feedURL, Split)
	return res.Title, res.Items, err
}

// ParseRaw is Read with Raw bodies: each item's Sections empty and its
// body kept in Body.
func ParseRaw(body []byte, contentType, feedURL string) (title string, items []articles.Article, err error) {
	res, err := Read(body, contentType, feedURL, Raw)
	return res.Title, res.Items, err
}

// converter makes articles of items as they are read. What depends on
// the feed itself (its title, the link relative item links resolve
// against) may come after the items, so finish fills it in.
type converter struct {
	rec  *recovery
	out  []articles.Article
	page *url.URL // where the document was read, nil when unknown
}

// take makes an article of an item, all but its Source, its URL (which
// holds the item's link, unresolved, until finish) and its Sections. The ID
// is computed from the item's guid, link, title and date exactly as before
// the parser was ours, so a cached item keeps its identity.
func (c *converter) take(it *item) {
	rec := c.rec
	a := articles.Article{Title: plainText(cutField(it.title, rec))}
	a.URL = it.link
	if a.URL == "" {
		a.URL = it.otherLink
	}
	a.URL = cutField(a.URL, rec)
	if it.hasAuthor {
		a.Author = plainText(it.author.name)
		if a.Author == "" {
			a.Author = plainText(it.author.email)
		}
	}
	// An undated item stays undated: the cache dates it by when it was
	// first seen, and shows that it was.
	switch {
	case !it.pubTime.IsZero():
		a.Published = it.pubTime.UTC()
	case !it.updTime.IsZero():
		a.Published = it.updTime.UTC()
	}
	date := it.published
	if date == "" {
		date = it.updated
	}
	guid := termsafe.Safe(strings.TrimSpace(cutField(it.guid, rec)))
	idLink := termsafe.Safe(strings.TrimSpace(cutField(it.link, rec)))
	a.ID = articles.ItemID(guid, idLink, a.Title, termsafe.Safe(date))
	body := it.content
	if strings.TrimSpace(body) == "" {
		body = it.summary
	}
	a.Body = termsafe.Safe(unrefControls(body))
	// Relative addresses in a document resolve against where it was read.
	if len(it.enclosures) > 0 || len(it.media) > 0 {
		list := it.enclosures
		if len(it.media) > 0 {
			list = append(slices.Clip(list), it.media[:min(len(it.media), max(maxEnclosures-len(list), 0))]...)
		}
		a.Enclosures = toEnclosures(list, it.duration, c.page)
	}
	c.out = append(c.out, a)
}

// plainText is articles.PlainText, without its work for the usual title:
// printable ASCII, single spaces, no markup or entity, which it would
// return unchanged.
func plainText(s string) string {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || c == '<' || c == '&' {
			if c != ' ' || i == 0 || i == len(s)-1 || s[i+1] == ' ' {
				return articles.PlainText(s)
			}
		}
	}
	return s
}

// finish fills in what needed the whole feed: the source, absolute links,
// and with Split the sections.
func (c *converter) finish(ch channel, feedURL string, bodies Bodies) (string, []articles.Article) {
	base := feedURL
	if l := resolve(feedURL, ch.link); l != "" {
		base = l
	}
	title := articles.PlainText(cutField(ch.title, c.rec))
	if title == "" {
		if u, err := url.Parse(feedURL); err == nil && u.Host != "" {
			title = u.Host
		} else {
			title = termsafe.Safe(feedURL)
		}
	}
	out := c.out
	if out == nil {
		out = []articles.Article{}
	}
	// base is the feed's own link, itself resolved against feedURL, so a
	// relative item link lands on the site the feed describes.
	baseURL, err := url.Parse(base)
	if err != nil {
		baseURL = nil
	}
	pageURL, err := url.Parse(feedURL)
	if err != nil {
		pageURL = nil
	}
	for i := range out {
		a := &out[i]
		a.Source, a.FeedURL = title, feedURL
		link := a.URL
		a.URL = resolveURL(baseURL, link)
		if a.URL == "" {
			a.URL = resolveURL(pageURL, link)
		}
		if a.Title == "" {
			a.Title = untitled(a.Body, a.URL)
		}
	}
	if bodies == Split {
		splitAll(out, base)
	}
	return title, out
}

// splitAll converts every article's body into sections, on as many cores
// as there are: each conversion stands alone, and converting HTML is most
// of what a Split read costs.
func splitAll(out []articles.Article, base string) {
	splitEach(out, base, BodySections)
}

// splitEach is splitAll with the converter given. A panic in a conversion
// is raised again here, on the caller's goroutine, where Read turns it
// into this feed's error: on the worker's own it would end the program
// with the TUI's terminal still raw.
func splitEach(out []articles.Article, base string, split func(body, page string) []articles.Section) {
	workers := min(runtime.GOMAXPROCS(0), len(out))
	var next atomic.Int64
	var wg sync.WaitGroup
	var crashed atomic.Pointer[any]
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				if p := recover(); p != nil {
					crashed.CompareAndSwap(nil, &p)
					next.Store(int64(len(out))) // the others stop too
				}
			}()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(out) {
					return
				}
				a := &out[i]
				page := a.URL
				if page == "" {
					page = base
				}
				a.Sections = split(a.Body, page)
				a.Body = ""
			}
		}()
	}
	wg.Wait()
	if p := crashed.Load(); p != nil {
		panic(*p)
	}
}

// cutField cuts a one-line field at maxTextField bytes.
func cutField(s string, rec *recovery) string {
	if len(s) <= maxTextField {
		return s
	}
	rec.add(flawLongField)
	return strings.ToValidUTF8(s[:maxTextField], "")
}

var numericRef = regexp.MustCompile(`&#([xX][0-9a-fA-F]{1,8}|[0-9]{1,8});`)

// unrefControls replaces character references to C0 controls with the
// characters themselves, for termsafe.Safe to remove: "&#27;[31m" then goes
// away whole instead of leaving "[31m" for the Markdown converter to turn
// back into an escape sequence.
func unrefControls(s string) string {
	if !strings.Contains(s, "&#") {
		return s
	}
	return numericRef.ReplaceAllStringFunc(s, func(ref string) string {
		num := ref[2 : len(ref)-1]
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
		return string(rune(n))
	})
}

type docKind uint8

const (
	kindRSS docKind = iota + 1
	kindAtom
	kindEntry
	kindJSON
)

// findRoot finds what kind of document doc is and where its root element
// (or JSON object) starts. Text before the feed (a server's warning
// printed ahead of it) is skipped, and an Atom feed inside an XHTML page
// is found in it.
func findRoot(doc []byte, contentType string, rec *recovery) (docKind, int, error) {
	i := skipBlank(doc)
	if i == len(doc) {
		return 0, 0, fmt.Errorf("%w: the response was empty", ErrNotFeed)
	}
	switch doc[i] {
	case '{':
		return kindJSON, i, nil
	case '<':
	default:
		j := feedStart(doc[i:min(len(doc), i+64<<10)])
		if j < 0 {
			return 0, 0, notFeed(contentType)
		}
		rec.add(flawJunk)
		i += j
	}
	for tries := 0; ; tries++ {
		t, ok := firstElement(doc, i, rec)
		if !ok {
			return 0, 0, notFeed(contentType)
		}
		switch lowerName(localName(t.name)) {
		case "rss", "rdf":
			return kindRSS, t.pos, nil
		case "feed":
			return kindAtom, t.pos, nil
		case "entry":
			return kindEntry, t.pos, nil
		case "html", "head", "body":
			if j := embeddedFeed(doc[t.pos:]); j >= 0 {
				rec.add(flawWrapped)
				return kindAtom, t.pos + j, nil
			}
			return 0, 0, fmt.Errorf("%w: got an HTML page", ErrNotFeed)
		}
		// Markup that is no feed ("<br /><b>Warning</b>: ..." printed
		// by the server ahead of it): look for the feed after it.
		limit := min(len(doc), 64<<10)
		if tries > 0 || t.end >= limit {
			return 0, 0, notFeed(contentType)
		}
		j := feedStart(doc[t.end:limit])
		if j < 0 {
			return 0, 0, notFeed(contentType)
		}
		rec.add(flawJunk)
		i = t.end + j
	}
}

// firstElement returns the first start tag at or after i, noting text
// before it.
func firstElement(doc []byte, i int, rec *recovery) (token, bool) {
	sc := scanner{doc: doc, pos: i}
	defer func() { rec.add(sc.flaws) }()
	var t token
	for {
		sc.next(&t)
		switch t.kind {
		case tokEOF:
			return t, false
		case tokText:
			if len(bytes.TrimSpace(t.data)) > 0 {
				rec.add(flawJunk)
			}
		case tokStart:
			return t, true
		}
	}
}

func notFeed(contentType string) error {
	mt, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(contentType)), ";")
	if mt == "text/html" || mt == "application/xhtml+xml" {
		return fmt.Errorf("%w: got an HTML page", ErrNotFeed)
	}
	return fmt.Errorf("%w: no RSS, Atom or JSON Feed found", ErrNotFeed)
}

// skipBlank returns the offset of the first byte that is not a blank, a
// NUL or a byte order mark left inside the text.
func skipBlank(doc []byte) int {
	i := 0
	for i < len(doc) {
		switch {
		case doc[i] == ' ' || doc[i] == '\t' || doc[i] == '\r' || doc[i] == '\n' || doc[i] == 0:
			i++
		case bytes.HasPrefix(doc[i:], []byte("\uFEFF")):
			i += 3
		default:
			return i
		}
	}
	return i
}

// feedStart finds where a feed begins after text that is not one: its
// XML declaration or root element.
func feedStart(b []byte) int {
	best := -1
	for _, mark := range []string{"<?xml", "<rss", "<feed", "<rdf:RDF", "<RDF"} {
		if j := bytes.Index(b, []byte(mark)); j >= 0 && (best < 0 || j < best) {
			best = j
		}
	}
	return best
}

// embeddedFeed finds an Atom <feed> element (one that declares Atom's
// namespace) inside a web page.
func embeddedFeed(page []byte) int {
	for off := 0; ; {
		j := bytes.Index(page[off:], []byte("<feed"))
		if j < 0 {
			return -1
		}
		p := off + j
		sc := scanner{doc: page, pos: p}
		var t token
		sc.next(&t)
		if t.kind == tokStart && bytes.Equal(t.name, []byte("feed")) &&
			(bytes.Contains(t.attrs, []byte(nsAtom10)) || bytes.Contains(t.attrs, []byte(nsAtom03))) {
			return p
		}
		off = p + len("<feed")
	}
}

// resolve makes ref absolute against base and keeps only http(s) links, so
// a javascript: or data: link from a feed never reaches the browser.
func resolve(base, ref string) string {
	b, err := url.Parse(base)
	if err != nil {
		b = nil
	}
	return resolveURL(b, ref)
}

// resolveURL is resolve with the base already parsed (nil for none): a
// feed's items all resolve against the same one.
func resolveURL(base *url.URL, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return ""
	}
	r, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	if base != nil {
		r = base.ResolveReference(r)
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
