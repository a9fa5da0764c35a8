package feed

import (
	"strings"
	"time"
)

// item is a feed item as read, before it becomes an article. Its fields
// are chosen the way the old parser (gofeed) chose them, fallbacks and
// all, because guid, link and date make the item's identity.
type item struct {
	guid       string
	link       string // the item's link, which its ID falls back to
	otherLink  string // the first link of any kind, when link is empty
	title      string
	authorText string // an RSS <author> as written
	author     person
	hasAuthor  bool
	published  string // as written, for the ID
	updated    string
	pubTime    time.Time
	updTime    time.Time
	content    string // HTML or text, as the feed gave it
	summary    string
	enclosures []enclosure
	media      []enclosure // Media RSS media:content, after the enclosures
	duration   string      // an itunes:duration: the first enclosure's
}

type person struct{ name, email string }

// enclosure is an attachment as written: its length in bytes and
// duration in any form feeds use (enclosures.go reads them).
type enclosure struct{ url, mime, length, duration string }

// channel is what is read of a feed besides its items.
type channel struct {
	title, link string
}

// Namespaces the RSS and Atom readers know.
const (
	nsAtom10    = "http://www.w3.org/2005/Atom"
	nsAtom03    = "http://purl.org/atom/ns#"
	nsRDF       = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
	nsRSS10     = "http://purl.org/rss/1.0/"
	nsRSS09     = "http://channel.netscape.com/rdf/simple/0.9/"
	nsRSS09Alt  = "http://my.netscape.com/rdf/simple/0.9/"
	nsContent   = "http://purl.org/rss/1.0/modules/content/"
	nsDC        = "http://purl.org/dc/elements/1.1/"
	nsITunes    = "http://www.itunes.com/DTDs/PodCast-1.0.dtd"
	nsXHTMLPage = "http://www.w3.org/1999/xhtml"
)

// canonicalPrefix names the extension namespaces the readers use by the
// prefix feedparser and gofeed give them, whatever prefix a feed chose.
var canonicalPrefix = map[string]string{
	nsAtom10:                    "atom",
	nsAtom03:                    "atom03",
	nsContent:                   "content",
	nsDC:                        "dc",
	"http://purl.org/dc/terms/": "dcterms",
	nsITunes:                    "itunes",
	"http://example.com/DTDs/PodCast-1.0.dtd":      "itunes",
	"http://search.yahoo.com/mrss":                 "media",
	"http://search.yahoo.com/mrss/":                "media",
	nsRDF:                                          "rdf",
	"http://www.w3.org/1999/xhtml":                 "xhtml",
	"http://purl.org/rss/1.0/modules/slash/":       "slash",
	"http://wellformedweb.org/commentAPI/":         "wfw",
	"http://purl.org/rss/1.0/modules/syndication/": "sy",
}

// extPrefix is the prefix an extension element is filed under: the
// canonical one for its namespace, else the one the feed bound to it,
// else the namespace (or undeclared prefix) itself.
func (r *xmlReader) extPrefix(space string) string {
	if p, ok := canonicalPrefix[space]; ok {
		return p
	}
	if p, ok := r.prefixFor(space); ok && p != "" {
		return p
	}
	return space
}

// rssVocab are the RSS element names that end a field left open.
func rssVocab(local []byte) bool {
	switch lowerName(local) {
	case "item", "title", "link", "description", "guid", "pubdate", "author", "category",
		"enclosure", "comments", "source", "encoded", "creator", "date", "channel":
		return true
	}
	return false
}

var itemNames = [][]byte{[]byte("item"), []byte("entry")}

// rssReader reads RSS 0.9x, 1.0 (RDF) and 2.0.
type rssReader struct {
	r      *xmlReader
	rec    *recovery
	native []string
	out    *sink
	cur    item // reused for every item, so reading one allocates nothing
}

// readRSS reads the document whose root (rss or rdf:RDF) r has just
// opened.
func readRSS(r *xmlReader, rec *recovery, out *sink) channel {
	rr := &rssReader{r: r, rec: rec, out: out, native: []string{"", "rss", "rdf", nsRDF, nsRSS10, nsRSS09, nsRSS09Alt}}
	r.vocab = rssVocab
	r.items = itemNames[:1]
	// Some feeds put a namespace of their own on <rss>, which every core
	// element then inherits: it counts as RSS unless it is a known
	// extension's.
	if space := r.top().space; space != "" {
		if _, known := canonicalPrefix[space]; !known {
			rr.native = append(rr.native, space)
		}
	}
	var ch channel
	root := r.depth()
	for !out.full() {
		switch r.next() {
		case evEOF:
			rr.rec.add(flawTruncated)
			return ch
		case evEnd:
			if r.depth() < root {
				return ch
			}
		case evStart:
			e := r.top()
			if rr.extension(e) {
				r.skip()
				continue
			}
			switch lowerName(e.local) {
			case "channel":
				ch = rr.channel()
			case "item":
				// RSS 1.0 puts items beside the channel.
				rr.item()
			default:
				r.skip()
			}
		}
	}
	return ch
}

func (rr *rssReader) extension(e *elem) bool {
	space := strings.TrimSpace(e.space)
	for _, n := range rr.native {
		if space == n {
			return false
		}
	}
	return true
}

func (rr *rssReader) channel() channel {
	r := rr.r
	var ch channel
	var dcTitle, atomLink string
	var haveDCTitle, haveAtomLink bool
	depth := r.depth()
	for !rr.out.full() {
		switch r.next() {
		case evEOF:
			return finishChannel(ch, dcTitle, atomLink)
		case evEnd:
			if r.depth() < depth {
				return finishChannel(ch, dcTitle, atomLink)
			}
		case evStart:
			e := r.top()
			if rr.extension(e) {
				prefix := r.extPrefix(strings.TrimSpace(e.space))
				switch {
				case prefix == "dc" && string(e.local) == "title" && !haveDCTitle:
					dcTitle, haveDCTitle = r.extValue(), true
				case (prefix == "atom" || prefix == "atom10" || prefix == "atom03") && string(e.local) == "link" && !haveAtomLink:
					if rel := r.attr(e, "rel"); rel == "" || rel == "alternate" {
						atomLink, haveAtomLink = r.uriAttr(e, "href"), true
					}
					r.skipEmpty()
				default:
					r.skip()
				}
				continue
			}
			switch lowerName(e.local) {
			case "title":
				ch.title = r.text()
			case "link":
				ch.link = rr.link(e)
			case "item":
				rr.item()
			default:
				r.skip()
			}
		}
	}
	return finishChannel(ch, dcTitle, atomLink)
}

func finishChannel(ch channel, dcTitle, atomLink string) channel {
	if ch.title == "" {
		ch.title = dcTitle
	}
	if ch.link == "" {
		ch.link = atomLink
	}
	return ch
}

// link reads an RSS <link>: its text, or its href when it has no text,
// resolved against xml:base when one is in scope.
func (rr *rssReader) link(e *elem) string {
	r := rr.r
	base := r.base()
	href := r.uriAttr(e, "href")
	u := r.text()
	if i := strings.IndexByte(u, '<'); i > 0 {
		// No URL holds a '<': what follows is markup left open inside
		// the link ("https://x/a<b></link>").
		u = strings.TrimSpace(u[:i])
		r.sc.flaws.add(flawMismatch)
	}
	if u == "" && href != "" {
		u = href
	}
	if base != nil && u != "" {
		if abs, ok := xmlBaseResolve(base, u); ok {
			u = abs
		}
	}
	return u
}

// rssExt collects an item's extension values; the first of each counts.
type rssExt struct {
	dcTitle, dcDescription, dcDate        string
	hasDCTitle, hasDCDescription, hasDate bool
	dcAuthor, dcCreator                   string
	hasDCAuthor, hasDCCreator             bool
	itunesAuthor, itunesSummary           string
	itunesDuration                        string
	itunes                                bool
	atomContent, atomSummary              string
	atomPublished, atomUpdated            string
	atomAuthor                            *person
	media                                 []enclosure // media:content, after the item's own enclosures
	seen                                  uint32      // extKeys already read
}

// extKeys are the extension elements an item reads, each once.
var extKeys = map[string]uint32{
	"dc:title": 1, "dc:description": 2, "dc:date": 4, "dc:author": 8, "dc:creator": 16,
	"itunes:author": 32, "itunes:summary": 64, "atom:content": 128, "atom:summary": 256,
	"atom:published": 512, "atom:updated": 1024, "atom:author": 2048,
	"itunes:duration": 4096,
}

// first reports whether key is seen for the first time.
func (x *rssExt) first(key string) bool {
	bit := extKeys[key]
	if x.seen&bit != 0 {
		return false
	}
	x.seen |= bit
	return true
}

// item reads an <item> and hands it on; one the document ends inside is
// dropped.
func (rr *rssReader) item() {
	r := rr.r
	rr.cur = item{}
	it := &rr.cur
	var x rssExt
	var pubDate string
	links := 0
	depth := r.depth()
	for {
		switch r.next() {
		case evEOF:
			rr.rec.dropped++
			return
		case evEnd:
			if r.depth() < depth {
				finishRSSItem(it, &x, pubDate)
				rr.out.put(it)
				return
			}
		case evStart:
			e := r.top()
			local := lowerName(e.local)
			space := strings.TrimSpace(e.space)
			if local == "encoded" && r.extPrefix(space) == "content" {
				it.content = r.text()
				continue
			}
			if rr.extension(e) {
				rr.itemExtension(e, &x)
				continue
			}
			switch local {
			case "title":
				it.title = r.text()
			case "description":
				it.summary = r.text()
			case "link":
				it.link = rr.link(e)
				if links == 0 {
					it.otherLink = it.link
				}
				links++
			case "author":
				it.authorText = r.text()
			case "pubdate":
				pubDate = r.dateText()
			case "guid":
				it.guid = r.text()
			case "enclosure":
				if len(it.enclosures) < maxEnclosures {
					it.enclosures = append(it.enclosures, enclosure{
						url: r.attr(e, "url"), length: r.attr(e, "length"), mime: r.attr(e, "type"),
					})
				} else {
					rr.rec.add(flawEnclosures)
				}
				r.skipEmpty()
			default:
				r.skip()
			}
		}
	}
}

func (rr *rssReader) itemExtension(e *elem, x *rssExt) {
	r := rr.r
	prefix := r.extPrefix(strings.TrimSpace(e.space))
	name := string(e.local)
	key := prefix + ":" + name
	switch prefix {
	case "dc":
		switch name {
		case "title", "description", "date", "author", "creator":
			if !x.first(key) {
				break
			}
			v := r.extValue()
			switch name {
			case "title":
				x.dcTitle, x.hasDCTitle = v, true
			case "description":
				x.dcDescription, x.hasDCDescription = v, true
			case "date":
				x.dcDate, x.hasDate = v, true
			case "author":
				x.dcAuthor, x.hasDCAuthor = v, true
			case "creator":
				x.dcCreator, x.hasDCCreator = v, true
			}
			return
		}
	case "itunes":
		x.itunes = true
		if (name == "author" || name == "summary" || name == "duration") && x.first(key) {
			v := r.extValue()
			switch name {
			case "author":
				x.itunesAuthor = v
			case "summary":
				x.itunesSummary = v
			default:
				x.itunesDuration = v
			}
			return
		}
	case "media":
		var ok bool
		if x.media, ok = r.mediaExtension(e, x.media, rr.rec); ok {
			return
		}
	case "atom", "atom10", "atom03":
		switch name {
		case "content", "summary", "published", "updated":
			if !x.first("atom:" + name) {
				break
			}
			v := r.extValue()
			switch name {
			case "content":
				x.atomContent = v
			case "summary":
				x.atomSummary = v
			case "published":
				x.atomPublished = v
			case "updated":
				x.atomUpdated = v
			}
			return
		case "author":
			if x.first("atom:author") {
				p := rr.atomExtAuthor()
				x.atomAuthor = &p
				return
			}
		}
	}
	r.skip()
}

// atomExtAuthor reads an atom:author inside an RSS item: the first name
// and email children.
func (rr *rssReader) atomExtAuthor() person {
	r := rr.r
	var p person
	var haveName, haveEmail bool
	depth := r.depth()
	for {
		switch r.next() {
		case evEOF:
			return p
		case evEnd:
			if r.depth() < depth {
				return p
			}
		case evStart:
			switch string(r.top().local) {
			case "name":
				if !haveName {
					p.name, haveName = r.extValue(), true
					continue
				}
			case "email":
				if !haveEmail {
					p.email, haveEmail = r.extValue(), true
					continue
				}
			}
			r.skip()
		}
	}
}

// finishRSSItem applies gofeed's fallbacks: Dublin Core, iTunes and Atom
// elements stand in for missing RSS ones.
func finishRSSItem(it *item, x *rssExt, pubDate string) {
	if it.title == "" && x.hasDCTitle {
		it.title = x.dcTitle
	}
	switch {
	case it.summary != "":
	case x.hasDCDescription:
		it.summary = x.dcDescription
	case x.itunes && x.itunesSummary != "":
		it.summary = x.itunesSummary
	}
	if it.summary == "" {
		it.summary = x.atomSummary
	}
	if it.content == "" {
		it.content = x.atomContent
	}
	it.media, it.duration = x.media, x.itunesDuration
	if it.authorText != "" {
		it.author, it.hasAuthor = parsePerson(it.authorText), true
	} else {
		switch {
		case x.hasDCAuthor:
			it.author, it.hasAuthor = parsePerson(x.dcAuthor), true
		case x.hasDCCreator:
			it.author, it.hasAuthor = parsePerson(x.dcCreator), true
		case x.itunes && x.itunesAuthor != "":
			it.author, it.hasAuthor = parsePerson(x.itunesAuthor), true
		case x.atomAuthor != nil && (x.atomAuthor.name != "" || x.atomAuthor.email != ""):
			it.author, it.hasAuthor = *x.atomAuthor, true
		}
	}
	// The date as written: pubDate, else dc:date, else atom:published; the
	// update date: dc:date, else atom:updated.
	switch {
	case pubDate != "":
		it.published = pubDate
	case x.hasDate:
		it.published = x.dcDate
	default:
		it.published = x.atomPublished
	}
	if x.hasDate {
		it.updated = x.dcDate
	}
	if it.updated == "" {
		it.updated = x.atomUpdated
	}
	if t, ok := parseDate(pubDate); ok {
		it.pubTime = t
	} else {
		alt := ""
		if x.hasDate {
			alt = x.dcDate
		}
		if alt == "" {
			alt = x.atomPublished
		}
		if t, ok := parseDate(alt); ok {
			it.pubTime = t
		}
	}
	if t, ok := parseDate(it.updated); ok {
		it.updTime = t
	}
}
