package feed

import (
	"bytes"
	"fmt"
)

// Why a scanner of our own rather than github.com/muktihari/xmltokenizer,
// the tokenizer DESIGN.md names: tried on real feed shapes, v0.0.5 drops
// the text after a CDATA section ("a<![CDATA[b]]>c" loses the c), cuts a
// tag at a '>' inside a quoted attribute, loses every byte after a comment
// that contains a '>', reads single-quoted attributes as none, splits names
// only at spaces (not tabs or newlines), and gives an unclosed CDATA
// section nothing back at all. Each of those is a lost article or a lost
// feed. The document is already in memory, so a scanner over the bytes
// costs less than any io.Reader-based one and hands out sub-slices: nothing
// is copied until a field is kept.

// Limits a feed must stay within. They are checked while scanning, before
// anything is built, so no input can make parsing recurse, allocate or
// work without bound. Exceeding a hard limit fails the feed with an error
// that names it; the soft ones (items, enclosures, field length) keep what
// fits and mark the feed recovered.
const (
	maxDepth      = 1000      // elements open at once
	maxAttrs      = 1000      // attributes on one element
	maxNamespaces = 4096      // namespace declarations in scope at once
	maxElements   = 8_000_000 // elements in one document
	maxItems      = 250_000   // items kept from one feed
	maxEnclosures = 64        // enclosures kept from one item
	maxTextField  = 64 << 10  // bytes kept of a title, author, link or id
)

// LimitError is the error for a feed that exceeds one of the hard limits.
// Its message says in words which limit and where.
type LimitError struct {
	What string // "elements nested more than 1,000 deep"
	Line int    // where it was exceeded; 0 when unknown
}

func (e *LimitError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("the feed was refused: it has %s (at line %d)", e.What, e.Line)
	}
	return "the feed was refused: it has " + e.What
}

type tokKind uint8

const (
	tokEOF tokKind = iota
	tokStart
	tokEnd
	tokText
	tokCDATA
	tokComment
	tokPI
	tokDoctype
)

// token is one piece of the document. Every slice points into the
// document; nothing is decoded.
type token struct {
	kind  tokKind
	name  []byte // qualified name of a start or end tag
	attrs []byte // a start tag's raw attributes, between its name and '>'
	empty bool   // a start tag that closes itself: <name/>
	data  []byte // text, or the content of a CDATA section or comment
	pos   int    // offset of the token's first byte
	end   int    // offset just past its last byte
	open  bool   // a CDATA section, comment or quoted value that never ends
}

// scanner splits a document into tokens. It never fails: bytes that fit no
// token are text, and what was wrong is noted in flaws for the caller to
// report as a recovery.
type scanner struct {
	doc   []byte
	pos   int
	flaws flaws
}

var (
	cdataOpen  = []byte("<![CDATA[")
	cdataClose = []byte("]]>")
	commOpen   = []byte("<!--")
	commClose  = []byte("-->")
)

// next scans the token at s.pos into t.
func (s *scanner) next(t *token) {
	doc, p := s.doc, s.pos
	*t = token{pos: p}
	if p >= len(doc) {
		t.kind, t.end = tokEOF, p
		return
	}
	if doc[p] != '<' {
		s.text(t, p)
		return
	}
	rest := doc[p:]
	switch {
	case len(rest) > 1 && rest[1] == '/':
		s.endTag(t, p)
	case bytes.HasPrefix(rest, cdataOpen):
		s.cdata(t, p)
	case bytes.HasPrefix(rest, commOpen):
		s.comment(t, p)
	case len(rest) > 1 && rest[1] == '?':
		t.kind = tokPI
		if i := bytes.Index(rest[2:], []byte("?>")); i >= 0 {
			t.data, s.pos = rest[2:2+i], p+2+i+2
			target := t.data
			if j := bytes.IndexAny(target, " \t\r\n"); j >= 0 {
				target = target[:j]
			}
			if !xmlName(target) || (string(target) == "xml" && !xmlVersion(t.data[len(target):])) {
				s.flaws.add(flawSyntax)
			}
		} else {
			s.toGT(t, p)
			if s.pos < len(s.doc) {
				s.flaws.add(flawSyntax)
			} else {
				s.flaws.add(flawTruncated)
			}
		}
	case len(rest) > 1 && rest[1] == '!':
		s.doctype(t, p)
	case len(rest) > 1 && isNameStart(rest[1]):
		s.startTag(t, p)
	default:
		// A '<' that starts no markup ("a < b", "<3"): text, as a
		// browser would read it.
		s.flaws.add(flawSyntax)
		s.text(t, p+1)
		t.pos = p
	}
	t.end = s.pos
}

// text scans character data from p (or from the '<' before it, which the
// caller has already judged to be text) up to the next '<'.
func (s *scanner) text(t *token, p int) {
	t.kind = tokText
	i := bytes.IndexByte(s.doc[p:], '<')
	end := len(s.doc)
	if i >= 0 {
		end = p + i
	}
	t.data = s.doc[t.pos:end]
	s.pos, t.end = end, end
}

func (s *scanner) endTag(t *token, p int) {
	t.kind = tokEnd
	q := p + 2
	n := nameEnd(s.doc, q)
	t.name = s.doc[q:n]
	gt := bytes.IndexByte(s.doc[n:], '>')
	lt := bytes.IndexByte(s.doc[n:], '<')
	switch {
	case gt >= 0 && (lt < 0 || gt < lt):
		if len(bytes.TrimSpace(s.doc[n:n+gt])) > 0 {
			s.flaws.add(flawSyntax)
		}
		s.pos = n + gt + 1
	case lt >= 0:
		s.flaws.add(flawSyntax)
		s.pos = n + lt
	default:
		// Cut off inside the tag, even if nothing is lost by it.
		t.open = true
		s.flaws.add(flawTruncated)
		s.pos = len(s.doc)
	}
}

func (s *scanner) cdata(t *token, p int) {
	t.kind = tokCDATA
	start := p + len(cdataOpen)
	if i := bytes.Index(s.doc[start:], cdataClose); i >= 0 {
		t.data, s.pos = s.doc[start:start+i], start+i+len(cdataClose)
		return
	}
	// The caller decides where an unclosed section was meant to end; it
	// knows which element it is in.
	t.data, t.open, s.pos = s.doc[start:], true, len(s.doc)
}

func (s *scanner) comment(t *token, p int) {
	t.kind = tokComment
	start := p + len(commOpen)
	if i := bytes.Index(s.doc[start:], commClose); i >= 0 {
		t.data, s.pos = s.doc[start:start+i], start+i+len(commClose)
		if bytes.Contains(t.data, []byte("--")) {
			s.flaws.add(flawSyntax) // XML forbids "--" in a comment
		}
		return
	}
	// An unclosed comment would hide the rest of the document; the likeliest
	// intent is that it ends at its first '>' ("<!-- note ->").
	t.open = true
	s.toGT(t, p)
	if s.pos < len(s.doc) {
		s.flaws.add(flawSyntax)
	}
}

// doctype scans <!DOCTYPE ...> with its internal subset, or any other
// <!...> declaration. Entities it declares are not expanded: a document
// cannot make the parser grow by defining them (billion laughs).
func (s *scanner) doctype(t *token, p int) {
	t.kind = tokDoctype
	rest := s.doc[p:]
	if len(rest) < 3 || rest[2] < 'A' || rest[2] > 'Z' {
		s.flaws.add(flawSyntax) // a declaration is named: <!DOCTYPE, <!ENTITY...
	}
	gt := bytes.IndexByte(rest, '>')
	if br := bytes.IndexByte(rest, '['); br >= 0 && (gt < 0 || br < gt) {
		if end := bytes.Index(rest[br:], []byte("]>")); end >= 0 {
			t.data, s.pos = rest[2:br+end+1], p+br+end+2
			return
		}
		if end := bytes.IndexByte(rest[br:], ']'); end >= 0 {
			if g := bytes.IndexByte(rest[br+end:], '>'); g >= 0 {
				t.data, s.pos = rest[2:br+end+g], p+br+end+g+1
				return
			}
		}
	}
	if gt < 0 {
		t.data, s.pos = rest[2:], len(s.doc)
		return
	}
	t.data, s.pos = rest[2:gt], p+gt+1
}

// toGT ends the token at p at the next '>', or at the end.
func (s *scanner) toGT(t *token, p int) {
	if i := bytes.IndexByte(s.doc[p:], '>'); i >= 0 {
		if t.data == nil {
			t.data = s.doc[p:min(p+i, len(s.doc))]
		}
		s.pos = p + i + 1
		return
	}
	s.pos = len(s.doc)
}

// startTag scans <name attrs> or <name attrs/>. Quoted values may hold '>'
// and either quote; a quote that never closes, or a '<' where the tag
// should have ended, ends the tag at the last '>' before it so the rest of
// the document is not swallowed.
func (s *scanner) startTag(t *token, p int) {
	t.kind = tokStart
	doc := s.doc
	n := nameEnd(doc, p+1)
	t.name = doc[p+1 : n]
	// lt is the next '<' after the name: no quoted value may run past it,
	// and finding it once keeps a tag of a million attributes linear.
	lt := len(doc)
	if j := bytes.IndexByte(doc[n:], '<'); j >= 0 {
		lt = n + j
	}
	i := n
	for i < len(doc) {
		c := doc[i]
		switch c {
		case '>':
			s.finishStart(t, n, i)
			return
		case '"', '\'':
			q := bytes.IndexByte(doc[i+1:lt], c)
			if q >= 0 {
				i += q + 2
				continue
			}
			// The quote runs into the next tag or off the end.
			t.open = true
			if lt < len(doc) {
				s.flaws.add(flawSyntax)
			} else {
				s.flaws.add(flawTruncated)
			}
			if gt := bytes.LastIndexByte(doc[i:lt], '>'); gt >= 0 {
				s.finishStart(t, n, i+gt)
				return
			}
			s.finishStart(t, n, lt-1)
			s.pos = lt
			return
		case '<':
			s.flaws.add(flawSyntax)
			s.finishStart(t, n, i-1)
			s.pos = i
			return
		}
		i++
	}
	// Cut off inside the tag.
	t.open = true
	s.flaws.add(flawTruncated)
	s.finishStart(t, n, len(doc)-1)
	s.pos = len(doc)
}

// finishStart sets the attributes of a start tag whose '>' is at gt.
func (s *scanner) finishStart(t *token, nameEnd, gt int) {
	attrs := s.doc[nameEnd:max(gt, nameEnd)]
	if k := len(attrs); k > 0 && attrs[k-1] == '/' {
		t.empty = true
		attrs = attrs[:k-1]
	}
	t.attrs = attrs
	s.pos = gt + 1
	if !xmlName(t.name) || bytes.Count(t.name, []byte{':'}) > 1 || (len(attrs) > 0 && !wellFormedAttrs(attrs)) {
		s.flaws.add(flawSyntax)
	}
}

// xmlVersion reports whether an XML declaration's attributes give version
// 1.0 (or none): other versions are not XML any reader here knows.
func xmlVersion(decl []byte) bool {
	attrs, _ := parseAttrs(decl, nil)
	for _, a := range attrs {
		if string(a.name) == "version" {
			return string(a.value) == "1.0"
		}
	}
	return true
}

// xmlName reports whether name is made of XML name characters (non-ASCII
// ones taken on trust).
func xmlName(name []byte) bool {
	for i, c := range name {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '_', c == ':', c >= 0x80:
		case i > 0 && (c >= '0' && c <= '9' || c == '-' || c == '.'):
		default:
			return false
		}
	}
	return len(name) > 0
}

// wellFormedAttrs reports whether raw is XML attributes: blanks, then
// name="value" or name='value' pairs separated by blanks. Anything else
// still parses (parseAttrs is lenient) but marks the markup broken.
func wellFormedAttrs(raw []byte) bool {
	i := 0
	for {
		start := i
		for i < len(raw) && isBlank(raw[i]) {
			i++
		}
		if i == len(raw) {
			return true
		}
		if i == start && start > 0 {
			return false // a value runs into the next name
		}
		n := i
		for i < len(raw) && !isBlank(raw[i]) && raw[i] != '=' {
			i++
		}
		if !xmlName(raw[n:i]) {
			return false
		}
		for i < len(raw) && isBlank(raw[i]) {
			i++
		}
		if i == len(raw) || raw[i] != '=' {
			return false
		}
		i++
		for i < len(raw) && isBlank(raw[i]) {
			i++
		}
		if i == len(raw) || (raw[i] != '"' && raw[i] != '\'') {
			return false
		}
		j := bytes.IndexByte(raw[i+1:], raw[i])
		if j < 0 {
			return false
		}
		i += j + 2
	}
}

func isNameStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == ':' || c >= 0x80
}

// nameEnd returns the end of the name starting at i: names end at blanks,
// '/', '>', '<', '=' or a quote.
func nameEnd(doc []byte, i int) int {
	for i < len(doc) {
		switch doc[i] {
		case ' ', '\t', '\n', '\r', '/', '>', '<', '=', '"', '\'':
			return i
		}
		i++
	}
	return i
}

// lineAt is the 1-based line of offset pos, for messages.
func lineAt(doc []byte, pos int) int {
	return bytes.Count(doc[:min(pos, len(doc))], []byte{'\n'}) + 1
}

// attr is one attribute of a start tag, undecoded.
type attr struct {
	name, value []byte
}

// parseAttrs splits a start tag's raw attributes into buf, which it
// returns. Values may be double-, single- or not quoted; a name without a
// value gets an empty one. ok is false beyond maxAttrs.
func parseAttrs(raw []byte, buf []attr) (out []attr, ok bool) {
	out = buf[:0]
	i := 0
	for i < len(raw) {
		for i < len(raw) && isBlank(raw[i]) {
			i++
		}
		if i >= len(raw) {
			break
		}
		start := i
		for i < len(raw) && !isBlank(raw[i]) && raw[i] != '=' {
			i++
		}
		name := raw[start:i]
		for i < len(raw) && isBlank(raw[i]) {
			i++
		}
		var value []byte
		if i < len(raw) && raw[i] == '=' {
			i++
			for i < len(raw) && isBlank(raw[i]) {
				i++
			}
			if i < len(raw) && (raw[i] == '"' || raw[i] == '\'') {
				q := raw[i]
				j := bytes.IndexByte(raw[i+1:], q)
				if j < 0 {
					value, i = raw[i+1:], len(raw)
				} else {
					value, i = raw[i+1:i+1+j], i+2+j
				}
			} else {
				vs := i
				for i < len(raw) && !isBlank(raw[i]) {
					i++
				}
				value = raw[vs:i]
			}
		}
		if len(name) == 0 {
			if i == start {
				i++
			}
			continue
		}
		if len(out) >= maxAttrs {
			return out, false
		}
		out = append(out, attr{name: name, value: value})
	}
	return out, true
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
