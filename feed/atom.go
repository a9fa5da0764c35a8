package feed

import (
	"bytes"
	"encoding/base64"
	"net/url"
	"strings"
)

func atomVocab(local []byte) bool {
	switch lowerName(local) {
	case "entry", "title", "link", "id", "updated", "published", "summary", "content",
		"author", "category", "name", "email", "issued", "modified", "rights":
		return true
	}
	return false
}

// atomReader reads Atom 1.0 and 0.3.
type atomReader struct {
	r   *xmlReader
	rec *recovery
	cur item // reused for every entry
}

func isAtomSpace(space string) bool {
	space = strings.TrimSpace(space)
	return space == "" || space == nsAtom10 || space == nsAtom03
}

// readAtom reads the <feed> r has just opened.
func readAtom(r *xmlReader, rec *recovery, out *sink) channel {
	ar := &atomReader{r: r, rec: rec}
	r.vocab = atomVocab
	r.items = itemNames[1:]
	var ch channel
	haveLink := false
	root := r.depth()
	for !out.full() {
		switch r.next() {
		case evEOF:
			rec.add(flawTruncated)
			return ch
		case evEnd:
			if r.depth() < root {
				return ch
			}
		case evStart:
			e := r.top()
			if !isAtomSpace(e.space) {
				r.skip()
				continue
			}
			switch lowerName(e.local) {
			case "title":
				ch.title = ar.text(e)
			case "link":
				l := ar.link(e)
				if l.rel == "alternate" && !haveLink {
					ch.link, haveLink = l.href, true
				}
			case "entry":
				if ar.entry() {
					out.put(&ar.cur)
				} else {
					rec.dropped++
				}
			default:
				r.skip()
			}
		}
	}
	return ch
}

// readLoneEntry reads a document that is one Atom <entry>: a feed of one.
func readLoneEntry(r *xmlReader, rec *recovery, out *sink) channel {
	ar := &atomReader{r: r, rec: rec}
	r.vocab = atomVocab
	r.items = itemNames[1:]
	rec.add(flawLoneEntry)
	if !ar.entry() {
		rec.add(flawTruncated)
		rec.dropped++
		return channel{}
	}
	out.put(&ar.cur)
	return channel{}
}

type atomLink struct {
	href, rel, mime, length string
}

// link reads an Atom <link>; an absent rel means "alternate".
func (ar *atomReader) link(e *elem) atomLink {
	r := ar.r
	l := atomLink{
		href:   r.uriAttr(e, "href"),
		rel:    r.attr(e, "rel"),
		mime:   r.attr(e, "type"),
		length: r.attr(e, "length"),
	}
	if l.rel == "" {
		l.rel = "alternate"
	}
	r.skipEmpty()
	return l
}

// entry reads an <entry> into ar.cur; it is false when the document ends
// inside it.
func (ar *atomReader) entry() bool {
	r := ar.r
	ar.cur = item{}
	it := &ar.cur
	haveLink, haveOther := false, false
	depth := r.depth()
	for {
		switch r.next() {
		case evEOF:
			return false
		case evEnd:
			if r.depth() < depth {
				it.pubTime, _ = parseDate(it.published)
				it.updTime, _ = parseDate(it.updated)
				if it.published == "" {
					it.published = it.updated
				}
				if it.pubTime.IsZero() {
					it.pubTime = it.updTime
				}
				return true
			}
		case evStart:
			e := r.top()
			if !isAtomSpace(e.space) {
				// YouTube's and other video feeds carry their files as
				// Media RSS.
				if r.extPrefix(strings.TrimSpace(e.space)) == "media" {
					var ok bool
					if it.media, ok = r.mediaExtension(e, it.media, ar.rec); ok {
						continue
					}
				}
				r.skip()
				continue
			}
			switch lowerName(e.local) {
			case "title":
				it.title = ar.text(e)
			case "id":
				it.guid = ar.text(e)
			case "summary":
				it.summary = ar.text(e)
			case "content":
				it.content = ar.text(e)
			case "updated", "modified":
				it.updated = r.dateText()
			case "published", "issued":
				it.published = r.dateText()
			case "author":
				p := ar.person()
				if !it.hasAuthor {
					it.author, it.hasAuthor = p, true
				}
			case "link":
				l := ar.link(e)
				switch l.rel {
				case "alternate":
					if !haveLink {
						it.link, haveLink = l.href, true
					}
				case "enclosure":
					if len(it.enclosures) < maxEnclosures {
						it.enclosures = append(it.enclosures, enclosure{url: l.href, mime: l.mime, length: l.length})
					} else {
						ar.rec.add(flawEnclosures)
					}
				}
				if (l.rel == "alternate" || l.rel == "self") && !haveOther {
					it.otherLink, haveOther = l.href, true
				}
			default:
				r.skip()
			}
		}
	}
}

// person reads an <author>'s name and email.
func (ar *atomReader) person() person {
	r := ar.r
	var p person
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
			e := r.top()
			switch lowerName(e.local) {
			case "name":
				p.name = ar.text(e)
			case "email":
				p.email = ar.text(e)
			default:
				r.skip()
			}
		}
	}
}

// text reads an Atom text construct the way gofeed does, by its type (and
// Atom 0.3's mode): plain text is decoded, HTML is decoded and resolved
// against xml:base, XHTML is kept as markup, base64 is decoded; and the
// elements that hold addresses (id, icon, logo, uri) are resolved against
// xml:base.
func (ar *atomReader) text(e *elem) string {
	r := ar.r
	base := r.base()
	typ := strings.ToLower(r.attr(e, "type"))
	mode := strings.ToLower(r.attr(e, "mode"))
	name := lowerName(e.local)
	textMode := asMarkup
	if typ == "" || typ == "text" {
		textMode = asField
	}
	inner := bytes.TrimSpace(r.content(textMode, nil))
	var s string
	switch {
	case bytes.Contains(inner, cdataOpen):
		s = string(appendStripCDATA(nil, inner))
		if typ == "html" || strings.Contains(typ, "xhtml") {
			s = resolveHTML(base, s)
		}
	case typ == "text" || strings.HasPrefix(typ, "text/") || (typ == "" && mode == ""):
		s = elementText(inner)
	case strings.Contains(typ, "xhtml"):
		s = resolveHTML(base, string(inner))
	case typ == "html":
		s = resolveHTML(base, elementText(inner))
	case mode == "base64" || isBinaryType(typ):
		s = string(inner)
		if dec, err := base64.StdEncoding.DecodeString(s); err == nil {
			s = string(dec)
		}
	default:
		s = string(inner)
	}
	switch name {
	case "id", "icon", "logo", "uri", "url":
		if abs, ok := xmlBaseResolve(base, s); ok {
			s = abs
		}
	}
	return s
}

// isBinaryType reports content types whose Atom content is base64.
func isBinaryType(t string) bool {
	if t == "" || strings.HasPrefix(t, "text/") || strings.Contains(t, "xml") {
		return false
	}
	if strings.HasPrefix(t, "image/") || strings.HasPrefix(t, "audio/") || strings.HasPrefix(t, "video/") {
		return true
	}
	switch t {
	case "application/octet-stream", "application/pdf", "application/zip",
		"application/gzip", "application/x-gzip", "application/ogg":
		return true
	}
	return false
}

// resolveHTML makes the relative addresses in an HTML body absolute
// against xml:base; without one the body is left alone.
func resolveHTML(base *url.URL, body string) string {
	if base == nil || body == "" {
		return body
	}
	return resolveHTMLBase(base, body)
}
