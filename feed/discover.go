package feed

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"
)

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
