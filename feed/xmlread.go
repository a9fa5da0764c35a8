package feed

import (
	"bytes"
	"net/url"
	"strings"
)

// xmlReader walks a document's elements for the RSS and Atom readers. It
// keeps the stack of open elements, their namespaces and xml:base, and
// repairs what is broken the way a forgiving reader would:
//
//   - an end tag that closes an element further out closes everything
//     inside it first; one that matches nothing open is ignored;
//   - a start tag for an item (or entry) while one is open closes it;
//   - a text element whose end tag is missing ends where the next
//     element of the feed's own vocabulary starts;
//   - the document may end anywhere: the reader says so and the caller
//     keeps what was whole.
//
// Nothing recurses on the input's shape: nesting is a slice, and every
// limit is checked as elements are opened.
type xmlReader struct {
	sc    scanner
	tok   token
	held  bool // tok was looked at but not used; return it next
	stack []elem
	ns    []nsBind
	bases []baseBind
	// closeTo >= 0 means elements are being closed by an end tag for an
	// outer one: next pops them one at a time until len(stack) == closeTo.
	closeTo  int
	elements int
	err      error
	attrBuf  []attr
	inner    [][]byte // open elements inside a text element's content
	// vocab reports the names of the feed's own elements (title, link,
	// item...), which end a text element left open.
	vocab func(local []byte) bool
	// items are the names that never nest (item, entry).
	items [][]byte
	// ahead caches endAhead's answer for the element that starts at
	// aheadFor: its end tag is at offset ahead (-1: nowhere), so a run of
	// stray end tags costs one search, not one each.
	ahead, aheadFor int
	// names interns namespace URIs and prefixes: a feed declares the same
	// few on every item, and each would otherwise be a new string.
	names map[string]string
}

// elem is an open element.
type elem struct {
	name, local []byte
	space       string // namespace URI; the prefix itself when undeclared
	attrs       []byte
	empty       bool // <x/>: its end is reported by the next call
	nsMark      int  // len(ns) before this element's declarations
	hasBase     bool
	pos         int // offset of its start tag
}

type nsBind struct {
	prefix, uri string
}

type baseBind struct {
	depth int
	url   *url.URL
}

type event uint8

const (
	evEOF event = iota
	evStart
	evEnd
)

const xmlNamespace = "http://www.w3.org/XML/1998/namespace"

func newXMLReader(doc []byte, pos int) *xmlReader {
	r := &xmlReader{closeTo: -1, aheadFor: -1}
	r.sc = scanner{doc: doc, pos: pos}
	r.stack = make([]elem, 0, 16)
	return r
}

// read returns the next token, the held one first.
func (r *xmlReader) read() *token {
	if r.held {
		r.held = false
		return &r.tok
	}
	r.sc.next(&r.tok)
	return &r.tok
}

func (r *xmlReader) hold() { r.held = true }

// depth is the number of open elements.
func (r *xmlReader) depth() int { return len(r.stack) }

// top is the innermost open element.
func (r *xmlReader) top() *elem { return &r.stack[len(r.stack)-1] }

// next moves to the next start or end of an element at the structural
// level, skipping text, comments and declarations between elements.
func (r *xmlReader) next() event {
	if r.err != nil {
		return evEOF
	}
	if r.closeTo >= 0 {
		if len(r.stack) > r.closeTo {
			r.pop()
			if len(r.stack) == r.closeTo {
				r.closeTo = -1
			}
			return evEnd
		}
		r.closeTo = -1
	}
	if n := len(r.stack); n > 0 && r.stack[n-1].empty {
		r.pop()
		return evEnd
	}
	for {
		t := r.read()
		switch t.kind {
		case tokEOF:
			return evEOF
		case tokStart:
			if k := r.openItem(t.name); k >= 0 {
				// <item> inside an unclosed <item>: the first one ends here.
				r.sc.flaws.add(flawMismatch)
				r.hold()
				r.closeTo = k
				r.pop()
				if len(r.stack) == k {
					r.closeTo = -1
				}
				return evEnd
			}
			if !r.push(t) {
				return evEOF
			}
			return evStart
		case tokEnd:
			k := r.match(t.name, 0)
			switch {
			case k < 0 && len(r.stack) > 0 && !r.endAhead(t.pos):
				// A misspelt end tag ("</A>" for "</feed>"): the element
				// whose own end tag never comes ends here.
				r.sc.flaws.add(flawMismatch)
			case k < 0:
				r.sc.flaws.add(flawMismatch)
				continue
			case k < len(r.stack)-1:
				r.sc.flaws.add(flawMismatch)
				r.closeTo = k
			}
			r.pop()
			if len(r.stack) == r.closeTo {
				r.closeTo = -1
			}
			return evEnd
		case tokCDATA:
			if t.open {
				r.sc.flaws.add(flawCDATA)
			}
		}
	}
}

// openItem returns the index of an open element that never nests and has
// name's local name, or -1.
func (r *xmlReader) openItem(name []byte) int {
	local := localName(name)
	for _, it := range r.items {
		if !bytes.EqualFold(local, it) {
			continue
		}
		for k := len(r.stack) - 1; k >= 0; k-- {
			if bytes.EqualFold(r.stack[k].local, it) {
				return k
			}
		}
	}
	return -1
}

// match returns the index (at least from) of the open element an end tag
// with this name closes: the innermost with exactly that name, else one
// that differs only in case; -1 when none does.
func (r *xmlReader) match(name []byte, from int) int {
	for k := len(r.stack) - 1; k >= from; k-- {
		if bytes.Equal(r.stack[k].name, name) {
			return k
		}
	}
	for k := len(r.stack) - 1; k >= from; k-- {
		if bytes.EqualFold(r.stack[k].name, name) {
			r.sc.flaws.add(flawMismatch)
			return k
		}
	}
	return -1
}

// push opens the element of start tag t, checking the limits.
func (r *xmlReader) push(t *token) bool {
	if len(r.stack) >= maxDepth {
		r.fail("elements nested more than 1,000 deep", t.pos)
		return false
	}
	if r.count(t.pos) {
		return false
	}
	e := elem{name: t.name, local: localName(t.name), attrs: t.attrs, empty: t.empty, nsMark: len(r.ns), pos: t.pos}
	if len(t.attrs) > 0 && bytes.Contains(t.attrs, []byte("xml")) {
		attrs, ok := parseAttrs(t.attrs, r.attrBuf)
		r.attrBuf = attrs
		if !ok {
			r.fail("an element with more than 1,000 attributes", t.pos)
			return false
		}
		for _, a := range attrs {
			switch {
			case bytes.Equal(a.name, []byte("xmlns")):
				r.ns = append(r.ns, nsBind{uri: r.intern(bytes.TrimSpace(a.value))})
			case bytes.HasPrefix(a.name, []byte("xmlns:")) && len(a.name) > len("xmlns:"):
				// "xmlns:" alone binds no prefix; taken for one it would
				// move every unprefixed element out of its namespace.
				r.ns = append(r.ns, nsBind{prefix: r.intern(a.name[6:]), uri: r.intern(bytes.TrimSpace(a.value))})
			case bytes.Equal(a.name, []byte("xml:base")):
				if r.pushBase(xmlValue(a.value)) {
					e.hasBase = true
				}
			}
		}
		if len(r.ns) > maxNamespaces {
			r.fail("more than 4,096 namespace declarations in scope", t.pos)
			return false
		}
	}
	e.space = r.resolve(e.name)
	r.stack = append(r.stack, e)
	return true
}

// count counts one more element against maxElements.
func (r *xmlReader) count(pos int) bool {
	r.elements++
	if r.elements > maxElements {
		r.fail("more than 8,000,000 elements", pos)
		return true
	}
	return false
}

func (r *xmlReader) pop() {
	e := r.stack[len(r.stack)-1]
	r.ns = r.ns[:e.nsMark]
	if e.hasBase {
		r.bases = r.bases[:len(r.bases)-1]
	}
	r.stack = r.stack[:len(r.stack)-1]
}

func (r *xmlReader) fail(what string, pos int) {
	if r.err == nil {
		r.err = &LimitError{What: what, Line: lineAt(r.sc.doc, pos)}
	}
}

// pushBase enters an xml:base scope; like gofeed, an address that does
// not parse leaves the outer base in force.
func (r *xmlReader) pushBase(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	if b := r.base(); b != nil {
		u = b.ResolveReference(u)
	}
	r.bases = append(r.bases, baseBind{depth: len(r.stack), url: u})
	return true
}

// base is the xml:base in scope, or nil.
func (r *xmlReader) base() *url.URL {
	if n := len(r.bases); n > 0 {
		return r.bases[n-1].url
	}
	return nil
}

// resolve is the namespace of a qualified name: the URI its prefix (or
// the default namespace) is bound to, the prefix itself when nothing binds
// it, as encoding/xml reports an undeclared prefix.
func (r *xmlReader) resolve(name []byte) string {
	prefix := []byte(nil)
	if i := bytes.IndexByte(name, ':'); i > 0 && i < len(name)-1 {
		prefix = name[:i]
	}
	if string(prefix) == "xml" {
		return xmlNamespace
	}
	for k := len(r.ns) - 1; k >= 0; k-- {
		if r.ns[k].prefix == string(prefix) {
			return r.ns[k].uri
		}
	}
	return r.intern(prefix)
}

// intern returns b as a string, the same string each time; b is XML-
// decoded first when it holds references.
func (r *xmlReader) intern(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if s, ok := r.names[string(b)]; ok {
		return s
	}
	if r.names == nil {
		r.names = make(map[string]string, 8)
	}
	s := xmlValue(b)
	if len(r.names) < 1024 {
		r.names[string(b)] = s
	}
	return s
}

// prefixFor is the prefix the document binds to uri in the current scope,
// the most recent declaration that is not shadowed.
func (r *xmlReader) prefixFor(uri string) (string, bool) {
	for k := len(r.ns) - 1; k >= 0; k-- {
		if r.ns[k].uri != uri {
			continue
		}
		p := r.ns[k].prefix
		shadowed := false
		for j := len(r.ns) - 1; j > k; j-- {
			if r.ns[j].prefix == p {
				shadowed = true
				break
			}
		}
		if !shadowed {
			return p, true
		}
	}
	return "", false
}

// attr returns the decoded value of the current start tag's attribute
// with this local name, preferring one without a prefix.
func (r *xmlReader) attr(e *elem, local string) string {
	v, _ := r.attrOK(e, local)
	return v
}

func (r *xmlReader) attrOK(e *elem, local string) (string, bool) {
	if len(e.attrs) == 0 {
		return "", false
	}
	attrs, ok := parseAttrs(e.attrs, r.attrBuf)
	r.attrBuf = attrs
	if !ok {
		r.fail("an element with more than 1,000 attributes", r.sc.pos)
		return "", false
	}
	var fallback []byte
	found := false
	for _, a := range attrs {
		if string(localName(a.name)) != local {
			continue
		}
		if bytes.IndexByte(a.name, ':') < 0 {
			return xmlValue(a.value), true
		}
		if !found {
			fallback, found = a.value, true
		}
	}
	if found {
		return xmlValue(fallback), true
	}
	return "", false
}

// knownNames are the element names the readers look for, lower case.
var knownNames = func() map[string]string {
	m := map[string]string{}
	for _, n := range strings.Fields(`rss rdf feed entry html head body channel item title link
		description guid pubdate author category enclosure comments source encoded creator date
		id updated published summary content name email issued modified rights uri url icon logo`) {
		m[n] = n
	}
	return m
}()

// lowerName is name in lower case if it is one the readers look for, and
// "" otherwise, without allocating: it runs for every element.
func lowerName(name []byte) string {
	var buf [16]byte
	if len(name) > len(buf) {
		return ""
	}
	for i, c := range name {
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	return knownNames[string(buf[:len(name)])]
}

func localName(name []byte) []byte {
	if i := bytes.LastIndexByte(name, ':'); i >= 0 && i < len(name)-1 {
		return name[i+1:]
	}
	return name
}
