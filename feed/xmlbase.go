package feed

import (
	"bytes"
	"net/url"
	"strings"

	"golang.org/x/net/html"
)

// uriAttr reads an attribute that holds an address, resolved against
// xml:base, and written back the way url.URL writes it, as gofeed does for
// every href, src and uri attribute.
func (r *xmlReader) uriAttr(e *elem, name string) string {
	v, ok := r.attrOK(e, name)
	if !ok {
		return ""
	}
	if abs, ok := xmlBaseResolve(r.base(), v); ok {
		return abs
	}
	return v
}

// xmlBaseResolve resolves ref against base the way gofeed does: a base
// path is taken as a folder, and with no base the address is only parsed
// and written back.
func xmlBaseResolve(base *url.URL, ref string) (string, bool) {
	rel, err := url.Parse(strings.TrimLeft(ref, " "))
	if err != nil {
		return "", false
	}
	if base == nil {
		return rel.String(), true
	}
	b := *base
	if b.Path != "" && ref != "" && b.Path[len(b.Path)-1] != '/' {
		b.Path += "/"
	}
	return b.ResolveReference(rel).String(), true
}

// htmlURIAttrs are the HTML attributes that hold an address (the set
// feedparser and gofeed resolve against xml:base).
var htmlURIAttrs = map[string]bool{
	"action": true, "background": true, "cite": true, "codebase": true, "data": true,
	"href": true, "poster": true, "profile": true, "scheme": true, "src": true,
	"uri": true, "usemap": true,
}

// maxBaseDepth bounds the nesting of a body resolveHTMLBase parses: the
// HTML renderer recurses, and a body nested deeper is left as it is (its
// relative links then resolve against the article's address instead).
const maxBaseDepth = 512

// resolveHTMLBase rewrites the address attributes of an HTML body against
// base and renders it back.
func resolveHTMLBase(base *url.URL, body string) string {
	if !shallowHTML(body, maxBaseDepth) {
		return body
	}
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		return body
	}
	stack := []*html.Node{doc}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n.Type == html.ElementNode {
			for i, a := range n.Attr {
				if htmlURIAttrs[a.Key] {
					if abs, ok := xmlBaseResolve(base, a.Val); ok {
						n.Attr[i].Val = abs
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			stack = append(stack, c)
		}
	}
	var buf bytes.Buffer
	if err := html.Render(&buf, doc); err != nil {
		return body
	}
	out := strings.TrimPrefix(buf.String(), "<html><head></head><body>")
	return strings.TrimSuffix(out, "</body></html>")
}

// shallowHTML reports whether no element in s is nested more than limit
// deep, reading it with the (iterative) HTML tokenizer. Void elements and
// end tags that close nothing do not count.
func shallowHTML(s string, limit int) bool {
	if strings.Count(s, "<") <= limit {
		return true
	}
	z := html.NewTokenizer(strings.NewReader(s))
	depth := 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			return true
		case html.StartTagToken:
			name, _ := z.TagName()
			if isVoid(name) {
				continue
			}
			depth++
			if depth > limit {
				return false
			}
		case html.EndTagToken:
			if depth > 0 {
				depth--
			}
		}
	}
}
