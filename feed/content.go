package feed

import "bytes"

// Reading what is inside an element: a field's text, a body's markup, an
// extension's value, or nothing (skipping). This is where most repairs
// happen, because a broken feed is mostly broken inside its items.

// textMode says how content is read by content.
type textMode uint8

const (
	// asMarkup: the element may hold markup of its own (a body of HTML or
	// XHTML); only its own end tag, or an outer element's, ends it.
	asMarkup textMode = iota
	// asField: a one-line field (title, link); if its end tag is missing, the
	// next element of the feed's vocabulary ends it.
	asField
)

// content reads the current element (just opened by next) to its end and
// returns the raw bytes between its tags. direct, when not nil, collects
// the element's own text and CDATA (not its children's), XML-decoded, as an
// extension element's value is read.
func (r *xmlReader) content(mode textMode, direct *[]byte) []byte {
	e := r.top()
	if e.empty {
		r.pop()
		return nil
	}
	doc := r.sc.doc
	start := r.sc.pos
	r.inner = r.inner[:0]
	ownAhead := -2 // unknown; -1 none; else offset of our end tag
	stray := -1    // in a field, a stray end tag: likely its misspelt close
	end := func(pos int) []byte {
		if mode == asField && stray >= 0 {
			return doc[start:stray]
		}
		return doc[start:pos]
	}
	for {
		t := r.read()
		switch t.kind {
		case tokEOF:
			// The element never ends; its ancestors stay open for the
			// caller to find the document cut off.
			return doc[start:]
		case tokText:
			if bytes.Contains(t.data, cdataClose) {
				// "]]>" outside a CDATA section: sections were nested
				// or mangled.
				r.sc.flaws.add(flawSyntax)
			}
			if direct != nil && len(r.inner) == 0 {
				*direct = appendXMLText(*direct, t.data)
			}
		case tokCDATA:
			data := t.data
			if end := r.unclosedCDATA(t, e.name); end >= 0 {
				r.sc.flaws.add(flawCDATA)
				data = t.data[:end]
				r.sc.pos = t.pos + len(cdataOpen) + end
			}
			if direct != nil && len(r.inner) == 0 {
				*direct = append(*direct, data...)
			}
		case tokStart:
			if mode == asField && len(r.inner) == 0 && r.vocab != nil && r.vocab(localName(t.name)) {
				if ownAhead == -2 || (ownAhead >= 0 && ownAhead < t.pos) {
					ownAhead = r.findEnd(e.name, t.pos)
				}
				if ownAhead < 0 {
					r.sc.flaws.add(flawMismatch)
					r.hold()
					r.pop()
					return end(t.pos)
				}
			}
			if r.count(t.pos) {
				return doc[start:t.pos]
			}
			if t.empty || isVoid(t.name) {
				continue
			}
			if n := len(r.inner); n > 0 && impliesEnd(r.inner[n-1], t.name) {
				r.inner[n-1] = t.name
				continue
			}
			if len(r.stack)+len(r.inner) >= maxDepth {
				r.fail("elements nested more than 1,000 deep", t.pos)
				return doc[start:t.pos]
			}
			r.inner = append(r.inner, t.name)
		case tokEnd:
			if j := r.innerMatch(t.name); j >= 0 {
				r.inner = r.inner[:j]
				continue
			}
			if bytes.Equal(t.name, e.name) || bytes.EqualFold(t.name, e.name) {
				if !bytes.Equal(t.name, e.name) || stray >= 0 {
					// Misspelt, or with a stray end tag inside.
					r.sc.flaws.add(flawMismatch)
				}
				r.pop()
				return doc[start:t.pos]
			}
			if k := r.match(t.name, 0); k >= 0 && k < len(r.stack)-1 {
				// An outer element ends: so does this one, unclosed.
				r.sc.flaws.add(flawMismatch)
				r.hold()
				r.pop()
				return end(t.pos)
			}
			// A stray end tag inside the content: part of it, unless
			// the field turns out to have no end tag of its own. In
			// markup it closes nothing, which XML does not allow.
			if len(t.name) == 0 {
				r.sc.flaws.add(flawSyntax)
			}
			if mode == asField && len(r.inner) == 0 {
				if stray < 0 {
					stray = t.pos
				}
			} else {
				r.sc.flaws.add(flawMismatch)
			}
		}
	}
}

// endAhead reports whether the innermost open element's end tag comes
// after pos, before its parent's.
func (r *xmlReader) endAhead(pos int) bool {
	e := r.top()
	if r.aheadFor == e.pos && (r.ahead < 0 || r.ahead > pos) {
		return r.ahead >= 0
	}
	r.aheadFor = e.pos
	r.ahead = r.findEnd(e.name, pos)
	return r.ahead >= 0
}

// skipEmpty passes over an element that should be empty (an RSS
// enclosure, an Atom link). One left open ("<enclosure url='...'>") would
// swallow the rest of its item; when its end tag is not ahead, before its
// parent's, it ends where it starts.
func (r *xmlReader) skipEmpty() {
	e := r.top()
	if e.empty {
		r.pop()
		return
	}
	if r.findEnd(e.name, r.sc.pos) >= 0 {
		r.skip()
		return
	}
	r.sc.flaws.add(flawMismatch)
	r.pop()
}

// text reads a field element's text: trimmed, CDATA unwrapped, entities
// decoded.
func (r *xmlReader) text() string { return elementText(r.content(asField, nil)) }

// dateText is text for a date: an element inside one is broken markup
// (a date holds none), and what was read of it is then a guess.
func (r *xmlReader) dateText() string {
	raw := r.content(asField, nil)
	if bytes.IndexByte(raw, '<') >= 0 && !bytes.Contains(raw, cdataOpen) {
		r.sc.flaws.add(flawSyntax)
	}
	return elementText(raw)
}

// skip passes over the current element and everything in it.
func (r *xmlReader) skip() { r.content(asMarkup, nil) }

// extValue reads an extension element the way gofeed stores one: its own
// text, XML-decoded and trimmed; its children are skipped.
func (r *xmlReader) extValue() string {
	var buf []byte
	r.content(asMarkup, &buf)
	return string(bytes.TrimSpace(buf))
}

func (r *xmlReader) innerMatch(name []byte) int {
	for j := len(r.inner) - 1; j >= 0; j-- {
		if bytes.Equal(r.inner[j], name) {
			return j
		}
	}
	return -1
}

// findEnd returns the offset of "</name" followed by '>' or a blank at or
// after from, if it comes before the end of the element's parent; -1
// otherwise.
func (r *xmlReader) findEnd(name []byte, from int) int {
	doc := r.sc.doc
	limit := len(doc)
	if n := len(r.stack); n >= 2 {
		if p := findEndTag(doc, r.stack[n-2].name, from); p >= 0 {
			limit = p
		}
	}
	p := findEndTag(doc[:limit], name, from)
	return p
}

// findEndTag finds "</name>" (or "</name " ...) in doc at or after from.
func findEndTag(doc, name []byte, from int) int {
	for from < len(doc) {
		i := bytes.Index(doc[from:], []byte("</"))
		if i < 0 {
			return -1
		}
		p := from + i
		rest := doc[p+2:]
		if len(rest) > len(name) && bytes.EqualFold(rest[:len(name)], name) {
			switch rest[len(name)] {
			case '>', ' ', '\t', '\n', '\r':
				return p
			}
		}
		from = p + 2
	}
	return -1
}

// unclosedCDATA returns where a CDATA section inside element name was
// meant to end, or -1 when it is sound. A section that never closes ends
// where its element does. So does one that runs past its element's end
// tag into the next CDATA section: that is one unclosed section swallowing
// the items after it (a nested "<![CDATA[" cannot be meant, since sections
// do not nest).
func (r *xmlReader) unclosedCDATA(t *token, name []byte) int {
	endTag := findEndTag(t.data, name, 0)
	if endTag < 0 {
		return -1
	}
	if t.open || bytes.Contains(t.data[endTag:], cdataOpen) {
		return endTag
	}
	return -1
}

// isVoid reports HTML elements that never have content, so that HTML in a
// feed's body that leaves them open ("<br>") does not count as nesting.
func isVoid(name []byte) bool {
	switch len(name) {
	case 2:
		return bytes.EqualFold(name, []byte("br")) || bytes.EqualFold(name, []byte("hr"))
	case 3:
		return bytes.EqualFold(name, []byte("img")) || bytes.EqualFold(name, []byte("col")) || bytes.EqualFold(name, []byte("wbr"))
	case 4:
		return bytes.EqualFold(name, []byte("area")) || bytes.EqualFold(name, []byte("base")) || bytes.EqualFold(name, []byte("meta"))
	case 5:
		return bytes.EqualFold(name, []byte("embed")) || bytes.EqualFold(name, []byte("input")) || bytes.EqualFold(name, []byte("param")) || bytes.EqualFold(name, []byte("track"))
	case 6:
		return bytes.EqualFold(name, []byte("source"))
	}
	return false
}

// impliesEnd reports whether opening next ends open, as in HTML: a new
// paragraph or list item ends an unclosed one rather than nesting in it.
func impliesEnd(open, next []byte) bool {
	if !bytes.EqualFold(open, next) {
		return false
	}
	switch string(bytes.ToLower(open)) {
	case "p", "li", "dt", "dd", "option", "tr", "td", "th":
		return true
	}
	return false
}
